"""What every nationwide importer shares: reading CSV from a folder or an http(s) URL with exact
error locations, resolving 団体コード against the master list, and the import report."""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dxdash import store
from dxdash.master import strip_gun

FETCH_TIMEOUT_S = 60


class ImportDataError(ValueError):
    """Bad input: names the file, the line and the column, and says what was expected."""

    def __init__(self, location: str, message: str, *, line: int | None = None, column: str | None = None):
        where = location
        if line is not None:
            where += f" {line} 行目"
        if column is not None:
            where += f" 列「{column}」"
        super().__init__(f"{where}: {message}")
        self.location, self.line, self.column = location, line, column


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)       # snapshot labels newly stored
    unchanged: list[str] = field(default_factory=list)      # already in the store with identical content
    errors: list[str] = field(default_factory=list)         # one message per snapshot that was rolled back
    resolutions: list[str] = field(default_factory=list)    # rows whose code was repaired, and how
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        out = [f"取り込み: {len(self.imported)} 件（{self.rows:,} 行）、変更なし: {len(self.unchanged)} 件、"
               f"エラー: {len(self.errors)} 件"]
        out += [f"  補正: {r}" for r in self.resolutions]
        out += [f"  エラー: {e}" for e in self.errors]
        return out


def is_url(location: str) -> bool:
    return bool(re.match(r"https?://", str(location)))


def join(location: str, *parts: str) -> str:
    if is_url(location):
        return location.rstrip("/") + "/" + "/".join(parts)
    return str(Path(location, *parts))


def fetch(location: str) -> bytes:
    """The bytes of a local file or an http(s) URL; a missing file is an ImportDataError."""
    if is_url(location):
        try:
            with urllib.request.urlopen(location, timeout=FETCH_TIMEOUT_S) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise ImportDataError(location, f"取得できません（HTTP {exc.code}）") from None
        except (urllib.error.URLError, TimeoutError) as exc:
            raise ImportDataError(location, f"取得できません（{getattr(exc, 'reason', exc)}）") from None
    try:
        return Path(location).read_bytes()
    except FileNotFoundError:
        raise ImportDataError(location, "ファイルがありません") from None


def decode_utf8(location: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp932")
            hint = "（Shift_JIS で書かれているようです。UTF-8 で保存し直してください）"
        except UnicodeDecodeError:
            pass
        raise ImportDataError(location, f"UTF-8 として読めません{hint}", line=line) from None


def read_csv(location: str, data: bytes, expected_header: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, {column: text}); the header must be exactly `expected_header`."""
    reader = csv.reader(io.StringIO(decode_utf8(location, data), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportDataError(location, "空のファイルです", line=1) from None
    header = [h.strip() for h in header]
    if header != expected_header:
        missing = [h for h in expected_header if h not in header]
        extra = [h for h in header if h not in expected_header]
        detail = "、".join(filter(None, [f"足りない列: {missing}" if missing else "", f"余分な列: {extra}" if extra else ""]))
        raise ImportDataError(location, f"見出し行が想定と違います。期待: {expected_header}。{detail or '列の順序が違います'}",
                              line=1)
    rows = []
    while True:
        line = reader.line_num + 1          # where this record starts (a quoted cell may span lines)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportDataError(location, f"CSV として読めません: {exc}", line=line) from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ImportDataError(location, f"{len(header)} 列のはずが {len(row)} 列あります", line=line)
        rows.append((line, dict(zip(header, (cell.strip() for cell in row)))))
    return rows


def parse_int(location: str, line: int, column: str, text: str) -> int:
    cleaned = text.replace(",", "")
    if not re.fullmatch(r"\d+", cleaned):
        raise ImportDataError(location, f"0 以上の整数が必要ですが {text!r} です", line=line, column=column)
    return int(cleaned)


def parse_float(location: str, line: int, column: str, text: str) -> float:
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ImportDataError(location, f"数値（例: 57.1）が必要ですが {text!r} です", line=line, column=column)
    return float(text)


def parse_date(location: str, line: int, column: str, text: str):
    import datetime as dt
    try:
        return dt.datetime.strptime(text, "%Y/%m/%d").date()
    except ValueError:
        raise ImportDataError(location, f"日付 YYYY/MM/DD が必要ですが {text!r} です", line=line, column=column) from None


def sha256(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(hashlib.sha256(chunk).digest())
    return digest.hexdigest()


def _key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


class AreaResolver:
    """団体コード and names against the master list in the store (municipalities and prefectures)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        rows = con.execute("SELECT lg_code, pref_code, pref_name, name, name_without_gun FROM municipalities").fetchall()
        self.by_code = {r[0]: r for r in rows}
        self.by_name = {(_key(r[2]), _key(r[4])): r[0] for r in rows}
        self.pref_by_name = {_key(n): c for c, n in con.execute("SELECT pref_code, pref_name FROM prefectures").fetchall()}

    def prefecture(self, location: str, line: int, column: str, pref_name: str) -> str:
        code = self.pref_by_name.get(_key(pref_name))
        if code is None:
            raise ImportDataError(location, f"都道府県名 {pref_name!r} は 47 都道府県にありません", line=line, column=column)
        return code

    def by_pref_and_name(self, pref_name: str, name: str) -> str | None:
        return self.by_name.get((_key(pref_name), _key(strip_gun(name))))

    def name_matches(self, code6: str, pref_name: str, name: str) -> bool:
        """Same prefecture, and the printed name is the master name, possibly after a 郡 or island
        prefix (「河北郡内灘町」, 「三宅島三宅村」)."""
        row = self.by_code.get(code6)
        return row is not None and _key(row[2]) == _key(pref_name) and _key(strip_gun(name)).endswith(_key(row[4]))

    def describe(self, code6: str) -> str:
        row = self.by_code.get(code6)
        return f"{row[2]} {row[3]}" if row else "（マスタにない団体コード）"


def replace_import(con: duckdb.DuckDBPyConnection, source: dict, rows_by_table: dict[str, list[dict]]) -> bool:
    """Store one imported source and its rows in one transaction, replacing what it stored before.

    Returns False, writing nothing, when the same content (source['content_sha256']) is already
    stored. The source row is updated in place: DuckDB refuses to delete a key in the same
    transaction that deleted the rows referring to it.
    """
    source_id = source["source_id"]
    stored = con.execute("SELECT content_sha256 FROM core.sources WHERE source_id = ?", [source_id]).fetchone()
    if stored and stored[0] == source["content_sha256"]:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        for table in rows_by_table:
            con.execute(f"DELETE FROM {table} WHERE source_id = ?", [source_id])
        if stored:
            columns = [k for k in source if k != "source_id"]
            con.execute(f"UPDATE core.sources SET {', '.join(f'{c} = ?' for c in columns)} WHERE source_id = ?",
                        [source[c] for c in columns] + [source_id])
        else:
            store.insert_rows(con, "core.sources", [source])
        for table, rows in rows_by_table.items():
            store.insert_rows(con, table, [{**row, "source_id": source_id} for row in rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True
