"""Shared page parts: navigation, the prefecture/municipality picker, view state in the URL,
presentation mode, tables and charts with their downloads, and the page's export as a deck.

Every page follows the same frame:

    ui.page_setup("タイトル")
    pref_code, pref_name, lg_code, town_name = ui.area_picker()
    value = ui.bind_url("widget_key", "param", default=..., options=[...])  # before each widget
    st.selectbox(..., key="widget_key")
    ...
    ui.page_end()
"""
from __future__ import annotations

import datetime as dt
import math
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from dxdash import export, fiscal, queries
from dxdash.values import is_missing

DEFAULT_PREF_CODE = "17"        # 石川県: the prefecture most of the curated figures are about
DEFAULT_LG_CODE = "172049"      # 輪島市

PAGES = (  # (file, label, icon)
    ("app.py", "ホーム", ":material/home:"),
    ("pages/1_plans.py", "計画の内容", ":material/description:"),
    ("pages/2_mynumber.py", "マイナンバーカード", ":material/badge:"),
    ("pages/3_ftth.py", "光ファイバ", ":material/router:"),
    ("pages/4_opendata.py", "オープンデータ", ":material/dataset:"),
    ("pages/5_roadmap.py", "ロードマップ", ":material/view_timeline:"),
    ("pages/6_kpi.py", "KPIの進み具合", ":material/monitoring:"),
    ("pages/7_compare.py", "計画比較", ":material/compare_arrows:"),
    ("pages/9_admin.py", "データ管理", ":material/admin_panel_settings:"),
)
PLOTLY_CONFIG = {"displaylogo": False, "locale": "ja",
                 "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "dxdash_chart"}}
PRESENT_KEY = "present_mode"

_RUN = "_dxdash_run"   # per-run state of the current page (placeholders, notices, what to export)


def _run() -> dict:
    return st.session_state[_RUN]


def page_setup(title: str) -> None:
    """Common page frame: config, Japanese navigation, presentation mode, the title."""
    st.set_page_config(page_title=f"{title} | dxdash 自治体DX比較", page_icon=":material/analytics:", layout="wide")
    st.session_state[_RUN] = {"title": title, "figures": [], "tables": [], "notices": [], "subject": ""}
    with st.sidebar:
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon)
        st.divider()
    heading, controls = st.columns([5, 2], vertical_alignment="bottom")
    _run()["notice_slot"] = st.container()
    with controls:
        presenting = bind_url(PRESENT_KEY, "present", default=False, encode=lambda v: "1" if v else "0",
                              decode=lambda raw: {"1": True, "0": False}[raw])
        st.toggle("発表モード", key=PRESENT_KEY, help="サイドバーを隠し、文字とグラフを大きくします（リンクにも残ります）")
        _run()["link_slot"] = st.empty()
    heading.title(title)
    if presenting:
        st.markdown(
            """<style>
            [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
            .stMainBlockContainer {max-width: 100%; padding-top: 1.5rem;}
            html, .stMarkdown p, .stCaption, [data-testid="stMetricValue"] {font-size: 1.25em;}
            </style>""",
            unsafe_allow_html=True,
        )


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT_KEY))


# --- View state in the URL -------------------------------------------------------------------

def _notice(param: str, raw: str, fallback: str) -> None:
    message = f"リンクの「{param}={raw}」はこのデータでは使えないため、{fallback}を表示しています。"
    _run()["notices"].append(message)
    _run()["notice_slot"].warning(message, icon=":material/link_off:")


def bind_url(key: str, param: str, *, default: Any, options: list | None = None,
             valid: Callable[[Any], bool] | None = None, encode: Callable[[Any], str] = str,
             decode: Callable[[str], Any] = str, multi: bool = False, max_items: int | None = None) -> Any:
    """Tie the widget (or session value) `key` to the URL query parameter `param`.

    The first time a session runs the page, a value in the link wins; a value that is not valid
    any more (a date no longer in the store, an unknown code) falls back to `default` with a
    visible notice. After that the widget leads and the URL follows, so copying the address
    always copies the current view. Call before creating the widget; do not also give the widget
    a default value.
    """
    def acceptable(value) -> bool:
        items = value if multi else [value]
        if max_items is not None and len(items) > max_items:
            return False
        return all((options is None or item in options) and (valid is None or valid(item)) for item in items)

    if key not in st.session_state:
        raw = st.query_params.get(param)
        value = default
        if raw is not None:
            try:
                parsed = [decode(part) for part in raw.split(",") if part] if multi else decode(raw)
                if acceptable(parsed):
                    value = parsed
                else:
                    raise ValueError(raw)
            except (ValueError, KeyError, TypeError):
                _notice(param, raw, "既定の値")
        st.session_state[key] = value
    elif not acceptable(st.session_state[key]):
        st.session_state[key] = default   # e.g. the prefecture changed and the old choice is not in the list
    current = st.session_state[key]
    st.query_params[param] = ",".join(encode(v) for v in current) if multi else encode(current)
    return current


