"""KPIの進み具合: every KPI of the chosen plans with its baseline, target and latest observed value, the
progress from baseline to target and a status against the straight line between them (dxdash.kpi).

The latest value comes from `observations` for the measure the KPI tracks, in the plan's municipality
(the nationwide series once imported, otherwise figures printed in the plans). A KPI baseline that another
source prints differently for the same date is flagged with both values; neither is corrected.
"""
import pandas as pd
import streamlit as st

from dxdash import charts, kpi, queries, ui

NO_THEME = "（テーマなし）"
SORTS = ("計画・掲載順", "テーマ順", "状況順", "進捗率の高い順", "進捗率の低い順")

ui.page_setup("KPIの進み具合")
pref_code, pref_name, lg_code, town_name = ui.area_picker()
st.caption("状況は、現状値（その時点の値）と目標値（目標年度末 3月31日の値）を結ぶ直線と、最新値を比べて決めます: "
           "達成＝最新値が目標値に到達、順調＝最新値の時点の直線上の値以上（減らす指標は以下）、遅れ＝届いていない、"
           "データなし＝最新値または数値の現状値・目標値がない。")

plans = queries.plans()
plans = plans[plans.kpi_count > 0]
if plans.empty:
    st.info("KPIのある計画はまだストアにありません。")
    ui.stop()
plan_order = ui.nearby_first(plans, lg_code, pref_code, "plan_id")
plan_names = {p.plan_id: f"{p.municipality_name}｜{p.title}" for p in plans.set_index("plan_id").loc[plan_order].reset_index().itertuples()}
ui.bind_url("kpi_plans", "kpi_plans", default=plan_order[:ui.DEFAULT_PLAN_COUNT], options=plan_order, multi=True,
            max_items=ui.MAX_PLAN_COUNT)
chosen = st.multiselect(f"計画（最大 {ui.MAX_PLAN_COUNT}）", plan_order, format_func=plan_names.get, key="kpi_plans",
                        max_selections=ui.MAX_PLAN_COUNT)
if not chosen:
    st.info("計画を1つ以上選んでください。")
    ui.stop()

kpis = queries.kpi_progress(chosen)
assessments = [kpi.assess(direction=r.direction, baseline_value=r.baseline_value, baseline_date=r.baseline_date,
                          target_value=r.target_value, target_fy=r.target_fy, latest_value=r.latest_value,
                          latest_date=r.latest_date) for r in kpis.itertuples()]
kpis["status"] = [a.status for a in assessments]
kpis["progress"] = pd.Series([a.progress_percent for a in assessments], index=kpis.index, dtype=float)
kpis["planned_value"] = pd.Series([a.planned_value for a in assessments], index=kpis.index, dtype=float)
kpis["planned_percent"] = pd.Series([a.planned_percent for a in assessments], index=kpis.index, dtype=float)
kpis["reason"] = [a.reason for a in assessments]
no_series = kpis.measure.isna() & kpis.latest_value.isna()
kpis.loc[no_series, "reason"] = "この指標を追う観測値の系列がストアにありません（計画書の現状値・目標値のみ）"
kpis["theme"] = kpis.theme.fillna(NO_THEME)
kpis["theme_seq"] = kpis.theme_seq.fillna(99)
kpis["plan_rank"] = kpis.plan_id.map({p: n for n, p in enumerate(chosen)})

disagreements = queries.kpi_baseline_disagreements(chosen)
flags = {
    kpi_id: " ／ ".join([f"KPIの現状値 {group.baseline_printed.iloc[0]}",
                        *(f"{r.other_source_title}（{r.other_source_publisher}）{r.other_printed}" for r in group.itertuples())])
    for kpi_id, group in disagreements.groupby("kpi_id", sort=False)
}
kpis["disagreement"] = kpis.kpi_id.map(flags)

left, middle, right = st.columns(3)
theme_options = list(dict.fromkeys(kpis.sort_values("theme_seq").theme))
ui.bind_url("kpi_themes", "kpi_themes", default=theme_options, options=theme_options, multi=True)
chosen_themes = left.multiselect("テーマ", theme_options, key="kpi_themes")
ui.bind_url("kpi_statuses", "kpi_status", default=list(kpi.STATUSES), options=list(kpi.STATUSES), multi=True)
chosen_statuses = middle.multiselect("状況", list(kpi.STATUSES), key="kpi_statuses")
ui.bind_url("kpi_sort", "kpi_sort", default=SORTS[0], options=list(SORTS))
sort = right.selectbox("並べ順", SORTS, key="kpi_sort")

