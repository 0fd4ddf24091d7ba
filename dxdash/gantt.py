"""The roadmap Gantt chart: plans' dated schedule rows as bars on one fiscal-year axis.

Rows are grouped by theme (in the order of the `themes` view) and, within a theme, by
municipality, so that the same theme lines up across plans. A bar runs from April 1 of its first
fiscal year to March 31 after its last (fiscal.fy_start / fy_end). Rows whose end year the plan
does not print run to the plan's end and are drawn lighter and hatched. National deadlines are
diamonds in their theme group and dotted vertical lines across the chart; today is a solid line.
The caller passes the figure through charts.finish (title, axis titles, as-of date and sources).
"""
from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from dxdash import charts, fiscal
from dxdash.values import is_missing

NOT_PRINTED_LEGEND = "終了年度の記載なし（計画期間末まで）"
PHASE_LEGEND = "計画の段階（印刷どおり）"
MILESTONE_LEGEND = "国の期限"
TODAY_COLOR = charts.HIGHLIGHT
MILESTONE_COLOR = charts.TARGET
PHASE_COLOR = "#9e9e9e"
PALETTE = qualitative.Plotly
ROW_HEIGHT = 24
BAR_WIDTH = 0.7   # in y units (one line = 1); fixed, since a trace's bars may be far apart
_DAY_MS = 86_400_000
_CHARS_PER_YEAR = 9   # bar text longer than its bar spills onto the next year's bars: cut it


def municipality_colors(lg_codes: list[str]) -> dict[str, str]:
    """One colour per municipality, stable for a given order of codes."""
    return {code: PALETTE[n % len(PALETTE)] for n, code in enumerate(lg_codes)}


def bar_dates(start_fy: int, end_fy: int) -> tuple[dt.date, dt.date]:
    """A schedule row from 令和N年度 to 令和M年度 runs from April 1 of N to March 31 after M."""
    return fiscal.fy_start(int(start_fy)), fiscal.fy_end(int(end_fy))


def fiscal_year_ticks(first_fy: int, last_fy: int) -> tuple[list[str], list[str]]:
    """Ticks at each fiscal year's start, labelled both ways: '令和4年度<br>FY2022'."""
    years = range(first_fy, last_fy + 2)
    return ([fiscal.fy_start(y).isoformat() for y in years],
            [f"{fiscal.reiwa_label(y)}<br>FY{y}" for y in years])


def _ms(day: dt.date) -> float:
    """A date as epoch milliseconds: vertical lines with annotations need numbers on a date axis."""
    return pd.Timestamp(day).timestamp() * 1000


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrapped(text: str | None, width: int = 38) -> str:
    if is_missing(text):
        return "（記載なし）"
    lines = []
    for paragraph in str(text).splitlines():
        lines += textwrap.wrap(paragraph, width) or [""]
    return "<br>".join(lines)


@dataclass
class _Line:
    """One y position of the chart: a theme header, a schedule row, a plan stage or a national deadline."""
    kind: str
    tick: str
    row: dict = field(default_factory=dict)


def _bar_hover(row: dict, start: dt.date, end: dt.date) -> str:
    period = (f"{fiscal.reiwa_label(int(row['start_fy']))}〜{fiscal.reiwa_label(int(row['end_fy']))}"
              f"（{start.isoformat()}〜{end.isoformat()}）")
    parts = [f"<b>{row['municipality_name']}｜{row['initiative_title']}</b>",
             f"項目（印刷どおり）: {_wrapped(row['label'])}",
             f"期間: {period}",
             f"時期の記載（印刷どおり）: {_wrapped(row.get('printed'))}"]
    if not row["end_printed"]:
        parts.append(f"終了年度: {NOT_PRINTED_LEGEND}")
    if not is_missing(row.get("phase")):
        parts.append(f"段階: {row['phase']}")
    parts += [f"取組の内容（印刷どおり）:<br>{_wrapped(row.get('initiative_text'))}",
              f"出典: {_wrapped(row['source_section'])}<br>{row['source_locator']}"]
    return "<br>".join(parts)


