import io

import openpyxl
import pandas as pd

from dxdash import export


def test_csv_opens_in_excel_as_utf8_with_bom():
    frame = pd.DataFrame({"市区町村": ["輪島市"], "交付率(%)": [54.94]})
    data = export.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "市区町村,交付率(%)\r\n輪島市,54.94\r\n"


def test_xlsx_has_the_table_and_its_source_sheet():
    frame = pd.DataFrame({"市区町村": ["輪島市", "加賀市"], "交付率(%)": [54.94, 74.0]})
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, notes=["基準日: 2022-05-31", "出典: 図表10"])))
    sheet = book["データ"]
    assert [c.value for c in sheet[1]] == ["市区町村", "交付率(%)"]
    assert sheet["A3"].value == "加賀市" and sheet["B3"].value == 74.0
    assert [r[0].value for r in book["出典"].iter_rows(min_row=2)] == ["基準日: 2022-05-31", "出典: 図表10"]
