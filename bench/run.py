"""dxdash benchmark (issue 7, part 2). Run by hand, never in CI:

    /work/venv/bin/python bench/run.py [--quick] [--out bench/RESULTS.md]

Measures on this machine and writes Markdown tables to --out (and prints them):
  1. per page (dxdash.ui.PAGES plus any pages/*.py present at run time), AppTest server time of the
     first render and of widget changes, median and p95, on the embedded data and on a synthetic
     national-scale store generated into a temp folder (bench/synthetic.py);
  2. the same for a bare Streamlit page (bench/bare_app.py) drawing a Plotly chart of the same size,
     in the same worker process, and the ratio ours / bare;
  3. headless Chromium (Debian's /usr/bin/chromium): navigation → first chart drawn, per page, against
     a real `streamlit run` server on 127.0.0.1;
  4. 20 concurrent browser sessions on one server changing a widget: click → updated chart, p95;
  5. the import of the 46 nationwide My Number snapshots into a freshly built store.

Stores and logs live in a temp folder that is removed at the end (--keep keeps it). Every server and
browser started here is stopped here. Application code is never changed by the benchmark.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (BENCH, MYNUMBER_TREE, OPENDATA_SURVEY, ROOT, TARGET_CHANGE_MS, TARGET_CONCURRENT_MS,  # noqa: E402
                    TARGET_FIRST_CHART_MS, TARGET_RATIO, discover_pages, git_commit, git_dirty_summary, machine, now,
                    summary)

sys.path.insert(0, str(ROOT))
PY = sys.executable


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- stores --------------------------------------------------------------------------------------------

class Stores:
    """The two stores of the run, regenerated when the app's inputs change under us (others edit the code:
    the app would otherwise rebuild a store from data/ on its first page and lose the synthetic plans)."""

    def __init__(self, tmp: Path, import_reps: int):
        self.tmp = tmp
        self.import_reps = import_reps
        self.base = tmp / "base" / "dxdash.duckdb"
        self.embedded = tmp / "embedded" / "dxdash.duckdb"
        self.national = tmp / "national" / "dxdash.duckdb"
        self.info: dict = {"generations": 0, "imports": [], "notes": []}

    def make(self) -> None:
        from dxdash import config, store
        import synthetic
        for path in (self.base, self.embedded, self.national):
            if path.parent.exists():
                shutil.rmtree(path.parent)
            path.parent.mkdir(parents=True)
        self.info["generations"] += 1
        started = time.perf_counter()
        counts = store.build(self.base, config.DATA_DIR)
        self.info["build_s"] = time.perf_counter() - started
        self.info["base_counts"] = counts

        # (a) embedded: built store + the 46 My Number snapshots (first timed import) + the open-data survey
        shutil.copyfile(self.base, self.embedded)
        first_import = self.time_import(self.embedded)
        if self.info["generations"] == 1:
            self.info["imports"].append(first_import)
        if not first_import.get("ok"):
            self.info["notes"].append(f"My Number import failed: {first_import.get('stderr', '')[-500:]}")
        self.info["embedded_survey"] = self.import_survey(self.embedded)

        # (b) national: built store + the open-data survey + synthetic observations and plans
        shutil.copyfile(self.base, self.national)
        self.info["national_survey"] = self.import_survey(self.national)
        started = time.perf_counter()
        self.info["national_counts"] = synthetic.generate(self.national)
        self.info["national_check"] = synthetic.check(self.national)
        self.info["synthetic_s"] = time.perf_counter() - started
        self.info["embedded_counts"] = _counts(self.embedded)
        self.info["sizes_mb"] = {name: round(path.stat().st_size / 1e6, 1)
                                 for name, path in (("embedded", self.embedded), ("national", self.national))}
        self.fingerprint = store.input_fingerprint()

    def time_import(self, db: Path) -> dict:
        if not MYNUMBER_TREE.is_dir():
            return {"ok": False, "stderr": f"{MYNUMBER_TREE} not found"}
        started = time.perf_counter()
        proc = subprocess.run([PY, "-m", "dxdash", "import", "mynumber", str(MYNUMBER_TREE), "--db", str(db)],
                              cwd=ROOT, capture_output=True, text=True, timeout=900)
        wall = time.perf_counter() - started
        reported = next((line for line in reversed(proc.stdout.splitlines()) if line.endswith(" s")), "")
        return {"ok": proc.returncode == 0, "wall_s": wall, "reported": reported, "returncode": proc.returncode,
                "first_line": (proc.stdout.splitlines() or [""])[0][:200], "stderr": proc.stderr[-1500:]}

    def import_survey(self, db: Path) -> str:
        if not OPENDATA_SURVEY.is_dir():
            return "not found"
        from dxdash.importers.opendata import import_opendata_survey
        try:
            report = import_opendata_survey(str(OPENDATA_SURVEY), db_file=db)
            return "imported" if report.ok else f"errors: {report.errors[:2]}"
        except Exception as exc:
            return f"failed: {type(exc).__name__}: {exc}"[:300]

    def extra_imports(self) -> None:
        for _ in range(self.import_reps - 1):
            scratch = self.tmp / "import-scratch.duckdb"
            shutil.copyfile(self.base, scratch)
            self.info["imports"].append(self.time_import(scratch))
            scratch.unlink(missing_ok=True)

    def ensure_current(self) -> None:
        from dxdash import store
        if store.input_fingerprint() != self.fingerprint or not store.is_current(self.national) \
                or not store.is_current(self.embedded):
            log("the app's inputs changed (concurrent edits): regenerating both stores")
            self.info["notes"].append(f"{now()}: code or data changed during the run; stores regenerated")
            self.make()


def _counts(db: Path) -> dict:
    import duckdb
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM core.{t}").fetchone()[0]
                for t in ("plans", "initiatives", "kpis", "observations", "sources")}


def _plans(db: Path) -> int:
    import duckdb
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("SELECT count(*) FROM core.plans").fetchone()[0]
    except Exception:
        return -1


# --- AppTest phase -----------------------------------------------------------------------------------

def _cpu_times() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields), idle


def wait_for_quiet(threshold: float = 0.35, longest: float = 90.0) -> float | None:
    """Wait (up to `longest` s) until the machine's CPUs were busy less than `threshold` over 2 s — other sessions
    share this machine, and a previous phase's browsers take a moment to go. Returns the last busy share seen."""
    try:
        deadline = time.monotonic() + longest
        while True:
            total0, idle0 = _cpu_times()
            time.sleep(2)
            total1, idle1 = _cpu_times()
            busy = 1 - (idle1 - idle0) / max(1, total1 - total0)
            if busy < threshold or time.monotonic() > deadline:
                return busy
    except OSError:
        return None


