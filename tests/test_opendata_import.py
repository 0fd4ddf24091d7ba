"""The open-data survey importer: the shared 2020-11 survey, the 苅田町 and 梼原町 defects, non-respondents,
bad files, re-import, replacement by other content, rebuilds and URLs."""
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from dxdash import config, store
from dxdash.__main__ import main
from dxdash.importers.opendata import DATASETS, import_opendata_survey
from tests.conftest import FIXTURES, SURVEY, scalar
from tests.test_store import _dump

needs_shared = pytest.mark.skipif(not SURVEY.exists(), reason="../shared is not beside the repository")


def opendata_fixture(case: str, dest: Path) -> Path:
    """tests/fixtures/opendata/<case>/ (files stored as *.csv.in) as a folder holding r2_survey_answers_simple.csv."""
    folder = dest / case
    folder.mkdir(parents=True, exist_ok=True)
    for src in (FIXTURES / "opendata" / case).glob("*.in"):
        (folder / src.name[:-3]).write_bytes(src.read_bytes())
    return folder


@pytest.fixture()
def fresh_store(built_store, tmp_path):
    db_file = tmp_path / "dxdash.duckdb"
    shutil.copyfile(built_store, db_file)
    return db_file


def _counts(db_file) -> dict[str, float]:
    with duckdb.connect(str(db_file), read_only=True) as con:
        return dict(con.execute("SELECT area_code, value FROM observations WHERE measure = 'opendata_recommended_datasets' "
                                "AND source_id = 'opendata_survey:r2'").fetchall())


