"""Shared page parts: navigation, the prefecture/municipality picker, tables with downloads, captions."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from dxdash import export, fiscal, queries

DEFAULT_PREF_CODE = "17"        # 石川県: the prefecture most of the curated figures are about
DEFAULT_LG_CODE = "172049"      # 輪島市

PAGES = (  # (file, label, icon)
    ("app.py", "ホーム", ":material/home:"),
    ("pages/1_plans.py", "計画の内容", ":material/description:"),
    ("pages/2_mynumber.py", "マイナンバーカード", ":material/badge:"),
    ("pages/3_ftth.py", "光ファイバ", ":material/router:"),
)
PLOTLY_CONFIG = {"displaylogo": False, "locale": "ja",
                 "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "dxdash_chart"}}


def page_setup(title: str) -> None:
    """Common page frame: config, Japanese navigation in the sidebar, the page title."""
    st.set_page_config(page_title=f"{title} | dxdash 自治体DX比較", page_icon=":material/analytics:", layout="wide")
    with st.sidebar:
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon)
        st.divider()
    st.title(title)


def _keep(key: str) -> None:
    """Copy a widget's value to a plain session key, which survives moving to another page."""
    st.session_state[key] = st.session_state[f"_{key}_widget"]


def area_picker() -> tuple[str, str, str, str]:
    """Sidebar choice of 都道府県 and 市区町村, shared by every page. Returns (pref_code, pref_name, lg_code, name)."""
    prefs = queries.prefectures()
    pref_names = dict(zip(prefs.pref_code, prefs.pref_name))
    pref_code = st.session_state.get("pref_code", DEFAULT_PREF_CODE)
    if pref_code not in pref_names:
        pref_code = DEFAULT_PREF_CODE
    st.session_state["_pref_code_widget"] = pref_code
    with st.sidebar:
        st.selectbox("都道府県", list(pref_names), key="_pref_code_widget",
                     format_func=lambda c: f"{c} {pref_names[c]}", on_change=_keep, args=("pref_code",))
    pref_code = st.session_state["_pref_code_widget"]
    st.session_state["pref_code"] = pref_code

    towns = queries.municipalities(pref_code)
    town_names = dict(zip(towns.lg_code, towns.name))
    planned = set(towns.lg_code[towns.has_plan])
    lg_code = st.session_state.get("lg_code", DEFAULT_LG_CODE)
    if lg_code not in town_names:
        lg_code = next(iter(sorted(planned)), towns.lg_code.iloc[0])
    st.session_state["_lg_code_widget"] = lg_code
    with st.sidebar:
        st.selectbox("市区町村（団体コード）", list(town_names), key="_lg_code_widget",
                     format_func=lambda c: f"{c} {town_names[c]}{' ★計画あり' if c in planned else ''}",
                     on_change=_keep, args=("lg_code",))
        st.caption("★ はDX推進計画がストアにある団体")
    lg_code = st.session_state["_lg_code_widget"]
    st.session_state["lg_code"] = lg_code
    return pref_code, pref_names[pref_code], lg_code, town_names[lg_code]


def format_value(value: float | None, unit: str) -> str:
    """54.94, '%' → '54.94 %'; 1132656, '人' → '1,132,656 人'; None → 'データなし'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "データなし"
    if float(value).is_integer():
        number = f"{int(value):,}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{number} {unit}"


def format_date(day: dt.date | pd.Timestamp | None) -> str:
    """2022-05-31 → '2022-05-31（令和4年5月31日）'."""
    if day is None or pd.isna(day):
        return "—"
    day = pd.Timestamp(day).date()
    return f"{day.isoformat()}（{fiscal.wareki_date(day)}）"


def period_text(start_fy: int | None, end_fy: int | None) -> str:
    if start_fy is None or pd.isna(start_fy):
        return "計画期間の記載なし"
    return f"{fiscal.reiwa_label(int(start_fy))}〜{fiscal.reiwa_label(int(end_fy))}（FY{int(start_fy)}–FY{int(end_fy)}）"


def source_caption(as_of: str | None, sources: Iterable[str]) -> None:
    sources = list(dict.fromkeys(s for s in sources if s))
    st.caption(f"基準日: {as_of or '—'}　出典: {' ／ '.join(sources) if sources else '—'}")


def data_table(frame: pd.DataFrame, *, title: str, key: str, as_of: str | None, sources: Iterable[str],
               column_config: dict | None = None, height: int | str = "auto") -> None:
    """A titled, sortable table with its as-of date and source, downloadable as CSV (BOM) and .xlsx."""
    sources = list(dict.fromkeys(s for s in sources if s))
    st.subheader(title)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config, height=height, key=f"{key}_table")
    source_caption(as_of, sources)
    notes = [f"表題: {title}", f"基準日: {as_of or '—'}", *[f"出典: {s}" for s in sources]]
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("CSV（Excel用）", export.csv_bytes(frame), file_name=f"{key}.csv", mime=export.CSV_MIME,
                         key=f"{key}_csv", icon=":material/download:")
    right.download_button("Excel (.xlsx)", export.xlsx_bytes(frame, notes=notes), file_name=f"{key}.xlsx",
                          mime=export.XLSX_MIME, key=f"{key}_xlsx", icon=":material/download:")


def chart(fig, *, key: str) -> None:
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def source_label(row: pd.Series | dict) -> str:
    """'輪島市「輪島市DX推進計画…」 002_….txt § 図表10 …' from a row with source_* columns."""
    return f"{row['source_publisher']}「{row['source_title']}」 {row['source_locator']}"
