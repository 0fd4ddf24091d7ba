"""オープンデータ: the 2020-11 nationwide survey of recommended datasets (推奨データセット) ranked within a
prefecture against the prefecture and national averages, a dataset checklist for the chosen
municipality and its peers, and the counts and targets the plans print, over time."""
import pandas as pd
import streamlit as st

from dxdash import charts, queries, ui
from dxdash.taxonomy import MEASURES

MEASURE = "opendata_recommended_datasets"
BASIC = "opendata_basic_datasets"
ITEMS = "opendata_items"
PLAN_MEASURES = (MEASURE, BASIC, ITEMS)
DATASET_TOTAL = 23
BASIC_TOTAL = 14
DEFAULT_PEERS = 4
MAX_PEERS = 8
PEERS_KEY = "opendata_peers"
NO_ANSWER = "回答なし"
ABOUT = ("推奨データセット: 政府が公開を推奨するデータとその形式（基本編 14 項目ほか）。値は「地方公共団体への"
         "オープンデータの取組に関するアンケート」（令和2年度）の問17で、推奨データセットに準拠して公開していると"
         f"回答した項目の数（{DATASET_TOTAL} 項目中。ボーリング柱状図は自団体サイト・外部サイトの 2 項目）。"
         "未提出・未確認の団体は「回答なし」で、0 とは扱いません。")


def ranking_section(survey: pd.Series, pref_code: str, pref_name: str, lg_code: str, town_name: str) -> pd.DataFrame:
    """Municipalities of the prefecture ranked, with the averages of respondents and the share of non-respondents."""
    survey_date = survey.survey_date.date()
    as_of = ui.format_date(survey_date)
    sources = [ui.source_label(survey)]
    towns = queries.opendata_municipalities(pref_code, survey_date)
    averages = queries.opendata_averages(pref_code, survey_date).set_index("scope")
    answered, silent = towns[towns.answered], towns[~towns.answered]
    nation_avg = averages.loc["nation"]
    pref_avg = averages.loc["prefecture"] if "prefecture" in averages.index else pd.Series(
        {"municipalities": len(towns), "respondents": 0, "no_answer": len(towns), "mean_published": None})

    st.header(f"{pref_name}内の市区町村の推奨データセット公開数")
    mine = towns[towns.lg_code == lg_code]
    cards = st.columns(4)
    if mine.empty or not mine.answered.iloc[0]:
        status = mine.submission_status.iloc[0] if not mine.empty else "調査に記載なし"
        cards[0].metric(town_name, NO_ANSWER)
        cards[0].caption(f"提出状況: {status}")
    else:
        row = mine.iloc[0]
        cards[0].metric(town_name, f"{row.published_count:g} / {DATASET_TOTAL}")
        cards[0].caption(f"{pref_name}内 {int(row['rank'])} 位（回答 {int(row.ranked_count)} 団体中）、"
                         f"うち基本編 {int(row.basic_published_count)} / {BASIC_TOTAL}")
    cards[1].metric(f"{pref_name}内の平均（回答団体）", _mean_text(pref_avg.mean_published))
    cards[2].metric("全国の市区町村平均（回答団体）", _mean_text(nation_avg.mean_published))
    cards[3].metric(f"回答なしの割合（{pref_name}）", _percent(pref_avg))
    cards[3].caption(f"{pref_name} {_share(pref_avg)}、全国 {_share(nation_avg)}")

    references = [(label, round(float(mean), 2), color) for label, mean, color in (
        (f"{pref_name}内の平均（回答団体）", pref_avg.mean_published, charts.PREFECTURE),
        ("全国平均（回答団体）", nation_avg.mean_published, charts.NATION)) if mean is not None and pd.notna(mean)]
    if answered.empty:
        st.info(f"{pref_name}の市区町村はこの調査に回答していません（回答なし {len(silent)} 団体）。")
    else:
        left_out = f"。回答なし {len(silent)} 団体は含まない" if len(silent) else ""
        title = f"{pref_name}の市区町村別 推奨データセット公開数（{survey_date:%Y年%m月}調査{left_out}）"
        labels = answered.name + "（" + answered["rank"].astype(int).astype(str) + "位）"
        fig = charts.ranking_bars(answered.assign(label=labels), label_col="label", value_col="published_count", unit="件",
                                  highlight={lg_code}, highlight_col="lg_code", references=references)
        charts.finish(fig, title=title, x_title=f"推奨データセット公開数（件、{DATASET_TOTAL} 項目中）",
                      y_title="市区町村（順位）", as_of=f"{as_of}（2020年11月時点の回答）",
                      sources=sources, height=max(420, 26 * len(answered)))
        ui.chart(fig, key="opendata_bars")
    silent_text = "、".join(f"{n}（{s or '調査に記載なし'}）" for n, s in zip(silent.name, silent.submission_status))
    st.caption(f"{pref_name}の市区町村 {len(towns)} 団体のうち回答なし {len(silent)} 団体（{_percent(pref_avg)}）"
               + (f": {silent_text}" if silent_text else "") + f"。平均は回答した団体だけの平均です。{ABOUT}")

    table = pd.DataFrame({
        "順位": towns["rank"].astype("Int64"),
        "団体コード": towns.lg_code,
        "市区町村": towns.name,
        "提出状況": [s if a else f"{s or '調査に記載なし'}（{NO_ANSWER}）" for s, a in zip(towns.submission_status, towns.answered)],
        f"推奨データセット公開数（{DATASET_TOTAL} 項目中）": towns.published_count.astype("Int64"),
        f"うち基本編（{BASIC_TOTAL} 項目中）": towns.basic_published_count.astype("Int64"),
        "公開ファイル数（問14）": [b if a else NO_ANSWER for b, a in zip(towns.files_band.fillna("無回答"), towns.answered)],
    })
    ui.data_table(table, title=f"{pref_name}の市区町村別 推奨データセット公開数（{as_of}）",
                  key=f"opendata_ranking_{pref_code}", as_of=as_of, sources=sources)
    return towns


