"""Server time of one page with AppTest (a worker of bench/run.py; one process per page and store).

    python bench/server_times.py --db STORE --page pages/2_mynumber.py --reps 15 --budget 120 --out result.json

Protocol, per repetition (after one unrecorded warm-up render that also imports everything):
  1. st.cache_data is cleared (as after a restart or an import, when every cached query is stale);
     a fresh AppTest session renders the page                                   → first render, cold
  2. another fresh session renders it again (queries now cached)                 → first render, warm
  3. in that session, each widget action changes a widget to a value not shown
     since the cache was cleared                                                 → widget change, cold
     and then back to the value already shown                                   → widget change, warm
A page other than app.py is opened as a user arriving from the home page does: app.py runs first
(untimed; its cached queries are cleared again for the cold render), then switch_page + run (timed).

The bare page (bench/bare_app.py) is measured right after, in the same process and with the same
protocol, drawing one chart of the size of this page's largest chart (1,741 bars when the page draws
none) and, when the page draws several, also all of them.

    python bench/server_times.py --db STORE --page PAGE --profile-action NAME --out profile.json
profiles one widget change (cold, then warm) with bench/sampler.py instead.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

from common import ROOT, summary  # noqa: E402

RUN_TIMEOUT = float(os.environ.get("BENCH_RUN_TIMEOUT", "300"))
MUNICIPALITY_KEY = "_lg_code_widget"
PRESENT_KEY = "present_mode"
# Page widgets measured when present (a typical change of the page, value or strategy). Any other page
# falls back to the first widget with a key in its main area, then to the presentation-mode toggle.
CURATED: dict[str, Any] = {
    "mynumber_pref_date": "next",          # another date of the prefecture ranking and map
    "mynumber_peer_mode": "prefecture",    # 比較する団体: 同じ都道府県
    "ftth_issuance_date": "next",
    "opendata_peers": "drop_last",
    "roadmap_themes": "drop_last",
    "kpi_sort": "状況順",
    "kpi_themes": "drop_last",
    "compare_themes": "drop_last",
}
MAX_PAGE_ACTIONS = 2
SKIP_KEY = re.compile(r"(_csv|_xlsx|_png|_table|page_deck)$")


class PageError(Exception):
    pass


# --- widget actions ----------------------------------------------------------------------------------

def _finder(at, kind: str, key: str, sidebar: bool = False):
    root = at.sidebar if sidebar else at
    return getattr(root, kind)(key=key)


def _inverse(widget, label: str) -> Any:
    """The option value whose formatted label is `label` (AppTest exposes labels only)."""
    fmt = widget.format_func
    candidates: list[Any] = [label, label.split()[0] if label.split() else label]
    try:
        candidates.append(dt.date.fromisoformat(label[:10]))
    except ValueError:
        pass
    candidates += [int(n) for n in re.findall(r"\d+", label)]
    for candidate in candidates:
        try:
            if str(fmt(candidate)) == label:
                return candidate
        except Exception:
            continue
    raise LookupError(label)


@dataclass
class Action:
    name: str
    kind: str
    key: str
    forward: Any
    back: Any
    sidebar: bool = False
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)

    def set(self, at, value) -> None:
        widget = _finder(at, self.kind, self.key, self.sidebar)
        widget.set_value(value)


def _make_action(at, kind: str, key: str, strategy: Any, sidebar: bool = False) -> Action | None:
    widget = _finder(at, kind, key, sidebar)
    current = widget.value
    if kind in ("toggle", "checkbox"):
        return Action(f"{key}: {current} → {not current}", kind, key, not current, current, sidebar)
    if kind == "multiselect":
        current = list(current)
        if current and strategy in ("drop_last", "auto"):
            return Action(f"{key}: remove one of {len(current)}", kind, key, current[:-1], current, sidebar)
        for label in widget.options:
            try:
                value = _inverse(widget, label)
            except LookupError:
                continue
            if value not in current:
                return Action(f"{key}: add one to {len(current)}", kind, key, current + [value], current, sidebar)
        return None
    if kind == "select_slider":
        values = []
        for label in widget.options:
            try:
                values.append(_inverse(widget, label))
            except LookupError:
                return None
        if isinstance(current, (list, tuple)) and len(values) > 2:
            low, high = current
            new = (values[1], high) if low == values[0] else (values[0], high)
            return Action(f"{key}: range {current} → {new}", kind, key, new, tuple(current), sidebar)
        return None
    # selectbox / radio
    if strategy not in ("next", "auto", None):
        return Action(f"{key}: → {strategy}", kind, key, strategy, current, sidebar)
    labels = list(widget.options)
    try:
        start = labels.index(str(widget.format_func(current)))
    except Exception:
        start = -1
    for label in labels[start + 1:] + labels[:max(start, 0)]:
        try:
            value = _inverse(widget, label)
        except LookupError:
            continue
        if value != current:
            return Action(f"{key}: → {label[:40]}", kind, key, value, current, sidebar)
    return None


def discover_actions(at) -> list[Action]:
    actions: list[Action] = []
    towns = at.sidebar.selectbox(key=MUNICIPALITY_KEY) if any(
        w.key == MUNICIPALITY_KEY for w in at.sidebar.selectbox) else None
    if towns is not None:
        current = towns.value
        options = [label.split()[0] for label in towns.options]
        planned = [label.split()[0] for label in towns.options if "計画あり" in label]
        other = next((c for c in planned if c != current), None) or next((c for c in options if c != current), None)
        if other:
            actions.append(Action(f"sidebar 市区町村 {current} → {other}", "selectbox", MUNICIPALITY_KEY, other, current,
                                  sidebar=True))
    kinds = ("selectbox", "radio", "multiselect", "select_slider", "toggle", "checkbox")
    present = {}
    for kind in kinds:
        for widget in getattr(at.main, kind):
            if widget.key and not widget.key.startswith("_") and not SKIP_KEY.search(widget.key):
                present.setdefault(widget.key, kind)
    page_actions = []
    for key, strategy in CURATED.items():
        if key in present and len(page_actions) < MAX_PAGE_ACTIONS:
            action = _make_action(at, present[key], key, strategy)
            if action:
                page_actions.append(action)
    if not page_actions:
        for key, kind in present.items():
            if key == PRESENT_KEY:
                continue
            action = _make_action(at, kind, key, "auto")
            if action:
                page_actions.append(action)
                break
    if not page_actions and PRESENT_KEY in present:
        page_actions.append(_make_action(at, present[PRESENT_KEY], PRESENT_KEY, "auto"))
    return actions + [a for a in page_actions if a]


# --- running -----------------------------------------------------------------------------------------

def timed_run(at) -> float:
    started = time.perf_counter()
    at.run(timeout=RUN_TIMEOUT)
    elapsed = time.perf_counter() - started
    if at.exception:
        raise PageError(at.exception[0].value[:600])
    return elapsed


def clear_data_cache() -> None:
    import streamlit as st
    st.cache_data.clear()


def open_page(script: Path, page: str | None, *, cold: bool) -> tuple[Any, float]:
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(script), default_timeout=RUN_TIMEOUT)
    if page is None:
        return at, timed_run(at)
    timed_run(at)                        # the home page, as a user arriving from it
    if cold:
        clear_data_cache()
    at.switch_page(page)
    return at, timed_run(at)


def _typed_array_length(value: dict) -> int:
    shape = [int(p) for p in re.findall(r"\d+", str(value.get("shape") or ""))]
    if shape:
        count = 1
        for part in shape:
            count *= part
        return count
    data = value["bdata"]
    size = len(data) * 3 // 4 - data[-2:].count("=")
    return size // int((re.findall(r"\d+", value.get("dtype", "f8")) or ["8"])[0])


def chart_sizes(at) -> dict:
    """Count and size of the Plotly charts in the current render; the largest by data points."""
    charts = []
    for element in at.get("plotly_chart"):
        spec = element.proto.spec
        figure = json.loads(spec)
        kinds: dict[str, int] = {}
        points = 0
        traces = figure.get("data", [])
        for trace in traces:
            n = 0
            for axis in ("x", "y", "z", "values"):
                value = trace.get(axis)
                if isinstance(value, dict) and "bdata" in value:   # plotly's typed-array encoding
                    n = max(n, _typed_array_length(value))
                elif isinstance(value, list):
                    n = max(n, sum(len(v) if isinstance(v, list) else 1 for v in value))
            points += n
            kind = trace.get("type", "scatter")
            kinds[kind] = kinds.get(kind, 0) + n
        height = figure.get("layout", {}).get("height") or 450
        charts.append({"points": points, "traces": len(traces), "shapes": len(figure.get("layout", {}).get("shapes", [])),
                       "kind": max(kinds, key=kinds.get) if kinds else "scatter", "height": int(height),
                       "json_kb": round(len(spec) / 1024, 1)})
    largest = max(charts, key=lambda c: (c["points"], c["json_kb"])) if charts else None
    return {"count": len(charts), "largest": largest, "total_json_kb": round(sum(c["json_kb"] for c in charts), 1),
            "charts": charts}


def measure(script: Path, page: str | None, *, reps: int, budget: float, min_reps: int,
            actions_for: Callable[[Any], list[Action]]) -> dict:
    """Warm-up, then repetitions of the protocol until `reps` or the time budget (at least min_reps)."""
    result: dict[str, Any] = {"first_cold": [], "first_warm": [], "actions": [], "error": None}
    try:
        at, warmup = open_page(script, page, cold=False)
        result["warmup_s"] = warmup
        result["charts"] = chart_sizes(at)
        result["elements"] = {"dataframes": len(at.dataframe), "plotly_charts": result["charts"]["count"]}
        actions = actions_for(at)
        if warmup < 5:                  # warm-up of each action too (imports on first use); not worth it for slow pages
            for action in actions:
                action.set(at, action.forward)
                timed_run(at)
                action.set(at, action.back)
                timed_run(at)
        started = time.perf_counter()
        done = 0
        while done < reps:
            clear_data_cache()
            _, t = open_page(script, page, cold=True)
            result["first_cold"].append(t)
            at, t = open_page(script, page, cold=False)
            result["first_warm"].append(t)
            for action in actions:
                action.set(at, action.forward)
                action.cold.append(timed_run(at))
                action.set(at, action.back)
                action.warm.append(timed_run(at))
            done += 1
            if done >= min_reps and time.perf_counter() - started > budget:
                break
        result["actions"] = [{"name": a.name, "key": a.key, "sidebar": a.sidebar, "cold": a.cold, "warm": a.warm}
                             for a in actions]
    except PageError as exc:
        result["error"] = f"Streamlit exception: {exc}"
    except Exception as exc:  # a page that cannot be run (edited concurrently, timed out, …)
        result["error"] = f"{type(exc).__name__}: {exc}"[:600]
        result["traceback"] = traceback.format_exc()[-3000:]
    return result


def summarise(result: dict) -> dict:
    out = {k: v for k, v in result.items() if k not in ("first_cold", "first_warm", "actions")}
    out["first_cold"] = summary(result["first_cold"])
    out["first_warm"] = summary(result["first_warm"])
    out["actions"] = [{**{k: a[k] for k in ("name", "key", "sidebar")}, "cold": summary(a["cold"]), "warm": summary(a["warm"])}
                      for a in result["actions"]]
    out["raw"] = {"first_cold": result["first_cold"], "first_warm": result["first_warm"],
                  "actions": {a["name"]: {"cold": a["cold"], "warm": a["warm"]} for a in result["actions"]}}
    return out


def _bare_kind(kind: str) -> str:
    return kind if kind in ("bar", "scatter", "heatmap") else "scatter"


def bare_shapes(charts: dict | None) -> dict[str, list[dict]]:
    """The bare page's variants for this page: its largest chart alone (the issue's comparison; 1,741 bars
    when the page draws no chart) and, when the page draws more than one, all its charts."""
    charts = charts or {}
    largest = charts.get("largest")
    if not largest:
        return {"largest": [{"kind": "bar", "points": 1741, "traces": 1, "height": 0, "reference": True}]}
    shape = lambda c: {"kind": _bare_kind(c["kind"]), "points": max(1, c["points"]), "traces": max(1, c["traces"]),  # noqa: E731
                       "height": c["height"]}
    variants = {"largest": [shape(largest)]}
    if charts.get("count", 0) > 1:
        variants["all"] = [shape(c) for c in charts["charts"]]
    return variants


def measure_bare(shapes: list[dict], *, reps: int, budget: float, min_reps: int) -> dict:
    os.environ["BENCH_BARE_SHAPES"] = json.dumps(shapes)

    def actions(at) -> list[Action]:
        box = at.selectbox(key="bare_choice")
        other = next(label for label in box.options if label != box.value)
        return [Action(f"bare_choice → {other}", "selectbox", "bare_choice", other, box.value)]

    result = summarise(measure(BENCH_DIR / "bare_app.py", None, reps=reps, budget=budget, min_reps=min_reps,
                               actions_for=actions))
    result["shapes"] = shapes
    return result


def profile(script: Path, page: str | None, action_name: str | None, iterations: int = 5) -> dict:
    """The given widget change (or the first render) under the sampler, `iterations` times cold and warm,
    samples summed: a cold run follows a cleared st.cache_data, the warm run changes back to the view shown."""
    from sampler import Sampler
    out: dict[str, Any] = {}
    try:
        at, _ = open_page(script, page, cold=False)
        actions = discover_actions(at)
        action = next((a for a in actions if a.name == action_name), None)
        cold, warm = Sampler(), Sampler()
        for _ in range(iterations):
            clear_data_cache()
            if action is None:
                with cold:
                    open_page(script, page, cold=True)
                continue
            at, _ = open_page(script, page, cold=False)   # the default view (its queries cached); the new value is cold
            action.set(at, action.forward)
            with cold:
                timed_run(at)
            action.set(at, action.back)
            with warm:
                timed_run(at)
        if action is None:
            out[f"first render, cold (× {iterations})"] = cold.report()
        else:
            out[f"{action.name} — cold (× {iterations})"] = cold.report()
            out[f"{action.name} — warm, back (× {iterations})"] = warm.report()
    except Exception as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"[:600]
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--page", required=True, help="app.py or pages/….py (relative to the repository)")
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds of repetitions per page (after warm-up)")
    parser.add_argument("--min-reps", type=int, default=3)
    parser.add_argument("--bare-reps", type=int, default=15)
    parser.add_argument("--profile-action", default=None,
                        help="only profile this action (name as reported) of the page; '-' = the first render")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    os.environ["DXDASH_DB"] = str(Path(args.db).resolve())
    os.chdir(ROOT)
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    script = ROOT / "app.py"
    page = None if args.page == "app.py" else args.page

    if args.profile_action is not None:
        result = {"page": args.page, "profile": profile(script, page, None if args.profile_action == "-" else args.profile_action)}
    else:
        started = time.perf_counter()
        result = {"page": args.page, "db": args.db}
        result.update(summarise(measure(script, page, reps=args.reps, budget=args.budget, min_reps=args.min_reps,
                                        actions_for=discover_actions)))
        result["elapsed_s"] = time.perf_counter() - started
        if not result.get("error"):
            result["bare"] = {name: measure_bare(shapes, reps=args.bare_reps, budget=max(15.0, args.budget / 4),
                                                 min_reps=args.min_reps)
                              for name, shapes in bare_shapes(result.get("charts")).items()}
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
