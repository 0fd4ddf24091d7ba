"""A synthetic national-scale store for the benchmark (generated into a temp folder, never committed).

Starts from `store.build()` of the repository's data/ (the 5 curated plans, the master list, the
plans' printed figures), then adds with DuckDB SQL (generate_series, no Python loops over rows):

- observations: 1,741 municipalities + 47 prefectures + the nation × 120 months (10 fiscal years,
  dated the 1st of each month, 2016-04 … 2026-03) × every measure of dxdash.taxonomy.MEASURES (ten when
  the benchmark was written), each month with its own source row (kind 'import');
- plans: one per municipality that has none in data/ (1,736; with the 5 curated ones every one of
  the 1,741 municipalities has a plan), each with 3 policies, 3 governance rows, 2 phases,
  30 initiatives (the 13 themes in turn), 32 schedule rows (30 dated, 2 undated) and 20 KPIs
  (4 of them tracking a measure with a target), all pointing at the plan's own sources.

Everything goes into the `core` tables with the store's constraints (primary keys, sources, themes,
measures) checked by DuckDB; pages read the public views as usual. The stored input fingerprint is
left as `build` wrote it, so the app takes the store as current and does not rebuild it.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dxdash import store  # noqa: E402
from dxdash.taxonomy import MEASURES, THEME_NAMES  # noqa: E402

FIRST_MONTH = dt.date(2016, 4, 1)
MONTHS = 120
PLAN_PREFIX = "syn-"
SOURCE_PREFIX = "synthetic:"
PUBLISHER = "dxdash bench（合成データ）"

_OBSERVATIONS = f"""
CREATE TEMP TABLE syn_areas AS
    SELECT lg_code AS area_code, 'municipality' AS level,
           (hash(lg_code || 'a') % 10000) / 10000.0 AS u, (hash(lg_code || 'b') % 10000) / 10000.0 AS w
    FROM core.areas WHERE area_type = 'municipality'
    UNION ALL
    SELECT pref_code, 'prefecture', (hash(pref_code || 'a') % 10000) / 10000.0, (hash(pref_code || 'b') % 10000) / 10000.0
    FROM core.areas WHERE area_type = 'prefecture'
    UNION ALL SELECT '00', 'nation', 0.5, 0.5;

CREATE TEMP TABLE syn_months AS
    SELECT m AS month_no, CAST(DATE '{FIRST_MONTH.isoformat()}' + to_months(CAST(m AS INTEGER)) AS DATE) AS as_of,
           m / {MONTHS - 1}.0 AS t
    FROM generate_series(0, {MONTHS - 1}) g(m);

INSERT INTO core.sources (source_id, kind, title, publisher, as_of, seed_file, section, url, data_file, content_sha256)
SELECT '{SOURCE_PREFIX}' || strftime(as_of, '%Y-%m'), 'import',
       '合成データ（ベンチマーク用） ' || strftime(as_of, '%Y年%m月') || '1日時点', '{PUBLISHER}', as_of,
       NULL, NULL, NULL, 'bench/synthetic.py', NULL
FROM syn_months;

CREATE TEMP TABLE syn_base AS
SELECT a.area_code, a.level, m.as_of, m.t, a.u, a.w,
       CASE a.level WHEN 'nation' THEN 125000000.0
                    WHEN 'prefecture' THEN 550000.0 + a.u * 13500000.0
                    ELSE round(exp(ln(800.0) + a.u * (ln(3700000.0) - ln(800.0)))) END * (1 - 0.004 * m.t) AS population,
       least(99.5, 9.0 + (55.0 + 25.0 * a.w) * m.t + 3.0 * sin(m.month_no + a.u * 10)) AS issuance_rate
FROM syn_areas a CROSS JOIN syn_months m;

CREATE TEMP TABLE syn_wide AS
SELECT area_code, as_of, {{COLUMNS}} FROM syn_base;

