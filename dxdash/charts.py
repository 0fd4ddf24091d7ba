"""Plotly figure builders. Every figure carries a Japanese title, axis titles with units, and a
footer with the as-of date and the source, so a chart copied out of the page still says where it
comes from. Nothing here fetches anything from the network (no geo traces: see tile_map)."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import sample_colorscale

from dxdash import fiscal, kpi
from dxdash.taxonomy import MEASURES
from dxdash.values import is_missing

pio.templates.default = "plotly_white"   # for PNG export; on the page Streamlit's theme applies

FONT = "Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"
MAIN = "#1f77b4"
HIGHLIGHT = "#d62728"
PREFECTURE = "#2ca02c"
NATION = "#444444"
TARGET = "#ff7f0e"
SOURCE_COLORS = ["#1f77b4", "#9467bd", "#8c564b", "#17becf", "#bcbd22"]
KPI_STATUS_COLORS = {kpi.ACHIEVED: "#2ca02c", kpi.ON_TRACK: "#1f77b4", kpi.BEHIND: "#d62728", kpi.NO_DATA: "#9e9e9e"}

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
    footer_note = {"text": footer, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -62, "xanchor": "left",
                   "yanchor": "top", "showarrow": False, "align": "left", "font": {"size": 11, "color": "#555"}}
    # One update: every property set on a plotly figure is validated, and this runs for every chart on every rerun.
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 13},
        height=height + 18 * footer_lines,
        margin={"l": 10, "r": 10, "t": max(70, fig.layout.margin.t or 0), "b": 80 + 18 * footer_lines},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        meta={"as_of": as_of, "sources": sources, "title": title},
        xaxis_title_text=x_title, yaxis_title_text=y_title,
        annotations=[*fig.layout.annotations, footer_note],
    )
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
    # Line labels sit above the plot area, one row each, so they never cover a bar. All lines and
    # labels go in one layout update: add_vline/add_annotation validate the whole layout each call.
    lines = [(f"{label} {value:g}{unit}", value, color, "dash", "center") for label, value, color in references]
    lines += [(label, value, TARGET, "dot", "right") for label, value in targets]
    fig.update_layout(
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": value, "x1": value, "y0": 0, "y1": 1,
                 "line": {"color": color, "dash": dash}} for _, value, color, dash, _ in lines],
        annotations=[{"x": value, "y": 1, "yref": "paper", "yanchor": "bottom", "yshift": 2 + 16 * n, "showarrow": False,
                      "text": text, "font": {"color": color, "size": 12}, "xanchor": anchor}
                     for n, (text, value, color, _, anchor) in enumerate(lines)],
        margin_t=80 + 16 * len(lines), barmode="overlay", bargap=0.25,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(frame[label_col]), automargin=True)
    return fig


def tile_map(frame: pd.DataFrame, *, value_col: str, unit: str, colorbar_title: str) -> go.Figure:
    """The 47 prefectures as squares on a grid, coloured by value (a common Japanese map form)."""
    frame = frame[frame.pref_code.isin(PREF_TILES)]
    low, high = float(frame[value_col].min()), float(frame[value_col].max())
    span = (high - low) or 1.0
    colors = sample_colorscale("Blues", [0.15 + 0.85 * (v - low) / span for v in frame[value_col]])
    tiles = [{"type": "rect", "x0": col - 0.47, "x1": col + 0.47, "y0": -row - 0.47, "y1": -row + 0.47,
              "fillcolor": color, "line": {"color": "white", "width": 1}, "layer": "below"}
             for (col, row), color in zip((PREF_TILES[pref] for pref in frame.pref_code), colors)]
    fig = go.Figure(layout={"shapes": tiles})
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


def counts_and_targets(series: pd.DataFrame, targets: pd.DataFrame, *, emphasize: str, main_measure: str) -> go.Figure:
    """One line per municipality and measure (survey points filled, plan figures open), plan targets as
    diamonds at the end of their fiscal year, or as a dotted line when the plan gives no year.

    `series`: queries.series rows with a `measure` column; `targets`: queries.kpi_targets rows with one.
    `main_measure` is drawn solid (the others dashed) and, for `emphasize`, in the highlight colour.
    """
    fig = go.Figure()
    for n, ((area_code, area_name, measure), part) in enumerate(series.groupby(["area_code", "area_name", "measure"], sort=False)):
        label, unit = MEASURES[measure]
        fig.add_scatter(
            x=part.as_of, y=part.value, mode="lines+markers+text", name=f"{area_name} {label}",
            text=[f"{v:g}" for v in part.value], textposition="top center",
            line={"width": 3 if area_code == emphasize else 1.5, "dash": "solid" if measure == main_measure else "dash",
                  "color": HIGHLIGHT if area_code == emphasize and measure == main_measure
                  else SOURCE_COLORS[n % len(SOURCE_COLORS)]},
            marker={"size": 10, "symbol": ["circle-open" if k == "plan" else "circle" for k in part.source_kind]},
            customdata=part.source_title,
            hovertemplate=f"{area_name} {label} %{{x|%Y-%m-%d}}: %{{y}}{unit}<br>%{{customdata}}<extra></extra>",
        )
    goals = targets.drop_duplicates(["lg_code", "measure", "target_value", "target_fy"])
    dated = goals[goals.target_fy.notna()]
    if not dated.empty:
        fig.add_scatter(
            x=[pd.Timestamp(fiscal.fy_end(int(fy))) for fy in dated.target_fy], y=dated.target_value,
            mode="markers+text", name="計画の目標", marker={"symbol": "diamond", "size": 13, "color": TARGET},
            text=[f"{t.municipality_name} {MEASURES[t.measure][0]} 目標 {t.target_value:g}（{fiscal.reiwa_label(int(t.target_fy))}）"
                  for t in dated.itertuples()], textposition="top left",
            customdata=dated.source_publisher + " " + dated.source_locator,
            hovertemplate="%{text}<br>%{customdata}<extra></extra>",
        )
    for t in goals[goals.target_fy.isna()].itertuples():
        fig.add_hline(y=t.target_value, line_dash="dot", line_color=TARGET,
                      annotation_text=f"{t.municipality_name} {MEASURES[t.measure][0]} 目標 {t.target_value:g}（目標年度の記載なし）",
                      annotation_position="top left")
    fig.update_yaxes(rangemode="tozero")
    return fig


def kpi_progress_bars(kpis: pd.DataFrame) -> go.Figure:
    """Each KPI's progress as a bar coloured by its status (0% = baseline, 100% = target), with a tick where
    the straight line from baseline to target stands at the latest value's date.

    `kpis`: queries.kpi_progress rows, top to bottom, with what kpi.assess adds (status, progress,
    planned_percent, reason) and a progress on every row. A label is '団体｜指標' (the indicator cut at 28
    characters), with the KPI id added where two labels would read the same.
    """
    labels = [f"{r.municipality_name}｜{r.indicator if len(r.indicator) <= 28 else r.indicator[:27] + '…'}"
              for r in kpis.itertuples()]
    duplicated = pd.Series(labels).duplicated(keep=False)
    labels = [f"{label}（{r.kpi_id}）" if dup else label
              for label, dup, r in zip(labels, duplicated, kpis.itertuples())]
    kpis = kpis.assign(label=labels)
    fig = go.Figure()
    for status in kpi.STATUSES:
        part = kpis[kpis.status == status]
        if part.empty:
            continue
        fig.add_bar(
            y=part.label, x=part.progress, orientation="h", name=status, marker_color=KPI_STATUS_COLORS[status],
            text=[f"{v:.1f}%" for v in part.progress], textposition="outside", cliponaxis=False,
            customdata=list(zip(part.latest_printed.fillna(""), part.latest_date.dt.date.astype(str),
                                part.target_printed.fillna(""), part.reason)),
            hovertemplate="%{y}<br>進捗率 %{x:.1f}%<br>最新値 %{customdata[0]}（%{customdata[1]}）"
                          "<br>目標 %{customdata[2]}<br>%{customdata[3]}<extra>" + status + "</extra>",
        )
    planned = kpis.dropna(subset=["planned_percent"])
    if not planned.empty:
        fig.add_scatter(y=planned.label, x=planned.planned_percent, mode="markers", name="直線上の位置（最新値の時点）",
                        marker={"symbol": "line-ns-open", "size": 16, "line": {"width": 2}, "color": "#333"},
                        hovertemplate="%{y}<br>直線上の位置 %{x:.1f}%<extra></extra>")
    fig.add_vline(x=100, line_dash="dash", line_color=TARGET, annotation_text="目標 100%",
                  annotation_position="top right")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True)
    fig.update_layout(barmode="overlay")
    return fig


def theme_coverage_heatmap(grid: pd.DataFrame, *, plan_names: dict[str, str], priority: set[str]) -> go.Figure:
    """Themes down the side (★ on the national priorities, readable in the themes' order), plans across,
    each cell coloured by its number of initiatives and saying since when and how many initiatives and KPIs.

    `grid`: comparison.coverage_grid; `plan_names`: plan_id → the column heading.
    """
    themes, plan_ids = list(grid.index), list(grid["text"].columns)
    hover = [[f"<b>{plan_names[p]}｜{t}</b><br>{text}<br>"
              f"{'' if is_missing(first_fy) else f'最初の年度 FY{int(first_fy)}<br>'}"
              f"年度の入ったスケジュール行 {int(dated)}・時期の読めない行 {int(undated)}"
              for p, text, first_fy, dated, undated in zip(plan_ids, grid["text"].loc[t], grid["first_fy"].loc[t],
                                                           grid["roadmap_rows"].loc[t], grid["undated_rows"].loc[t])]
             for t in themes]
    fig = go.Figure(go.Heatmap(
        x=[plan_names[p] for p in plan_ids], y=[f"{t}{'★' if t in priority else ''}" for t in themes],
        z=[[int(n) for n in grid["initiative_count"].loc[t]] for t in themes],
        text=[[text.replace("（", "<br>（") for text in grid["text"].loc[t]] for t in themes], texttemplate="%{text}",
        textfont={"size": 11}, customdata=hover, hovertemplate="%{customdata}<extra></extra>", zmin=0, xgap=2, ygap=2,
        colorscale=[[0, "#f7f7f7"], [0.001, "#deebf7"], [1, "#2171b5"]],
        colorbar={"title": {"text": "取組事項数（件）"}, "dtick": 1},
    ))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top", automargin=True)
    return fig
