"""ホーム: the selected municipality's plan and where it stands beside its prefecture and the nation."""
import pandas as pd
import streamlit as st

from dxdash import queries, ui

ui.page_setup("自治体DX比較ダッシュボード")
pref_code, pref_name, lg_code, town_name = ui.area_picker()

for note in queries.store_notes().value:
    st.warning(note, icon=":material/warning:")
st.header(f"{pref_name} {town_name}（団体コード {lg_code}）")

plans = queries.plans(lg_code)
if plans.empty:
    st.info(f"{town_name}のDX推進計画はまだストアにありません。計画ファイルの追加方法は README を参照してください。")
for plan in plans.itertuples():
    with st.container(border=True):
        st.markdown(f"**{plan.title}**")
        status, period, initiatives, kpis = st.columns(4)
        status.metric("状態（印刷どおり）", plan.status)
        period.metric("計画期間", ui.short_period(plan.start_fy, plan.end_fy),
                      help=ui.period_text(plan.start_fy, plan.end_fy))
        initiatives.metric("取組事項", f"{plan.initiative_count} 件")
        kpis.metric("KPI", f"{plan.kpi_count} 件")
        published = plan.published_printed or "記載なし"
        st.caption(f"公表: {published}　出典: {ui.source_label(plan._asdict())}")

st.subheader("主な指標（当団体・都道府県・全国）")
latest = queries.latest_observations([lg_code, pref_code, "00"], queries.HOME_MEASURES)
labels = {"mynumber_issuance_rate": "マイナンバーカード交付率", "ftth_coverage": "光ファイバ世帯カバー率",
          "opendata_items": "オープンデータ公開項目数", "opendata_recommended_datasets": "推奨データセット公開数"}
cards = st.columns(len(labels))
for card, (measure, label) in zip(cards, labels.items()):
    mine = latest[(latest.measure == measure) & (latest.area_code == lg_code)]
    if mine.empty:
        card.metric(label, "データなし")
        card.caption(f"{town_name}の値はまだストアにありません")
        continue
    first = mine.iloc[0]
    card.metric(label, ui.format_value(first.value, first.unit))
    card.caption(f"基準日 {ui.format_date(first.as_of)}")
    differing = mine[mine.value != first.value]
    if not differing.empty:
        others = "、".join(f"{ui.format_value(v, first.unit)}（{s}）" for v, s in zip(differing.value, differing.source_title))
        card.warning(f"同じ基準日に出典により異なる値: {others}", icon=":material/warning:")

if latest.empty:
    st.info("この団体・都道府県・全国の指標はまだストアにありません（データなし）。")
else:
    table = pd.DataFrame({
        "指標": latest.measure_label,
        # The survey counts what the prefectural government itself publishes, not its municipalities.
        "区分": [("都道府県（団体としての公開数）" if level == "prefecture" and measure.startswith("opendata") else
                {"nation": "全国", "prefecture": "都道府県", "municipality": "市区町村", "ward": "行政区"}[level])
               for level, measure in zip(latest.area_level, latest.measure)],
        "地域": latest.area_name,
        "値": latest.value,
        "単位": latest.unit,
        "印刷値": latest.value_printed,
        "基準日": latest.as_of.dt.date,
        "出典": [ui.source_label(r) for _, r in latest.iterrows()],
    })
    dates = sorted({d.isoformat() for d in table["基準日"]})
    ui.data_table(table, title=f"{town_name}・{pref_name}・全国の最新値", key=f"home_latest_{lg_code}",
                  as_of="、".join(dates), sources=table["出典"])
    shown = set(latest.area_code)
    missing = [name for code, name in ((pref_code, pref_name), ("00", "全国")) if code not in shown]
    if missing:
        st.caption(f"{'・'.join(missing)}の値はまだストアにありません（データなし）。")

overview = queries.plans()
ui.data_table(
    pd.DataFrame({
        "団体コード": overview.lg_code, "都道府県": overview.pref_name, "市区町村": overview.municipality_name,
        "計画名": overview.title, "状態": overview.status,
        "計画期間": [ui.period_text(s, e) for s, e in zip(overview.start_fy, overview.end_fy)],
        "取組事項数": overview.initiative_count, "KPI数": overview.kpi_count,
        "出典": overview.source_locator,
    }),
    title="ストアにある計画", key="home_plans", as_of="各計画の公表時点", sources=overview.source_publisher + "の計画書",
)

ui.page_end()