INSERT INTO core.observations (measure, area_code, as_of, value, value_printed, denominator_as_of, source_id)
WITH tall AS (
    UNPIVOT syn_wide ON COLUMNS(* EXCLUDE (area_code, as_of)) INTO NAME measure VALUE value
)
SELECT measure, area_code, as_of, value,
       CASE WHEN list_contains({{PERCENT}}, measure) THEN printf('%.2f%%', value)
            ELSE format('{{:,}}', CAST(value AS BIGINT)) END,
       CASE WHEN measure LIKE 'mynumber_%' THEN CAST(make_date(year(as_of), 1, 1) AS DATE) END,
       '{SOURCE_PREFIX}' || strftime(as_of, '%Y-%m')
FROM tall;
"""

# One value per area and month for each measure of dxdash.taxonomy.MEASURES; a measure added there later
# and not known here gets a generic percentage that grows over the ten years.
KNOWN_MEASURES = {
    "mynumber_population": "round(population)",
    "mynumber_applications": "round(population * least(100, issuance_rate * 1.08) / 100)",
    "mynumber_issued": "round(population * issuance_rate / 100)",
    "mynumber_application_rate": "round(least(100, issuance_rate * 1.08), 2)",
    "mynumber_application_rank": "rank() OVER (PARTITION BY level, as_of ORDER BY least(100, issuance_rate * 1.08) DESC)",
    "mynumber_issuance_rate": "round(issuance_rate, 2)",
    "mynumber_issuance_rank": "rank() OVER (PARTITION BY level, as_of ORDER BY issuance_rate DESC)",
    "ftth_coverage": "round(least(100.0, 82.0 + 18.0 * (0.4 * u + 0.6 * t)), 2)",
    "opendata_items": "floor(60 * w * t)",
    "opendata_recommended_datasets": "floor(23 * u * t)",
    "opendata_basic_datasets": "floor(14 * u * t)",
}
GENERIC_MEASURE = "round(100 * (0.3 * u + 0.7 * t), 2)"


def _observations_sql() -> str:
    columns = ", ".join(f'CAST({KNOWN_MEASURES.get(m, GENERIC_MEASURE)} AS DOUBLE) AS "{m}"' for m in MEASURES)
    percent = "[" + ", ".join(f"'{m}'" for m, (_, unit) in MEASURES.items() if unit == "%") + "]"
    return _OBSERVATIONS.replace("{COLUMNS}", columns).replace("{PERCENT}", percent)


_PLANS = """
CREATE TEMP TABLE syn_plans AS
    SELECT '{PLAN_PREFIX}' || a.lg_code AS plan_id, a.lg_code, a.name,
           2021 + CAST(hash(a.lg_code) % 4 AS INTEGER) AS start_fy
    FROM core.areas a
    WHERE a.area_type = 'municipality' AND a.lg_code NOT IN (SELECT lg_code FROM core.plans);

-- the plan itself, one source per policy chapter and one for the KPI table
INSERT INTO core.sources (source_id, kind, title, publisher, as_of, seed_file, section, url, data_file, content_sha256)
SELECT plan_id, 'plan', name || 'DX推進計画（合成）', name, make_date(start_fy, 3, 31), 'synthetic.txt', NULL, NULL,
       'bench/synthetic.py', NULL FROM syn_plans
UNION ALL
SELECT plan_id || ':P' || k, 'plan', name || 'DX推進計画（合成）', name, make_date(start_fy, 3, 31), 'synthetic.txt',
       '第' || (k + 2) || '章 基本方針' || k, NULL, 'bench/synthetic.py', NULL
FROM syn_plans, generate_series(1, 3) g(k)
UNION ALL
SELECT plan_id || ':KPI', 'plan', name || 'DX推進計画（合成）', name, make_date(start_fy, 3, 31), 'synthetic.txt',
       '第6章 成果指標（KPI）', NULL, 'bench/synthetic.py', NULL FROM syn_plans;

INSERT INTO core.plans (plan_id, lg_code, title, status, published, published_printed, start_fy, end_fy, period_printed,
                        publisher, vision, schedule_printed, schedule_note, data_file, source_id)
