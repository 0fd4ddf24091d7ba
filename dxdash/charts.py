"""Plotly figure builders. Every figure carries a Japanese title, axis titles with units, and a
footer with the as-of date and the source, so a chart copied out of the page still says where it
comes from. Nothing here fetches anything from the network (no geo traces: see tile_map)."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

FONT = "Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"
MAIN = "#1f77b4"
HIGHLIGHT = "#d62728"
PREFECTURE = "#2ca02c"
NATION = "#444444"
TARGET = "#ff7f0e"
SOURCE_COLORS = ["#1f77b4", "#9467bd", "#8c564b", "#17becf", "#bcbd22"]

# Tile-grid map of the 47 prefectures: (column, row from the top). Needs no geometry and no network.
PREF_TILES = {
    "01": (12, 0), "02": (12, 1), "05": (11, 2), "03": (12, 2), "17": (8, 3), "16": (9, 3), "15": (10, 3),
    "06": (11, 3), "04": (12, 3), "18": (7, 4), "21": (8, 4), "20": (9, 4), "10": (10, 4), "09": (11, 4),
    "07": (12, 4), "32": (3, 5), "31": (4, 5), "28": (5, 5), "26": (6, 5), "25": (7, 5), "23": (8, 5),
    "19": (9, 5), "11": (10, 5), "08": (11, 5), "40": (1, 6), "35": (2, 6), "34": (3, 6), "33": (4, 6),
    "27": (5, 6), "29": (6, 6), "24": (7, 6), "22": (8, 6), "14": (9, 6), "13": (10, 6), "12": (11, 6),
    "41": (0, 7), "43": (1, 7), "44": (2, 7), "38": (3, 7), "37": (4, 7), "30": (6, 7), "42": (0, 8),
    "46": (1, 8), "45": (2, 8), "39": (3, 8), "36": (4, 8), "47": (0, 9),
}


def footer_text(as_of: str, sources: list[str]) -> str:
    sources = list(dict.fromkeys(s for s in sources if s))
    wrapped = "<br>".join(textwrap.wrap(f"出典: {' ／ '.join(sources)}", 110)) if sources else "出典: —"
    return f"基準日: {as_of}<br>{wrapped}"


def finish(fig: go.Figure, *, title: str, x_title: str, y_title: str, as_of: str, sources: list[str],
           height: int = 480) -> go.Figure:
    """Title, axis titles (with units), and the as-of/source footer inside the figure."""
    footer = footer_text(as_of, sources)
    footer_lines = footer.count("<br>") + 1
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height + 18 * footer_lines,
        margin={"l": 10, "r": 10, "t": max(70, fig.layout.margin.t or 0), "b": 80 + 18 * footer_lines},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        template="plotly_white",
        meta={"as_of": as_of, "sources": sources, "title": title},
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    fig.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, yshift=-62,
                       xanchor="left", yanchor="top", showarrow=False, align="left", font={"size": 11, "color": "#555"})
    return fig


def ranking_bars(frame: pd.DataFrame, *, label_col: str, value_col: str, unit: str, highlight: set[str] | None = None,
                 highlight_col: str | None = None, color_col: str | None = None,
                 references: list[tuple[str, float, str]] = (), targets: list[tuple[str, float]] = ()) -> go.Figure:
    """Horizontal bars, best at the top; reference lines (prefecture, nation) and target lines."""
    frame = frame.sort_values(value_col, ascending=True)
    fig = go.Figure()
    groups = [(None, frame)] if color_col is None else list(frame.groupby(color_col, sort=False))
    for n, (group, part) in enumerate(groups):
        colors = [HIGHLIGHT if highlight and row[highlight_col] in highlight else SOURCE_COLORS[n % len(SOURCE_COLORS)]
                  for _, row in part.iterrows()]
        fig.add_bar(
            y=part[label_col], x=part[value_col], orientation="h", name=str(group) if group else "値",
            marker_color=colors, text=[f"{v:g}{unit}" for v in part[value_col]], textposition="outside",
            cliponaxis=False, showlegend=color_col is not None,
            hovertemplate="%{y}: %{x}" + unit + "<extra>" + (str(group) if group else "") + "</extra>",
        )
    # Line labels sit above the plot area, one row each, so they never cover a bar.
    for n, (label, value, color) in enumerate(references):
        fig.add_vline(x=value, line_dash="dash", line_color=color)
        fig.add_annotation(x=value, y=1, yref="paper", yanchor="bottom", yshift=2 + 16 * n, showarrow=False,
                           text=f"{label} {value:g}{unit}", font={"color": color, "size": 12})
    for n, (label, value) in enumerate(targets, start=len(references)):
        fig.add_vline(x=value, line_dash="dot", line_color=TARGET)
        fig.add_annotation(x=value, y=1, yref="paper", yanchor="bottom", yshift=2 + 16 * n, showarrow=False,
                           text=label, font={"color": TARGET, "size": 12}, xanchor="right")
    fig.update_layout(margin_t=80 + 16 * (len(references) + len(targets)))
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=list(frame[label_col]), automargin=True)
    return fig


def tile_map(frame: pd.DataFrame, *, value_col: str, unit: str, colorbar_title: str) -> go.Figure:
    """The 47 prefectures as squares on a grid, coloured by value (a common Japanese map form)."""
    frame = frame[frame.pref_code.isin(PREF_TILES)]
    low, high = float(frame[value_col].min()), float(frame[value_col].max())
    span = (high - low) or 1.0
    colors = sample_colorscale("Blues", [0.15 + 0.85 * (v - low) / span for v in frame[value_col]])
    fig = go.Figure()
    for (pref, value, color) in zip(frame.pref_code, frame[value_col], colors):
        col, row = PREF_TILES[pref]
        fig.add_shape(type="rect", x0=col - 0.47, x1=col + 0.47, y0=-row - 0.47, y1=-row + 0.47,
                      fillcolor=color, line={"color": "white", "width": 1}, layer="below")
    short = [n if n == "北海道" else n[:-1] for n in frame.area_name]
    dark = [(v - low) / span > 0.55 for v in frame[value_col]]
    fig.add_scatter(
        x=[PREF_TILES[c][0] for c in frame.pref_code], y=[-PREF_TILES[c][1] for c in frame.pref_code],
        mode="markers+text", text=[f"{s}<br>{v:g}" for s, v in zip(short, frame[value_col])],
        textfont={"size": 10, "color": ["white" if d else "black" for d in dark]},
        marker={"size": 1, "opacity": 0, "color": frame[value_col], "colorscale": "Blues", "cmin": low - 0.15 * span / 0.85,
                "cmax": high, "showscale": True, "colorbar": {"title": {"text": colorbar_title}}},
        customdata=frame.area_name, hovertemplate="%{customdata}: %{marker.color}" + unit + "<extra></extra>",
        showlegend=False,
    )
    fig.update_xaxes(visible=False, range=[-0.6, 12.6], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-9.6, 0.6], scaleanchor="x", fixedrange=True)
    return fig


def time_series(series: pd.DataFrame, *, unit: str, emphasize: str | None = None,
                targets: pd.DataFrame | None = None, notes: list[tuple[str, str]] = ()) -> go.Figure:
    """Lines per area (the chosen one emphasised, prefecture and nation dashed); plan targets as
    diamonds at the end of their fiscal year; vertical notes for definition changes."""
    fig = go.Figure()
    for (area_code, area_name, kind), part in series.groupby(["area_code", "area_name", "source_kind"], sort=False):
        level = "nation" if area_code == "00" else "prefecture" if len(area_code) == 2 else "municipality"
        line = {"width": 3.5 if area_code == emphasize else 1.6,
                "dash": "dash" if level != "municipality" else "solid"}
        if level == "nation":
            line["color"] = NATION
        elif level == "prefecture":
            line["color"] = PREFECTURE
        elif area_code == emphasize:
            line["color"] = HIGHLIGHT
        from_plan = kind == "plan"
        fig.add_scatter(
            x=part.as_of, y=part.value, name=f"{area_name}{'（計画書）' if from_plan else ''}",
            mode="markers" if from_plan else "lines+markers", line=line, marker={"size": 9 if from_plan else 4,
                                                                                  "symbol": "circle-open" if from_plan else "circle"},
            customdata=part.source_title, legendgroup=area_code,
            hovertemplate=f"{area_name} %{{x|%Y-%m-%d}}: %{{y}}{unit}<br>%{{customdata}}<extra></extra>",
        )
    if targets is not None and not targets.empty:
        fig.add_scatter(
            x=targets.target_date, y=targets.target_value, mode="markers+text", name="計画の目標",
            marker={"symbol": "diamond", "size": 13, "color": TARGET},
            text=[f"{n} 目標 {v:g}{unit}" for n, v in zip(targets.municipality_name, targets.target_value)],
            textposition="top left", customdata=targets.source_text,
            hovertemplate="%{text}（%{x|%Y-%m-%d}まで）<br>%{customdata}<extra></extra>",
        )
    for date, text in notes:
        fig.add_vline(x=pd.Timestamp(date).timestamp() * 1000, line_dash="dot", line_color="#999",
                      annotation_text=text, annotation_position="top left", annotation_font_size=11)
    return fig


def scatter(frame: pd.DataFrame, *, x_col: str, y_col: str, label_col: str, highlight: str | None = None,
            key_col: str | None = None, x_unit: str, y_unit: str) -> go.Figure:
    colors = [HIGHLIGHT if key_col and k == highlight else MAIN for k in (frame[key_col] if key_col else frame.index)]
    fig = go.Figure(go.Scatter(
        x=frame[x_col], y=frame[y_col], mode="markers+text", text=frame[label_col], textposition="top center",
        marker={"size": 11, "color": colors},
        hovertemplate="%{text}: %{x}" + x_unit + " / %{y}" + y_unit + "<extra></extra>",
    ))
    return fig