LIVE_WORKERS: list[subprocess.Popen] = []


def _interrupted(signum, frame) -> None:
    """Ctrl-C / SIGTERM: stop what this run started (workers, servers; browsers end with their driver), then exit."""
    import browser_times
    log(f"signal {signum}: stopping workers and servers")
    for proc in list(LIVE_WORKERS):
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass
    for server in list(browser_times.LIVE_SERVERS):
        try:
            server.stop()
        except Exception:
            pass
    os._exit(130)


def run_worker(args: list[str], timeout: float, log_file: Path) -> dict | None:
    out = log_file.with_suffix(".json")
    out.unlink(missing_ok=True)
    with open(log_file, "wb") as handle:
        proc = subprocess.Popen([PY, str(BENCH / "server_times.py"), *args, "--out", str(out)], cwd=ROOT,
                                stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        LIVE_WORKERS.append(proc)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            return {"error": f"worker stopped after {timeout:.0f} s (time limit)"}
        finally:
            LIVE_WORKERS.remove(proc)
    if not out.exists():
        tail = log_file.read_text(errors="replace")[-800:]
        return {"error": f"worker exited {proc.returncode} without a result: {tail}"}
    return json.loads(out.read_text(encoding="utf-8"))


def apptest_phase(stores: Stores, pages: list[str], settings: dict, tmp: Path, known: set[str] | None) -> dict:
    """known: the pages discovered at the start (None: the page list was given, look for no new ones)."""
    results: dict = {}
    for store_name in ("national", "embedded"):
        results[store_name] = {}
        for page in pages:
            results[store_name][page] = apptest_page(stores, store_name, page, settings, tmp)
    # Pages added while this ran (others work concurrently) are measured too.
    for page in ([p for p in discover_pages() if p not in known] if known is not None else []):
        log(f"new page found: {page}")
        pages.append(page)
        for store_name in results:
            results[store_name][page] = apptest_page(stores, store_name, page, settings, tmp)
    # A page caught half-edited by another session fails with an exception; try it again later (twice).
    for attempt in (1, 2):
        failed = [(store_name, page) for store_name, pages_ in results.items() for page, r in pages_.items()
                  if r.get("error") and "time limit" not in r["error"] and (ROOT / page).is_file()]
        if not failed:
            break
        log(f"retrying {len(failed)} page run(s) that errored (attempt {attempt}) in 60 s")
        time.sleep(60)
        for store_name, page in failed:
            previous = results[store_name][page]["error"]
            result = apptest_page(stores, store_name, page, settings, tmp)
            result.setdefault("notes", []).append(f"attempt {attempt + 1}; earlier: {previous[:160]}")
            results[store_name][page] = result
    return results


def apptest_page(stores: Stores, store_name: str, page: str, settings: dict, tmp: Path) -> dict:
    if not (ROOT / page).is_file():
        return {"error": "page file disappeared during the run"}
    stores.ensure_current()
    db = getattr(stores, store_name)
    expected = _plans(db)
    busy = wait_for_quiet()
    log(f"AppTest {store_name}: {page}")
    load = os.getloadavg()[0]
    started = time.perf_counter()
    result = run_worker(["--db", str(db), "--page", page, "--reps", str(settings["reps"]),
                         "--budget", str(settings["budget"]), "--min-reps", str(settings["min_reps"]),
                         "--bare-reps", str(settings["reps"])],
                        settings["worker_timeout"], tmp / f"apptest-{store_name}-{Path(page).stem}.log")
    if _plans(db) != expected:
        result.setdefault("notes", []).append("the store was rebuilt during this page's run (concurrent edits)")
        stores.ensure_current()
    result["load_1min_at_start"] = load
    result["cpu_busy_before"] = busy
    log(f"  done in {time.perf_counter() - started:.0f} s" + (f" — {result['error'][:120]}" if result.get("error") else ""))
    return result


def worst_action(result: dict) -> tuple[str | None, float]:
    worst, value = None, -1.0
    for action in result.get("actions", []):
        for variant in ("cold", "warm"):
            p95 = action[variant]["p95"]
            if p95 is not None and p95 > value:
                worst, value = action["name"], p95
    return worst, value


def profile_phase(stores: Stores, apptest: dict, settings: dict, tmp: Path) -> dict:
    profiles = {}
    for page, result in apptest.get("national", {}).items():
        if result.get("error"):
            continue
        name, p95 = worst_action(result)
        if name is None or p95 * 1000 <= TARGET_CHANGE_MS:
            continue
        stores.ensure_current()
        log(f"profiling national: {page} — {name}")
        out = run_worker(["--db", str(stores.national), "--page", page, "--profile-action", name],
                         settings["worker_timeout"], tmp / f"profile-{Path(page).stem}.log")
        profiles[page] = {"action": name, **(out or {})}
    return profiles


# --- browser phase -----------------------------------------------------------------------------------

def browser_phase(stores: Stores, pages: list[str], apptest: dict, settings: dict, tmp: Path) -> dict:
    import browser_times
    results: dict = {}
    for store_name in ("national", "embedded"):
        stores.ensure_current()
        db = getattr(stores, store_name)
        expected = {}
        for page in pages:
            result = apptest.get(store_name, {}).get(page, {})
            if result.get("error") and "time limit" not in result["error"]:
                continue
            expected[page] = (result.get("charts") or {}).get("count", 0) or 0
        busy = wait_for_quiet()
        log(f"browser {store_name}: {len(expected)} pages × {settings['visits']} visits")
        entry: dict = {"load_1min_at_start": os.getloadavg()[0], "cpu_busy_before": busy}
        try:
            with browser_times.Server("app.py", db, tmp / f"server-{store_name}.log") as server:
                entry["server_startup_s"] = server.startup_s
                entry["first_chart"] = browser_times.first_chart(server.base, expected, visits=settings["visits"],
                                                                 timeout_s=settings["browser_timeout"])
                entry["concurrent_sweep"] = {}
                for sessions in settings["session_counts"]:
                    wait_for_quiet()
                    log(f"browser {store_name}: {sessions} concurrent session(s)")
                    entry["concurrent_sweep"][str(sessions)] = browser_times.concurrent_sessions(
                        server.base, sessions=sessions, rounds=settings["rounds"], timeout_s=settings["browser_timeout"])
                entry["concurrent"] = entry["concurrent_sweep"].get(str(settings["sessions"]), {})
        except Exception as exc:
            entry["error"] = f"{type(exc).__name__}: {exc}"[:400]
        results[store_name] = entry
    results["bare"] = {}
    for label, shapes in (("1 chart, 47 bars, 420 px", [{"kind": "bar", "points": 47, "traces": 1, "height": 420}]),
                          ("1 chart, 1,741 bars, 26 px a bar", [{"kind": "bar", "points": 1741, "traces": 1, "height": 0}])):
        wait_for_quiet()
        log(f"browser: bare page ({label})")
        try:
            with browser_times.Server(str(BENCH / "bare_app.py"), None, tmp / "server-bare.log",
                                      env={"BENCH_BARE_SHAPES": json.dumps(shapes)}) as server:
                results["bare"][label] = browser_times.first_chart(server.base, {"app.py": 1}, visits=settings["visits"],
                                                                   timeout_s=settings["browser_timeout"])["app.py"]
        except Exception as exc:
            results["bare"][label] = {"error": f"{type(exc).__name__}: {exc}"[:400]}
    return results


# --- report ------------------------------------------------------------------------------------------

def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f}"