DEFAULT_PLAN_COUNT = 6     # plans shown together by default (all of them while the store holds a handful)
MAX_PLAN_COUNT = 12        # more bars or columns than this cannot be read on one screen


def nearby_first(plans: pd.DataFrame, lg_code: str, pref_code: str, key: str) -> list:
    """`plans[key]` ordered for a planner: the chosen municipality, then its prefecture, then the rest by 団体コード.

    Pages default to the first DEFAULT_PLAN_COUNT of these, so a national-scale store (1,741 plans)
    opens on the chosen municipality and its neighbours rather than on everything.
    """
    order = plans.assign(_rank=[0 if code == lg_code else 1 if code[:2] == pref_code else 2 for code in plans.lg_code])
    return list(dict.fromkeys(order.sort_values(["_rank", "lg_code", "plan_id"])[key]))


def iso_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _keep(key: str) -> None:
    """Copy a widget's value to a plain session key, which survives moving to another page."""
    st.session_state[key] = st.session_state[f"_{key}_widget"]


def area_picker() -> tuple[str, str, str, str]:
    """Sidebar choice of 都道府県 and 市区町村, shared by every page and kept in the URL (pref, lg).

    Returns (pref_code, pref_name, lg_code, name).
    """
    prefs = queries.prefectures()
    pref_names = dict(zip(prefs.pref_code, prefs.pref_name))
    link_lg = st.query_params.get("lg")
    if "pref_code" not in st.session_state:
        link_pref = st.query_params.get("pref") or (link_lg[:2] if link_lg else None)
        if link_pref is not None and link_pref not in pref_names:
            _notice("pref", link_pref, f"{pref_names[DEFAULT_PREF_CODE]}")
            link_pref, link_lg = None, None
        st.session_state["pref_code"] = link_pref or DEFAULT_PREF_CODE
    pref_code = st.session_state["pref_code"]
    st.session_state["_pref_code_widget"] = pref_code
    with st.sidebar:
        st.selectbox("都道府県", list(pref_names), key="_pref_code_widget",
                     format_func=lambda c: f"{c} {pref_names[c]}", on_change=_keep, args=("pref_code",))

    towns = queries.municipalities(pref_code)
    town_names = dict(zip(towns.lg_code, towns.name))
    planned = set(towns.lg_code[towns.has_plan])
    first_choice = DEFAULT_LG_CODE if DEFAULT_LG_CODE in town_names else next(iter(sorted(planned)), towns.lg_code.iloc[0])
    if "lg_code" not in st.session_state:
        if link_lg is not None and link_lg not in town_names:
            _notice("lg", link_lg, town_names[first_choice])
            link_lg = None
        st.session_state["lg_code"] = link_lg or first_choice
    lg_code = st.session_state["lg_code"]
    if lg_code not in town_names:   # the prefecture changed: pick one of its municipalities
        lg_code = st.session_state["lg_code"] = first_choice
    st.session_state["_lg_code_widget"] = lg_code
    with st.sidebar:
        st.selectbox("市区町村（団体コード）", list(town_names), key="_lg_code_widget",
                     format_func=lambda c: f"{c} {town_names[c]}{' ★計画あり' if c in planned else ''}",
                     on_change=_keep, args=("lg_code",))
        st.caption("★ はDX推進計画がストアにある団体")
    st.query_params["pref"] = pref_code
    st.query_params["lg"] = lg_code
    _run()["subject"] = f"{pref_names[pref_code]} {town_names[lg_code]}（団体コード {lg_code}）"
    return pref_code, pref_names[pref_code], lg_code, town_names[lg_code]


def view_link() -> str:
    """The address of the current view: page URL plus every query parameter."""
    base = st.context.url or ""
    query = urllib.parse.urlencode({k: st.query_params[k] for k in st.query_params}, safe=",")
    return f"{base}?{query}" if query else base


