"""The store built from data/: its public views, the curated figures pinned to the plans, and the build's guarantees."""
import shutil

import duckdb
import pytest

from dxdash import config, store
from dxdash.curated import CuratedDataError
from tests.conftest import scalar

FIG10 = "wajima-2022:fig:図表10%"


def test_public_views_have_the_documented_columns(con):
    expected = {
        "municipalities": {"lg_code", "pref_code", "pref_name", "name"},
        "plans": {"plan_id", "lg_code", "title", "status", "start_fy", "end_fy"},
        "initiatives": {"initiative_id", "plan_id", "title", "theme"},
        "roadmap": {"initiative_id", "plan_id", "label", "start_fy", "end_fy"},
        "kpis": {"kpi_id", "plan_id", "indicator", "unit", "baseline_value", "baseline_date", "target_value", "target_fy"},
        "observations": {"measure", "area_code", "as_of", "value", "source_id"},
        "sources": {"source_id", "title", "publisher", "locator"},
    }
    for view, columns in expected.items():
        have = {r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()}
        assert columns <= have, (view, columns - have)
    assert con.execute("SELECT typeof(start_fy), typeof(end_fy) FROM roadmap LIMIT 1").fetchone() == ("INTEGER", "INTEGER")


def test_all_five_plans_are_in_the_store(con):
    rows = con.execute("SELECT lg_code, status, start_fy, end_fy FROM plans ORDER BY lg_code").fetchall()
    assert rows == [
        ("104213", rows[0][1], 2021, 2025),
        ("143413", "素案", 2023, 2025),
        ("172049", "案", 2022, 2026),
        ("173657", "中間とりまとめ", 2021, 2025),
        ("336068", rows[4][1], None, None),   # 鏡野町 prints no plan period
    ]


def test_wajima_figure_10_as_printed(con):
    """図表10: 加賀市 74.00 % rank 1 of 19; 輪島市 54.94 % rank 4; the prefecture and the nation."""
    def fig10(measure, area):
        return scalar(con, "SELECT value FROM observations WHERE measure = ? AND area_code = ? AND source_id LIKE ?",
                      measure, area, FIG10)

    assert fig10("mynumber_issuance_rate", "172065") == 74.00
    assert fig10("mynumber_issuance_rank", "172065") == 1
    assert fig10("mynumber_issuance_rate", "172049") == 54.94
    assert fig10("mynumber_issued", "172049") == 14085
    assert fig10("mynumber_issuance_rank", "172049") == 4
    assert fig10("mynumber_issuance_rate", "17") == 45.22
    assert fig10("mynumber_issuance_rate", "00") == 44.66
    assert fig10("mynumber_population", "00") == 126654244
    ranks = con.execute("SELECT value FROM observations WHERE measure = 'mynumber_issuance_rank' AND source_id LIKE ? ORDER BY value",
                        [FIG10]).fetchall()
    assert [int(r[0]) for r in ranks] == list(range(1, 20))
    as_of = con.execute("SELECT DISTINCT as_of::VARCHAR FROM observations WHERE source_id LIKE ?", [FIG10]).fetchall()
    assert as_of == [("2022-05-31",)]


def test_wajima_ftth_figure_9(con):
    assert scalar(con, "SELECT value FROM observations WHERE measure = 'ftth_coverage' AND area_code = '172049' "
                       "AND source_id LIKE 'wajima-2022:fig:図表%9%'") == 62.07
    assert scalar(con, "SELECT count(DISTINCT area_code) FROM observations WHERE measure = 'ftth_coverage' "
                       "AND source_id LIKE 'wajima-2022:fig:図表%9%' AND length(area_code) = 6") == 19
    assert scalar(con, "SELECT DISTINCT as_of::VARCHAR FROM observations WHERE measure = 'ftth_coverage' "
                       "AND source_id LIKE 'wajima-2022:fig:図表%9%'") == "2021-03-31"


def test_uchinada_my_number_targets(con):
    targets = con.execute("SELECT target_fy, target_value FROM kpis WHERE plan_id = 'uchinada-2022' "
                          "AND measure = 'mynumber_issuance_rate' ORDER BY target_fy").fetchall()
    assert targets == [(2021, 67.5), (2022, 100.0)]


def test_wajima_kpi_table_is_complete(con):
    # 第5章 2 prints 27 indicator rows across its tables.
    rows = con.execute("SELECT k.indicator FROM kpis k JOIN sources s USING (source_id) "
                       "WHERE k.plan_id = 'wajima-2022' AND s.section LIKE '第5章%'").fetchall()
    assert len(rows) == 27
    baseline = con.execute("SELECT baseline_value, baseline_date::VARCHAR, target_value, target_fy FROM kpis "
                           "WHERE plan_id = 'wajima-2022' AND indicator = 'マイナンバーカード交付率'").fetchone()
    assert baseline == (54.64, "2022-05-31", 100.0, 2026)


def test_disagreements_are_kept_with_both_sources(con):
    # Uchinada's population: its own plan prints 26,411, Wajima's 図表10 prints 26,441.
    values = con.execute("SELECT value, source_id FROM observations WHERE measure = 'mynumber_population' "
                         "AND area_code = '173657' ORDER BY value").fetchall()
    assert [v for v, _ in values] == [26411, 26441]
    assert values[0][1].startswith("uchinada-2022:") and values[1][1].startswith("wajima-2022:")
    # Wajima's rate: 54.64 % in its KPI table, 54.94 % in its own 図表10, both stored.
    assert scalar(con, "SELECT baseline_value FROM kpis WHERE plan_id = 'wajima-2022' "
                       "AND indicator = 'マイナンバーカード交付率'") == 54.64
    assert scalar(con, "SELECT value FROM observations WHERE measure = 'mynumber_issuance_rate' AND area_code = '172049' "
                       "AND source_id LIKE ?", FIG10) == 54.94