def checklist_section(survey: pd.Series, towns: pd.DataFrame, pref_name: str, lg_code: str, town_name: str) -> list[str]:
    """Which recommended datasets the chosen municipality and its peers publish. Returns the peers."""
    survey_date = survey.survey_date.date()
    as_of = ui.format_date(survey_date)
    names = dict(zip(towns.lg_code, towns.name))
    st.header(f"推奨データセットのチェックリスト（{town_name}と比較団体）")
    options = [c for c in towns.lg_code if c != lg_code]
    leaders = towns[towns.answered & (towns.lg_code != lg_code)].sort_values(["published_count", "lg_code"],
                                                                            ascending=[False, True])
    # Default: the prefecture's leaders, to see what they publish that the chosen one does not.
    ui.bind_url(PEERS_KEY, "peers", default=list(leaders.lg_code[:DEFAULT_PEERS]), options=options, multi=True,
                max_items=MAX_PEERS)
    peers = st.multiselect(f"比較する団体（{pref_name}、最大 {MAX_PEERS}。既定は公開数の多い {DEFAULT_PEERS} 団体）", options,
                           format_func=names.get, max_selections=MAX_PEERS, key=PEERS_KEY)
    codes = [lg_code, *peers]
    checks = queries.opendata_checklist(codes, survey_date)
    if checks.empty:
        st.info(f"{town_name}と選んだ団体はこの調査にありません（データなし）。")
        return peers
    checks["cell"] = [("✓" if p else "") if a else NO_ANSWER for a, p in zip(checks.answered, checks.published)]
    matrix = checks.pivot(index=["dataset_no", "dataset_name", "basic_edition"], columns="area_code", values="cell")
    matrix = matrix.reindex(columns=[c for c in codes if c in matrix.columns]).reset_index()
    counts = towns.set_index("lg_code")   # the ranking's counts, so the totals match the ranking table
    totals = [{"dataset_no": None, "dataset_name": label, "basic_edition": None,
               **{c: _count_text(counts.loc[c], column) for c in matrix.columns[3:]}}
              for label, column in ((f"公開数（{DATASET_TOTAL} 項目中）", "published_count"),
                                    (f"うち基本編（{BASIC_TOTAL} 項目中）", "basic_published_count"))]
    matrix = pd.concat([matrix, pd.DataFrame(totals)], ignore_index=True)
    table = pd.DataFrame({"No.": matrix.dataset_no.astype("Int64"), "推奨データセット": matrix.dataset_name,
                          "基本編": [{True: "基本編", False: ""}.get(b, "") for b in matrix.basic_edition],
                          **{names[c]: matrix[c] for c in matrix.columns[3:]}})
    ui.data_table(table, title=f"推奨データセットの公開状況（{town_name}と比較団体、{as_of}）",
                  key=f"opendata_checklist_{lg_code}", as_of=as_of, sources=[ui.source_label(survey)])
    st.caption(f"✓ = 推奨データセットに準拠して公開、空欄 = 公開していない、{NO_ANSWER} = 調査に未提出・未確認。"
               "「基本編」は推奨データセット基本編の 14 項目（中之条町の計画が目標に掲げるもの）。")
    return peers


