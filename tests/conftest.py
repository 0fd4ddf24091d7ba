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