SELECT plan_id, lg_code, name || 'DX推進計画（合成）', '策定済', make_date(start_fy, 3, 31),
       '令和' || (start_fy - 2018) || '年3月', start_fy, start_fy + 4,
       '令和' || (start_fy - 2018) || '年度～令和' || (start_fy - 2014) || '年度', name,
       'デジタルで暮らしやすい' || name || '（合成データ）', TRUE, NULL, 'bench/synthetic.py', plan_id
FROM syn_plans;

INSERT INTO core.policies (plan_id, policy_id, seq, title, source_id)
SELECT plan_id, 'P' || k, k, ['行政のDX', '地域社会のDX', 'DXを支える基盤'][k], plan_id || ':P' || k
FROM syn_plans, generate_series(1, 3) g(k);

INSERT INTO core.governance (plan_id, seq, role, text, source_id)
SELECT plan_id, k, ['DX推進本部', 'CIO（最高情報責任者）', '外部人材（DXアドバイザー）'][k],
       name || 'の' || ['DX推進本部', 'CIO', '外部人材'][k] || 'が全庁の取組を推進します（合成データ）。', plan_id || ':P3'
FROM syn_plans, generate_series(1, 3) g(k);

INSERT INTO core.phases (plan_id, seq, label, start_fy, end_fy, printed, source_id)
SELECT plan_id, k, ['準備期', '本格運用期'][k], start_fy + (k - 1) * 2, start_fy + (k - 1) * 2 + CASE k WHEN 1 THEN 1 ELSE 2 END,
       '第' || k || '段階', plan_id || ':P3'
FROM syn_plans, generate_series(1, 2) g(k);

INSERT INTO core.initiatives (initiative_id, plan_id, seq, policy_id, title, theme, text, source_id)
SELECT plan_id || '-i' || lpad(CAST(n AS VARCHAR), 2, '0'), plan_id, n, 'P' || ((n - 1) % 3 + 1),
       {THEMES}[(n - 1) % 13 + 1] || 'の推進 ' || n, {THEMES}[(n - 1) % 13 + 1],
       name || 'は' || {THEMES}[(n - 1) % 13 + 1] || 'に取り組みます（合成データ、取組 ' || n || '）。',
       plan_id || ':P' || ((n - 1) % 3 + 1)
FROM syn_plans, generate_series(1, 30) g(n);

INSERT INTO core.schedule (plan_id, seq, initiative_id, label, start_fy, end_fy, phase, printed, source_id)
SELECT plan_id, n, plan_id || '-i' || lpad(CAST(n AS VARCHAR), 2, '0'), '実施 ' || n,
       start_fy + n % 3, CASE WHEN n % 5 = 0 THEN NULL ELSE start_fy + n % 3 + 1 + n % 2 END,
       CASE WHEN n % 3 = 0 THEN '準備期' ELSE '本格運用期' END, '令和' || (start_fy + n % 3 - 2018) || '年度～',
       plan_id || ':P' || ((n - 1) % 3 + 1)
FROM syn_plans, generate_series(1, 30) g(n)
UNION ALL
SELECT plan_id, 30 + n, plan_id || '-i' || lpad(CAST(n AS VARCHAR), 2, '0'), '検討 ' || n, NULL, NULL, NULL,
       '（時期の記載なし）', plan_id || ':P1'
FROM syn_plans, generate_series(1, 2) g(n);

INSERT INTO core.kpis (kpi_id, plan_id, seq, initiative_id, indicator, unit, measure, direction, baseline_value,
                       baseline_printed, baseline_date, baseline_date_printed, target_value, target_printed, target_fy,
                       target_fy_printed, note, source_id)