def plan_section(lg_code: str, town_name: str, peers: list[str], survey: pd.DataFrame) -> None:
    """Open-data counts over time (survey and plan figures) against the plans' targets."""
    st.header(f"オープンデータの推移と計画の目標（{town_name}{'・比較団体' if peers else ''}）")
    codes = [lg_code, *peers]
    series = pd.concat([queries.series(m, codes).assign(measure=m) for m in PLAN_MEASURES], ignore_index=True)
    series = (series.assign(order=[codes.index(c) for c in series.area_code])
              .sort_values(["order", "measure", "as_of"], ascending=[True, False, True]).drop(columns="order"))
    targets = pd.concat([queries.kpi_targets(m, codes).assign(measure=m) for m in PLAN_MEASURES], ignore_index=True)
    if series.empty:
        st.info(f"{town_name}{'と比較団体' if peers else ''}のオープンデータの値はストアにありません（データなし）。"
                + ("計画の目標は下の表にあります。" if not targets.empty else ""))
    else:
        fig = charts.counts_and_targets(series, targets, emphasize=lg_code, main_measure=MEASURE)
        dates = sorted(set(series.as_of.dt.date))
        as_of = f"{ui.format_date(dates[0])}〜{ui.format_date(dates[-1])}"
        sources = sorted({ui.source_label(r) for _, r in series.iterrows()}) + sorted(
            {f"{t.source_publisher} {t.source_locator}" for t in targets.itertuples()})
        charts.finish(fig, title=f"オープンデータ公開数の推移と計画の目標（{town_name}{f'・比較団体 {len(peers)} 団体' if peers else ''}）",
                      x_title="基準日（目標は目標年度末）", y_title="公開数（件）",
                      as_of=as_of, sources=sources, height=520)
        ui.chart(fig, key="opendata_plan_chart")
        ui.data_table(pd.DataFrame({
            "団体コード": series.area_code, "市区町村": series.area_name,
            "指標": [MEASURES[m][0] for m in series.measure], "基準日": series.as_of.dt.date, "値": series.value,
            "単位": [MEASURES[m][1] for m in series.measure], "印刷値": series.value_printed,
            "出典の種類": series.source_kind.map({"plan": "計画書", "import": "全国調査"}), "出典": series.source_title,
        }), title=f"オープンデータの値（{town_name}{'・比較団体' if peers else ''}）", key=f"opendata_values_{lg_code}",
            as_of=as_of, sources=sorted({ui.source_label(r) for _, r in series.iterrows()}))
    all_plans = queries.plans()
    plan_codes = list(dict.fromkeys(all_plans.lg_code))
    goals = pd.concat([queries.kpi_targets(m, plan_codes).assign(measure=m) for m in PLAN_MEASURES], ignore_index=True)
    if goals.empty:
        return
    survey_counts = (None if survey.empty else queries.opendata_municipalities_by_code(
        plan_codes, survey.survey_date.iloc[0].date()).set_index("lg_code"))
    survey_as_of = ui.format_date(survey.survey_date.iloc[0]) if not survey.empty else None
    table = pd.DataFrame({
        "市区町村": goals.municipality_name, "指標（計画）": goals.indicator, "目標値": goals.target_value,
        "目標（印刷どおり）": goals.target_printed, "単位": goals.unit,
        "目標年度": [ui.fy_text(v) for v in goals.target_fy],
        "現状値（計画）": goals.baseline_value, "現状値の基準日": goals.baseline_date.dt.date,
        "全国調査の推奨データセット公開数": [_survey_text(survey_counts, c, basic=False) for c in goals.lg_code],
        "うち基本編": [_survey_text(survey_counts, c, basic=True) for c in goals.lg_code],
        "出典": goals.source_publisher + " " + goals.source_locator,
    })
    sources = sorted(set(table["出典"])) + ([ui.source_label(survey.iloc[0])] if not survey.empty else [])
    ui.data_table(table, title="ストアにある計画のオープンデータの目標と全国調査の値", key="opendata_plan_targets",
                  as_of=f"目標: 各計画の公表時点、全国調査: {survey_as_of or 'データなし'}", sources=sources)


