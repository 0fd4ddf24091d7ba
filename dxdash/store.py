"""Building and writing the DuckDB store.

Writers never touch the live file in place: DuckDB forbids a writer while viewers hold the file
read-only (see ../shared/PLATFORM.md), so a build or an import writes a new file next to it and
renames it over the old one. Viewers notice the new file by its modification time and reopen.
A failed build or import leaves the live file exactly as it was.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pandas as pd

from dxdash import config, curated, master, milestones
from dxdash.taxonomy import MEASURES, THEMES

IMPORTED = "core.sources WHERE kind = 'import'"


class NothingChanged(Exception):
    """Raised inside `replacing` to keep the live store as it is (e.g. a re-import of identical files)."""


def input_fingerprint(data_dir: Path | None = None) -> str:
    """Hash of everything a build reads: plan files, the schema and the code that turns them into rows."""
    data_dir = data_dir or config.DATA_DIR
    digest = hashlib.sha256()
    package_dir = Path(__file__).resolve().parent
    build_code = [package_dir / f"{name}.py" for name in ("curated", "master", "store", "taxonomy", "lgcode", "milestones")]
    inputs = curated.plan_files(data_dir) + milestones.milestone_files(data_dir) + [config.SCHEMA_FILE] + build_code
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(master.master_source()["title"].encode())
    return digest.hexdigest()


def stored_fingerprint(db_file: Path) -> str | None:
    if not db_file.exists():
        return None
    try:
        with contextlib.closing(duckdb.connect(str(db_file), read_only=True)) as con:
            row = con.execute("SELECT value FROM core.meta WHERE key = 'input_fingerprint'").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


def is_current(db_file: Path | None = None, data_dir: Path | None = None) -> bool:
    db_file = db_file or config.db_path()
    return stored_fingerprint(db_file) == input_fingerprint(data_dir)


@contextlib.contextmanager
def _writer_lock(db_file: Path) -> Iterator[None]:
    """One writer at a time (two app processes starting together, or a build during an import)."""
    lock_file = db_file.with_name(db_file.name + ".lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> int:
    if not rows:
        return 0
    frame = pd.DataFrame(rows)
    columns = ", ".join(frame.columns)
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _rows")
    finally:
        con.unregister("_rows")
    return len(frame)


@contextlib.contextmanager
def _new_file(db_file: Path, *, copy_live: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a new file beside the store; when the block ends normally the new
    file replaces the store in one rename. On NothingChanged or an error it is deleted and the
    store is untouched. The caller holds the writer lock."""
    tmp = db_file.with_name(f".{db_file.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    if copy_live:
        shutil.copyfile(db_file, tmp)
    con = duckdb.connect(str(tmp))
    try:
        yield con
        con.execute("CHECKPOINT")
        con.close()
        os.replace(tmp, db_file)
    except NothingChanged:
        con.close()
        tmp.unlink(missing_ok=True)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        Path(str(tmp) + ".wal").unlink(missing_ok=True)


@contextlib.contextmanager
def replacing(db_file: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a copy of the store; when the block ends normally the copy replaces it.

    The caller runs its own transactions on the copy (an importer: one per snapshot, so a bad
    snapshot is rolled back while good ones land). Raise NothingChanged to keep the store as it
    is. Viewers keep reading the old file until they reopen.
    """
    db_file = Path(db_file)
    ensure_built(db_file)   # never import into a store built from other data or an older schema
    with _writer_lock(db_file), _new_file(db_file, copy_live=True) as con:
        yield con


def build(db_file: Path | None = None, data_dir: Path | None = None) -> dict[str, int]:
    """Turn data/ into the store. Imported nationwide data in an existing store is carried over.

    Validation happens before anything is written; invalid curated data raises CuratedDataError.
    Returns row counts per table.
    """
    db_file = Path(db_file or config.db_path())
    data_dir = Path(data_dir or config.DATA_DIR)
    areas_rows = master.master_rows()
    areas = {row["lg_code"]: row for row in areas_rows}
    loaded = curated.load_all(data_dir, areas)
    rows = curated.to_rows(loaded, areas, data_dir.parent)

    with _writer_lock(db_file), _new_file(db_file, copy_live=False) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
        counts = {
            "sources": insert_rows(con, "core.sources", [master.master_source(), *rows.sources]),
            "areas": insert_rows(con, "core.areas", areas_rows),
            "themes": insert_rows(con, "core.themes", [
                {"theme": name, "seq": seq, "national_priority": national} for seq, (name, national) in enumerate(THEMES, 1)
            ]),
            "measures": insert_rows(con, "core.measures", [
                {"measure": m, "label": label, "unit": unit} for m, (label, unit) in MEASURES.items()
            ]),
        }
        for table in ("plans", "policies", "governance", "phases", "initiatives", "schedule", "kpis", "observations"):
            counts[table] = insert_rows(con, f"core.{table}", getattr(rows, table))
        counts["milestones"] = milestones.load_into(con, data_dir)
        counts["imported_observations"] = _carry_over_imports(con, db_file)
        con.execute("INSERT INTO core.meta VALUES ('input_fingerprint', ?)", [input_fingerprint(data_dir)])
        con.execute("COMMIT")
    return counts


def _carry_over_imports(con: duckdb.DuckDBPyConnection, old_file: Path) -> int:
    """Copy imported sources and the rows they own from the previous store, if there is one.

    Columns are matched by name, so a schema change that only adds nullable columns keeps the
    imports. When the previous store cannot be carried over (unreadable, or a column the new
    schema requires is missing), nothing is copied and the loss is recorded in core.meta
    ('imports_dropped') and printed, so the dashboard can say that an import must be redone.
    """
    if not old_file.exists():
        return 0
    try:
        con.execute("ATTACH ? AS previous (READ_ONLY)", [str(old_file)])
    except duckdb.Error as exc:
        return _imports_dropped(con, f"以前のストアを読めません（{exc}）")
    try:
        old_tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'previous' AND schema_name = 'core'").fetchall()}
        if not {"sources", "observations"} <= old_tables:
            return 0
        if not con.execute(f"SELECT count(*) FROM previous.{IMPORTED}").fetchone()[0]:
            return 0
        tables = ["sources", "observations", *sorted(old_tables - {"sources", "observations", "meta"} - _BUILT_TABLES)]
        plans = {}
        for table in tables:
            new_columns = con.execute(
                "SELECT column_name, is_nullable FROM duckdb_columns() WHERE database_name = current_database() "
                "AND schema_name = 'core' AND table_name = ? ORDER BY column_index", [table]).fetchall()
            old_columns = {r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'previous' AND schema_name = 'core' "
                "AND table_name = ?", [table]).fetchall()}
            if not new_columns:
                return _imports_dropped(con, f"表 core.{table} は新しいスキーマにありません")
            missing = [name for name, nullable in new_columns if not nullable and name not in old_columns]
            if missing:
                return _imports_dropped(con, f"表 core.{table} に新しいスキーマで必須の列 {missing} がありません")
            plans[table] = ", ".join(name for name, _ in new_columns if name in old_columns)
        con.execute(f"INSERT INTO core.sources ({plans['sources']}) SELECT {plans['sources']} FROM previous.{IMPORTED}")
        carried = con.execute(
            f"INSERT INTO core.observations ({plans['observations']}) SELECT "
            + ", ".join(f"o.{c.strip()}" for c in plans["observations"].split(","))
            + " FROM previous.core.observations o JOIN previous.core.sources s USING (source_id) WHERE s.kind = 'import'"
        ).fetchone()[0]
        for table in tables[2:]:
            con.execute(f"INSERT INTO core.{table} ({plans[table]}) SELECT {plans[table]} FROM previous.core.{table}")
        return carried
    finally:
        con.execute("DETACH previous")


def _imports_dropped(con: duckdb.DuckDBPyConnection, reason: str) -> int:
    message = f"取り込み済みの全国データを引き継げませんでした: {reason}。取り込みをやり直してください。"
    print(f"dxdash: {message}", file=sys.stderr)
    con.execute("INSERT INTO core.meta VALUES ('imports_dropped', ?)", [message])
    return 0


_BUILT_TABLES = {"areas", "themes", "measures", "plans", "policies", "governance", "phases", "initiatives",
                 "schedule", "kpis", "milestones"}


def ensure_built(db_file: Path | None = None, data_dir: Path | None = None,
                 on_build: Callable[[], None] | None = None) -> bool:
    """Build the store when it is missing or was built from other inputs. Returns True if it built."""
    db_file = Path(db_file or config.db_path())
    if is_current(db_file, data_dir):
        return False
    if on_build:
        on_build()
    build(db_file, data_dir)
    return True