def ms_direct(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def status(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**not met**")


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def server_rows(results: dict, judge: bool) -> tuple[list[list], list[dict]]:
    """Rows of the per-page table and, for the targets, one verdict per widget change."""
    rows, verdicts = [], []
    for page, r in results.items():
        if r.get("error"):
            rows.append([f"`{page}`", f"error: {r['error'][:300]}", "", "", "", "", "", "", "", ""])
            continue
        bare = (r.get("bare") or {}).get("largest") or {}
        bare_all = (r.get("bare") or {}).get("all") or {}
        measured = [("first render, cold cache", r["first_cold"], bare.get("first_cold"), bare_all.get("first_cold"), False),
                    ("first render, warm cache", r["first_warm"], bare.get("first_warm"), bare_all.get("first_warm"), False)]
        bare_change = (bare.get("actions") or [{}])[0]
        bare_all_change = (bare_all.get("actions") or [{}])[0]
        for action in r["actions"]:
            measured.append((f"change: {action['name']} — cold", action["cold"], bare_change.get("cold"), bare_all_change.get("cold"), True))
            measured.append((f"change: {action['name']} — warm (back)", action["warm"], bare_change.get("warm"), bare_all_change.get("warm"), True))
        for label, ours, theirs, theirs_all, is_change in measured:
            ratio = ours["p95"] / theirs["p95"] if theirs and theirs.get("p95") and ours["p95"] is not None else None
            ratio_all = ours["p95"] / theirs_all["p95"] if theirs_all and theirs_all.get("p95") and ours["p95"] is not None else None
            fast = ours["p95"] * 1000 < TARGET_CHANGE_MS if (is_change and ours["p95"] is not None) else None
            close = ratio <= TARGET_RATIO if (is_change and ratio is not None) else None
            if is_change and judge:
                verdicts.append({"page": page, "label": label, "p95_ms": ours["p95"] * 1000, "ratio": ratio,
                                 "fast": fast, "close": close})
            rows.append([f"`{page}`", label, ours["n"], ms(ours["median"]), ms(ours["p95"]),
                         ms(theirs.get("p95") if theirs else None), "—" if ratio is None else f"{ratio:.1f}×",
                         "—" if ratio_all is None else f"{ratio_all:.1f}×",
                         status(fast) if judge else ("—" if fast is None else ("(<250)" if fast else "(≥250)")),
                         status(close) if judge else "—"])
    return rows, verdicts


def anatomy_rows(results: dict) -> list[list]:
    rows = []
    for page, r in results.items():
        charts = r.get("charts") or {}
        largest = charts.get("largest") or {}
        bare = (r.get("bare") or {}).get("largest") or {}
        shape = (bare.get("shapes") or [{}])[0]
        rows.append([f"`{page}`", charts.get("count", "—"), (r.get("elements") or {}).get("dataframes", "—"),
                     f"{largest.get('kind', '—')}: {largest.get('points', 0):,} points, {largest.get('traces', 0):,} traces, "
                     f"{largest.get('shapes', 0):,} shapes, {largest.get('height', 0):,} px" if largest else "no chart",
                     f"{charts.get('total_json_kb', 0):,.0f}",
                     f"{shape.get('kind', '—')} {shape.get('points', 0):,} pts" + (" (reference)" if shape.get("reference") else ""),
                     f"{r.get('warmup_s', 0):.2f}" if r.get("warmup_s") else "—",
                     f"{100 * r['cpu_busy_before']:.0f} % / {r.get('load_1min_at_start', 0):.1f}" if r.get("cpu_busy_before") is not None
                     else f"— / {r.get('load_1min_at_start', 0):.1f}", "; ".join(r.get("notes", []))])
    return rows


def bare_rows(apptest: dict) -> list[list]:
    rows, seen = [], set()
    for store_name, pages in apptest.items():
        for page, r in pages.items():
            for variant, bare in (r.get("bare") or {}).items():
                shapes = bare.get("shapes") or []
                key = json.dumps(shapes, sort_keys=True)
                if key in seen or bare.get("error"):
                    continue
                seen.add(key)
                change = (bare.get("actions") or [{}])[0]
                desc = " + ".join(f"{s['kind']} {s['points']:,} pts/{s['traces']} traces/"
                                  + (f"{s['height']:,} px" if s.get("height") else "26 px a bar") for s in shapes)
                rows.append([desc, f"{store_name} `{page}` ({variant})", bare["first_cold"]["n"],
                             f"{ms(bare['first_cold']['median'])} / {ms(bare['first_cold']['p95'])}",
                             f"{ms(bare['first_warm']['median'])} / {ms(bare['first_warm']['p95'])}",
                             f"{ms(change.get('cold', {}).get('median'))} / {ms(change.get('cold', {}).get('p95'))}",
                             f"{ms(change.get('warm', {}).get('median'))} / {ms(change.get('warm', {}).get('p95'))}"])
    return rows


def browser_rows(entry: dict, judge: bool) -> tuple[list[list], list[dict]]:
    rows, verdicts = [], []
    for page, r in (entry.get("first_chart") or {}).items():
        cold = r.get("cold") or {}
        expected = r.get("charts_expected", 0)
        warm = r.get("warm_first_chart") or {}
        worst = max([v for v in (cold.get("first_chart_ms"), warm.get("p95")) if v is not None], default=None)
        ok = (worst < TARGET_FIRST_CHART_MS) if (expected and worst is not None) else (False if expected else None)
        problems = "; ".join(dict.fromkeys(r.get("errors", []))) + (f"; Streamlit exception on {r['exceptions']} visit(s)" if r.get("exceptions") else "")
        if expected and judge:
            verdicts.append({"page": page, "worst_ms": worst, "ok": ok})
        b = r.get("warm_breakdown") or {}
        rows.append([f"`{page}`", expected, ms_direct(cold.get("h1_ms")), ms_direct(cold.get("first_chart_ms")),
                     ms_direct(cold.get("all_charts_ms")), warm.get("n", 0),
                     f"{ms_direct(warm.get('median'))} / {ms_direct(warm.get('p95'))}",
                     f"{ms_direct((r.get('warm_all_charts') or {}).get('median'))}",
                     " / ".join(ms_direct(b.get(k)) for k in ("dom_ready_ms", "ws_open_ms", "ws_first_ms", "h1_ms")),
                     " / ".join(ms_direct(b.get(k)) for k in ("task_ms", "script_ms", "layout_ms"))
                     + (f" ({b['js_mb']:.1f} MB JS)" if b.get("js_mb") else ""),
                     status(ok) if judge else ("—" if ok is None else ("(<2 s)" if ok else "(≥2 s)")), problems or ""])
    return rows, verdicts


def profile_section(profiles: dict) -> str:
    parts = []
    for page, p in profiles.items():
        parts.append(f"### `{page}` — {p.get('action')}")
        prof = p.get("profile") or {}
        if p.get("error") or prof.get("error"):
            parts.append(f"profiling failed: {p.get('error') or prof.get('error')}")
            continue
        for run_name, report in prof.items():
            if not isinstance(report, dict) or "buckets" not in report:
                continue
            runs = report.get("runs") or 1
            parts.append(f"**{run_name}** — {report['seconds'] / runs:.2f} s a run under the sampler, {report['samples']:,} samples")
            parts.append("")
            parts.append(table(["where (outermost boundary on the stack)", "share"], [[b, f"{s:.0f} %"] for b, s in report["buckets"]]))
            parts.append("")
            parts.append("Running code by library (innermost frame): " + ", ".join(f"{lib} {s:.0f} %" for lib, s in report["libraries"]))
            parts.append("")
            parts.append(table(["project line (inclusive)", "share", "code"],
                               [[f"`{where}`", f"{s:.0f} %", f"`{code}`" if code else ""] for where, s, code in report["lines"][:12]]))
            parts.append("")
    return "\n".join(parts) if parts else "No page missed the 250 ms target on the national-scale store; nothing profiled."


def render(ctx: dict) -> str:
    m = ctx["machine"]
    stores = ctx["stores"]
    apptest = ctx.get("apptest", {})
    browser = ctx.get("browser", {})
    s = ctx["settings"]
    out: list[str] = []
    out.append("# dxdash benchmark results (issue 7)")
    out.append("")
    out.append(f"Generated by `python bench/run.py{' --quick' if ctx['quick'] else ''}` on {ctx['date']}, "
               f"commit `{ctx['commit']}` (working tree at the start: {ctx['dirty']}, bench/ included; other sessions "
               f"may edit the code while this runs, so the figures are for the working tree of that moment). Run time "
               f"{ctx['elapsed_min']:.0f} min. Load average at start / end: {ctx['load_start']} / {ctx['load_end']} "
               "(the end includes this run's own 20 browser sessions).")
    out.append("")
    out.append("## Machine")
    out.append("")
    out.append(table(["CPU", "cores", "RAM", "OS", "Python", "Chromium"],
                     [[m["cpu"], m["cores"], f"{m['ram_gb']} GB", f"{m['os']} (kernel {m['kernel']})", m["python"], m["chromium"]]]))
    out.append("")
    out.append("Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()))
    out.append("")
    out.append("## Stores")
    out.append("")
    nc, ec = stores.get("national_counts", {}), stores.get("embedded_counts", {})
    out.append(table(["store", "what is in it", "plans", "initiatives", "KPIs", "observations", "size"], [
        ["embedded", "`store.build` of data/ + the 46 My Number snapshots of ../shared (`python -m dxdash import mynumber`) "
                     f"+ the 2020-11 open-data survey ({stores.get('embedded_survey')})",
         ec.get("plans"), ec.get("initiatives"), ec.get("kpis"), f"{ec.get('observations', 0):,}",
         f"{stores.get('sizes_mb', {}).get('embedded')} MB"],
        ["national-scale (synthetic)", "`store.build` of data/ + the open-data survey "
                                       f"({stores.get('national_survey')}) + bench/synthetic.py: 1,741 municipalities, 47 prefectures and "
                                       f"the nation × 120 months (2016-04 … 2026-03, dated the 1st) × {nc.get('measures with synthetic series', '?')} measures "
                                       "(every measure of dxdash.taxonomy.MEASURES), one import source per month; "
                                       "one synthetic plan per municipality without one (30 initiatives, 32 schedule rows, 20 KPIs each)",
         nc.get("plans"), nc.get("initiatives"), nc.get("kpis"), f"{nc.get('observations', 0):,}",
         f"{stores.get('sizes_mb', {}).get('national')} MB"],
    ]))
    out.append("")
    out.append(f"Build of data/: {stores.get('build_s', 0):.1f} s; synthetic generation: {stores.get('synthetic_s', 0):.1f} s "
               f"(check: {stores.get('national_check')}). Stores generated {stores.get('generations')} time(s) in this run.")
    for note in stores.get("notes", []):
        out.append(f"- {note}")
    out.append("")

    national_rows, change_verdicts = server_rows(apptest.get("national", {}), judge=True)
    embedded_rows, _ = server_rows(apptest.get("embedded", {}), judge=False)
    first_national, first_verdicts = browser_rows(browser.get("national", {}), judge=True)
    first_embedded, first_verdicts_e = browser_rows(browser.get("embedded", {}), judge=True)
    conc = {k: (browser.get(k) or {}).get("concurrent") or {} for k in ("national", "embedded")}

    # --- targets summary
    out.append("## Targets (issue 7) and where each stands")
    out.append("")
    rows = []
    if change_verdicts:
        slow = [v for v in change_verdicts if v["fast"] is False]
        far = [v for v in change_verdicts if v["close"] is False]
        worst = max(change_verdicts, key=lambda v: v["p95_ms"])
        worst_ratio = max((v for v in change_verdicts if v["ratio"] is not None), key=lambda v: v["ratio"], default=None)
        rows.append(["every widget change < 250 ms server time, p95, national-scale store",
                     f"{len(change_verdicts) - len(slow)} of {len(change_verdicts)} measured changes under 250 ms; worst "
                     f"`{worst['page']}` {worst['label']}: {worst['p95_ms']:,.0f} ms",
                     status(not slow)])
        rows.append(["… and within 1.5 × the bare page (same chart size)",
                     f"{len(change_verdicts) - len(far)} of {len(change_verdicts)} within 1.5×" +
                     (f"; worst `{worst_ratio['page']}` {worst_ratio['label']}: {worst_ratio['ratio']:.1f}×" if worst_ratio else ""),
                     status(not far)])
    for label, verdicts in (("national-scale", first_verdicts), ("embedded", first_verdicts_e)):
        if verdicts:
            bad = [v for v in verdicts if not v["ok"]]
            worst = max(verdicts, key=lambda v: v["worst_ms"] if v["worst_ms"] is not None else float("inf"))
            rows.append([f"first chart in the browser < 2 s ({label} store; worst of the cold first visit and the p95 of later visits)",
                         f"{len(verdicts) - len(bad)} of {len(verdicts)} chart pages under 2 s; worst `{worst['page']}`: "
                         f"{ms_direct(worst['worst_ms'])} ms", status(not bad)])
    for label in ("national", "embedded"):
        c = conc[label]
        if c.get("change_page_ms", {}).get("p95") is not None:
            p95 = c["change_page_ms"]["p95"]
            rows.append([f"20 concurrent sessions < 1 s p95, click → updated chart ({label} store)",
                         f"p95 {p95:,.0f} ms over {c['change_page_ms']['n']} changes ({c['sessions_loaded']} sessions)",
                         status(p95 < TARGET_CONCURRENT_MS and not c.get("change_errors"))])
        elif c:
            rows.append([f"20 concurrent sessions < 1 s p95 ({label} store)", f"not measured: {c.get('error') or c.get('load_errors', ['?'])[:1]}", "**not met**"])
    imports = [i for i in stores.get("imports", []) if i.get("ok")]
    if imports:
        walls = summary([i["wall_s"] for i in imports])
        rows.append(["import of the 46 My Number snapshots (no target)",
                     f"median {walls['median']:.1f} s wall (n={walls['n']}; the command itself reports {imports[0]['reported']})", "—"])
    out.append(table(["target", "figure", "status"], rows))
    out.append("")

    out.append("## 1–2. Server time per page (AppTest) and the bare page")
    out.append("")
    out.append(
        f"Per page, {s['reps']} repetitions at most (at least {s['min_reps']}; fewer when a page's repetitions exceed "
        f"{s['budget']:.0f} s), after an unrecorded warm-up. **Cold**: `st.cache_data` cleared first (as after a restart "
        "or an import, when every cached query is stale) — for a widget change, the new value has not been shown since. "
        "**Warm**: the queries are cached (a change back to the value shown before). A page other than app.py is "
        "opened from the home page (app.py runs first, untimed). Widget changes: the sidebar 市区町村 (`_lg_code_widget`) "
        "and up to two typical widgets of the page. **bare p95** is bench/bare_app.py in the same worker process with one "
        "chart the size of the page's largest chart (1,741 bars for pages without a chart), same protocol; "
        "**/ bare all** compares with a bare page drawing all of the page's charts. Times in ms.")
    out.append("")
    header = ["page", "measurement", "n", "median", "p95", "bare p95", "ours / bare", "/ bare all", "< 250 ms", "≤ 1.5× bare"]
    out.append("### National-scale store (targets apply here)")
    out.append("")
    out.append(table(header, national_rows))
    out.append("")
    out.append("### Embedded data (for comparison; targets not judged)")
    out.append("")
    out.append(table(header, embedded_rows))
    out.append("")
    out.append("### What each page draws (largest chart, the bare page it is compared with)")
    out.append("")
    anatomy_header = ["page", "charts", "tables", "largest chart", "figure JSON (KB, all charts)", "bare chart", "warm-up render (s)",
                      "CPU busy just before / load avg (1 min)", "notes"]
    for label in ("national", "embedded"):
        out.append(f"{label}:")
        out.append("")
        out.append(table(anatomy_header, anatomy_rows(apptest.get(label, {}))))
        out.append("")
    out.append("### Bare page alone (median / p95, ms)")
    out.append("")
    out.append(table(["chart(s)", "stands in for", "n", "first render cold", "first render warm", "change cold", "change warm"],
                     bare_rows(apptest)))
    out.append("")

    out.append("## 3. Headless Chromium: navigation → first chart")
    out.append("")
    out.append(f"Real `streamlit run app.py` on 127.0.0.1 (file watcher off), Debian Chromium headless, viewport 1400×5000, "
               f"no network beyond 127.0.0.1. {s['visits']} visits per page, each in a fresh browser context; visit 1 of each "
               "page is the first on that server (cold caches), the others are warm. Times from navigation start "
               "(performance.now()), ms: **h1** = the page title is in the DOM, **first chart** = the first "
               "`.js-plotly-plot .main-svg`, **all charts** = as many drawn charts as AppTest counted. **Main thread**: "
               "Chrome's Performance metrics for the page until then (TaskDuration, ScriptDuration, Layout+RecalcStyle), "
               "and the JavaScript loaded (a fresh context has no cache).")
    out.append("")
    bheader = ["page", "charts", "cold: h1", "cold: first chart", "cold: all charts", "warm n", "warm first chart median / p95",
               "warm all charts median", "warm medians: DOM ready / websocket open / first message / h1",
               "warm medians, browser main thread: busy / script / layout+style", "< 2 s", "problems"]
    for label, rows_ in (("national-scale", first_national), ("embedded", first_embedded)):
        entry = browser.get("national" if label.startswith("national") else "embedded", {})
        out.append(f"### {label} store" + (f" — error: {entry['error']}" if entry.get("error") else
                                            f" (server ready in {entry.get('server_startup_s', 0):.1f} s; CPU "
                                            f"{100 * (entry.get('cpu_busy_before') or 0):.0f} % busy just before)"))
        out.append("")
        out.append(table(bheader, rows_))
        out.append("")
    for label, bare in (browser.get("bare") or {}).items():
        if bare.get("cold"):
            b = bare.get("warm_breakdown") or {}
            out.append(f"- Bare page ({label}), same method: first visit first chart "
                       f"{ms_direct(bare['cold'].get('first_chart_ms'))} ms; later visits first chart median / p95 "
                       f"{ms_direct(bare['warm_first_chart']['median'])} / {ms_direct(bare['warm_first_chart']['p95'])} ms "
                       f"(warm medians: DOM ready {ms_direct(b.get('dom_ready_ms'))}, websocket open {ms_direct(b.get('ws_open_ms'))}, "
                       f"first message {ms_direct(b.get('ws_first_ms'))}; browser main thread busy {ms_direct(b.get('task_ms'))}, "
                       f"script {ms_direct(b.get('script_ms'))}, layout+style {ms_direct(b.get('layout_ms'))}"
                       + (f"; {b['js_mb']:.1f} MB JS" if b.get("js_mb") else "") + ").")
        else:
            out.append(f"- Bare page ({label}): {bare.get('error') or bare.get('errors')}")
    out.append("")

    out.append("## 4. Concurrent sessions on one server (20 is the target)")
    out.append("")
    out.append("N browser contexts (1400×1000 windows) in one headless Chromium open the マイナンバーカード page at the same "
               "time, scroll to 比較する団体, then all click it together (同じ都道府県, then back to 手動で選ぶ; "
               f"{s['rounds'] * 2} rounds). **Click → updated chart**: until the time-series chart shows the change, measured in "
               "the page (performance.now()) — the target's figure. **Click → script_finished**: from the rerun request leaving the "
               "page to the server's script_finished message on the websocket (server time + queueing, without the browser's "
               "drawing). Browsers and server share the same 2 cores here, so the end-to-end figure is pessimistic for "
               "colleagues on their own machines; the 1-session row is the single-user latency. ms.")
    out.append("")
    crows = []
    for label in ("national", "embedded"):
        sweep = (browser.get(label) or {}).get("concurrent_sweep") or ({str(s["sessions"]): conc[label]} if conc[label] else {})
        for sessions, c in sweep.items():
            if c.get("error"):
                crows.append([label, sessions, f"error: {c['error']}", "", "", "", "", ""])
                continue
            load, change, wall = c["simultaneous_load_first_chart"], c["change_page_ms"], c["change_wall_ms"]
            server = c.get("change_server_ms") or {}
            judged = int(sessions) == s["sessions"]
            crows.append([label, sessions, f"{c['sessions_loaded']} / {c['sessions']}",
                          f"{ms_direct(load['median'])} / {ms_direct(load['p95'])} / {ms_direct(load['max'])}",
                          f"{change['n']}: {ms_direct(change['median'])} / {ms_direct(change['p95'])} / {ms_direct(change['max'])}",
                          f"{server.get('n', 0)}: {ms_direct(server.get('median'))} / {ms_direct(server.get('p95'))} / {ms_direct(server.get('max'))}",
                          f"{ms_direct(wall['median'])} / {ms_direct(wall['p95'])}",
                          (status(change["p95"] is not None and change["p95"] < TARGET_CONCURRENT_MS) if judged else
                           ("(<1 s)" if change["p95"] is not None and change["p95"] < TARGET_CONCURRENT_MS else "(≥1 s)"))
                          + ("; " + "; ".join(dict.fromkeys(c.get("change_errors", []) + c.get("load_errors", [])))[:300]
                             if c.get("change_errors") or c.get("load_errors") else "")])
    out.append(table(["store", "sessions", "loaded", "simultaneous load → first chart median / p95 / max",
                      "click → updated chart: n: median / p95 / max", "click → server's script_finished (websocket): n: median / p95 / max",
                      "wall median / p95", "< 1 s p95"], crows))
    out.append("")
    sweep = (browser.get("national") or {}).get("concurrent_sweep") or {}
    one, many = sweep.get("1") or {}, sweep.get(str(s["sessions"])) or {}
    per_rerun = (one.get("change_server_ms") or {}).get("median")
    if per_rerun:
        busy = ((many.get("change_server_ms") or {}).get("median"))
        out.append(f"For scale (national store): with one session, a rerun for this change takes {per_rerun:,.0f} ms from the "
                   "click's request to script_finished. The page script holds Python's GIL for most of it (figure building, "
                   f"pandas), so one server process serves simultaneous reruns nearly one after another: {s['sessions']} of them "
                   f"need about {s['sessions'] * per_rerun / 1000:,.1f} s before the last can finish"
                   + (f" (measured median {busy / 1000:,.1f} s)" if busy else "") +
                   ", and here the 20 browsers' own drawing takes CPU from the same 2 cores.")
        out.append("")

    out.append("## 5. Import of the 46 nationwide My Number snapshots")
    out.append("")
    out.append(f"`python -m dxdash import mynumber {MYNUMBER_TREE.relative_to(ROOT.parent) if MYNUMBER_TREE.is_relative_to(ROOT.parent) else MYNUMBER_TREE} --db <fresh built store>`, "
               "wall time including Python start-up, each into a fresh copy of the built store.")
    out.append("")
    out.append(table(["run", "exit code", "wall (s)", "the command's own figure", "note"],
                     [[n + 1, i.get("returncode", "—"), f"{i['wall_s']:.1f}" if i.get("wall_s") else "—", f"{i.get('first_line', '')} — {i.get('reported', '')}",
                       "" if i.get("ok") else (i.get("stderr") or "")[-200:]] for n, i in enumerate(stores.get("imports", []))]))
    out.append("")

    out.append("## Where the time goes (profiles of the slowest widget change per page, national-scale store)")
    out.append("")
    out.append("For each page whose slowest widget change missed 250 ms: that change 5 times cold and 5 times warm under a "
               "wall-clock sampling profiler (bench/sampler.py, every 2 ms, all threads; AppTest runs the page in its own "
               "thread, which cProfile would not see). Shares of samples; a sample is attributed to the outermost "
               "boundary on its stack (e.g. time inside `ui.chart` counts as chart, even where pandas runs inside it).")
    out.append("")
    out.append(profile_section(ctx.get("profiles", {})))
    out.append("")
    out.append("## Method notes")
    out.append("")
    out.append("- Pages are discovered at run time: `dxdash.ui.PAGES` plus every `pages/*.py`; a page that errors is "
               "reported in its row and skipped. Each page runs in its own worker process (bench/server_times.py) with a "
               f"time limit of {s['worker_timeout']:.0f} s.")
    out.append("- AppTest time includes AppTest's own handling of the result (parsing the element tree); the bare page "
               "carries the same overhead, which is why the ratio is the figure that counts.")
    out.append("- When the app's inputs (code, schema, data/) change during the run, the app would rebuild a store from data/ "
               "on its next page and drop the synthetic plans; the benchmark checks the input fingerprint before each page "
               "and each server, and regenerates both stores when it changed.")
    out.append(f"- Settings: {json.dumps(s)}")
    return "\n".join(out) + "\n"


# --- main --------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions, for a smoke run")
    parser.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--json", default=None, help="also write the raw results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (stores, logs)")
    parser.add_argument("--pages", nargs="*", help="only these page files (default: all discovered)")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--render-from", default=None, help="only re-write --out from a --json file of an earlier run")
    args = parser.parse_args()
    if args.render_from:
        report = render(json.loads(Path(args.render_from).read_text(encoding="utf-8")))
        Path(args.out).write_text(report, encoding="utf-8")
        print(report)
        return 0

    settings = ({"reps": 3, "min_reps": 1, "budget": 10.0, "visits": 2, "sessions": 20, "session_counts": [1, 20], "rounds": 1, "import_reps": 1,
                 "worker_timeout": 1200.0, "browser_timeout": 120.0} if args.quick else
                {"reps": 15, "min_reps": 3, "budget": 75.0, "visits": 5, "sessions": 20, "session_counts": [1, 5, 20], "rounds": 2, "import_reps": 3,
                 "worker_timeout": 2400.0, "browser_timeout": 180.0})
    started = time.perf_counter()
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    tmp = Path(tempfile.mkdtemp(prefix="dxdash-bench-"))
    log(f"temp folder {tmp}")
    ctx: dict = {"quick": args.quick, "date": now(), "commit": git_commit(), "dirty": git_dirty_summary(),
                 "machine": machine(), "settings": settings, "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    try:
        stores = Stores(tmp, settings["import_reps"])
        log("building the stores (embedded + national-scale)")
        stores.make()
        stores.extra_imports()
        ctx["stores"] = stores.info
        pages = args.pages or discover_pages()
        ctx["pages"] = pages
        log(f"pages: {', '.join(pages)}")
        ctx["apptest"] = apptest_phase(stores, pages, settings, tmp, None if args.pages else set(pages))
        ctx["profiles"] = profile_phase(stores, ctx["apptest"], settings, tmp)
        if not args.skip_browser:
            ctx["browser"] = browser_phase(stores, pages, ctx["apptest"], settings, tmp)
        ctx["stores"] = stores.info
    finally:
        ctx["elapsed_min"] = (time.perf_counter() - started) / 60
        ctx["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        if args.json:
            Path(args.json).write_text(json.dumps(ctx, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        if "stores" in ctx:
            report = render(ctx)
            Path(args.out).write_text(report, encoding="utf-8")
            print(report)
            log(f"wrote {args.out}")
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
