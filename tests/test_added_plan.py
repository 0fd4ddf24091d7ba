"""A plan added as a new data file appears on the roadmap, KPI and comparison pages after a rebuild: the pages
read only the store's views, never page-specific files."""
import shutil

import pytest

from dxdash import config, milestones, store
from tests.pages import chart_specs, open_page, table_by_title

# A made-up plan (clearly fictional) for an existing municipality code: 札幌市 011002. Valid per FORMAT.md.
FICTIONAL_PLAN = """\
seed_file: test_fictional_plan.txt
plan:
  plan_id: fictional-sapporo-2024
  lg_code: "011002"
  title: 【架空・テスト用】札幌市DX推進計画
  status: 架空
  start_fy: 2024
  end_fy: 2028
  period_printed: 令和6年度から令和10年度まで（架空）
  period_section: 架空 1
  publisher: 架空の発行者
  vision: 架空のビジョン（テスト用）
  vision_section: 架空 2
  schedule_printed: true
governance:
  - role: CIO
    text: 架空のCIO（テスト用）
    section: 架空 3
phases:
  - label: 架空の第1段階
    start_fy: 2024
    end_fy: 2025
    printed: 第1段階 令和6年度～令和7年度（架空）
    section: 架空 4
initiatives:
  - initiative_id: fictional-sapporo-01
    title: 架空の標準化移行
    theme: 標準化・共通化
    text: 架空の取組の内容（テスト用）
    section: 架空 5 (1)
  - initiative_id: fictional-sapporo-02
    title: 架空のオープンデータ公開
    theme: オープンデータ
    section: 架空 5 (2)
schedule:
  - initiative_id: fictional-sapporo-01
    label: 架空の標準準拠システム移行
    start_fy: 2024
    end_fy: 2025
    phase: 架空の第1段階
    printed: 令和6年度～令和7年度（架空）
    section: 架空 6
  - initiative_id: fictional-sapporo-02
    label: 架空の公開データ拡充
    start_fy: 2026
    printed: 令和8年度以降（架空）
    section: 架空 6
kpis:
  - kpi_id: fictional-sapporo-kpi-01
    initiative_id: fictional-sapporo-02
    indicator: 架空の公開データ項目数
    unit: 件
    measure: opendata_items
    direction: increase
    baseline_value: 10
    baseline_printed: "10 件"
    baseline_date: 2024-03-31
    baseline_date_printed: 令和5年度末（架空）
    target_value: 100
    target_printed: "100 件"
    target_fy: 2028
    target_fy_printed: 令和10年度（架空）
    section: 架空 7
figures:
  - section: 架空 8 公開データ項目数
    title: 架空の公開データ項目数
    publisher: 架空の発行者
    as_of: 2025-03-31
    as_of_printed: 令和6年度末（架空）
    columns: [area_code, area_name, opendata_items]
    rows:
      - ["011002", 札幌市, "40件"]
"""
PLAN_ID = "fictional-sapporo-2024"


@pytest.fixture()
def store_with_added_plan(tmp_path, monkeypatch):
    """data/ copied with the fictional plan added, built into a new store the app is pointed at."""
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR / "plans", data / "plans")
    shutil.copy(config.DATA_DIR / milestones.MILESTONE_FILE, data / milestones.MILESTONE_FILE)
    (data / "plans" / "011002_fictional.yaml").write_text(FICTIONAL_PLAN, encoding="utf-8")
    db_file = tmp_path / "dxdash.duckdb"
    counts = store.build(db_file, data)
    assert counts["plans"] == 6
    monkeypatch.setenv("DXDASH_DB", str(db_file))
    monkeypatch.setenv("DXDASH_DATA", str(data))
    monkeypatch.setattr(config, "DATA_DIR", data)   # so the app sees the store as current and does not rebuild
    return db_file


def test_added_plan_is_on_the_roadmap(store_with_added_plan):
    at = open_page("pages/5_roadmap.py")
    assert "011002" in at.multiselect(key="roadmap_municipalities").value
    fig = chart_specs(at)[0]
    bars = [c for t in fig["data"] if t.get("meta", {}).get("kind") == "roadmap" for c in t["customdata"]]
    assert sorted(c[1:] for c in bars if c[0] == PLAN_ID) == [["2024-04-01", "2026-03-31"], ["2026-04-01", "2029-03-31"]]
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert "札幌市｜架空の標準化移行（架空の第1段階）" in ticks            # the row's phase on its label
    assert "札幌市｜架空の第1段階" in ticks                                 # the plan's stage drawn
    assert ticks.index("札幌市｜架空の標準化移行（架空の第1段階）") > ticks.index("<b>標準化・共通化</b>")
    rows = table_by_title(at, "ロードマップの行")
    assert set(rows[rows["団体"] == "札幌市"]["項目（印刷どおり）"]) == {"架空の標準準拠システム移行", "架空の公開データ拡充"}


def test_added_plan_kpi_is_tracked(store_with_added_plan):
    at = open_page("pages/6_kpi.py")
    table = table_by_title(at, "KPI一覧")
    row = table[table["団体"] == "札幌市"].iloc[0]
    assert row["指標"] == "架空の公開データ項目数"
    assert (row["最新値"], str(row["最新値の基準日"])) == (40, "2025-03-31")     # from the plan's own figure
    assert row["状況"] == "順調" and row["進捗率（%）"] == pytest.approx(33.3, abs=0.05)


def test_added_plan_is_compared(store_with_added_plan):
    at = open_page("pages/7_compare.py")
    matrix = table_by_title(at, "テーマ別の取組").set_index("団体")
    assert matrix.loc["札幌市", "標準化・共通化"] == "○ 令和6年度〜（取組 1・KPI 0）"
    assert matrix.loc["札幌市", "オープンデータ"] == "○ 令和8年度〜（取組 1・KPI 1）"
    assert matrix.loc["札幌市", "マイナンバーカード"] == "—"
    side = table_by_title(at, "計画の基本情報と推進体制").set_index("項目")
    assert side.loc["状態（印刷どおり）", "札幌市"] == "架空"
    assert side.loc["CIO", "札幌市"] == "【CIO】架空のCIO（テスト用）（架空 3）"
    heat = chart_specs(at)[0]["data"][0]
    assert "札幌市" in heat["x"]
