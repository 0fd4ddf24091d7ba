"""Shared fixtures: a store built from the repository's data/ into a temporary folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from dxdash import config, store

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DXDASH_SHARED") or ROOT.parent / "shared")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MYNUMBER = SHARED / "data" / "mynumbercard"
SURVEY = SHARED / "data" / "opendata_survey" / "r2_survey_answers_simple.csv"

pytest.register_assert_rewrite("tests.pages")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The store as `python -m dxdash build` makes it from data/ (built once per test session)."""
    db_file = tmp_path_factory.mktemp("store") / "dxdash.duckdb"
    store.build(db_file, config.DATA_DIR)
    return db_file


@pytest.fixture()
def con(built_store):
    connection = duckdb.connect(str(built_store), read_only=True)
    yield connection
    connection.close()


def point_app_at(db_file: Path, monkeypatch) -> Path:
    """Make the app under test read the store `db_file` (through DXDASH_DB)."""
    monkeypatch.setenv("DXDASH_DB", str(db_file))
    return db_file


@pytest.fixture()
def app_env(built_store, monkeypatch):
    """Point the app at the session's built store, as the README command would after a build."""
    return point_app_at(built_store, monkeypatch)


def scalar(con, sql: str, *params):
    row = con.execute(sql, list(params)).fetchone()
    return None if row is None else row[0]


def fixture_snapshot(case: str, dest: Path) -> Path:
    """Materialise tests/fixtures/mynumber/<case>/ (files stored as *.csv.in) as a snapshot tree under dest."""
    root = dest / case
    for src in (FIXTURES / "mynumber" / case).rglob("*.in"):
        target = root / src.relative_to(FIXTURES / "mynumber" / case).with_suffix("")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
    return root


def shared_path(path: Path) -> Path:
    """`path` under ../shared, or the test is skipped when ../shared is not beside the repository."""
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    return path


def import_into_copy(store_file: Path, folder: Path, importer, source: Path):
    """Copy `store_file` into `folder` and run `importer` on `source` into the copy: the copy and the report."""
    db_file = folder / "dxdash.duckdb"
    shutil.copyfile(store_file, db_file)
    report = importer(str(source), db_file=db_file)
    assert report.ok, report.errors
    return db_file, report


@pytest.fixture(scope="session")
def imported_store(built_store, tmp_path_factory) -> Path:
    """The built store with all 46 nationwide My Number snapshots from ../shared imported."""
    from dxdash.importers.mynumber import import_mynumber
    folder = tmp_path_factory.mktemp("imported")
    db_file, _ = import_into_copy(built_store, folder, import_mynumber, shared_path(MYNUMBER))
    return db_file


# Open-data survey (issue 4) ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def opendata_store(built_store, tmp_path_factory) -> Path:
    """The built store with the 2020-11 open-data survey from ../shared imported (no My Number imports)."""
    from dxdash.importers.opendata import import_opendata_survey
    folder = tmp_path_factory.mktemp("opendata")
    db_file, report = import_into_copy(built_store, folder, import_opendata_survey, shared_path(SURVEY))
    assert report.imported, report.errors
    return db_file


@pytest.fixture(scope="session")
def full_store(imported_store, tmp_path_factory) -> Path:
    """Everything a deployed dashboard would have: the plans, the 46 My Number snapshots and the survey."""
    from dxdash.importers.opendata import import_opendata_survey
    db_file, _ = import_into_copy(imported_store, tmp_path_factory.mktemp("full"), import_opendata_survey, SURVEY)
    return db_file


# The app pointed at those stores -----------------------------------------------------------------

@pytest.fixture()
def imported_app_env(imported_store, monkeypatch):
    return point_app_at(imported_store, monkeypatch)


@pytest.fixture()
def opendata_app_env(opendata_store, monkeypatch):
    return point_app_at(opendata_store, monkeypatch)
