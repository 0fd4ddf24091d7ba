"""マイナンバーカード: prefectures ranked and mapped, municipalities of one prefecture ranked (the view
of the Wajima plan's 図表10), and a time series against peers, the prefecture, the nation and plan targets."""
import datetime as dt

import pandas as pd
import streamlit as st

from dxdash import charts, fiscal, queries, ui

MEASURE = "mynumber_issuance_rate"
UNIT = "%"
DEFINITION_NOTE = ("交付率＝交付枚数÷人口（交付枚数率）。国の統計は2023年から保有枚数率（保有枚数÷人口）に"
                   "移行しており、2023年以降の値とは定義が異なります。")
MAX_PEERS = 8

ui.page_setup("マイナンバーカード交付率")
pref_code, pref_name, lg_code, town_name = ui.area_picker()
st.caption(DEFINITION_NOTE)

# --- 都道府県の比較 -------------------------------------------------------------------------------
pref_dates = queries.observation_dates(MEASURE, "prefecture")
pref_dates = pref_dates[pref_dates.area_count >= 47]   # a ranking of all prefectures needs nationwide figures
if pref_dates.empty:
    st.info("全国のマイナンバーカード交付状況はまだ取り込まれていません（データなし）。"
            "`python -m dxdash import mynumber <フォルダまたはURL>` で取り込めます（README 参照）。")
else:
    st.header("都道府県別の交付率")
    pref_date_options = list(pref_dates.as_of.dt.date)
    ui.bind_url("mynumber_pref_date", "date", default=pref_date_options[0], options=pref_date_options,
                decode=ui.iso_date, encode=dt.date.isoformat)
    pref_date = st.selectbox("基準日（都道府県）", pref_date_options, format_func=ui.format_date, key="mynumber_pref_date")
    prefs = queries.ranking(MEASURE, pref_date, "prefecture")
    nation = queries.reference_values(MEASURE, pref_date, ["00"])
    references = [("全国", float(v), charts.NATION) for v in nation.value]
    as_of = ui.format_date(pref_date)
    sources = [ui.source_label(r) for _, r in prefs.head(1).iterrows()]
    fig = charts.tile_map(prefs, value_col="value", unit=UNIT, colorbar_title="交付率（%）")
    charts.finish(fig, title=f"都道府県別 マイナンバーカード交付率の地図（{as_of}）", x_title="", y_title="",
                  as_of=as_of, sources=sources, height=640)
    ui.chart(fig, key="mynumber_pref_map")
    fig = charts.ranking_bars(prefs, label_col="area_name", value_col="value", unit=UNIT,
                              highlight={pref_code}, highlight_col="area_code", references=references)
    charts.finish(fig, title=f"都道府県別 マイナンバーカード交付率の順位（{as_of}）", x_title="交付率（%）",
                  y_title="都道府県", as_of=as_of, sources=sources, height=1000)
    ui.chart(fig, key="mynumber_pref_bars")
    ui.data_table(
        pd.DataFrame({"順位": prefs["rank"], "都道府県コード": prefs.area_code, "都道府県": prefs.area_name,
                      "交付率（%）": prefs.value, "全国との差（ポイント）": (prefs.value - references[0][1]).round(1) if references else None,
                      "人口の基準日": prefs.denominator_as_of.dt.date}),
        title=f"都道府県別の交付率（{as_of}）", key=f"mynumber_prefs_{pref_date}", as_of=as_of, sources=sources,
    )

# --- 都道府県内の市区町村 ---------------------------------------------------------------------------
st.header(f"{pref_name}内の市区町村")
town_dates = queries.observation_dates(MEASURE, "municipality", pref_code)
if town_dates.empty:
    st.info(f"{pref_name}の市区町村の交付率はまだストアにありません（データなし）。")
else:
    labels = {d: f"{ui.format_date(d)} — {s}" for d, s in zip(town_dates.as_of.dt.date, town_dates.source_titles)}
    ui.bind_url("mynumber_town_date", "town_date", default=next(iter(labels)), options=list(labels),
                decode=ui.iso_date, encode=dt.date.isoformat)
    town_date = st.selectbox("基準日（市区町村）", list(labels), format_func=labels.get, key="mynumber_town_date")
    towns = queries.ranking(MEASURE, town_date, "municipality", pref_code)
    refs = queries.reference_values(MEASURE, town_date, [pref_code, "00"])
    references = [(f"{r.area_name}（{r.source_title}）" if refs.source_id.nunique() > 1 else r.area_name, float(r.value),
                   charts.NATION if r.area_code == "00" else charts.PREFECTURE) for r in refs.itertuples()]
    towns["出典"] = towns.source_title
    as_of = ui.format_date(town_date)
    sources = sorted({ui.source_label(r) for _, r in pd.concat([towns, refs]).iterrows()})
    fig = charts.ranking_bars(towns.assign(label=towns.area_name + "（" + towns["rank"].astype(str) + "位）"),
                              label_col="label", value_col="value", unit=UNIT, highlight={lg_code},
                              highlight_col="area_code", color_col="出典", references=references)
    charts.finish(fig, title=f"{pref_name}の市区町村別 マイナンバーカード交付率（{as_of}）", x_title="交付率（%）",
                  y_title="市区町村（順位）", as_of=as_of, sources=sources, height=max(420, 26 * len(towns)))
    ui.chart(fig, key="mynumber_town_bars")
    if refs.empty:
        st.caption(f"この基準日の{pref_name}・全国の値はストアにありません（データなし）。")
    ui.data_table(
        pd.DataFrame({"順位": towns["rank"], "団体数": towns.ranked_count, "団体コード": towns.area_code,
                      "市区町村": towns.area_name, "交付率（%）": towns.value, "印刷値・公表値": towns.value_printed,
                      "基準日": towns.as_of.dt.date, "出典": towns.source_title}),
        title=f"{pref_name}の市区町村別 交付率（{as_of}）", key=f"mynumber_towns_{pref_code}_{town_date}",
        as_of=as_of, sources=sources,
    )

