"""The 計画比較 page: the municipalities × themes matrix against the store, and the plans side by side."""
import pandas as pd
import pytest

from dxdash import comparison
from tests.conftest import scalar
from tests.pages import chart_specs, open_page, table_by_title


@pytest.mark.parametrize("role, groups", [
    ("内灘町 DX 推進本部", [comparison.HEADQUARTERS]),
    ("副本部長（CIO 兼務）", [comparison.HEADQUARTERS, comparison.CIO]),
    ("アドバイザー（CIO 補佐官兼務）", [comparison.CIO_DEPUTY, comparison.EXTERNAL]),
    ("CIO 補佐官（アドバイザー）", [comparison.CIO_DEPUTY, comparison.EXTERNAL]),
    ("CIO補佐官", [comparison.CIO_DEPUTY]),
    ("CIO", [comparison.CIO]),
    ("市長", [comparison.HEADQUARTERS]),
    ("行財政改革推進本部", [comparison.HEADQUARTERS]),
    ("外部専門人材", [comparison.EXTERNAL]),
    ("ITリーダー", [comparison.OTHER]),
    ("人事担当課・情報政策担当課", [comparison.OTHER]),
])
def test_printed_roles_are_grouped_by_body(role, groups):
    assert comparison.governance_groups(role) == groups


def test_coverage_cell_text():
    assert comparison.coverage_text(2, 1, 2022, 0) == "○ 令和4年度〜（取組 2・KPI 1）"
    assert comparison.coverage_text(1, 0, pd.NA, 3) == "○ 時期の記載が読めない（取組 1・KPI 0）"
    assert comparison.coverage_text(1, 0, None, 0) == "○ スケジュールなし（取組 1・KPI 0）"
    assert comparison.coverage_text(0, 0, None, 0) == "—"


PAGE = "pages/7_compare.py"


def test_matrix_matches_the_store(app_env, con):
    at = open_page(PAGE)
    matrix = table_by_title(at, "テーマ別の取組").set_index("団体")
    # The sidebar's 輪島市 first, then its prefecture (内灘町), then the rest by 団体コード.
    assert list(matrix.index) == ["輪島市", "内灘町", "中之条町", "大磯町", "鏡野町"]
    assert matrix.loc["輪島市", "標準化・共通化"] == "○ 令和4年度〜（取組 1・KPI 1）"
    assert matrix.loc["輪島市", "AI・RPA"] == "○ 時期の記載が読めない（取組 1・KPI 1）"   # its bars were lost
    assert matrix.loc["輪島市", "人材育成"] == "—"
    first = scalar(con, "SELECT min(start_fy) FROM roadmap WHERE plan_id = 'uchinada-2022' AND theme = 'マイナンバーカード'")
    assert matrix.loc["内灘町", "マイナンバーカード"].startswith(f"○ 令和{first - 2018}年度〜")
    assert matrix.loc["鏡野町", "標準化・共通化"].startswith("○ スケジュールなし")
    covered = scalar(con, "SELECT count(DISTINCT theme) FROM initiatives WHERE plan_id = 'wajima-2022'")
    assert matrix.loc["輪島市", "取り上げているテーマ数"] == covered

    heat = chart_specs(at)[0]
    trace = heat["data"][0]
    assert trace["type"] == "heatmap" and trace["x"][0] == "輪島市"
    counts = dict(con.execute("SELECT theme, count(*) FROM initiatives WHERE plan_id = 'wajima-2022' GROUP BY theme").fetchall())
    themes = [t.rstrip("★") for t in trace["y"]]
    assert themes == [r[0] for r in con.execute("SELECT theme FROM themes ORDER BY seq").fetchall()]
    assert [row[0] for row in trace["z"]] == [counts.get(t, 0) for t in themes]
    assert "標準化・共通化★" in trace["y"] and "BPR" in trace["y"]          # ★ = 総務省の重点取組事項
    assert heat["layout"]["meta"]["title"].startswith("テーマ別の取組")


def test_plans_side_by_side_with_governance_as_printed(app_env):
    at = open_page(PAGE)
    side = table_by_title(at, "計画の基本情報と推進体制").set_index("項目")
    assert side.loc["状態（印刷どおり）", "輪島市"] == "案"
    assert side.loc["計画期間", "鏡野町"] == "計画期間の記載なし"
    assert side.loc["スケジュール", "鏡野町"] == "掲載なし"
    assert side.loc["公表（印刷どおり）", "中之条町"] == "記載なし"
    assert side.loc["ビジョン・目指す姿（印刷どおり）", "大磯町"] == "豊かさをデジタルで紡ぐまち"
    assert "【内灘町 DX 推進本部】" in side.loc["推進本部・推進組織", "内灘町"]
    assert "【副本部長（CIO 兼務）】" in side.loc["CIO", "内灘町"]
    assert side.loc["CIO", "中之条町"] == "記載なし"
    assert side.loc["CIO補佐官", "大磯町"].startswith("【CIO補佐官】")
    assert "【外部専門人材】" in side.loc["外部人材・有識者", "鏡野町"]
    assert "第5章 1 (2) 専門的なデジタル人材の確保・育成" in side.loc["CIO", "輪島市"]     # the printed section


def test_choosing_plans_and_themes(app_env):
    at = open_page(PAGE)
    at.multiselect(key="compare_plans").set_value(["uchinada-2022", "kagamino-2024"]).run()
    at.multiselect(key="compare_themes").set_value(["テレワーク", "標準化・共通化"]).run()
    assert not at.exception
    matrix = table_by_title(at, "テーマ別の取組")
    assert list(matrix.columns) == ["団体", "計画", "標準化・共通化", "テレワーク", "取り上げているテーマ数"]
    assert list(matrix["団体"]) == ["内灘町", "鏡野町"]
    assert matrix.set_index("団体").loc["鏡野町", "テレワーク"] == "—"
    side = table_by_title(at, "計画の基本情報と推進体制")
    assert list(side.columns) == ["項目", "内灘町", "鏡野町"]
    heat = chart_specs(at)[0]["data"][0]
    assert heat["x"] == ["内灘町", "鏡野町"] and heat["y"] == ["標準化・共通化★", "テレワーク★"]

    at.multiselect(key="compare_themes").set_value([]).run()
    assert any("1つ以上選んでください" in i.value for i in at.info)


def test_a_link_reproduces_the_comparison(app_env):
    at = open_page(PAGE, link={"cmp_plans": "oiso-2023,wajima-2022", "cmp_themes": "BPR"})
    assert not at.warning
    matrix = table_by_title(at, "テーマ別の取組")
    assert list(matrix["団体"]) == ["大磯町", "輪島市"] and list(matrix.columns[2:3]) == ["BPR"]
