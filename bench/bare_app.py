"""The bare Streamlit page the benchmark compares against: Plotly chart(s) drawn from a DataFrame, with a
selectbox whose change redraws them. Nothing else (no store, no sidebar, no tables, no exports).

The charts follow the page they stand in for; the benchmark sets BENCH_BARE_SHAPES to a JSON list of
{"kind": "bar" | "scatter" | "heatmap", "points": total data points, "traces": n, "height": px}.
Default (and the issue's reference): one chart of 1,741 horizontal bars.
"""
import json
import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

SHAPES = json.loads(os.environ.get("BENCH_BARE_SHAPES") or '[{"kind": "bar", "points": 1741, "traces": 1, "height": 0}]')
CHOICES = [f"{n:02d}0001" for n in range(1, 48)]


@st.cache_data(show_spinner=False)
def frame(choice: str, kind: str, points: int, traces: int) -> pd.DataFrame:
    rng = np.random.default_rng(int(choice) + points)
    return pd.DataFrame({
        "trace": np.arange(points) % traces,
        "label": [f"団体{n:05d}" for n in range(points)],
        "x": pd.date_range("2016-04-01", periods=points, freq="D") if kind == "scatter" else np.arange(points),
        "value": rng.uniform(0, 100, points).round(2),
    })


def figure(choice: str, kind: str, points: int, traces: int, height: int) -> go.Figure:
    points, traces = max(1, int(points)), max(1, min(int(points), int(traces)))
    data = frame(choice, kind, points, traces)
    fig = go.Figure()
    if kind == "heatmap":
        columns = 13
        rows = -(-points // columns)
        z = np.resize(data.value.to_numpy(), rows * columns).reshape(rows, columns)
        fig.add_heatmap(z=z, x=[f"テーマ{c}" for c in range(columns)], y=[f"団体{r}" for r in range(rows)],
                        text=z.round(0), texttemplate="%{text}")
    else:
        for trace, part in data.groupby("trace", sort=False):
            if kind == "scatter":
                fig.add_scatter(x=part.x, y=part.value, mode="lines+markers", name=f"系列{trace}")
            else:
                fig.add_bar(y=part.label, x=part.value, orientation="h", name=f"系列{trace}",
                            text=[f"{v:g}%" for v in part.value], textposition="outside")
    fig.update_layout(title=f"{choice} の値（{points:,} 点）", template="plotly_white",
                      height=int(height) or max(420, min(26 * points, 50_000)))
    return fig


st.set_page_config(page_title="bare", layout="wide")
choice = st.selectbox("団体", CHOICES, key="bare_choice")
for n, shape in enumerate(SHAPES):
    st.plotly_chart(figure(choice, shape["kind"], shape["points"], shape["traces"], shape.get("height", 0)),
                    width="stretch", key=f"bare_chart_{n}")