# --- 推移と目標 -----------------------------------------------------------------------------------
st.header(f"{town_name}の推移（比較団体・{pref_name}・全国・計画の目標）")
PEER_MODES = {"manual": "手動で選ぶ", "prefecture": "同じ都道府県", "population": "人口が近い（±20%）"}
mode_key = ui.bind_url("mynumber_peer_mode", "peers_by", default="manual", options=list(PEER_MODES))
st.radio("比較する団体", list(PEER_MODES), format_func=PEER_MODES.get, horizontal=True, key="mynumber_peer_mode")
mode = PEER_MODES[mode_key]
same_pref = queries.municipalities(pref_code)
if mode == "同じ都道府県":
    peers = [c for c in same_pref.lg_code if c != lg_code][:MAX_PEERS]
    if len(same_pref) - 1 > MAX_PEERS:
        st.caption(f"{pref_name}の市区町村のうち団体コード順に {MAX_PEERS} 団体を表示しています。")
elif mode == "人口が近い（±20%）":
    similar = queries.similar_population(lg_code, 0.2, MAX_PEERS)
    peers = list(similar.lg_code)
    if similar.empty:
        st.caption("人口の値（全国の交付状況）がないため、人口の近い団体を選べません。")
    else:
        st.caption(f"{ui.format_date(similar.as_of.iloc[0])} 時点の人口が{town_name}の±20%以内の団体（近い順に最大 {MAX_PEERS}）: "
                   + "、".join(f"{p}{n}（{v:,.0f}人）" for p, n, v in zip(similar.pref_name, similar.name, similar.population)))
else:
    options = [c for c in same_pref.lg_code if c != lg_code]
    names = dict(zip(same_pref.lg_code, same_pref.name))
    ui.bind_url("mynumber_peers", "peers", default=[], options=options, multi=True, max_items=MAX_PEERS)
    peers = st.multiselect(f"比較する団体（{pref_name}、最大 {MAX_PEERS}）", options, format_func=names.get,
                           max_selections=MAX_PEERS, key="mynumber_peers")

area_codes = [lg_code, *peers, pref_code, "00"]
series = queries.series(MEASURE, area_codes)
targets = queries.kpi_targets(MEASURE, [lg_code, *peers])
if series.empty:
    st.info(f"{town_name}と比較団体の交付率の推移はまだストアにありません（データなし）。")
else:
    dated = targets.dropna(subset=["target_fy"]).copy()
    dated["target_date"] = [pd.Timestamp(fiscal.fy_end(int(fy))) for fy in dated.target_fy]
    dated["source_text"] = dated.source_publisher + " " + dated.source_locator
    last = series.as_of.max().date()
    notes = [("2023-01-01", "2023年〜 国の統計は保有枚数率")] if last >= dt.date(2022, 10, 1) or not dated.empty else []
    fig = charts.time_series(series, unit=UNIT, emphasize=lg_code, targets=dated, notes=notes)
    as_of = f"{ui.format_date(series.as_of.min())}〜{ui.format_date(last)}"
    sources = sorted(set(series.source_publisher)) + sorted(set(dated.source_text))
    charts.finish(fig, title=f"マイナンバーカード交付率の推移（{town_name}・比較団体・{pref_name}・全国）",
                  x_title="基準日", y_title="交付率（%）", as_of=as_of, sources=sources, height=520)
    ui.chart(fig, key="mynumber_series")
    st.caption(DEFINITION_NOTE)

    latest = series.sort_values("as_of").groupby("area_code").tail(1).set_index("area_code")
    rows = []
    for t in targets.itertuples():
        current = latest.loc[t.lg_code] if t.lg_code in latest.index else None
        rows.append({
            "市区町村": t.municipality_name, "指標（計画）": t.indicator,
            "目標値（%）": t.target_value, "目標年度": ui.fy_text(t.target_fy),
            "最新値（%）": None if current is None else current.value,
            "最新値の基準日": None if current is None else current.as_of.date(),
            "目標までの差（ポイント）": None if current is None else round(t.target_value - current.value, 2),
            "最新値の出典": None if current is None else current.source_title,
            "目標の出典": f"{t.source_publisher} {t.source_locator}",
        })
    if rows:
        gaps = pd.DataFrame(rows)
        ui.data_table(gaps, title="計画の目標と最新値の差", key=f"mynumber_gaps_{lg_code}",
                      as_of=ui.format_date(last), sources=sorted(set(gaps["目標の出典"])) + sorted(set(series.source_publisher)))
    else:
        st.caption(f"{town_name}と比較団体の計画には交付率の数値目標がありません。")

ui.page_end()
