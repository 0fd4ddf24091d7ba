"""The nationwide My Number importer: normal snapshots, the <NA> rows, bad files, re-import, URLs."""
import functools
import http.server
import shutil
import threading

import duckdb
import pytest

from dxdash.__main__ import main
from dxdash.importers.mynumber import import_mynumber
from tests.conftest import SHARED, fixture_snapshot, scalar
from tests.test_store import _dump

needs_shared = pytest.mark.skipif(not (SHARED / "data" / "mynumbercard").exists(), reason="../shared is not beside the repository")


@pytest.fixture()
def fresh_store(built_store, tmp_path):
    db_file = tmp_path / "dxdash.duckdb"
    shutil.copyfile(built_store, db_file)
    return db_file


def _values(db_file, area_code, as_of):
    with duckdb.connect(str(db_file), read_only=True) as con:
        return dict(con.execute(
            "SELECT measure, value FROM observations WHERE area_code = ? AND as_of = ? AND source_id LIKE 'mynumber:%'",
            [area_code, as_of]).fetchall())


@needs_shared
def test_a_normal_snapshot(fresh_store):
    report = import_mynumber(str(SHARED / "data/mynumbercard/20220601"), db_file=fresh_store)
    assert report.ok and report.imported == ["20220601"] and report.rows == 1741 + 47 + 1
    # Cross-check from ../shared/README.md: 輪島市 14,087 cards / 25,638 (54.9 %).
    assert _values(fresh_store, "172049", "2022-06-01") == {
        "mynumber_population": 25638, "mynumber_issued": 14087, "mynumber_issuance_rate": 54.9}
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert scalar(con, "SELECT count(DISTINCT area_code) FROM observations WHERE source_id = 'mynumber:20220601'") == 1789
        # Both base dates: cards counted 2022-06-01, population as of 2021-01-01 (the Wajima plan's 人口(R3.1.1)).
        assert con.execute("SELECT DISTINCT as_of::VARCHAR, denominator_as_of::VARCHAR FROM observations "
                           "WHERE source_id = 'mynumber:20220601'").fetchall() == [("2022-06-01", "2021-01-01")]
        source = con.execute("SELECT title, publisher, locator, kind FROM sources WHERE source_id = 'mynumber:20220601'").fetchone()
        assert source[0] == "マイナンバーカード交付状況（2022年6月1日時点）"
        assert "総務省" in source[1] and source[2] == "https://mynumbercard.code4japan.org/static/data/20220601/"
        assert source[3] == "import"
        # 札幌市's code lost its leading zero in the file (11002): stored as 011002.
        assert scalar(con, "SELECT value FROM observations WHERE area_code = '011002' AND source_id = 'mynumber:20220601' "
                           "AND measure = 'mynumber_population'") > 1_900_000


@needs_shared
def test_na_codes_are_resolved_by_prefecture_and_name_and_reported(fresh_store):
    report = import_mynumber(str(SHARED / "data/mynumbercard/20221231"), db_file=fresh_store)
    assert report.ok
    assert len(report.resolutions) == 2
    assert "all_localgovs.csv 686 行目: 団体コード '<NA>' → 133817（東京都 三宅村" in report.resolutions[0]
    assert "688 行目: 団体コード '<NA>' → 134015（東京都 八丈町" in report.resolutions[1]
    assert _values(fresh_store, "133817", "2022-12-31")["mynumber_issued"] == 1329
    assert _values(fresh_store, "134015", "2022-12-31")["mynumber_issuance_rate"] == 48.4


def test_fixture_snapshot_imports(fresh_store, tmp_path):
    report = import_mynumber(str(fixture_snapshot("good", tmp_path)), db_file=fresh_store)
    assert report.ok and report.imported == ["20221231"]
    assert _values(fresh_store, "173657", "2022-12-31")["mynumber_issuance_rate"] == 57.6   # 「河北郡内灘町」
    assert _values(fresh_store, "00", "2022-12-31")["mynumber_issuance_rate"] == 57.1
    assert _values(fresh_store, "17", "2022-12-31")["mynumber_issuance_rate"] == 58.4


