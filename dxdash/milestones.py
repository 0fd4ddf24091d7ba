"""National milestones (data/milestones.yaml): validated and written to the store at build time.

The roadmap page draws them from the `milestones` view like every other figure, so a deadline
added to the file appears after a rebuild and carries its source. The file is optional: a data
folder without it (e.g. a test copy of data/plans) builds a store with no milestones.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import duckdb
from pydantic import Field, ValidationError, model_validator

from dxdash.curated import ID_PATTERN, CuratedDataError, Strict, read_yaml, validation_error
from dxdash.taxonomy import THEME_NAMES

MILESTONE_FILE = "milestones.yaml"
SOURCE_KIND = "national"


class MilestoneSource(Strict):
    title: str
    publisher: str
    published: dt.date | None = None
    document: str | None = None         # how to find the document when no URL was verified
    section: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _findable(self) -> MilestoneSource:
        if not (self.document or self.url):
            raise ValueError("document か url のどちらかが必要です（出典をたどれるように）")
        return self


class Milestone(Strict):
    milestone_id: str = Field(pattern=ID_PATTERN)
    date: dt.date
    date_printed: str
    label: str
    theme: Literal[THEME_NAMES] | None = None  # type: ignore[valid-type]
    text: str | None = None
    source: MilestoneSource
    quoted_in: list[str] = []


class MilestoneFile(Strict):
    milestones: list[Milestone]


def milestone_files(data_dir: Path) -> list[Path]:
    """The milestone file of a data folder, if it has one (part of the build's input fingerprint)."""
    path = Path(data_dir) / MILESTONE_FILE
    return [path] if path.is_file() else []


def load_milestones(path: Path) -> list[Milestone]:
    """Read and validate one milestone file; raise CuratedDataError at the first problem."""
    doc = read_yaml(path)
    try:
        loaded = MilestoneFile.model_validate(doc).milestones
    except ValidationError as exc:
        raise validation_error(path, doc, exc) from None
    seen: set[str] = set()
    for n, milestone in enumerate(loaded):
        if milestone.milestone_id in seen:
            raise CuratedDataError(f"{path}: milestones[{n}]: フィールド 'milestone_id': "
                                   f"{milestone.milestone_id!r} が重複しています")
        seen.add(milestone.milestone_id)
    return loaded


def load_into(con: duckdb.DuckDBPyConnection, data_dir: Path) -> int:
    """Write the data folder's milestones and one source row each into core tables; returns the count."""
    count = 0
    for path in milestone_files(data_dir):
        data_file = path.resolve().relative_to(Path(data_dir).resolve().parent).as_posix()
        for seq, milestone in enumerate(load_milestones(path), 1):
            source_id = f"milestone:{milestone.milestone_id}"
            src = milestone.source
            con.execute(
                "INSERT INTO core.sources (source_id, kind, title, publisher, as_of, section, url, data_file) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [source_id, SOURCE_KIND, src.title, src.publisher, src.published, src.section, src.url, data_file])
            con.execute(
                "INSERT INTO core.milestones (milestone_id, seq, milestone_date, date_printed, label, theme, text, "
                "document, quoted_in, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [milestone.milestone_id, seq, milestone.date, milestone.date_printed, milestone.label, milestone.theme,
                 milestone.text, src.document, " ／ ".join(milestone.quoted_in) or None, source_id])
            count += 1
    return count