def _layout(rows: pd.DataFrame, phases: pd.DataFrame, milestones: pd.DataFrame, themes: list[str]) -> list[_Line]:
    """The chart's lines top to bottom: the plans' stages, then per theme a header, the national deadline(s)
    and the schedule rows in the order given (the page orders them by municipality), so that one theme's
    rows of every plan sit together under the same header."""
    lines: list[_Line] = []
    if not phases.empty:
        lines.append(_Line("header", f"<b>{PHASE_LEGEND}</b>"))
        for ph in phases.to_dict("records"):
            lines.append(_Line("phase", _short(f"{ph['municipality_name']}｜{ph['label']}", 34), ph))
    for theme in themes:
        theme_rows = rows[rows.theme == theme]
        theme_milestones = milestones[milestones.theme == theme] if not milestones.empty else milestones
        if theme_rows.empty and theme_milestones.empty:
            continue
        lines.append(_Line("header", f"<b>{theme}</b>"))
        for ms in theme_milestones.to_dict("records"):
            lines.append(_Line("milestone", _short(f"国｜{ms['label']}（{ms['date_printed']}）", 34), ms))
        for row in theme_rows.to_dict("records"):
            phase = f"（{row['phase']}）" if not is_missing(row.get("phase")) else ""
            lines.append(_Line("bar", _short(f"{row['municipality_name']}｜{row['initiative_title']}", 34 - len(phase))
                               + phase, row))
    return lines


def _span_ms(start: dt.date, end: dt.date) -> int:
    # The bar covers the whole of its last day: it ends where the next fiscal year begins.
    return ((end - start).days + 1) * _DAY_MS


def _add_schedule_bars(fig: go.Figure, items: list[tuple[int, dict]], *, name: str, light: bool,
                       colors: dict[str, str]) -> None:
    """One bar trace; `light` = the rows whose end year is not printed (lighter, hatched, dark text)."""
    spans = [bar_dates(r["start_fy"], r["end_fy"]) for _, r in items]
    bar_colors = [colors.get(r["lg_code"], charts.MAIN) for _, r in items]
    fig.add_bar(
        y=[pos for pos, _ in items], base=[start.isoformat() for start, _ in spans],
        x=[_span_ms(start, end) for start, end in spans], orientation="h", width=BAR_WIDTH, name=name,
        marker={"color": bar_colors, "opacity": 0.45 if light else 0.9, "line": {"color": bar_colors, "width": 1},
                "pattern": {"shape": "/" if light else "", "fgcolor": "#ffffff", "size": 6, "solidity": 0.3}},
        text=[_short(r["label"], _CHARS_PER_YEAR * (int(r["end_fy"]) - int(r["start_fy"]) + 1)) for _, r in items],
        textposition="inside", insidetextanchor="start", constraintext="none",
        textfont={"size": 11, "color": "#111" if light else "#fff"},
        hovertext=[_bar_hover(r, start, end) for (_, r), (start, end) in zip(items, spans)],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=[[r["plan_id"], start.isoformat(), end.isoformat()] for (_, r), (start, end) in zip(items, spans)],
        meta={"kind": "roadmap"},
    )


def _add_stages(fig: go.Figure, stages: list[tuple[int, dict]]) -> None:
    """The plans' printed stages (Wajima's 準備期/試行期/本格運用期) as grey bars in their own group."""
    dated = [(pos, ph, *bar_dates(ph["start_fy"], ph["end_fy"])) for pos, ph in stages
             if not is_missing(ph["start_fy"]) and not is_missing(ph["end_fy"])]
    if not dated:
        return
    fig.add_bar(
        y=[pos for pos, *_ in dated], base=[start.isoformat() for *_, start, _ in dated],
        x=[_span_ms(start, end) for *_, start, end in dated], orientation="h", width=BAR_WIDTH, name=PHASE_LEGEND,
        marker={"color": PHASE_COLOR, "opacity": 0.6}, text=[ph["label"] for _, ph, *_ in dated],
        textposition="inside", insidetextanchor="start", constraintext="none", textfont={"size": 11, "color": "#111"},
        hovertext=[f"<b>{ph['municipality_name']}｜{ph['label']}</b><br>{_wrapped(ph['printed'])}"
                   f"<br>出典: {ph['source_section']}<br>{ph['source_locator']}" for _, ph, *_ in dated],
        hovertemplate="%{hovertext}<extra></extra>", meta={"kind": "phase"},
    )


def _add_deadlines(fig: go.Figure, deadlines: list[tuple[int, dict]]) -> None:
    """National deadlines as diamonds on their own line in their theme group, with the source on hover."""
    if not deadlines:
        return
    fig.add_scatter(
        y=[pos for pos, _ in deadlines], x=[pd.Timestamp(m["milestone_date"]).date().isoformat() for _, m in deadlines],
        mode="markers", name=MILESTONE_LEGEND, marker={"symbol": "diamond", "size": 13, "color": MILESTONE_COLOR},
        hovertext=[f"<b>国の期限: {m['label']}（{m['date_printed']}）</b><br>{_wrapped(m['text'])}"
                   f"<br>出典: {m['source_publisher']}「{m['source_title']}」<br>{_wrapped(m['source_locator'])}"
                   for _, m in deadlines],
        hovertemplate="%{hovertext}<extra></extra>", meta={"kind": "milestone"},
    )


