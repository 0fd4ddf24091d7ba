"""Where things are. DXDASH_DB overrides the store path, DXDASH_DATA the curated data folder."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DXDASH_DATA") or ROOT / "data")
QUERIES_DIR = ROOT / "queries"
SCHEMA_FILE = Path(__file__).resolve().parent / "schema.sql"


def db_path() -> Path:
    return Path(os.environ.get("DXDASH_DB") or DATA_DIR / "dxdash.duckdb")
