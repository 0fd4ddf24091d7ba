"""Shared helpers of the benchmark: where things are, which pages exist, statistics, the machine."""
from __future__ import annotations

import datetime as dt
import math
import os
import platform
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SHARED = Path(os.environ.get("DXDASH_SHARED") or ROOT.parent / "shared")
MYNUMBER_TREE = SHARED / "data" / "mynumbercard"
OPENDATA_SURVEY = SHARED / "data" / "opendata_survey"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# Targets of issue 7 (they are the bar, not a test).
TARGET_CHANGE_MS = 250.0       # widget change, server time, p95, national-scale store
TARGET_RATIO = 1.5             # … and within 1.5 × the bare page
TARGET_FIRST_CHART_MS = 2000.0  # navigation → first chart drawn, headless Chromium
TARGET_CONCURRENT_MS = 1000.0   # 20 concurrent sessions, click → updated chart, p95

PACKAGES = ("streamlit", "plotly", "duckdb", "pandas", "pyarrow", "numpy", "playwright", "japancode")


def discover_pages() -> list[str]:
    """Every page file: those in dxdash.ui.PAGES plus any pages/*.py present now (paths relative to ROOT)."""
    listed: list[str] = []
    try:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from dxdash import ui
        listed = [path for path, *_ in ui.PAGES]
    except Exception as exc:  # a page module being edited concurrently must not stop the benchmark
        print(f"bench: dxdash.ui.PAGES not readable ({exc!r}); using the files on disk", file=sys.stderr)
        listed = ["app.py"]
    on_disk = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    pages = list(dict.fromkeys([*listed, *on_disk]))
    return [p for p in pages if (ROOT / p).is_file()] + [p for p in pages if not (ROOT / p).is_file()]


def url_path(page: str) -> str:
    """The URL path Streamlit serves a classic multipage file at ('' for the main script)."""
    if page == "app.py":
        return ""
    from streamlit.source_util import page_icon_and_name
    return page_icon_and_name(Path(page))[1]


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default); None for no values."""
    values = sorted(v for v in values if v is not None and not math.isnan(v))
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    pos = (len(values) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return values[low] + (values[high] - values[low]) * (pos - low)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median": percentile(values, 50), "p95": percentile(values, 95),
            "min": min(values) if values else None, "max": max(values) if values else None}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem_kb = next((int(re.findall(r"\d+", line)[0]) for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal")), 0)
    os_name = next((line.split("=", 1)[1].strip('"') for line in _read("/etc/os-release").splitlines()
                    if line.startswith("PRETTY_NAME=")), platform.platform())
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = "—"
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "—"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1), "os": os_name,
        "kernel": platform.release(), "python": platform.python_version(), "packages": packages, "chromium": chromium,
    }


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=30)
        return out.stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def git_dirty_summary() -> str:
    """Read-only: how many tracked files differ from HEAD and how many are untracked (others edit concurrently)."""
    try:
        out = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    lines = [line for line in out.splitlines() if line.strip()]
    modified = sum(1 for line in lines if not line.startswith("??"))
    untracked = sum(1 for line in lines if line.startswith("??"))
    return f"{modified} modified and {untracked} untracked files"


def now() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
