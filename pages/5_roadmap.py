"""ロードマップ: the plans' dated schedule rows as one Gantt chart on a fiscal-year axis, grouped by theme so
that the same theme lines up across municipalities, with national deadlines and today marked.

Everything comes from the store's views (roadmap, schedule_undated, phases, milestones), so a plan file
added to data/plans appears here after a rebuild.
"""
import datetime as dt

import pandas as pd
import streamlit as st

from dxdash import charts, comparison, fiscal, gantt, queries, ui

ui.page_setup("ロードマップ")
pref_code, pref_name, lg_code, town_name = ui.area_picker()
st.caption("各計画のスケジュール（印刷どおり）を年度の軸に並べ、テーマごとに団体をそろえて比べます。"
           "バーは開始年度の4月1日から終了年度の翌年3月31日まで。")

plans = queries.plans()
if plans.empty:
    st.info("DX推進計画はまだストアにありません。")
    ui.stop()

# --- filters --------------------------------------------------------------------------------------
towns = dict(zip(plans.lg_code, plans.municipality_name))
town_order = ui.nearby_first(plans, lg_code, pref_code, "lg_code")   # the sidebar's municipality first
ui.bind_url("roadmap_municipalities", "rm_towns", default=town_order[:ui.DEFAULT_PLAN_COUNT], options=town_order,
            multi=True, max_items=ui.MAX_PLAN_COUNT)
chosen_towns = st.multiselect(f"市区町村（計画のある団体、最大 {ui.MAX_PLAN_COUNT}）", town_order,
                              format_func=lambda code: f"{towns[code]}（{code}）", key="roadmap_municipalities",
                              max_selections=ui.MAX_PLAN_COUNT)
if lg_code not in towns:
    st.caption(f"{town_name}の計画はストアにないため、計画のある団体を表示しています。")

theme_spans = queries.roadmap_theme_spans()
theme_table = queries.themes()
theme_names = list(theme_table.theme)
milestones = queries.national_milestones()
themes_with_rows = set(theme_spans.theme) | set(milestones.theme.dropna())
ui.bind_url("roadmap_themes", "rm_themes", default=[t for t in theme_names if t in themes_with_rows],
            options=theme_names, multi=True)
chosen_themes = st.multiselect("テーマ", theme_names, key="roadmap_themes")

years = [int(v) for v in pd.concat([plans.start_fy, plans.end_fy, theme_spans.first_fy, theme_spans.last_fy]).dropna()]
if not years:
    st.info("ストアの計画には年度の入ったスケジュールがありません。")
    ui.stop()
year_options = list(range(min(years), max(years) + 1))
# A range slider is a range only when given a value, so the link keeps the period under its own key and
# the slider copies every change there (bind_url then writes it to the address).
period_in_link = ui.bind_url(
    "roadmap_period_link", "rm_period", default=(year_options[0], year_options[-1]),
    valid=lambda v: len(v) == 2 and v[0] in year_options and v[1] in year_options and v[0] <= v[1],
    encode=lambda v: f"{v[0]}-{v[1]}", decode=lambda raw: tuple(int(y) for y in raw.split("-")))
first_fy, last_fy = st.select_slider(
    "計画期間（年度）", options=year_options, value=period_in_link, format_func=fiscal.fy_label, key="roadmap_period",
    on_change=lambda: st.session_state.update(roadmap_period_link=st.session_state["roadmap_period"]))

if not chosen_towns or not chosen_themes:
    st.info("市区町村とテーマを1つ以上選んでください。")
    ui.stop()

chosen_plans = plans[plans.lg_code.isin(chosen_towns)]
# In the order the municipalities were chosen: within a theme, the chart lists their rows in this order.
plan_ids = [plan_id for code in chosen_towns for plan_id in chosen_plans.plan_id[chosen_plans.lg_code == code]]
rows = queries.roadmap_rows(plan_ids, chosen_themes, first_fy, last_fy)
phases = queries.plan_phases(plan_ids, first_fy, last_fy)
in_period = queries.national_milestones(first_fy, last_fy)

# --- the chart ------------------------------------------------------------------------------------
period = f"{fiscal.reiwa_label(first_fy)}〜{fiscal.reiwa_label(last_fy)}（FY{first_fy}–FY{last_fy}）"
plan_sources = [ui.source_label(p) for p in chosen_plans.to_dict("records")]
milestone_sources = sorted({f"{m.source_publisher}「{m.source_title}」" for m in in_period.itertuples()})
today = dt.date.today()
as_of = f"{comparison.publication_summary(chosen_plans)}／今日 {today.isoformat()}"

