"""光ファイバ: FTTH 世帯カバー率 of one prefecture's municipalities, plan targets, and FTTH against My Number issuance."""
import pandas as pd
import streamlit as st

from dxdash import charts, fiscal, queries, ui

MEASURE = "ftth_coverage"
ISSUANCE = "mynumber_issuance_rate"

ui.page_setup("光ファイバ（FTTH）世帯カバー率")
pref_code, pref_name, lg_code, town_name = ui.area_picker()

dates = queries.observation_dates(MEASURE, "municipality", pref_code)
if dates.empty:
    st.info(f"{pref_name}の市区町村の FTTH 世帯カバー率はまだストアにありません（データなし）。"
            "現在ストアにあるのは輪島市の計画書 図表9（石川県、令和2年度末）です。")
    ui.stop()

survey_date = dates.as_of.dt.date.iloc[0]
towns = queries.ranking(MEASURE, survey_date, "municipality", pref_code)
# The same survey can be printed in several places of a plan; rank one source, name the others.
main_source = towns.groupby("source_id").size().idxmax()
towns = towns[towns.source_id == main_source]
refs = queries.reference_values(MEASURE, survey_date, [pref_code, "00"])
targets = queries.kpi_targets(MEASURE, list(towns.area_code))
as_of = f"{ui.format_date(survey_date)}（{fiscal.reiwa_label(fiscal.fiscal_year_of(survey_date))}末）"
sources = [ui.source_label(towns.iloc[0])]

st.header(f"{pref_name}の市区町村別 FTTH 世帯カバー率")
target_lines = [(f"{t.municipality_name} 目標 {t.target_value:g}%（{fiscal.reiwa_label(int(t.target_fy))}）"
                 if pd.notna(t.target_fy) else f"{t.municipality_name} 目標 {t.target_value:g}%", t.target_value)
                for t in targets.itertuples()]
fig = charts.ranking_bars(towns.assign(label=towns.area_name + "（" + towns["rank"].astype(str) + "位）"),
                          label_col="label", value_col="value", unit="%", highlight={lg_code}, highlight_col="area_code",
                          references=[(r.area_name, float(r.value), charts.NATION if r.area_code == "00" else charts.PREFECTURE)
                                      for r in refs.itertuples()], targets=target_lines)
charts.finish(fig, title=f"{pref_name}の市区町村別 FTTH 世帯カバー率（{as_of}）", x_title="世帯カバー率（%）",
              y_title="市区町村（順位）", as_of=as_of, sources=sources + [f"{t.source_publisher} {t.source_locator}" for t in targets.itertuples()],
              height=max(420, 26 * len(towns)))
ui.chart(fig, key="ftth_bars")
st.caption("世帯カバー率: 事業者情報等から推計した利用可能世帯数÷住民基本台帳の総世帯数（総務省「ブロードバンド基盤整備率調査」）。")
ui.data_table(
    pd.DataFrame({"順位": towns["rank"], "団体コード": towns.area_code, "市区町村": towns.area_name,
                  "世帯カバー率（%）": towns.value, "印刷値": towns.value_printed, "基準日": towns.as_of.dt.date,
                  "出典": towns.source_title}),
    title=f"{pref_name}の市区町村別 FTTH 世帯カバー率（{as_of}）", key=f"ftth_{pref_code}_{survey_date}",
    as_of=as_of, sources=sources,
)
if not targets.empty:
    ui.data_table(
        pd.DataFrame({"市区町村": targets.municipality_name, "指標（計画）": targets.indicator,
                      "目標値（%）": targets.target_value,
                      "目標年度": [ui.fy_text(v) for v in targets.target_fy],
                      "現状値（%）": targets.baseline_value, "出典": targets.source_publisher + " " + targets.source_locator}),
        title="計画の FTTH 目標", key=f"ftth_targets_{pref_code}", as_of=as_of,
        sources=list(targets.source_publisher + " " + targets.source_locator),
    )

st.header("FTTH 世帯カバー率とマイナンバーカード交付率")
issuance_dates = queries.observation_dates(ISSUANCE, "municipality", pref_code)
if issuance_dates.empty:
    st.info(f"{pref_name}の市区町村の交付率はまだストアにありません（データなし）。")
    ui.stop()
choices = list(issuance_dates.as_of.dt.date)
# Default: the date nearest the FTTH survey among those covering most of the prefecture (a plan may
# print one municipality's rate on a nearer date, which would leave the scatter nearly empty).
covering = issuance_dates[issuance_dates.area_count >= 0.8 * issuance_dates.area_count.max()].as_of.dt.date
nearest = min(covering, key=lambda d: abs((d - survey_date).days))
ui.bind_url("ftth_issuance_date", "issuance_date", default=nearest, options=choices, decode=ui.iso_date,
            encode=lambda d: d.isoformat())
issuance_date = st.selectbox("交付率の基準日（既定: 県内の大半の団体の値がある日のうち FTTH の基準日に最も近い日）", choices,
                             format_func=ui.format_date, key="ftth_issuance_date")
issuance = queries.ranking(ISSUANCE, issuance_date, "municipality", pref_code)
issuance = issuance[issuance.source_id == issuance.groupby("source_id").size().idxmax()]
pairs = towns[["area_code", "area_name", "value"]].merge(
    issuance[["area_code", "value", "source_title"]], on="area_code", suffixes=("_ftth", "_issuance"))
both_as_of = f"FTTH {as_of}、交付率 {ui.format_date(issuance_date)}"
pair_sources = sources + [ui.source_label(issuance.iloc[0])]
fig = charts.scatter(pairs, x_col="value_ftth", y_col="value_issuance", label_col="area_name", highlight=lg_code,
                     key_col="area_code", x_unit="%", y_unit="%")
charts.finish(fig, title=f"{pref_name}の市区町村: FTTH 世帯カバー率と交付率", x_title="FTTH 世帯カバー率（%）",
              y_title="マイナンバーカード交付率（%）", as_of=both_as_of, sources=pair_sources, height=520)
ui.chart(fig, key="ftth_scatter")
missing = sorted(set(towns.area_name) - set(pairs.area_name))
if missing:
    st.caption(f"交付率がないため表示していない団体: {'、'.join(missing)}")
ui.data_table(
    pd.DataFrame({"団体コード": pairs.area_code, "市区町村": pairs.area_name, "FTTH 世帯カバー率（%）": pairs.value_ftth,
                  "交付率（%）": pairs.value_issuance, "交付率の出典": pairs.source_title}),
    title="FTTH 世帯カバー率と交付率", key=f"ftth_vs_issuance_{pref_code}", as_of=both_as_of, sources=pair_sources,
)

ui.page_end()
