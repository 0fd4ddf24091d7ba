"""The one place that opens the store for viewers: read-only, cached, reopened after a rebuild.

Builds and imports replace the file by renaming a new one over it (dxdash.store); the cache key
includes the file's modification time, so the next rerun after an import opens the new file and
every cached query result keyed on the old version is no longer used.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dxdash import config, curated, store


@st.cache_resource(show_spinner="データストアを準備しています…")
def _ensure_store(path: str) -> None:
    """Build the store on first start when it is missing or built from other inputs."""
    store.ensure_built(Path(path), on_build=lambda: print(f"dxdash: building {path}", file=sys.stderr))


@st.cache_resource(max_entries=2)
def _open(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


def store_version() -> str:
    """Identifies the store file currently in place (path and modification time); changes when a
    build or import swaps it."""
    path = str(config.db_path())
    try:
        _ensure_store(path)
    except curated.CuratedDataError as exc:
        st.error(f"計画データに誤りがあるため、データストアを作れません。\n\n{exc}", icon=":material/error:")
        st.stop()
    return f"{path}@{os.stat(path).st_mtime_ns}"


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor of the shared read-only connection (one per query: DuckDB cursors are not shared across threads)."""
    return _open(str(config.db_path()), store_version()).cursor()


@functools.cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql."""
    path = config.QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"クエリ {name} がありません: {path}")
    return path.read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(name: str, params: tuple, version: str) -> pd.DataFrame:
    with cursor() as cur:
        return cur.execute(sql_text(name), {k: list(v) if isinstance(v, tuple) else v for k, v in params}).df()


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with named parameters ($name in the SQL); cached per store version."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached_query(name, frozen, store_version()).copy()


def clear_caches() -> None:
    """After an import in this process: drop cached results and connections."""
    _cached_query.clear()
    _open.clear()
