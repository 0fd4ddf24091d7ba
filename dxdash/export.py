"""Table downloads that open correctly in Excel: CSV in UTF-8 with BOM, and .xlsx."""
from __future__ import annotations

import io

import pandas as pd

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM and CRLF, so Excel on Windows shows Japanese text correctly."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, *, sheet_name: str = "データ", notes: list[str] | None = None) -> bytes:
    """One sheet with the table; the as-of date and source go in a second sheet '出典'."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=sheet_name[:31], index=False)
        if notes:
            pd.DataFrame({"注記": notes}).to_excel(writer, sheet_name="出典", index=False)
    return buffer.getvalue()