no_schedule = chosen_plans[~chosen_plans.schedule_printed.astype(bool)]
for plan in no_schedule.itertuples():
    note = comparison.printed_or(plan.schedule_note, "")
    st.info(f"{plan.municipality_name}「{plan.title}」はスケジュールを掲載していません。{note}")

if rows.empty:
    st.info("選んだ団体・テーマ・期間に、年度の入ったスケジュールの行はありません。")
else:
    colors = gantt.municipality_colors(chosen_towns)
    ordered_themes = [t for t in theme_names if t in chosen_themes]
    fig = gantt.roadmap_figure(rows, phases=phases, milestones=in_period, themes=ordered_themes,
                               first_fy=first_fy, last_fy=last_fy, today=today, colors=colors)
    height = gantt.chart_height(rows, phases, in_period, ordered_themes)
    charts.finish(fig, title=f"DX推進計画のロードマップ（テーマ別・団体比較、{period}）",
                  x_title="年度（4月1日〜翌年3月31日）", y_title="テーマ／団体｜取組事項（段階）",
                  as_of=as_of, sources=plan_sources + milestone_sources, height=height)
    ui.chart(fig, key="roadmap_gantt")
    st.caption(f"淡色・斜線のバー: {gantt.NOT_PRINTED_LEGEND}。◆と点線: 国の期限（出典は下の表）。"
               f"赤い実線: 今日（{today.isoformat()}）。バーにマウスを重ねると取組の内容（印刷どおり）と出典箇所を表示します。")

notes = chosen_plans[chosen_plans.schedule_printed.astype(bool) & chosen_plans.schedule_note.notna()]
if not notes.empty:
    with st.expander("各計画のスケジュールについての注記（データ作成時の記録）"):
        for plan in notes.itertuples():
            st.markdown(f"**{plan.municipality_name}「{plan.title}」**")
            st.text(plan.schedule_note)

# --- tables ---------------------------------------------------------------------------------------
if not rows.empty:
    ui.data_table(
        pd.DataFrame({
            "テーマ": rows.theme, "団体": rows.municipality_name, "取組事項": rows.initiative_title,
            "項目（印刷どおり）": rows.label,
            "開始年度": [fiscal.fy_label(int(v)) for v in rows.start_fy],
            "終了年度": [fiscal.fy_label(int(v)) for v in rows.end_fy],
            "開始日": [fiscal.fy_start(int(v)) for v in rows.start_fy],
            "終了日": [fiscal.fy_end(int(v)) for v in rows.end_fy],
            "終了年度の記載": rows.end_printed.map({True: "あり", False: gantt.NOT_PRINTED_LEGEND}),
            "段階": rows.phase, "時期の記載（印刷どおり）": rows.printed, "出典箇所": rows.source_section,
            "原本": rows.source_locator,
        }),
        title=f"ロードマップの行（{len(rows)} 行）", key="roadmap_rows", as_of=as_of, sources=plan_sources,
    )

undated = queries.undated_schedule_rows(plan_ids, chosen_themes)
if not undated.empty:
    ui.data_table(
        pd.DataFrame({
            "テーマ": undated.theme, "団体": undated.municipality_name, "取組事項": undated.initiative_title,
            "項目（印刷どおり）": undated.label, "時期の記載": undated.printed, "出典箇所": undated.source_section,
            "原本": undated.source_locator,
        }),
        title=f"印刷されているが時期が読めない行（{len(undated)} 行）", key="roadmap_undated", as_of=as_of,
        sources=plan_sources,
    )
    st.caption("計画には印刷されていますが、抽出テキストから時期が読めないため、図には描いていません（時期は推測しません）。")

if not milestones.empty:
    ui.data_table(
        pd.DataFrame({
            "期限": milestones.milestone_date.dt.date, "期限（印刷どおり）": milestones.date_printed,
            "年度": [fiscal.fy_label(int(v)) for v in milestones.fiscal_year], "内容": milestones.label,
            "テーマ": milestones.theme, "目標の記載（引用どおり）": milestones.text,
            "出典": milestones.source_publisher + "「" + milestones.source_title + "」",
            "出典箇所": milestones.source_locator, "引用している計画": milestones.quoted_in,
        }),
        title=f"国の期限（{len(milestones)} 件）", key="roadmap_milestones",
        as_of="出典の策定: " + "、".join(sorted({ui.format_date(d) for d in milestones.source_as_of.dropna()})),
        sources=sorted({ui.source_label(m) for m in milestones.to_dict("records")}),
    )

ui.page_end()