def _add_vertical_marks(fig: go.Figure, milestones: pd.DataFrame, x_from: dt.date, x_to: dt.date,
                        today: dt.date) -> None:
    """Dotted lines at national deadlines (labelled at the top) and a solid line for today (at the bottom)."""
    if not milestones.empty:
        in_range = milestones[(milestones.milestone_date >= pd.Timestamp(x_from))
                              & (milestones.milestone_date <= pd.Timestamp(x_to))]
        for day, group in in_range.groupby("milestone_date", sort=True):
            fig.add_vline(x=_ms(pd.Timestamp(day).date()), line_dash="dot", line_color=MILESTONE_COLOR, line_width=1.5,
                          annotation_text=f"国の期限 {group.date_printed.iloc[0]}", annotation_position="top left",
                          annotation_font={"size": 11, "color": MILESTONE_COLOR})
    if x_from <= today <= x_to:
        fig.add_vline(x=_ms(today), line_color=TODAY_COLOR, line_width=2,
                      annotation_text=f"今日 {today.isoformat()}", annotation_position="bottom left",
                      annotation_font={"size": 11, "color": TODAY_COLOR})


def _add_theme_bands(fig: go.Figure, lines: list[_Line]) -> None:
    """Every other group shaded, so the eye can follow one theme across municipalities."""
    headers = [pos for pos, line in enumerate(lines) if line.kind == "header"]
    for n, (pos, end) in enumerate(zip(headers, headers[1:] + [len(lines)])):
        if n % 2 == 0:
            fig.add_shape(type="rect", xref="paper", x0=0, x1=1, y0=pos - 0.5, y1=end - 0.5, layer="below",
                          fillcolor="#f3f6fa", line={"width": 0})


def roadmap_figure(rows: pd.DataFrame, *, phases: pd.DataFrame, milestones: pd.DataFrame, themes: list[str],
                   first_fy: int, last_fy: int, today: dt.date, colors: dict[str, str]) -> go.Figure:
    """Bars for `rows` (columns of queries.roadmap_rows) between first_fy and last_fy, grouped by `themes`.

    `milestones` (columns of queries.national_milestones) get a diamond in their theme's group when the
    theme is shown, and a vertical line in any case. Every bar trace carries meta {"kind": "roadmap"}
    and customdata [plan_id, start, end] (ISO dates), so a test or an export can count the bars and read
    their dates from the figure itself.
    """
    lines = _layout(rows, phases, milestones, themes)
    fig = go.Figure()
    bars = [(pos, line.row) for pos, line in enumerate(lines) if line.kind == "bar"]
    printed = [(pos, r) for pos, r in bars if r["end_printed"]]
    not_printed = [(pos, r) for pos, r in bars if not r["end_printed"]]
    names = {r["lg_code"]: r["municipality_name"] for _, r in bars}
    for code in dict.fromkeys(r["lg_code"] for _, r in printed):
        _add_schedule_bars(fig, [(pos, r) for pos, r in printed if r["lg_code"] == code], name=names[code],
                           light=False, colors=colors)
    if not_printed:
        _add_schedule_bars(fig, not_printed, name=NOT_PRINTED_LEGEND, light=True, colors=colors)
    _add_stages(fig, [(pos, line.row) for pos, line in enumerate(lines) if line.kind == "phase"])
    _add_deadlines(fig, [(pos, line.row) for pos, line in enumerate(lines) if line.kind == "milestone"])
    x_from, x_to = fiscal.fy_start(first_fy), fiscal.fy_end(last_fy)
    _add_vertical_marks(fig, milestones, x_from, x_to, today)
    _add_theme_bands(fig, lines)

    tickvals, ticktext = fiscal_year_ticks(first_fy, last_fy)
    margin = dt.timedelta(days=20)
    fig.update_xaxes(type="date", range=[(x_from - margin).isoformat(), (x_to + margin).isoformat()],
                     tickvals=tickvals, ticktext=ticktext, showgrid=True, gridcolor="#d0d0d0")
    fig.update_yaxes(tickvals=list(range(len(lines))), ticktext=[line.tick for line in lines],
                     range=[len(lines) - 0.5, -0.5], showgrid=False, zeroline=False, automargin=True)
    fig.update_layout(barmode="overlay", hoverlabel={"align": "left"})
    return fig


def chart_height(rows: pd.DataFrame, phases: pd.DataFrame, milestones: pd.DataFrame, themes: list[str]) -> int:
    """Enough height for one readable line per y position."""
    return max(360, 140 + ROW_HEIGHT * len(_layout(rows, phases, milestones, themes)))
