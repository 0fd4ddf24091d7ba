"""AppTest runs of the オープンデータ page: the ranking within a prefecture against averages computed here
straight from the survey file, the checklist of the chosen municipality and its peers, and the plan
figures and targets, with and without the survey imported."""
import csv

import pytest

from tests.conftest import SURVEY
from tests.pages import chart_specs, chart_text, metric_values, open_page, table_by_title

PAGE = "pages/4_opendata.py"
WAJIMA = "172049"     # 輪島市: the default, chosen in the sidebar all the same as a user would


@pytest.fixture(scope="module")
def survey_rows() -> list[dict]:
    """The municipalities of the survey file as read here, independently of the importer."""
    if not SURVEY.exists():
        pytest.skip("../shared is not beside the repository")
    with open(SURVEY, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    datasets = [c for c in rows[0] if c.startswith("[No.17]")][:23]
    towns = []
    for row in rows:
        pref, _, name = row["地方公共団体名"].partition(" ")
        if name:
            answered = row["提出状況"] == "提出済"
            towns.append({"pref": pref, "name": name, "code5": row["地方公共団体コード"], "status": row["提出状況"],
                          "count": sum(row[c] == "1" for c in datasets) if answered else None,
                          "published": [d[len("[No.17]"):] for d in datasets if row[d] == "1"]})
    return towns


def _mean(towns) -> float:
    counts = [t["count"] for t in towns if t["count"] is not None]
    return sum(counts) / len(counts)


def test_ranking_within_a_prefecture_with_averages_and_non_respondents(opendata_app_env, survey_rows):
    at = open_page(PAGE, lg_code=WAJIMA)
    towns = table_by_title(at, "石川県の市区町村別 推奨データセット公開数")
    assert len(towns) == 19
    kaga = towns.set_index("市区町村").loc["加賀市"]
    assert (kaga["順位"], kaga["推奨データセット公開数（23 項目中）"], kaga["うち基本編（14 項目中）"]) == (4, 13, 13)
    assert towns.set_index("市区町村").loc["輪島市", "推奨データセット公開数（23 項目中）"] == 0
    assert metric_values(at)["輪島市"] == "0 / 23"
    nation = _mean(survey_rows)
    ishikawa = _mean([t for t in survey_rows if t["pref"] == "石川県"])
    assert metric_values(at)["全国の市区町村平均（回答団体）"] == f"{nation:.2f} 件"
    assert metric_values(at)["石川県内の平均（回答団体）"] == f"{ishikawa:.2f} 件"
    bars = chart_text(at, "石川県の市区町村別 推奨データセット公開数")
    assert f"全国平均（回答団体） {round(nation, 2):g}" in bars and f"石川県内の平均（回答団体） {round(ishikawa, 2):g}" in bars
    assert "推奨データセット公開数（件、23 項目中）" in bars and "2020-11-30" in bars and "内閣官房" in bars

    # Another prefecture, with non-respondents: 'no answer', never zero, and their share stated.
    at.sidebar.selectbox(key="_pref_code_widget").select("01").run()
    assert not at.exception
    hokkaido = [t for t in survey_rows if t["pref"] == "北海道"]
    silent = [t for t in hokkaido if t["count"] is None]
    towns = table_by_title(at, "北海道の市区町村別 推奨データセット公開数")
    assert len(towns) == len(hokkaido) == 179
    no_answer = towns[towns["提出状況"].str.endswith("（回答なし）")]
    assert len(no_answer) == len(silent) > 0
    assert no_answer["推奨データセット公開数（23 項目中）"].isna().all() and no_answer["順位"].isna().all()
    assert towns.set_index("市区町村").loc["函館市", "提出状況"] == "未提出（回答なし）"
    assert metric_values(at)["回答なしの割合（北海道）"] == f"{len(silent) / len(hokkaido):.1%}"
    assert f"回答なし {len(silent)} 団体は含まない" in chart_text(at, "北海道の市区町村別")
    everyone_silent = [t for t in survey_rows if t["count"] is None]
    assert len(everyone_silent) == 73
    assert any(f"全国 73 / 1,741 団体（{73 / 1741:.1%}）" in c.value for c in at.caption)


def test_checklist_of_the_municipality_and_its_peers(opendata_app_env, survey_rows):
    at = open_page(PAGE, lg_code=WAJIMA)
    ishikawa = [t for t in survey_rows if t["pref"] == "石川県"]
    leaders = sorted((t for t in ishikawa if t["name"] != "輪島市"), key=lambda t: (-t["count"], t["code5"]))[:4]
    matrix = table_by_title(at, "推奨データセットの公開状況")
    assert list(matrix.columns) == ["No.", "推奨データセット", "基本編", "輪島市", *(t["name"] for t in leaders)]
    assert len(matrix) == 23 + 2 and (matrix["基本編"] == "基本編").sum() == 14
    assert set(matrix["輪島市"][:23]) == {""} and list(matrix["輪島市"][23:]) == ["0", "0"]
    kaga = next(t for t in ishikawa if t["name"] == "加賀市")
    assert list(matrix.loc[matrix["加賀市"] == "✓", "推奨データセット"]) == kaga["published"]

    at.multiselect(key="opendata_peers").select("173657").unselect("172065").run()
    matrix = table_by_title(at, "推奨データセットの公開状況")
    assert "加賀市" not in matrix.columns and matrix.columns[-1] == "内灘町"
    assert list(matrix.loc[matrix["内灘町"] == "✓", "推奨データセット"]) == [
        "AED設置箇所一覧", "指定緊急避難場所一覧", "標準的なバス情報フォーマット"]
    assert list(matrix["内灘町"][23:]) == ["3", "2"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("CSV（Excel用）") == labels.count("Excel (.xlsx)") == len(at.dataframe)

    # A non-respondent as a peer: 'no answer' in every cell, not blanks.
    at.sidebar.selectbox(key="_pref_code_widget").select("01").run()
    at.multiselect(key="opendata_peers").select("012025").run()    # 函館市, 未提出
    matrix = table_by_title(at, "推奨データセットの公開状況")
    assert set(matrix["函館市"]) == {"回答なし"}


def test_wajima_plan_figures_and_targets(opendata_app_env):
    at = open_page(PAGE, lg_code=WAJIMA)
    values = table_by_title(at, "オープンデータの値")
    wajima = values[values["市区町村"] == "輪島市"]
    rows = {(r["指標"], str(r["基準日"]), r["値"], r["出典の種類"]) for _, r in wajima.iterrows()}
    assert {("推奨データセット公開数", "2020-11-30", 0, "全国調査"), ("推奨データセット公開数", "2022-04-01", 14, "計画書"),
            ("オープンデータ公開項目数", "2022-04-01", 18, "計画書")} <= rows
    spec = chart_text(at, "オープンデータ公開数の推移と計画の目標")
    assert "輪島市 オープンデータ公開項目数 目標 20（令和8年度）" in spec
    assert "公開数（件）" in spec and "基準日（目標は目標年度末）" in spec
    targets = table_by_title(at, "計画のオープンデータの目標と全国調査の値")
    wajima = targets[targets["市区町村"] == "輪島市"].iloc[0]
    assert (wajima["目標値"], wajima["目標年度"], wajima["全国調査の推奨データセット公開数"]) == (20, "令和8年度 (FY2026)", "0 / 23")
    nakanojo = targets[targets["市区町村"] == "中之条町"].iloc[0]
    assert (nakanojo["目標値"], nakanojo["目標年度"], nakanojo["うち基本編"]) == (14, "記載なし", "10 / 14")


def test_nakanojo_against_its_target_of_all_14_basic_datasets(opendata_app_env):
    at = open_page(PAGE, pref_code="10", lg_code="104213")
    assert metric_values(at)["中之条町"] == "10 / 23"
    towns = table_by_title(at, "群馬県の市区町村別 推奨データセット公開数")
    assert towns.set_index("市区町村").loc["中之条町", "うち基本編（14 項目中）"] == 10
    spec = chart_text(at, "オープンデータ公開数の推移と計画の目標")
    assert "中之条町 推奨データセット基本編の公開数 目標 14（目標年度の記載なし）" in spec


def test_every_chart_is_finished_and_downloadable(opendata_app_env):
    at = open_page(PAGE, lg_code=WAJIMA)
    charts = chart_specs(at)
    assert len(charts) == 2
    for spec in charts:
        layout = spec["layout"]
        assert layout["meta"]["as_of"] and layout["meta"]["sources"]
        assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("PNG で保存") == 2 and "このページを PowerPoint に書き出す（.pptx）" in labels


def test_without_the_survey_the_page_says_so_and_shows_the_plans(app_env):
    at = open_page(PAGE, lg_code=WAJIMA)
    assert any("データなし" in i.value and "opendata-survey" in i.value for i in at.info)
    assert not any("推奨データセットの公開状況" in s.value for s in at.subheader)
    spec = chart_text(at, "オープンデータ公開数の推移と計画の目標")
    assert "輪島市 オープンデータ公開項目数" in spec and "2020-11-30" not in spec
    targets = table_by_title(at, "計画のオープンデータの目標と全国調査の値")
    assert set(targets["全国調査の推奨データセット公開数"]) == {"データなし"}

    # 中之条町 prints a target (all 14 of 基本編) but no count: said plainly, the target still listed.
    at.sidebar.selectbox(key="_pref_code_widget").select("10").run()
    at.sidebar.selectbox(key="_lg_code_widget").select("104213").run()
    assert not at.exception
    assert any("中之条町のオープンデータの値はストアにありません（データなし）" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    targets = table_by_title(at, "計画のオープンデータの目標と全国調査の値")
    assert targets.set_index("市区町村").loc["中之条町", "目標値"] == 14


def test_a_non_respondent_is_shown_as_no_answer(opendata_app_env):
    at = open_page(PAGE, pref_code="01", lg_code="012025")      # 北海道 函館市: 未提出
    assert metric_values(at)["函館市"] == "回答なし"
    assert any(c.value == "提出状況: 未提出" for c in at.caption)
    matrix = table_by_title(at, "推奨データセットの公開状況")
    assert set(matrix["函館市"]) == {"回答なし"}
    assert "函館市" not in chart_text(at, "北海道の市区町村別")