def test_open_data_counts_from_the_wajima_plan(con):
    assert scalar(con, "SELECT value FROM observations WHERE measure = 'opendata_items' AND area_code = '172049' "
                       "AND as_of = DATE '2022-04-01'") == 18
    assert scalar(con, "SELECT target_value FROM kpis WHERE plan_id = 'wajima-2022' AND indicator = 'オープンデータ公開項目数'") == 20


def test_kagamino_prints_no_schedule_and_none_is_invented(con):
    assert scalar(con, "SELECT schedule_printed FROM plans WHERE plan_id = 'kagamino-2024'") is False
    assert scalar(con, "SELECT count(*) FROM roadmap WHERE plan_id = 'kagamino-2024'") == 0
    assert scalar(con, "SELECT count(*) FROM initiatives WHERE plan_id = 'kagamino-2024'") > 0


def test_wajima_schedule_phases(con):
    phases = con.execute("SELECT label, start_fy, end_fy FROM phases WHERE plan_id = 'wajima-2022' ORDER BY seq").fetchall()
    assert phases == [("デジタル化準備期", 2022, 2023), ("デジタル化試行期", 2023, 2025), ("デジタル化本格運用期", 2025, 2026)]
    assert scalar(con, "SELECT min(start_fy) FROM roadmap WHERE plan_id = 'wajima-2022'") == 2022
    assert scalar(con, "SELECT max(end_fy) FROM roadmap WHERE plan_id = 'wajima-2022'") <= 2026


def test_every_curated_row_names_its_source(con):
    for view in ("initiatives", "roadmap", "kpis", "observations", "plans"):
        orphans = scalar(con, f"SELECT count(*) FROM {view} v LEFT JOIN sources s USING (source_id) "
                              "WHERE s.source_id IS NULL OR s.locator IS NULL")
        assert orphans == 0, view
    missing_section = scalar(con, "SELECT count(*) FROM sources WHERE kind = 'plan' AND source_id LIKE '%:%' "
                                  "AND (seed_file IS NULL OR section IS NULL)")
    assert missing_section == 0
    themes = {r[0] for r in con.execute("SELECT DISTINCT theme FROM initiatives").fetchall()}
    assert themes <= {r[0] for r in con.execute("SELECT theme FROM themes").fetchall()}


def _dump(db_file):
    with duckdb.connect(str(db_file), read_only=True) as c:
        views = [r[0] for r in c.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1").fetchall()]
        return {v: sorted(map(repr, c.execute(f"SELECT * FROM {v}").fetchall())) for v in views}


def test_building_twice_gives_the_same_store(built_store, tmp_path):
    again = tmp_path / "again.duckdb"
    store.build(again, config.DATA_DIR)
    store.build(again, config.DATA_DIR)
    assert _dump(again) == _dump(built_store)


def _data_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR / "plans", data / "plans")
    return data


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("theme: マイナンバーカード", "theme: マイナンバー", 1),
     r"172049_wajima\.yaml: initiatives\[\d+\] \(wajima-[^)]*\): フィールド 'theme'"),
    (lambda t: t.replace("target_fy: 2026", "target_fy: R8", 1),
     r"172049_wajima\.yaml: kpis\[\d+\] \(wajima-kpi-[^)]*\): フィールド 'target_fy': 整数"),
    (lambda t: t.replace('lg_code: "172049"', 'lg_code: "172048"', 1),
     r"172049_wajima\.yaml: plan: フィールド 'lg_code': .*チェックデジット"),
    (lambda t: t.replace('"61.06%", "4", "54.94%"', '"61.06%", "4", "54,94 %%"', 1),
     r"172049_wajima\.yaml: figures\[\d+\] \(図表10.*\) rows\[\d+\]: フィールド 'mynumber_issuance_rate': 数値として読めません"),
])
def test_a_broken_plan_file_stops_the_build_and_changes_nothing(tmp_path, edit, message):
    data = _data_copy(tmp_path)
    db_file = tmp_path / "dxdash.duckdb"
    store.build(db_file, data)
    before = _dump(db_file)
    plan_file = data / "plans" / "172049_wajima.yaml"
    text = plan_file.read_text(encoding="utf-8")
    broken = edit(text)
    assert broken != text, "the edit must change the file"
    plan_file.write_text(broken, encoding="utf-8")
    with pytest.raises(CuratedDataError, match=message):
        store.build(db_file, data)
    assert _dump(db_file) == before


def test_figure_row_with_a_name_that_does_not_match_its_code_is_rejected(tmp_path):
    data = _data_copy(tmp_path)
    plan_file = data / "plans" / "172049_wajima.yaml"
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(text.replace("加賀市", "加賀町", 1), encoding="utf-8")
    with pytest.raises(CuratedDataError, match=r"figures\[\d+\].*area_code.*172065 は 加賀市"):
        store.build(tmp_path / "x.duckdb", data)


def test_command_line_build_reports_a_broken_file(tmp_path, monkeypatch, capsys):
    from dxdash.__main__ import main
    data = _data_copy(tmp_path)
    (data / "plans" / "999999_broken.yaml").write_text("seed_file: x.txt\nplan: [\n", encoding="utf-8")
    monkeypatch.setenv("DXDASH_DB", str(tmp_path / "x.duckdb"))
    monkeypatch.setattr(config, "DATA_DIR", data)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "999999_broken.yaml" in err and "YAML" in err and "行" in err
    assert not (tmp_path / "x.duckdb").exists()
