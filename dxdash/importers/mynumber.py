"""Importer for 総務省「マイナンバーカード交付状況」 as CSV (Code for Japan mynumbercard_statistics).

One snapshot folder YYYYMMDD/ holds all_localgovs.csv (1,741 municipalities), all_prefectures.csv
(47) and summary_by_types.csv (全国 and types). Each snapshot is imported in its own transaction:
a bad snapshot is rolled back with a message naming file, line and column, the others land.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dxdash import config, lgcode, store
from dxdash.importing import (AreaResolver, ImportDataError, ImportReport, fetch, is_url, join, parse_date,
                              parse_float, parse_int, read_csv, replace_import, sha256)

PUBLIC_URL = "https://mynumbercard.code4japan.org/static/data/{date}/"
PUBLISHER = "総務省「マイナンバーカード交付状況」（CSV 化: Code for Japan mynumbercard_statistics, MIT）"

LOCALGOV_HEADER = ["算出基準日", "都道府県名", "市区町村名", "総数（人口）", "交付枚数", "人口に対する交付枚数率",
                   "人口算出基準日", "交付件数基準日", "団体コード"]
PREFECTURE_HEADER = ["算出基準日", "都道府県名", "総数（人口）", "交付枚数", "人口に対する交付枚数率",
                     "人口算出基準日", "交付枚数算出基準日"]
SUMMARY_HEADER = ["算出基準日", "区分", "人口", "交付枚数", "人口に対する交付枚数率", "人口算出基準日", "交付枚数算出基準日"]
FILES = ("all_localgovs.csv", "all_prefectures.csv", "summary_by_types.csv")
MISSING_CODES = {"", "<NA>", "NA", "NaN", "nan"}


@dataclass
class Snapshot:
    label: str            # YYYYMMDD
    location: str         # folder path or URL


def find_snapshots(location: str, dates: list[str] | None = None) -> list[Snapshot]:
    """One snapshot folder, or every YYYYMMDD/ folder under a tree (a local folder or an http(s) base URL)."""
    location = str(location)
    if dates:
        return [Snapshot(d, join(location, d)) for d in sorted(dates)]
    name = location.rstrip("/").rsplit("/", 1)[-1]
    if is_url(location):
        if re.fullmatch(r"\d{8}", name):
            return [Snapshot(name, location)]
        # A static server's directory listing names the snapshot folders.
        listing = fetch(location.rstrip("/") + "/").decode("utf-8", errors="replace")
        labels = sorted(set(re.findall(r'href="(?:\./)?(\d{8})/?"', listing)))
        if not labels:
            raise ImportDataError(location, "スナップショット（YYYYMMDD/）の一覧が得られません。"
                                            "フォルダの URL を直接指定するか --date YYYYMMDD を付けてください")
        return [Snapshot(label, join(location, label)) for label in labels]
    path = Path(location)
    if not path.exists():
        raise ImportDataError(location, "フォルダがありません")
    if (path / FILES[0]).exists():
        return [Snapshot(path.name, str(path))]
    found = sorted(p for p in path.iterdir() if p.is_dir() and re.fullmatch(r"\d{8}", p.name) and (p / FILES[0]).exists())
    if not found:
        raise ImportDataError(location, f"{FILES[0]} を含むスナップショットのフォルダ（YYYYMMDD/）がありません")
    return [Snapshot(p.name, str(p)) for p in found]


def _parse(snapshot: Snapshot, resolver: AreaResolver, report: ImportReport) -> tuple[list[dict], dt.date, str]:
    """All observations of one snapshot, or ImportDataError. Nothing is written here."""
    data = {name: fetch(join(snapshot.location, name)) for name in FILES}
    observations: list[dict] = []
    as_of_dates: set[dt.date] = set()

    def add(area_code: str, loc: str, line: int, row: dict, population_col: str, count_date_col: str) -> None:
        population = parse_int(loc, line, population_col, row[population_col])
        issued = parse_int(loc, line, "交付枚数", row["交付枚数"])
        rate = parse_float(loc, line, "人口に対する交付枚数率", row["人口に対する交付枚数率"])
        as_of = parse_date(loc, line, count_date_col, row[count_date_col])
        population_date = parse_date(loc, line, "人口算出基準日", row["人口算出基準日"])
        as_of_dates.add(as_of)
        for measure, value, printed in (("mynumber_population", population, row[population_col]),
                                        ("mynumber_issued", issued, row["交付枚数"]),
                                        ("mynumber_issuance_rate", rate, row["人口に対する交付枚数率"])):
            observations.append({"measure": measure, "area_code": area_code, "as_of": as_of, "value": float(value),
                                 "value_printed": printed, "denominator_as_of": population_date})

    loc = join(snapshot.location, "all_localgovs.csv")
    seen: dict[str, int] = {}
    for line, row in read_csv(loc, data["all_localgovs.csv"], LOCALGOV_HEADER):
        raw = row["団体コード"]
        if raw in MISSING_CODES:
            code6 = resolver.by_pref_and_name(row["都道府県名"], row["市区町村名"])
            if code6 is None:
                raise ImportDataError(loc, f"団体コードが空（{raw!r}）で、都道府県名＋市区町村名 "
                                           f"「{row['都道府県名']} {row['市区町村名']}」もマスタにありません",
                                      line=line, column="団体コード")
            report.resolutions.append(f"{loc} {line} 行目: 団体コード {raw!r} → {code6}"
                                      f"（{row['都道府県名']} {row['市区町村名']}、都道府県名＋市区町村名で照合）")
        else:
            try:
                code6 = lgcode.normalize(raw, digits_hint=6)
            except lgcode.LgCodeError as exc:
                raise ImportDataError(loc, str(exc), line=line, column="団体コード") from None
            if not resolver.name_matches(code6, row["都道府県名"], row["市区町村名"]):
                raise ImportDataError(loc, f"団体コード {code6} はマスタでは {resolver.describe(code6)} ですが、"
                                           f"この行は「{row['都道府県名']} {row['市区町村名']}」です",
                                      line=line, column="団体コード")
        if code6 in seen:
            raise ImportDataError(loc, f"団体コード {code6} が {seen[code6]} 行目と重複しています", line=line, column="団体コード")
        seen[code6] = line
        add(code6, loc, line, row, "総数（人口）", "交付件数基準日")

    loc = join(snapshot.location, "all_prefectures.csv")
    for line, row in read_csv(loc, data["all_prefectures.csv"], PREFECTURE_HEADER):
        pref_code = resolver.prefecture(loc, line, "都道府県名", row["都道府県名"])
        add(pref_code, loc, line, row, "総数（人口）", "交付枚数算出基準日")

    loc = join(snapshot.location, "summary_by_types.csv")
    nation = [(line, row) for line, row in read_csv(loc, data["summary_by_types.csv"], SUMMARY_HEADER) if row["区分"] == "全国"]
    if len(nation) != 1:
        raise ImportDataError(loc, f"区分「全国」の行がちょうど 1 行必要ですが {len(nation)} 行です", column="区分")
    line, row = nation[0]
    add(lgcode.NATION, loc, line, row, "人口", "交付枚数算出基準日")

    if len(as_of_dates) != 1:
        raise ImportDataError(snapshot.location, f"1 つのスナップショットに複数の基準日があります: {sorted(as_of_dates)}")
    return observations, as_of_dates.pop(), sha256(*(data[name] for name in FILES))


def _store(con: duckdb.DuckDBPyConnection, snapshot: Snapshot, observations: list[dict], as_of: dt.date,
           content: str) -> bool:
    """Write one parsed snapshot in its own transaction. False when the same content is already stored."""
    source = {
        "source_id": f"mynumber:{snapshot.label}", "kind": "import",
        "title": f"マイナンバーカード交付状況（{as_of.year}年{as_of.month}月{as_of.day}日時点）",
        "publisher": PUBLISHER, "as_of": as_of, "seed_file": None, "section": ", ".join(FILES),
        "url": snapshot.location if is_url(snapshot.location) else PUBLIC_URL.format(date=snapshot.label),
        "data_file": None if is_url(snapshot.location) else snapshot.location, "content_sha256": content,
    }
    return replace_import(con, source, {"core.observations": observations})


def import_mynumber(location: str, *, dates: list[str] | None = None, db_file: Path | None = None) -> ImportReport:
    """Import one snapshot folder or a tree of them (path or http(s) URL) into the store."""
    db_file = Path(db_file or config.db_path())
    report = ImportReport()
    snapshots = find_snapshots(location, dates)
    with store.replacing(db_file) as con:
        resolver = AreaResolver(con)
        for snapshot in snapshots:
            try:
                observations, as_of, content = _parse(snapshot, resolver, report)
                if _store(con, snapshot, observations, as_of, content):
                    report.imported.append(snapshot.label)
                    report.rows += len(observations) // 3
                else:
                    report.unchanged.append(snapshot.label)
            except ImportDataError as exc:
                report.errors.append(str(exc))
        if not report.imported:
            raise store.NothingChanged
    return report
