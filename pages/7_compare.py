"""計画比較: which themes each plan covers (since which fiscal year, with how many initiatives and KPIs),
and the plans' metadata side by side — period, status, vision and governance as printed.

Read only from the store's views (plans, initiatives, kpis, roadmap, schedule_undated, governance), so a
plan file added to data/plans appears here after a rebuild.
"""
import pandas as pd
import streamlit as st

from dxdash import charts, comparison, queries, ui

ui.page_setup("計画比較")
pref_code, pref_name, lg_code, town_name = ui.area_picker()

plans = queries.plans()
if plans.empty:
    st.info("DX推進計画はまだストアにありません。")
    ui.stop()
plans = plans.set_index("plan_id").loc[ui.nearby_first(plans, lg_code, pref_code, "plan_id")].reset_index()
repeated = plans.lg_code.duplicated(keep=False)
short_names = {p.plan_id: f"{p.municipality_name}（{p.plan_id}）" if dup else p.municipality_name
               for p, dup in zip(plans.itertuples(), repeated)}
titles = dict(zip(plans.plan_id, plans.title))
ui.bind_url("compare_plans", "cmp_plans", default=list(short_names)[:ui.DEFAULT_PLAN_COUNT], options=list(short_names),
            multi=True, max_items=ui.MAX_PLAN_COUNT)
chosen = st.multiselect(f"計画（最大 {ui.MAX_PLAN_COUNT}）", list(short_names),
                        format_func=lambda pid: f"{short_names[pid]}｜{titles[pid]}", key="compare_plans",
                        max_selections=ui.MAX_PLAN_COUNT)
theme_table = queries.themes()
theme_names = list(theme_table.theme)
ui.bind_url("compare_themes", "cmp_themes", default=theme_names, options=theme_names, multi=True)
chosen_themes = st.multiselect("テーマ", theme_names, key="compare_themes")
if not chosen or not chosen_themes:
    st.info("計画とテーマを1つ以上選んでください。")
    ui.stop()

chosen_plans = plans.set_index("plan_id").loc[chosen].reset_index()
plan_sources = [ui.source_label(p) for p in chosen_plans.to_dict("records")]
as_of = comparison.publication_summary(chosen_plans)
priority = set(theme_table.theme[theme_table.national_priority])

# --- municipalities × themes ----------------------------------------------------------------------
columns = [t for t in theme_names if t in chosen_themes]
grid = comparison.coverage_grid(queries.theme_coverage(chosen), chosen, columns)
fig = charts.theme_coverage_heatmap(grid, plan_names=short_names, priority=priority)
charts.finish(fig, title="テーマ別の取組（テーマ×団体: 開始年度・取組事項数・KPI数）", x_title="団体（計画）",
              y_title="テーマ（★は総務省「自治体DX推進計画」の重点取組事項）",
              as_of=as_of, sources=plan_sources, height=160 + 46 * len(columns))
ui.chart(fig, key="compare_matrix")
st.caption("○＝その計画にそのテーマの取組事項がある。開始年度はそのテーマのスケジュール行（年度の入った行）の最も早い年度。"
           "「—」はそのテーマの取組事項がない（計画が取り上げていない）ことを示します。")

matrix = pd.DataFrame({"団体": [short_names[p] for p in chosen], "計画": [titles[p] for p in chosen],
                       **{theme: grid["text"].loc[theme].tolist() for theme in columns},
                       "取り上げているテーマ数": (grid["initiative_count"] > 0).sum().tolist()})
ui.data_table(matrix, title=f"テーマ別の取組（{len(chosen)} 計画 × {len(columns)} テーマ）", key="compare_matrix_table",
              as_of=as_of, sources=plan_sources)

# --- metadata side by side --------------------------------------------------------------------------
governance = comparison.governance_grid(queries.governance_by_plan(chosen), chosen)
side = {"項目": ["計画名", "状態（印刷どおり）", "計画期間", "計画期間（印刷どおり）", "公表（印刷どおり）",
                 "ビジョン・目指す姿（印刷どおり）", "スケジュール", "取組事項数", "KPI数",
                 *comparison.GOVERNANCE_GROUPS, "出典"]}
for plan in chosen_plans.itertuples():
    side[short_names[plan.plan_id]] = [
        plan.title, plan.status, ui.period_text(plan.start_fy, plan.end_fy),
        comparison.printed_or(plan.period_printed, "記載なし"),
        comparison.printed_or(plan.published_printed, "記載なし"), comparison.printed_or(plan.vision, "記載なし"),
        f"あり（年度の入った行 {plan.roadmap_rows}）" if plan.schedule_printed else "掲載なし",
        f"{plan.initiative_count} 件", f"{plan.kpi_count} 件",
        *governance[plan.plan_id],
        ui.source_label(plan._asdict()),
    ]
ui.data_table(pd.DataFrame(side), title="計画の基本情報と推進体制（横並び）", key="compare_metadata",
              as_of=as_of, sources=plan_sources)
st.caption("推進体制は計画に印刷された役割名をキーワードで「推進本部・推進組織」「CIO」「CIO補佐官」「外部人材・有識者」に"
           "分けて並べています（1つの役割が複数に入ることがあります）。本文は印刷どおりです。")

ui.page_end()