@needs_shared
def test_the_shared_survey(opendata_store):
    counts = _counts(opendata_store)
    # Cross-check from ../shared/README.md.
    assert {code: counts[code] for code in ("172065", "104213", "173657", "143413", "172049")} == {
        "172065": 13, "104213": 10, "173657": 3, "143413": 3, "172049": 0}
    with duckdb.connect(str(opendata_store), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM opendata_answers WHERE area_level = 'municipality'") == 1741
        assert scalar(con, "SELECT count(*) FROM opendata_answers WHERE area_level = 'prefecture'") == 47
        assert scalar(con, "SELECT count(*) FROM opendata_answers a JOIN municipalities m ON m.lg_code = a.area_code") == 1741
        # 苅田町 under its own code, 東大和市 keeps 132209; both as printed in the survey.
        assert con.execute("SELECT area_name, code_printed, name_printed FROM opendata_answers WHERE area_code = '406210'"
                           ).fetchone() == ("苅田町", "13220", "福岡県 苅田町")
        assert con.execute("SELECT area_name, code_printed FROM opendata_answers WHERE area_code = '132209'"
                           ).fetchone() == ("東大和市", "13220")
        assert (counts["406210"], counts["132209"]) == (1, 5)
        assert scalar(con, "SELECT name_printed FROM opendata_answers WHERE area_code = '394050'") == "高知県 梼原町"
        # Prefectures are stored under their 2-digit code.
        assert scalar(con, "SELECT submission_status FROM opendata_answers WHERE area_code = '17'") == "提出済"
        assert "17" in counts and "170003" not in counts
        # Non-respondents: a row with their status, no count, no dataset rows; never zero.
        assert scalar(con, "SELECT count(*) FROM opendata_answers WHERE submission_status IN ('未提出', '未確認')") == 73
        assert con.execute("SELECT submission_status, answered, files_band FROM opendata_answers WHERE area_code = '012025'"
                           ).fetchone() == ("未提出", False, None)            # 北海道 函館市
        assert "012025" not in counts
        assert len(counts) == 1788 - 73
        assert scalar(con, "SELECT count(*) FROM opendata_published p JOIN opendata_answers a USING (area_code) "
                           "WHERE NOT a.answered") == 0
        assert scalar(con, "SELECT count(*) FROM opendata_published") == (1788 - 73) * 23
        # The count is the number of datasets published, and 基本編 is the first 14.
        assert scalar(con, "SELECT count(*) FROM opendata_published WHERE area_code = '172065' AND published") == 13
        assert con.execute("SELECT count(*), count(*) FILTER (WHERE basic_edition) FROM opendata_datasets").fetchone() == (23, 14)
        assert scalar(con, "SELECT files_band FROM opendata_answers WHERE area_code = '104213'") == "11～50"
        source = con.execute("SELECT title, publisher, as_of::VARCHAR, kind, locator FROM sources "
                             "WHERE source_id = 'opendata_survey:r2'").fetchone()
        assert "2020年11月時点" in source[0] and "2020-11-30" in source[0] and "内閣官房" in source[1]
        assert source[2:] == ("2020-11-30", "import", "https://code4fukui.github.io/opendata_survey/r2_survey_answers_simple.csv")
        assert scalar(con, "SELECT count(*) FROM observations WHERE source_id = 'opendata_survey:r2' AND as_of <> DATE '2020-11-30'") == 0


@needs_shared
def test_code_defects_are_resolved_and_reported(fresh_store):
    report = import_opendata_survey(str(SURVEY.parent), db_file=fresh_store)   # the folder is enough
    assert report.ok and report.imported == ["r2"] and report.rows == 1788
    variant, collision = [r for r in report.resolutions if "団体コード" in r or "異体字" in r]
    assert re.search(r"r2_survey_answers_simple\.csv 2136 行目: 「高知県 梼原町」→ 394050（高知県 檮原町）.*異体字（梼/檮）", variant)
    assert re.search(r"r2_survey_answers_simple\.csv 2217 行目: 団体コード '13220'（132209、マスタでは 東京都 東大和市）"
                     r" → 406210（福岡県 苅田町、都道府県名＋市区町村名で照合）", collision)
    # Answers that contradict themselves are stored as answered and reported, never resolved.
    contradictions = [r for r in report.resolutions if "を選びつつ" in r]
    assert len(contradictions) == 10 and len(report.resolutions) == 12
    assert any("772 行目: 埼玉県 越谷市 は「オープンデータを公開していない" in r and "回答どおり 12 として保存" in r
               for r in contradictions)


def test_a_small_file(fresh_store, tmp_path):
    report = import_opendata_survey(str(opendata_fixture("good", tmp_path) / "r2_survey_answers_simple.csv"), db_file=fresh_store)
    assert report.ok and report.rows == 7 and len(report.resolutions) == 2
    assert _counts(fresh_store) == {"17": 5, "172049": 0, "172065": 13, "173657": 3, "394050": 0, "406210": 1}
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert con.execute("SELECT area_code, submission_status FROM opendata_answers WHERE NOT answered").fetchall() == [
            ("012025", "未提出")]
        assert scalar(con, "SELECT count(*) FROM opendata_published") == 6 * len(DATASETS)


@pytest.mark.parametrize("case, message", [
    ("wrong_header", r"r2_survey_answers_simple\.csv 1 行目 列「\[No\.17\]AED設置箇所一覧」: 見出し行が令和2年度調査.*の形と違います。"
                     r"236 列のはずが 235 列あります。足りない列: 「\[No\.17\]AED設置箇所一覧」$"),
    ("not_binary", r"r2_survey_answers_simple\.csv 4 行目 列「\[No\.17\]観光施設一覧」: 推奨データセットの公開の有無は 0 か 1 のはずが '○' です"),
    ("unknown_name", r"r2_survey_answers_simple\.csv 8 行目 列「地方公共団体名」: 団体コード '13220'（132209）はマスタでは "
                     r"東京都 東大和市 ですが、この行は「福岡県 苅田村」で、都道府県名＋市区町村名でもマスタにありません"),
])
def test_a_bad_file_gives_its_message_and_leaves_the_store_unchanged(fresh_store, tmp_path, capsys, case, message):
    import_opendata_survey(str(opendata_fixture("good", tmp_path / "before")), db_file=fresh_store)
    before, mtime = _dump(fresh_store), fresh_store.stat().st_mtime_ns
    folder = opendata_fixture(case, tmp_path)
    report = import_opendata_survey(str(folder), db_file=fresh_store)
    assert not report.ok and report.imported == [] and len(report.errors) == 1
    assert re.search(message, report.errors[0]), report.errors[0]
    assert _dump(fresh_store) == before
    assert fresh_store.stat().st_mtime_ns == mtime
    # The command: exit status 2, the message on stderr, the store still unchanged.
    assert main(["import", "opendata-survey", str(folder), "--db", str(fresh_store)]) == 2
    assert re.search(message, capsys.readouterr().err)
    assert fresh_store.stat().st_mtime_ns == mtime


def test_a_missing_file_is_reported(fresh_store, tmp_path, capsys):
    mtime = fresh_store.stat().st_mtime_ns
    assert main(["import", "opendata-survey", str(tmp_path / "nowhere.csv"), "--db", str(fresh_store)]) == 2
    assert "nowhere.csv: ファイルがありません" in capsys.readouterr().err
    assert fresh_store.stat().st_mtime_ns == mtime


def test_importing_the_same_file_again_changes_nothing(fresh_store, tmp_path, capsys):
    folder = str(opendata_fixture("good", tmp_path))
    assert main(["import", "opendata-survey", folder, "--db", str(fresh_store)]) == 0
    assert "取り込み: 1 件（7 行）" in capsys.readouterr().out
    before, mtime = _dump(fresh_store), fresh_store.stat().st_mtime_ns
    again = import_opendata_survey(folder, db_file=fresh_store)
    assert again.ok and again.imported == [] and again.unchanged == ["r2"]
    assert _dump(fresh_store) == before and fresh_store.stat().st_mtime_ns == mtime


@needs_shared
def test_other_content_replaces_the_survey_without_leftovers(fresh_store, tmp_path):
    small = str(opendata_fixture("good", tmp_path))
    import_opendata_survey(small, db_file=fresh_store)
    assert import_opendata_survey(str(SURVEY), db_file=fresh_store).imported == ["r2"]
    assert len(_counts(fresh_store)) == 1715
    assert import_opendata_survey(small, db_file=fresh_store).imported == ["r2"]
    assert len(_counts(fresh_store)) == 6
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert scalar(con, "SELECT count(*) FROM opendata_answers") == 7
        assert scalar(con, "SELECT count(*) FROM sources WHERE source_id LIKE 'opendata_survey:%'") == 1
        assert scalar(con, "SELECT data_file FROM sources WHERE source_id = 'opendata_survey:r2'").startswith(small)


def test_the_survey_survives_a_rebuild(fresh_store, tmp_path):
    import_opendata_survey(str(opendata_fixture("good", tmp_path)), db_file=fresh_store)
    before = {v: rows for v, rows in _dump(fresh_store).items() if v.startswith("opendata_")}
    store.build(fresh_store, config.DATA_DIR)
    assert {v: rows for v, rows in _dump(fresh_store).items() if v.startswith("opendata_")} == before
    assert _counts(fresh_store)["172065"] == 13


def test_import_from_an_http_url(fresh_store, tmp_path):
    folder = opendata_fixture("good", tmp_path)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        report = import_opendata_survey(base, db_file=fresh_store)     # the folder URL; the file name is known
        assert report.ok and report.rows == 7
        assert import_opendata_survey(base + "r2_survey_answers_simple.csv", db_file=fresh_store).unchanged == ["r2"]
        missing = import_opendata_survey(base + "r3_survey_answers_simple.csv", db_file=fresh_store)
        assert missing.errors == [f"{base}r3_survey_answers_simple.csv: 取得できません（HTTP 404）"]
    finally:
        server.shutdown()
    with duckdb.connect(str(fresh_store), read_only=True) as con:
        assert scalar(con, "SELECT locator FROM sources WHERE source_id = 'opendata_survey:r2'") == base + "r2_survey_answers_simple.csv"


def _edited(tmp_path: Path, edit) -> Path:
    """The good fixture with its rows (header first) changed by `edit`, written as a new file."""
    import csv
    import io
    source = opendata_fixture("good", tmp_path / "source") / "r2_survey_answers_simple.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(edit(rows))
    target = tmp_path / "edited.csv"
    target.write_text(out.getvalue(), encoding="utf-8-sig")
    return target


def _swap(rows, a: int, b: int):
    for row in rows:
        row[a], row[b] = row[b], row[a]
    return rows


@pytest.mark.parametrize("edit, message", [
    (lambda rows: _swap(rows, 110, 111),
     r"1 行目 列「\[No\.17\]AED設置箇所一覧」: .*「\[No\.17\]AED設置箇所一覧」は 111 列目のはずが 112 列目にあります"
     r"（ほか 1 列も位置が違います）"),
    (lambda rows: rows + [rows[3]],
     r"9 行目 列「地方公共団体コード」: 172065（石川県 加賀市）が 4 行目と重複しています"),
    (lambda rows: [[c.replace("未提出", "未回答") for c in row] for row in rows],
     r"6 行目 列「提出状況」: 提出済・未提出・未確認 のいずれかのはずが '未回答' です"),
    (lambda rows: [row[:110] + ["1"] + row[111:] if row[1] == "北海道 函館市" else row for row in rows],
     r"6 行目 列「\[No\.17\]AED設置箇所一覧」: 提出状況が 未提出 なのに回答 '1' があります"),
    (lambda rows: [row[:102] + ["12"] + row[103:] if row[1] == "石川県 輪島市" else row for row in rows],
     r"3 行目 列「\[No\.14\].*」: 選択肢（.*10以下.*）または空欄のはずが '12' です"),
    (lambda rows: [["17001", *row[1:]] if row[0] == "17000" else row for row in rows],
     r"2 行目 列「地方公共団体コード」: この行は都道府県「石川県」ですが、団体コード '17001' は都道府県のコード（17000）ではありません"),
    (lambda rows: [["18000", *row[1:]] if row[0] == "17000" else row for row in rows],
     r"2 行目 列「地方公共団体コード」: 団体コード '18000' は都道府県コード 18 ですが、この行は「石川県」（17）です"),
])
def test_other_bad_rows(fresh_store, tmp_path, edit, message):
    mtime = fresh_store.stat().st_mtime_ns
    report = import_opendata_survey(str(_edited(tmp_path, edit)), db_file=fresh_store)
    assert len(report.errors) == 1 and re.search(message, report.errors[0]), report.errors
    assert fresh_store.stat().st_mtime_ns == mtime