def page_end() -> None:
    """Fill in the link control and offer the whole page as a PowerPoint deck. Call last on every page."""
    state = _run()
    with state["link_slot"].popover("このビューのリンクをコピー", icon=":material/link:"):
        st.caption("右上のボタンでコピーできます。開くと同じ表示になります。")
        st.code(view_link(), language=None, wrap_lines=True)
    if state["figures"] or state["tables"]:
        figures, tables = list(state["figures"]), list(state["tables"])
        title, subject = state["title"], state["subject"]
        st.divider()
        st.download_button(
            "このページを PowerPoint に書き出す（.pptx）",
            lambda: export.deck(page_title=title, subject=subject, exported_on=dt.date.today(),
                                figures=figures, tables=tables),
            file_name="dxdash.pptx", mime=export.PPTX_MIME, on_click="ignore", icon=":material/slideshow:",
            key="page_deck",
        )


def stop() -> None:
    """End the page early (e.g. no data) but keep its link control and export."""
    page_end()
    st.stop()


# --- Formatting ------------------------------------------------------------------------------

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


def fy_text(value: int | None, missing: str = "記載なし") -> str:
    """2022 → '令和4年度 (FY2022)'; a year the plan does not print (None/NaN/NA) → `missing`.

    One wording for every table's 年度 column; a page that leaves the cell empty passes missing="".
    """
    return missing if is_missing(value) else fiscal.fy_label(int(value))


def period_text(start_fy: int | None, end_fy: int | None) -> str:
    if start_fy is None or pd.isna(start_fy):
        return "計画期間の記載なし"
    return f"{fiscal.reiwa_label(int(start_fy))}〜{fiscal.reiwa_label(int(end_fy))}（FY{int(start_fy)}–FY{int(end_fy)}）"


def short_period(start_fy: int | None, end_fy: int | None) -> str:
    """2022, 2026 → '令和4〜8年度' (fits a metric card); see period_text for the long form."""
    if start_fy is None or pd.isna(start_fy):
        return "記載なし"
    start, end = fiscal.reiwa_label(int(start_fy)), fiscal.reiwa_label(int(end_fy))
    if start[:2] == end[:2]:
        return f"{start.removesuffix('年度')}〜{end[2:]}"
    return f"{start}〜{end}"


def source_caption(as_of: str | None, sources: Iterable[str]) -> None:
    sources = list(dict.fromkeys(s for s in sources if s))
    st.caption(f"基準日: {as_of or '—'}　出典: {' ／ '.join(sources) if sources else '—'}")


def source_label(row: pd.Series | dict, prefix: str = "") -> str:
    """'輪島市「輪島市DX推進計画…」 002_….txt § 図表10 …' from a row with source_* columns.

    `prefix` picks another source of the same row, e.g. prefix="latest_" reads latest_source_publisher,
    latest_source_title and latest_source_locator (a KPI's latest value has its own source).
    """
    return f"{row[prefix + 'source_publisher']}「{row[prefix + 'source_title']}」 {row[prefix + 'source_locator']}"


# --- Tables and charts -----------------------------------------------------------------------

def data_table(frame: pd.DataFrame, *, title: str, key: str, as_of: str | None, sources: Iterable[str],
               column_config: dict | None = None, height: int | str = "auto") -> None:
    """A titled, sortable table with its as-of date and source, downloadable as CSV (BOM) and .xlsx."""
    sources = list(dict.fromkeys(s for s in sources if s))
    st.subheader(title)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config, height=height, key=f"{key}_table")
    source_caption(as_of, sources)
    notes = [f"表題: {title}", f"基準日: {as_of or '—'}", *[f"出典: {s}" for s in sources]]
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("CSV（Excel用）", lambda: export.csv_bytes(frame), file_name=f"{key}.csv",
                         mime=export.CSV_MIME, key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    right.download_button("Excel (.xlsx)", lambda: export.xlsx_bytes(frame, notes=notes), file_name=f"{key}.xlsx",
                          mime=export.XLSX_MIME, key=f"{key}_xlsx", icon=":material/download:", on_click="ignore")
    _run()["tables"].append((title, frame, as_of, sources))


def chart(fig, *, key: str) -> None:
    """Draw a figure finished by charts.finish; larger in presentation mode; PNG download rendered on click."""
    if presenting():
        fig.update_layout(height=max(int(fig.layout.height or 500), 760), font={"size": 18})
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    st.download_button("PNG で保存", lambda: export.figure_png(fig), file_name=f"{key}.png", mime=export.PNG_MIME,
                       key=f"{key}_png", icon=":material/image:", on_click="ignore")
    _run()["figures"].append(fig)