@pytest.mark.parametrize("case, message", [
    ("wrong_header", r"all_localgovs\.csv 1 行目: 見出し行が想定と違います.*足りない列: \['総数（人口）'\].*余分な列: \['人口'\]"),
    ("non_numeric", r"all_localgovs\.csv 3 行目 列「交付枚数」: 0 以上の整数が必要ですが '1万2千' です"),
    ("check_digit", r"all_localgovs\.csv 5 行目 列「団体コード」: 団体コード '172048' のチェックデジットが誤っています（17204 なら 172049"),
    ("unresolvable_name", r"all_localgovs\.csv 3 行目 列「団体コード」: 団体コードが空（'<NA>'）で、都道府県名＋市区町村名 「東京都 三宅島村」もマスタにありません"),
    ("shift_jis", r"all_localgovs\.csv 1 行目: UTF-8 として読めません（Shift_JIS で書かれているようです"),
])
def test_a_bad_file_gives_its_message_and_leaves_the_store_unchanged(fresh_store, tmp_path, capsys, case, message):
    before = _dump(fresh_store)
    mtime = fresh_store.stat().st_mtime_ns
    folder = fixture_snapshot(case, tmp_path)
    report = import_mynumber(str(folder), db_file=fresh_store)
    assert not report.ok and report.imported == []
    assert len(report.errors) == 1
    import re
    assert re.search(message, report.errors[0]), report.errors[0]
    assert _dump(fresh_store) == before
    assert fresh_store.stat().st_mtime_ns == mtime
    # The command: non-zero exit status, the message on stderr.
    assert main(["import", "mynumber", str(folder), "--db", str(fresh_store)]) == 2
    assert re.search(message, capsys.readouterr().err)


