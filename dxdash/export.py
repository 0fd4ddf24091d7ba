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


# --- Charts as images and pages as PowerPoint decks -------------------------------------------

PNG_MIME = "image/png"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PNG_WIDTH = 1600


def figure_png(fig, *, width: int = PNG_WIDTH, height: int | None = None) -> bytes:
    """A chart as PNG, rendered by Kaleido in headless Chromium; Japanese needs fonts-noto-cjk installed."""
    height = height or int(fig.layout.height or 600)
    return fig.to_image(format="png", width=width, height=height, scale=1)


def deck(*, page_title: str, subject: str, exported_on, figures: list, tables: list) -> bytes:
    """A PowerPoint deck of one page: a title slide, one slide per chart (title, 出典, 基準日), one per table.

    `figures` holds plotly figures finished by charts.finish (their meta carries title, as_of and
    sources); `tables` holds (title, DataFrame, as_of, sources).
    """
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)   # 16:9
    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    title_slide.shapes.title.text = page_title
    title_slide.placeholders[1].text = f"{subject}\n出力日: {exported_on.isoformat()}（dxdash 自治体DX比較ダッシュボード）"

    def caption(slide, text: str) -> None:
        box = slide.shapes.add_textbox(Emu(400000), Emu(6200000), Emu(11400000), Emu(600000))
        box.text_frame.word_wrap = True
        box.text_frame.text = text
        for paragraph in box.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(11)

    for fig in figures:
        meta = dict(fig.layout.meta or {})
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = meta.get("title", "")
        slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(26)
        image = io.BytesIO(figure_png(fig, width=1600, height=int(fig.layout.height or 600)))
        picture = slide.shapes.add_picture(image, Emu(400000), Emu(1250000))
        scale = min(11400000 / picture.width, 4900000 / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        caption(slide, f"基準日: {meta.get('as_of', '—')}\n出典: {' ／ '.join(meta.get('sources', [])) or '—'}")

    for title, frame, as_of, sources in tables:
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = title
        slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(26)
        shown = frame.head(15)
        rows, cols = len(shown) + 1, min(len(shown.columns), 8)
        table = slide.shapes.add_table(rows, cols, Emu(400000), Emu(1250000), Emu(11400000), Emu(300000 * rows)).table
        for c, name in enumerate(shown.columns[:cols]):
            table.cell(0, c).text = str(name)
            for r, value in enumerate(shown.iloc[:, c], start=1):
                table.cell(r, c).text = "" if pd.isna(value) else str(value)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(10)
        more = f"（全 {len(frame)} 行のうち先頭 {len(shown)} 行。全体は CSV / Excel で）" if len(frame) > len(shown) else ""
        caption(slide, f"基準日: {as_of or '—'}　出典: {' ／ '.join(sources) or '—'} {more}")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
