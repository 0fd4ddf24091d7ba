"""A small wall-clock sampling profiler (pyinstrument-like, standard library only).

AppTest runs the page script in its own thread, which cProfile (per-thread) would not see; this samples
the stacks of every thread with sys._current_frames() every few milliseconds and attributes each sample

- to a bucket, by the outermost boundary on the stack (a data query, building a Plotly figure, handing a
  figure or a table to Streamlit, …);
- to the library whose code was running (the innermost frame's package);
- inclusively, to every line of the project (app.py, pages/, dxdash/) on the stack.

Sampling holds the GIL for a moment, so profiled runs are somewhat slower than unprofiled ones; the
shares, not the absolute times, are what it is for.
"""
from __future__ import annotations

import collections
import linecache
import sys
import threading
import time
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
IDLE_FILES = ("threading.py", "selectors.py", "queue.py", "base_events.py", "sampler.py")
# AppTest's main thread polls for the end of the script with time.sleep(0.001) in this function.
IDLE_FUNCTIONS = {"require_widgets_deltas"}

# (bucket, predicate on (file, function)) — checked from the outermost frame inward, first match wins.
BOUNDARIES = [
    ("data: dxdash.db.query (st.cache_data + DuckDB)", lambda f, n: f.endswith("dxdash/db.py") and n in ("query", "_cached_query", "cursor", "store_version")),
    ("table: ui.data_table → st.dataframe (Arrow)", lambda f, n: f.endswith("dxdash/ui.py") and n == "data_table"),
    ("chart: ui.chart → st.plotly_chart (figure → JSON)", lambda f, n: f.endswith("dxdash/ui.py") and n == "chart"),
    ("chart: st.plotly_chart (figure → JSON)", lambda f, n: "streamlit/elements/plotly_chart" in f),
    ("table: st.dataframe (Arrow)", lambda f, n: "streamlit/elements/arrow" in f),
    ("figure building: dxdash.charts / gantt", lambda f, n: f.endswith(("dxdash/charts.py", "dxdash/gantt.py"))),
    ("figure building: plotly (called from page code)", lambda f, n: "/plotly/" in f),
    ("KPI assessment: dxdash.kpi", lambda f, n: f.endswith("dxdash/kpi.py")),
    ("page: ui.area_picker / page_setup / page_end", lambda f, n: f.endswith("dxdash/ui.py") and n in ("area_picker", "page_setup", "page_end", "bind_url")),
    ("pandas (called from page code)", lambda f, n: "/pandas/" in f),
]


def _package(filename: str) -> str:
    if filename.startswith(ROOT):
        rel = filename[len(ROOT) + 1:]
        return rel.split("/")[0] if "/" in rel else rel
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if filename.startswith("<"):
        return filename
    return "python stdlib"


class Sampler:
    def __init__(self, interval: float = 0.002):
        self.interval = interval
        self.samples = 0
        self.buckets: collections.Counter = collections.Counter()
        self.libraries: collections.Counter = collections.Counter()
        self.lines: collections.Counter = collections.Counter()
        self.elapsed = 0.0
        self.runs = 0

    def __enter__(self) -> "Sampler":
        """Sample until the block ends; a Sampler can be entered again, its samples add up."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)
        self.started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.elapsed += time.perf_counter() - self.started
        self.runs += 1

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.is_set():
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                stack = []
                while frame is not None:
                    stack.append((frame.f_code.co_filename, frame.f_code.co_name, frame.f_lineno))
                    frame = frame.f_back
                if not stack or stack[0][0].endswith(IDLE_FILES) or stack[0][1] in IDLE_FUNCTIONS:
                    continue   # a thread that waits (AppTest's main thread while the script runs, the event loop)
                stack.reverse()   # outermost first
                self.samples += 1
                self.libraries[_package(stack[-1][0])] += 1
                self.buckets[self._bucket(stack)] += 1
                seen = set()
                for filename, name, line in stack:
                    if filename.startswith(ROOT) and "/bench/" not in filename:
                        key = (filename[len(ROOT) + 1:], line, name)
                        if key not in seen:
                            seen.add(key)
                            self.lines[key] += 1
            time.sleep(self.interval)

    @staticmethod
    def _bucket(stack: list[tuple[str, str, int]]) -> str:
        in_script = False
        for filename, name, _ in stack:
            if filename.startswith(ROOT) and "/bench/" not in filename:
                in_script = True
            if not in_script:
                continue
            for bucket, matches in BOUNDARIES:
                if matches(filename, name):
                    return bucket
        if in_script:
            return "page code and Streamlit elements (other)"
        return "AppTest / Streamlit runner (outside the page script)"

    def report(self, top: int = 15) -> dict:
        total = max(1, self.samples)
        share = lambda n: round(100 * n / total, 1)  # noqa: E731
        return {
            "samples": self.samples, "seconds": round(self.elapsed, 3), "runs": self.runs,
            "buckets": [(name, share(n)) for name, n in self.buckets.most_common()],
            "libraries": [(name, share(n)) for name, n in self.libraries.most_common(8)],
            "lines": [(f"{path}:{line} ({name})", share(n), linecache.getline(str(Path(ROOT) / path), line).strip()[:110])
                      for (path, line, name), n in self.lines.most_common(top)],
        }