def test_a_bad_snapshot_among_good_ones_is_rolled_back_alone(fresh_store, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(fixture_snapshot("good", tmp_path) / "20221231", tree / "20221231")
    shutil.copytree(fixture_snapshot("non_numeric", tmp_path) / "20221231", tree / "20221130")
    report = import_mynumber(str(tree), db_file=fresh_store)
    assert report.imported == ["20221231"] and len(report.errors) == 1 and "20221130" in report.errors[0]
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM sources WHERE source_id LIKE 'mynumber:%'") == 1


def test_importing_the_same_snapshot_again_changes_nothing(fresh_store, tmp_path):
    folder = str(fixture_snapshot("good", tmp_path))
    assert import_mynumber(folder, db_file=fresh_store).imported == ["20221231"]
    before, mtime = _dump(fresh_store), fresh_store.stat().st_mtime_ns
    again = import_mynumber(folder, db_file=fresh_store)
    assert again.ok and again.imported == [] and again.unchanged == ["20221231"]
    assert _dump(fresh_store) == before and fresh_store.stat().st_mtime_ns == mtime


def test_imports_survive_a_rebuild(fresh_store, tmp_path):
    from dxdash import config, store
    import_mynumber(str(fixture_snapshot("good", tmp_path)), db_file=fresh_store)
    store.build(fresh_store, config.DATA_DIR)
    assert _values(fresh_store, "172049", "2022-12-31")["mynumber_issuance_rate"] == 66.4


@needs_shared
def test_import_from_an_http_base_url(fresh_store):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SHARED / "data/mynumbercard"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        one = import_mynumber(base + "20221130/", db_file=fresh_store)
        assert one.imported == ["20221130"]
        listed = import_mynumber(base, db_file=fresh_store)   # the directory listing names all 46
        assert len(listed.imported) == 45 and listed.unchanged == ["20221130"] and listed.ok
    finally:
        server.shutdown()
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert scalar(con, "SELECT locator FROM sources WHERE source_id = 'mynumber:20221130'") == base + "20221130/"


@needs_shared
def test_all_46_snapshots(imported_store):
    with duckdb.connect(str(imported_store), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM sources WHERE source_id LIKE 'mynumber:%'") == 46
        assert scalar(con, "SELECT count(*) FROM observations WHERE source_id LIKE 'mynumber:%'") == 46 * 1789 * 3
        top = con.execute("SELECT a.area_name, o.value FROM observations o JOIN areas a USING (area_code) "
                          "WHERE o.measure = 'mynumber_issuance_rate' AND o.as_of = DATE '2022-12-31' AND a.area_level = 'prefecture' "
                          "ORDER BY o.value DESC").fetchall()
        assert top[0] == ("宮崎県", 71.6) and top[-1] == ("沖縄県", 46.0)


def test_a_corrected_snapshot_replaces_the_earlier_one(fresh_store, tmp_path):
    folder = fixture_snapshot("good", tmp_path) / "20221231"
    import_mynumber(str(folder), db_file=fresh_store)
    localgovs = folder / "all_localgovs.csv"
    localgovs.write_text(localgovs.read_text(encoding="utf-8-sig").replace("24904,16547,66.4", "24904,16600,66.7"),
                         encoding="utf-8-sig")
    report = import_mynumber(str(folder), db_file=fresh_store)
    assert report.ok and report.imported == ["20221231"]
    assert _values(fresh_store, "172049", "2022-12-31") == {
        "mynumber_population": 24904, "mynumber_issued": 16600, "mynumber_issuance_rate": 66.7}
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM sources WHERE source_id = 'mynumber:20221231'") == 1
        assert scalar(con, "SELECT count(*) FROM observations WHERE source_id = 'mynumber:20221231'") == (5 + 3 + 1) * 3


def _older_store(current, older, observation_columns: str) -> None:
    """A store as an older schema left it: observations with only `observation_columns`."""
    with duckdb.connect(str(older)) as con:
        con.execute("ATTACH ? AS current (READ_ONLY)", [str(current)])
        con.execute("CREATE SCHEMA core")
        for table in ("meta", "sources", "areas"):
            con.execute(f"CREATE TABLE core.{table} AS SELECT * FROM current.core.{table}")
        con.execute(f"CREATE TABLE core.observations AS SELECT {observation_columns} FROM current.core.observations")


def test_imports_that_cannot_be_carried_over_are_reported_not_dropped_silently(fresh_store, tmp_path):
    from dxdash import config, store
    import_mynumber(str(fixture_snapshot("good", tmp_path)), db_file=fresh_store)
    older = tmp_path / "older.duckdb"
    _older_store(fresh_store, older, "measure, area_code, value, source_id")     # no as_of, which is required now
    store.build(older, config.DATA_DIR)
    with duckdb.connect(str(older), read_only=True) as con:
        note = scalar(con, "SELECT value FROM core.meta WHERE key = 'imports_dropped'")
        assert "core.observations" in note and "as_of" in note and "取り込みをやり直してください" in note
        assert scalar(con, "SELECT count(*) FROM sources WHERE kind = 'import'") == 0


def test_imports_survive_a_schema_change_that_adds_a_column(fresh_store, tmp_path):
    from dxdash import config, store
    import_mynumber(str(fixture_snapshot("good", tmp_path)), db_file=fresh_store)
    older = tmp_path / "older.duckdb"
    _older_store(fresh_store, older, "measure, area_code, as_of, value, source_id")   # no nullable value_printed
    store.build(older, config.DATA_DIR)
    assert _values(older, "172049", "2022-12-31")["mynumber_issuance_rate"] == 66.4


def test_home_page_says_when_imports_were_lost(fresh_store, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dxdash import config, store
    from tests.conftest import ROOT
    import_mynumber(str(fixture_snapshot("good", tmp_path)), db_file=fresh_store)
    older = tmp_path / "older.duckdb"
    _older_store(fresh_store, older, "measure, area_code, value, source_id")
    store.build(older, config.DATA_DIR)
    monkeypatch.setenv("DXDASH_DB", str(older))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert any("取り込み済みの全国データを引き継げませんでした" in w.value for w in at.warning)