def _count_text(town: pd.Series, column: str) -> str:
    """A checklist total: the count from the survey, or 回答なし (never 0) when the body gave no answer."""
    return str(int(town[column])) if town.answered else NO_ANSWER


def _survey_text(counts: pd.DataFrame | None, lg_code: str, *, basic: bool) -> str:
    """'13 / 23' for a plan's municipality from queries.opendata_municipalities_by_code (None: no survey)."""
    if counts is None:
        return "データなし"
    if lg_code not in counts.index or not counts.at[lg_code, "in_survey"]:
        return "調査に記載なし"
    if not counts.at[lg_code, "answered"]:
        return NO_ANSWER
    value = counts.at[lg_code, "basic_published_count" if basic else "published_count"]
    return f"{int(value)} / {BASIC_TOTAL if basic else DATASET_TOTAL}"


def _mean_text(mean: float | None) -> str:
    return "回答団体なし" if mean is None or pd.isna(mean) else f"{mean:.2f} 件"


def _share(row: pd.Series) -> str:
    """'73 / 1,741 団体（4.2%）'."""
    return f"{int(row.no_answer):,} / {int(row.municipalities):,} 団体（{_percent(row)}）"


def _percent(row: pd.Series) -> str:
    return f"{row.no_answer / row.municipalities:.1%}" if row.municipalities else "—"


ui.page_setup("オープンデータ")
pref_code, pref_name, lg_code, town_name = ui.area_picker()

surveys = queries.opendata_survey()
peers: list[str] = []
if surveys.empty:
    st.info("全国の「地方公共団体へのオープンデータの取組に関するアンケート」（2020年11月）はまだ取り込まれていません"
            "（データなし）。`python -m dxdash import opendata-survey <ファイル・フォルダまたはURL>` で取り込めます"
            "（README 参照）。計画書に載った値と目標は下に表示します。")
else:
    survey = surveys.iloc[0]
    towns = ranking_section(survey, pref_code, pref_name, lg_code, town_name)
    peers = checklist_section(survey, towns, pref_name, lg_code, town_name)
plan_section(lg_code, town_name, peers, surveys)
ui.page_end()
