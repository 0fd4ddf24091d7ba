"""AppTest runs of the マイナンバーカード and 光ファイバ pages on the store with the nationwide history imported."""
import datetime as dt

import pytest

from tests.pages import chart_text, open_page, table_by_title

WAJIMA = "172049"     # 輪島市: the default, chosen in the sidebar all the same as a user would


def test_prefecture_ranking_on_the_latest_date(imported_app_env):
    at = open_page("pages/2_mynumber.py", lg_code=WAJIMA)
    assert at.selectbox(key="mynumber_pref_date").value == dt.date(2022, 12, 31)
    prefs = table_by_title(at, "都道府県別の交付率")
    assert len(prefs) == 47
    assert tuple(prefs.iloc[0][["順位", "都道府県", "交付率（%）"]]) == (1, "宮崎県", 71.6)
    assert tuple(prefs.iloc[-1][["順位", "都道府県", "交付率（%）"]]) == (47, "沖縄県", 46.0)
    assert prefs.set_index("都道府県").loc["宮崎県", "全国との差（ポイント）"] == pytest.approx(14.5)
    assert "全国 57.1%" in chart_text(at, "交付率の順位")          # the national reference line
    assert "宮崎<br>71.6" in chart_text(at, "交付率の地図")           # the tile map, no geo data needed


def test_choosing_another_date_changes_the_ranking(imported_app_env):
    at = open_page("pages/2_mynumber.py", lg_code=WAJIMA)
    at.selectbox(key="mynumber_pref_date").select(dt.date(2017, 3, 8)).run()
    prefs = table_by_title(at, "都道府県別の交付率")
    assert "2017-03-08" in at.subheader[0].value
    assert prefs["交付率（%）"].max() < 20


def test_ishikawa_as_in_wajima_plan_figure_10(imported_app_env):
    at = open_page("pages/2_mynumber.py", lg_code=WAJIMA)
    at.selectbox(key="mynumber_town_date").select(dt.date(2022, 5, 31)).run()
    towns = table_by_title(at, "石川県の市区町村別 交付率")
    assert len(towns) == 19
    first = towns.iloc[0]
    assert (first["順位"], first["市区町村"], first["交付率（%）"], first["印刷値・公表値"]) == (1, "加賀市", 74.0, "74.00%")
    wajima = towns.set_index("市区町村").loc["輪島市"]
    assert (wajima["順位"], wajima["交付率（%）"]) == (4, 54.94)
    assert set(towns["出典"]) == {"マイナンバーカード交付割合"}                      # 図表10 of the Wajima plan
    bars = chart_text(at, "市区町村別")
    assert "石川県 45.22%" in bars and "全国 44.66%" in bars

    at.selectbox(key="mynumber_town_date").select(dt.date(2022, 6, 1)).run()
    towns = table_by_title(at, "石川県の市区町村別 交付率")
    wajima = towns.set_index("市区町村").loc["輪島市"]
    assert wajima["交付率（%）"] == 54.9 and wajima["出典"] == "マイナンバーカード交付状況（2022年6月1日時点）"


def test_time_series_with_targets_and_gap(imported_app_env):
    at = open_page("pages/2_mynumber.py", lg_code=WAJIMA)
    gaps = table_by_title(at, "計画の目標と最新値の差")
    row = gaps[gaps["目標年度"] == "令和8年度 (FY2026)"].iloc[0]
    assert (row["市区町村"], row["目標値（%）"], row["最新値（%）"], row["目標までの差（ポイント）"]) == ("輪島市", 100, 66.4, 33.6)
    assert str(row["最新値の基準日"]) == "2022-12-31"
    at.multiselect(key="mynumber_peers").select("173657").run()   # 内灘町: its plan's targets join the chart
    gaps = table_by_title(at, "計画の目標と最新値の差")
    uchinada = gaps[gaps["市区町村"] == "内灘町"].set_index("目標年度")
    assert uchinada.loc["令和4年度 (FY2022)", "目標値（%）"] == 100
    assert uchinada.loc["令和4年度 (FY2022)", "目標までの差（ポイント）"] == pytest.approx(42.4)
    spec = chart_text(at, "推移")
    assert "内灘町 目標 100%" in spec and "保有枚数率" in spec


def test_peer_modes(imported_app_env):
    at = open_page("pages/2_mynumber.py", lg_code=WAJIMA)
    at.radio(key="mynumber_peer_mode").set_value("population").run()
    assert not at.exception
    assert any("±20%以内の団体" in c.value for c in at.caption)
    spec = chart_text(at, "推移")
    assert "境町" in spec   # 茨城県境町: 24,927 people against 輪島市's 24,904 on 2022-12-31
    at.radio(key="mynumber_peer_mode").set_value("prefecture").run()
    spec = chart_text(at, "推移")
    assert "金沢市" in spec and "境町" not in spec


def test_my_number_page_without_imports_says_no_data(app_env):
    at = open_page("pages/2_mynumber.py", lg_code=WAJIMA)
    assert any("まだ取り込まれていません" in i.value for i in at.info)
    towns = table_by_title(at, "石川県の市区町村別 交付率")     # the plan's 図表10 is there without any import
    assert len(towns) == 19


def test_ftth_page_for_ishikawa(imported_app_env):
    at = open_page("pages/3_ftth.py", lg_code=WAJIMA)
    towns = table_by_title(at, "市区町村別 FTTH 世帯カバー率")
    assert len(towns) == 19
    assert "2021-03-31" in at.subheader[0].value and "令和2年度末" in at.subheader[0].value
    assert towns.set_index("市区町村").loc["輪島市", "世帯カバー率（%）"] == 62.07
    targets = table_by_title(at, "計画の FTTH 目標")
    assert 100 in set(targets["目標値（%）"]) and "令和8年度 (FY2026)" in set(targets["目標年度"])
    assert at.selectbox(key="ftth_issuance_date").value == dt.date(2021, 4, 1)    # nearest to 2021-03-31
    pairs = table_by_title(at, "FTTH 世帯カバー率と交付率")
    assert len(pairs) == 19
    at.selectbox(key="ftth_issuance_date").select(dt.date(2022, 12, 31)).run()
    pairs = table_by_title(at, "FTTH 世帯カバー率と交付率")
    assert pairs.set_index("市区町村").loc["輪島市", "交付率（%）"] == 66.4


def test_ftth_page_for_a_prefecture_without_survey(imported_app_env):
    at = open_page("pages/3_ftth.py", pref_code="10", lg_code="104213")
    assert any("データなし" in i.value for i in at.info)


def test_ftth_scatter_defaults_to_a_date_covering_the_prefecture(app_env):
    """Without imports, 図表10 (2022-05-31, all 19) beats Uchinada's own 2021-12-31 figure (one town)."""
    at = open_page("pages/3_ftth.py", pref_code="17", lg_code=WAJIMA)
    assert at.selectbox(key="ftth_issuance_date").value == dt.date(2022, 5, 31)
    assert len(table_by_title(at, "FTTH 世帯カバー率と交付率")) == 19
