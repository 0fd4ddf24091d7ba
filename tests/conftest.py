"""Shared fixtures: a store built from the repository's data/ into a temporary folder."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from dxdash import config, store

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DXDASH_SHARED") or ROOT.parent / "shared")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


@pytest.fixture()
def app_env(built_store, monkeypatch):
    """Point the app at the session's built store, as the README command would after a build."""
    monkeypatch.setenv("DXDASH_DB", str(built_store))
    return built_store


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


@pytest.fixture(scope="session")
def imported_store(built_store, tmp_path_factory) -> Path:
    """The built store with all 46 nationwide My Number snapshots from ../shared imported."""
    import shutil

    from dxdash.importers.mynumber import import_mynumber
    if not (SHARED / "data" / "mynumbercard").exists():
        pytest.skip("../shared is not beside the repository")
    db_file = tmp_path_factory.mktemp("imported") / "dxdash.duckdb"
    shutil.copyfile(built_store, db_file)
    report = import_mynumber(str(SHARED / "data" / "mynumbercard"), db_file=db_file)
    assert report.ok, report.errors
    return db_file


@pytest.fixture()
def imported_app_env(imported_store, monkeypatch):
    monkeypatch.setenv("DXDASH_DB", str(imported_store))
    return imported_store


# Open-data survey (issue 4) ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def opendata_store(built_store, tmp_path_factory) -> Path:
    """The built store with the 2020-11 open-data survey from ../shared imported (no My Number imports)."""
    import shutil

    from dxdash.importers.opendata import import_opendata_survey
    survey = SHARED / "data" / "opendata_survey" / "r2_survey_answers_simple.csv"
    if not survey.exists():
        pytest.skip("../shared is not beside the repository")
    db_file = tmp_path_factory.mktemp("opendata") / "dxdash.duckdb"
    shutil.copyfile(built_store, db_file)
    report = import_opendata_survey(str(survey), db_file=db_file)
    assert report.ok and report.imported, report.errors
    return db_file


@pytest.fixture()
def opendata_app_env(opendata_store, monkeypatch):
    monkeypatch.setenv("DXDASH_DB", str(opendata_store))
    return opendata_store


@pytest.fixture(scope="session")
def full_store(imported_store, tmp_path_factory) -> Path:
    """Everything a deployed dashboard would have: the plans, the 46 My Number snapshots and the survey."""
    import shutil

    from dxdash.importers.opendata import import_opendata_survey
    db_file = tmp_path_factory.mktemp("full") / "dxdash.duckdb"
    shutil.copyfile(imported_store, db_file)
    report = import_opendata_survey(str(SHARED / "data" / "opendata_survey" / "r2_survey_answers_simple.csv"), db_file=db_file)
    assert report.ok, report.errors
    return db_file
