"""Command line: python -m dxdash build | check FILE… | import mynumber PATH_OR_URL | import opendata-survey PATH_OR_URL."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dxdash import config, curated, master, store
from dxdash.importing import ImportDataError


def _cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    counts = store.build(Path(args.db) if args.db else None)
    summary = ", ".join(f"{table} {n}" for table, n in counts.items())
    print(f"built {args.db or config.db_path()} in {time.perf_counter() - started:.1f} s: {summary}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    areas = {row["lg_code"]: row for row in master.master_rows()}
    paths = [Path(p) for p in args.files] or curated.plan_files(config.DATA_DIR)
    for path in paths:
        plan_file = curated.load_plan_file(path)
        curated.check_plan(path, plan_file, areas)
        rows = curated.to_rows([(path.resolve(), plan_file)], areas, path.resolve().parent)
        print(f"{path}: OK — initiatives {len(rows.initiatives)}, schedule rows {len(rows.schedule)}, "
              f"KPIs {len(rows.kpis)}, figures {len(rows.observations)} values")
    return 0


def _cmd_import_mynumber(args: argparse.Namespace) -> int:
    from dxdash.importers.mynumber import import_mynumber
    started = time.perf_counter()
    report = import_mynumber(args.location, dates=args.date, db_file=Path(args.db) if args.db else None)
    for line in report.lines():
        print(line, file=sys.stderr if line.lstrip().startswith("エラー:") else sys.stdout)
    print(f"{time.perf_counter() - started:.1f} s")
    return 0 if report.ok else 2


def _cmd_import_opendata(args: argparse.Namespace) -> int:
    from dxdash.importers.opendata import import_opendata_survey
    started = time.perf_counter()
    report = import_opendata_survey(args.location, db_file=Path(args.db) if args.db else None)
    for line in report.lines():
        print(line, file=sys.stderr if line.lstrip().startswith("エラー:") else sys.stdout)
    print(f"{time.perf_counter() - started:.1f} s")
    return 0 if report.ok else 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dxdash", description="dxdash store commands")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="data/ から DuckDB ストアを作る")
    p_build.add_argument("--db", help="出力先（既定: DXDASH_DB または data/dxdash.duckdb）")
    p_build.set_defaults(func=_cmd_build)
    p_check = sub.add_parser("check", help="計画ファイルを検証する（ストアは変更しない）")
    p_check.add_argument("files", nargs="*")
    p_check.set_defaults(func=_cmd_check)
    p_import = sub.add_parser("import", help="全国データを取り込む")
    kinds = p_import.add_subparsers(dest="kind", required=True)
    p_mynumber = kinds.add_parser("mynumber", help="マイナンバーカード交付状況（フォルダ・ツリー・URL）")
    p_mynumber.add_argument("location", help="スナップショットのフォルダ、その親フォルダ、または http(s) URL")
    p_mynumber.add_argument("--date", action="append", help="URL の下の YYYYMMDD（複数可）")
    p_mynumber.add_argument("--db", help="ストア（既定: DXDASH_DB または data/dxdash.duckdb）")
    p_mynumber.set_defaults(func=_cmd_import_mynumber)
    p_opendata = kinds.add_parser("opendata-survey", help="オープンデータ取組状況アンケート 2020-11（CSV ファイル・フォルダ・URL）")
    p_opendata.add_argument("location", help="r2_survey_answers_simple.csv、それを含むフォルダ、または http(s) URL")
    p_opendata.add_argument("--db", help="ストア（既定: DXDASH_DB または data/dxdash.duckdb）")
    p_opendata.set_defaults(func=_cmd_import_opendata)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (curated.CuratedDataError, ImportDataError) as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