shown = kpis[kpis.theme.isin(chosen_themes) & kpis.status.isin(chosen_statuses)].copy()
shown["status_rank"] = shown.status.map({s: n for n, s in enumerate(kpi.STATUSES)})
by = {"計画・掲載順": (["plan_rank", "seq"], [True, True]), "テーマ順": (["theme_seq", "plan_rank", "seq"], [True] * 3),
      "状況順": (["status_rank", "plan_rank", "seq"], [True] * 3),
      "進捗率の高い順": (["progress", "plan_rank", "seq"], [False, True, True]),
      "進捗率の低い順": (["progress", "plan_rank", "seq"], [True, True, True])}[sort]
shown = shown.sort_values(by[0], ascending=by[1], na_position="last")

counts = kpis.status.value_counts()
for column, status in zip(st.columns(len(kpi.STATUSES)), kpi.STATUSES):
    column.metric(status, f"{int(counts.get(status, 0))} 件")

# Chart and table captions name each plan once (publisher, title, seed file); the section of every KPI
# is in the table's 出典箇所 column.
plan_sources = [ui.source_label(p) for p in plans[plans.plan_id.isin(chosen)].to_dict("records")]
observed = kpis.dropna(subset=["latest_date"])
latest_sources = sorted({ui.source_label(r, prefix="latest_") for r in observed.to_dict("records")})
as_of = (f"最新値の基準日 {ui.format_date(observed.latest_date.min())}〜{ui.format_date(observed.latest_date.max())}"
         if not observed.empty else "最新値なし")

if shown.empty:
    st.info("選んだ条件に合うKPIはありません。")
    ui.stop()

# --- chart: progress per KPI ---------------------------------------------------------------------
charted = shown.dropna(subset=["progress"])
if charted.empty:
    st.caption("選んだKPIには、進捗率を計算できるもの（数値の現状値・目標値と最新値のあるもの）がありません。")
else:
    fig = charts.kpi_progress_bars(charted)
    charts.finish(fig, title="KPIの進捗率（現状値＝0%、目標値＝100%）", x_title="進捗率（%）", y_title="団体｜指標",
                  as_of=as_of, sources=plan_sources + latest_sources, height=max(320, 90 + 30 * len(charted)))
    ui.chart(fig, key="kpi_progress_chart")

# --- tables ---------------------------------------------------------------------------------------
table = pd.DataFrame({
    "状況": shown.status, "団体": shown.municipality_name, "計画": shown.plan_title, "テーマ": shown.theme,
    "指標": shown.indicator, "単位": shown.unit,
    "現状値": shown.baseline_value, "現状値（印刷どおり）": shown.baseline_printed,
    "現状値の時点": shown.baseline_date.dt.date,
    "目標値": shown.target_value, "目標値（印刷どおり）": shown.target_printed,
    "目標年度": [ui.fy_text(v) for v in shown.target_fy],
    "方向": shown.direction.map({"increase": "増やす", "decrease": "減らす"}),
    "最新値": shown.latest_value, "最新値の基準日": shown.latest_date.dt.date,
    "最新値の出典": [ui.source_label(r, prefix="latest_") if pd.notna(r["latest_source_title"]) else ""
                for r in shown.to_dict("records")],
    "進捗率（%）": shown.progress.round(1),
    "直線上の値（最新値の時点）": shown.planned_value.round(2),
    "判定の理由": shown.reason,
    "出典による値の違い": shown.disagreement.fillna(""),
    "出典箇所": shown.source_section,
})
ui.data_table(table, title=f"KPI一覧（{len(shown)} 件）", key="kpi_table", as_of=as_of,
              sources=plan_sources + latest_sources)

flagged = disagreements[disagreements.kpi_id.isin(shown.kpi_id)]
if not flagged.empty:
    st.warning(f"{flagged.kpi_id.nunique()} 件のKPIで、現状値が同じ基準日の別の出典の値と違います"
               "（どちらも印刷どおりで、直していません）。", icon=":material/warning:")
    ui.data_table(
        pd.DataFrame({
            "団体": flagged.municipality_name, "指標": flagged.indicator, "基準日": flagged.baseline_date.dt.date,
            "KPIの現状値（印刷どおり）": flagged.baseline_printed, "KPIの出典": flagged.kpi_source_locator,
            "別の出典の値（印刷どおり）": flagged.other_printed,
            "別の出典": [ui.source_label(r, prefix="other_") for r in flagged.to_dict("records")],
        }),
        title="出典により値が違うKPI", key="kpi_disagreements",
        as_of="、".join(sorted({ui.format_date(d) for d in flagged.baseline_date})),
        sources=sorted(set(flagged.kpi_source_locator) | set(flagged.other_source_locator)),
    )

ui.page_end()