WITH k AS (
    SELECT p.*, n, CASE n WHEN 1 THEN 'mynumber_issuance_rate' WHEN 2 THEN 'ftth_coverage'
                          WHEN 3 THEN 'opendata_items' WHEN 4 THEN 'opendata_recommended_datasets' END AS measure,
           CASE n WHEN 1 THEN 40.0 WHEN 2 THEN 90.0 WHEN 3 THEN 10.0 WHEN 4 THEN 5.0 ELSE 10.0 + n END AS baseline,
           CASE n WHEN 1 THEN 100.0 WHEN 2 THEN 100.0 WHEN 3 THEN 50.0 WHEN 4 THEN 20.0 ELSE 20.0 + 2 * n END AS target,
           CASE n WHEN 1 THEN '%' WHEN 2 THEN '%' WHEN 3 THEN '項目' WHEN 4 THEN 'データセット' ELSE '件' END AS unit
    FROM syn_plans p, generate_series(1, 20) g(n)
)
SELECT plan_id || '-k' || lpad(CAST(n AS VARCHAR), 2, '0'), plan_id, n,
       plan_id || '-i' || lpad(CAST((n - 1) % 30 + 1 AS VARCHAR), 2, '0'),
       CASE n WHEN 1 THEN 'マイナンバーカード交付率' WHEN 2 THEN '光ファイバ世帯カバー率' WHEN 3 THEN 'オープンデータ公開項目数'
              WHEN 4 THEN '推奨データセット公開数' ELSE '成果指標 ' || n END, unit, measure, 'increase',
       baseline, CAST(baseline AS VARCHAR) || ' ' || unit, make_date(start_fy, 3, 31), '令和' || (start_fy - 2019) || '年度末',
       target, CAST(target AS VARCHAR) || ' ' || unit, start_fy + 4, '令和' || (start_fy - 2014) || '年度', NULL,
       plan_id || ':KPI'
FROM k;
"""


def generate(db_file: Path, data_dir: Path | None = None, *, built: Path | None = None) -> dict[str, int]:
    """Add the synthetic national-scale data to db_file, a store made by store.build() (and possibly imports).
    `built`: copy this built store to db_file first; when db_file does not exist, store.build(db_file, data_dir)
    makes it. Returns row counts of the core tables."""
    db_file = Path(db_file)
    if built is not None:
        import shutil
        shutil.copyfile(built, db_file)
    elif not db_file.exists():
        store.build(db_file, data_dir)
    with contextlib.closing(duckdb.connect(str(db_file))) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(_observations_sql())
        themes = "[" + ", ".join("'" + t.replace("'", "''") + "'" for t in THEME_NAMES) + "]"
        con.execute(_PLANS.replace("{THEMES}", themes).replace("{PLAN_PREFIX}", PLAN_PREFIX))
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        counts = {t: con.execute(f"SELECT count(*) FROM core.{t}").fetchone()[0]
                  for t in ("sources", "plans", "policies", "governance", "phases", "initiatives", "schedule", "kpis",
                            "observations")}
        counts["roadmap (view)"] = con.execute("SELECT count(*) FROM roadmap").fetchone()[0]
        counts["measures with synthetic series"] = con.execute(
            f"SELECT count(DISTINCT measure) FROM core.observations WHERE source_id LIKE '{SOURCE_PREFIX}%'").fetchone()[0]
        assert counts["measures with synthetic series"] == len(MEASURES)
    return counts


def check(db_file: Path) -> dict[str, int]:
    """Sanity checks: every municipality has a plan, every public view answers; returns a few counts."""
    with contextlib.closing(duckdb.connect(str(db_file), read_only=True)) as con:
        views = [r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal").fetchall()]
        for view in views:
            con.execute(f"SELECT * FROM {view} LIMIT 1").fetchall()
        return {
            "municipalities without a plan": con.execute(
                "SELECT count(*) FROM municipalities m WHERE NOT EXISTS (SELECT 1 FROM plans p WHERE p.lg_code = m.lg_code)"
            ).fetchone()[0],
            "plans": con.execute("SELECT count(*) FROM plans").fetchone()[0],
            "views checked": len(views),
        }


if __name__ == "__main__":   # python bench/synthetic.py OUT.duckdb
    started = time.perf_counter()
    out = Path(sys.argv[1])
    print(generate(out))
    print(check(out), f"{time.perf_counter() - started:.1f} s")
