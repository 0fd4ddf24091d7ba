"""計画の内容: everything the store holds about the selected municipality's plan, each row with its source."""
import pandas as pd
import streamlit as st

from dxdash import queries, ui

ui.page_setup("計画の内容")
pref_code, pref_name, lg_code, town_name = ui.area_picker()

plans = queries.plans(lg_code)
if plans.empty:
    st.info(f"{pref_name}{town_name}のDX推進計画はまだストアにありません。")
    ui.stop()

plan_ids = list(plans.plan_id)
titles = dict(zip(plans.plan_id, plans.title))
plan_id = ui.bind_url("plan_id", "plan", default=plan_ids[0], options=plan_ids)
if len(plan_ids) > 1:
    st.selectbox("計画", plan_ids, format_func=titles.get, key="plan_id")
plan = plans.set_index("plan_id").loc[plan_id]
published = plan.published_printed or "記載なし"
plan_source = ui.source_label(plan)

st.header(plan.title)
st.markdown(f"**状態**: {plan.status}　**計画期間**: {ui.period_text(plan.start_fy, plan.end_fy)}"
            f"{'（' + plan.period_printed + '）' if plan.period_printed else ''}　**公表**: {published}")
if plan.vision:
    with st.container(border=True):
        st.markdown("**ビジョン（印刷どおり）**")
        st.text(plan.vision)
ui.source_caption(published, [plan_source])

governance = queries.plan_governance(plan_id)
policies = governance[governance.kind == "policy"]
if not policies.empty:
    ui.data_table(pd.DataFrame({"番号": policies.heading, "基本方針": policies.text, "出典箇所": policies.source_section}),
                  title="基本方針", key=f"policies_{plan_id}", as_of=published, sources=[plan_source])
bodies = governance[governance.kind == "governance"]
if not bodies.empty:
    ui.data_table(pd.DataFrame({"役割・組織": bodies.heading, "記載内容": bodies.text, "出典箇所": bodies.source_section}),
                  title="推進体制", key=f"governance_{plan_id}", as_of=published, sources=[plan_source])

initiatives = queries.plan_initiatives(plan_id)
ui.data_table(
    pd.DataFrame({"No.": initiatives.seq, "基本方針": initiatives.policy_title, "取組事項": initiatives.title,
                  "テーマ": initiatives.theme, "内容（印刷どおり）": initiatives.text, "出典箇所": initiatives.source_section}),
    title=f"取組事項（{len(initiatives)} 件）", key=f"initiatives_{plan_id}", as_of=published, sources=[plan_source],
)

schedule = queries.plan_schedule(plan_id)
if not plan.schedule_printed:
    st.subheader("スケジュール")
    st.info(f"この計画はスケジュールを掲載していません。{plan.schedule_note or ''}")
elif not schedule.empty:
    ui.data_table(
        pd.DataFrame({
            "取組事項": schedule.initiative_title, "項目（印刷どおり）": schedule.label,
            "開始年度": [ui.fy_text(v, missing="") for v in schedule.start_fy],
            "終了年度": [ui.fy_text(v, missing="") for v in schedule.end_fy],
            "終了年度の記載": schedule.end_printed.map({True: "あり", False: "なし（計画期間末まで）"}).fillna("期間不明"),
            "段階": schedule.phase, "記載（印刷どおり）": schedule.printed, "出典箇所": schedule.source_section,
        }),
        title=f"スケジュール（{len(schedule)} 行）", key=f"schedule_{plan_id}", as_of=published, sources=[plan_source],
    )

kpis = queries.plan_kpis(plan_id)
if kpis.empty:
    st.subheader("KPI")
    st.info("この計画は数値のKPI・目標を掲載していません。")
else:
    ui.data_table(
        pd.DataFrame({
            "指標": kpis.indicator, "単位": kpis.unit, "テーマ": kpis.theme,
            "現状値": kpis.baseline_value, "現状値（印刷どおり）": kpis.baseline_printed,
            "現状値の時点": kpis.baseline_date.dt.date, "目標値": kpis.target_value,
            "目標値（印刷どおり）": kpis.target_printed,
            "目標年度": [ui.fy_text(v, missing="") for v in kpis.target_fy],
            "方向": kpis.direction.map({"increase": "増やす", "decrease": "減らす"}), "注記": kpis.note,
            "出典箇所": kpis.source_section,
        }),
        title=f"KPI（{len(kpis)} 件）", key=f"kpis_{plan_id}", as_of=published, sources=[plan_source],
    )

figures = queries.plan_figures(plan_id)
if not figures.empty:
    ui.data_table(
        pd.DataFrame({
            "図表": figures.figure, "団体コード": figures.area_code, "地域": figures.area_name,
            "指標": figures.measure_label, "値": figures.value, "単位": figures.unit, "印刷値": figures.value_printed,
            "基準日": figures.as_of.dt.date, "人口の基準日": figures.denominator_as_of.dt.date,
            "出典": figures.source_publisher,
        }),
        title=f"計画書に掲載された指標の値（{len(figures)} 件）", key=f"figures_{plan_id}",
        as_of="、".join(sorted({d.isoformat() for d in figures.as_of.dt.date})),
        sources=sorted(set(figures.source_publisher + " " + figures.source_locator)),
    )

ui.page_end()
