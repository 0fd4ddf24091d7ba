"""The KPI status rule on hand-made KPIs, and the KPI page on the store (with and without the nationwide series)."""
import datetime as dt

import pandas as pd
import pytest

from dxdash import kpi
from tests.conftest import scalar
from tests.pages import chart_specs, open_page, spec_text, table_by_title

D = dt.date


def assess(**changes) -> kpi.KpiAssessment:
    """A KPI like 輪島市's マイナンバーカード交付率: 54.64 % on 2022-05-31 → 100 % by 令和8年度 (2027-03-31)."""
    fields = dict(direction="increase", baseline_value=54.64, baseline_date=D(2022, 5, 31), target_value=100.0,
                  target_fy=2026, latest_value=None, latest_date=None)
    fields.update(changes)
    return kpi.assess(**fields)


# --- the straight line ----------------------------------------------------------------------------

def test_the_line_runs_from_baseline_to_the_end_of_the_target_fiscal_year():
    baseline, target = D(2022, 3, 31), D(2027, 3, 31)
    assert kpi.planned_value(0, baseline, 20, target, baseline) == 0
    assert kpi.planned_value(0, baseline, 20, target, target) == 20
    middle = baseline + (target - baseline) / 2
    assert kpi.planned_value(0, baseline, 20, target, middle) == pytest.approx(10, abs=0.01)
    assert kpi.planned_value(0, baseline, 20, target, D(2020, 1, 1)) == 0     # before the baseline: the baseline
    assert kpi.planned_value(0, baseline, 20, target, D(2030, 1, 1)) == 20    # after the target year: the target


def test_progress_counts_from_baseline_to_target_in_either_direction():
    assert kpi.progress_percent(54.64, 100, 66.4) == pytest.approx(25.93, abs=0.01)
    assert kpi.progress_percent(300, 200, 250) == pytest.approx(50)       # decreasing: 300 → 200, now 250
    assert kpi.progress_percent(300, 200, 310) == pytest.approx(-10)      # moved the wrong way
    assert kpi.progress_percent(13, 13, 13) is None                       # keep the level: no way to go


# --- increasing targets ---------------------------------------------------------------------------

def test_ahead_of_the_line_is_on_track():
    # 214 of 1,765 days gone on 2022-12-31: the line is at 54.64 + 45.36 × 214/1765 ≈ 60.14.
    result = assess(latest_value=66.4, latest_date=D(2022, 12, 31))
    assert result.status == kpi.ON_TRACK == "順調"
    assert result.planned_value == pytest.approx(60.14, abs=0.01)
    assert result.progress_percent == pytest.approx(25.93, abs=0.01)
    assert result.planned_percent == pytest.approx(214 / 1765 * 100, abs=0.01)


def test_short_of_the_line_is_behind():
    result = assess(latest_value=58.0, latest_date=D(2022, 12, 31))
    assert result.status == kpi.BEHIND == "遅れ"
    assert "60.14" in result.reason


def test_exactly_on_the_line_counts_as_on_track():
    baseline, on = D(2022, 3, 31), D(2024, 9, 30)
    line = kpi.planned_value(4, baseline, 31, D(2027, 3, 31), on)
    result = assess(baseline_value=4, baseline_date=baseline, target_value=31, latest_value=line, latest_date=on)
    assert result.status == kpi.ON_TRACK


def test_reaching_the_target_is_achieved_even_before_the_deadline():
    result = assess(latest_value=100.0, latest_date=D(2023, 1, 1))
    assert result.status == kpi.ACHIEVED == "達成"
    assert result.progress_percent == pytest.approx(100)


def test_past_the_target_year_without_reaching_it_is_behind():
    # 内灘町: 41.2 % on 2021-12-31 → 67.5 % by 令和3年度 (2022-03-31); 57.6 % on 2022-12-31.
    result = assess(baseline_value=41.2, baseline_date=D(2021, 12, 31), target_value=67.5, target_fy=2021,
                    latest_value=57.6, latest_date=D(2022, 12, 31))
    assert result.status == kpi.BEHIND
    assert result.planned_value == 67.5
    assert "目標年度を過ぎても" in result.reason


def test_a_level_to_keep_is_achieved_when_kept_and_behind_when_not():
    # 公衆無線 LAN アクセスポイント 13 箇所 → 13 箇所
    kept = assess(baseline_value=13, target_value=13, baseline_date=D(2022, 3, 31), latest_value=13, latest_date=D(2023, 3, 31))
    lost = assess(baseline_value=13, target_value=13, baseline_date=D(2022, 3, 31), latest_value=12, latest_date=D(2023, 3, 31))
    assert (kept.status, kept.progress_percent) == (kpi.ACHIEVED, 100.0)
    assert (lost.status, lost.progress_percent) == (kpi.BEHIND, None)


# --- decreasing targets (コピー用紙 'reduce') ------------------------------------------------------

def copy_paper(latest_value, latest_date=D(2024, 3, 31), target_value=200.0) -> kpi.KpiAssessment:
    """コピー用紙等購入枚数: 約 300 万枚 (令和3年度実績, 2022-03-31) → a made-up 200 万枚 by 令和8年度."""
    return assess(direction="decrease", baseline_value=300.0, baseline_date=D(2022, 3, 31), target_value=target_value,
                  target_fy=2026, latest_value=latest_value, latest_date=latest_date)


def test_decreasing_kpi_below_the_line_is_on_track():
    # Two of five years gone on 2024-03-31: the line is at 300 − 100 × 731/1826 ≈ 259.97.
    result = copy_paper(250.0)
    assert result.status == kpi.ON_TRACK
    assert result.planned_value == pytest.approx(259.97, abs=0.01)
    assert result.progress_percent == pytest.approx(50)


def test_decreasing_kpi_above_the_line_is_behind():
    assert copy_paper(280.0).status == kpi.BEHIND
    went_up = copy_paper(310.0)
    assert went_up.status == kpi.BEHIND and went_up.progress_percent == pytest.approx(-10)


def test_decreasing_kpi_at_or_below_the_target_is_achieved():
    assert copy_paper(200.0).status == kpi.ACHIEVED
    assert copy_paper(195.0).status == kpi.ACHIEVED
    assert copy_paper(201.0, latest_date=D(2027, 3, 31)).status == kpi.BEHIND


def test_wajima_copy_paper_has_no_numeric_target_so_no_status():
    # The plan prints only 「減少」 as the target: no number to draw a line to.
    result = copy_paper(250.0, target_value=None)
    assert result.status == kpi.NO_DATA == "データなし"
    assert "目標値" in result.reason


# --- no data --------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, reason", [
    (dict(latest_value=None, latest_date=None), "現状値の時点より後の観測値がストアにありません"),
    (dict(latest_value=float("nan"), latest_date=pd.NaT, baseline_date=None), "最新の観測値がストアにありません"),
    (dict(latest_value=60.0, latest_date=D(2022, 12, 31), baseline_value=float("nan")), "現状値"),
    (dict(latest_value=60.0, latest_date=D(2022, 12, 31), baseline_value=pd.NA), "現状値"),
    (dict(latest_value=60.0, latest_date=D(2022, 12, 31), direction=None), "方向"),
    (dict(latest_value=60.0, latest_date=D(2022, 12, 31), target_fy=None), "目標年度"),
    (dict(latest_value=60.0, latest_date=D(2022, 12, 31), baseline_date=None), "現状値の時点"),
    (dict(latest_value=50.0, latest_date=D(2021, 1, 1)), "現状値の時点より後の観測値がありません"),
])
def test_no_status_without_what_the_line_needs(changes, reason):
    result = assess(**changes)
    assert result.status == kpi.NO_DATA
    assert reason in result.reason


def test_a_reached_target_needs_no_line():
    # 輪島市 第4章: 100 % with no target year printed; reaching 100 % is still 達成.
    assert assess(target_fy=None, latest_value=100.0, latest_date=D(2030, 1, 1)).status == kpi.ACHIEVED


def test_pandas_timestamps_are_accepted():
    result = assess(baseline_date=pd.Timestamp("2022-05-31"), latest_value=66.4, latest_date=pd.Timestamp("2022-12-31"))
    assert result.status == kpi.ON_TRACK


# --- the page -------------------------------------------------------------------------------------

PAGE = "pages/6_kpi.py"


def _wajima_rate(table: pd.DataFrame) -> pd.Series:
    return table[(table["団体"] == "輪島市") & (table["指標"] == "マイナンバーカード交付率")].iloc[0]


def test_every_kpi_of_every_plan_is_listed_with_a_status(app_env, con):
    at = open_page(PAGE)
    table = table_by_title(at, "KPI一覧")
    assert len(table) == scalar(con, "SELECT count(*) FROM kpis")
    assert set(table["状況"]) <= set(kpi.STATUSES)
    metrics = {m.label: int(m.value.split()[0]) for m in at.metric}
    assert sum(metrics.values()) == len(table)
    copy_paper = table[table["指標"].str.startswith("コピー用紙")].iloc[0]
    assert (copy_paper["状況"], copy_paper["方向"], copy_paper["目標値（印刷どおり）"]) == ("データなし", "減らす", "減少")


def test_wajima_rate_without_later_figures_has_no_status_but_flags_the_disagreement(app_env):
    """The plan's own 図表10 (54.94 %) has the KPI's baseline date: a second source, not progress."""
    at = open_page(PAGE)
    row = _wajima_rate(table_by_title(at, "KPI一覧"))
    assert row["現状値"] == 54.64 and pd.isna(row["最新値"])
    assert row["状況"] == "データなし" and row["判定の理由"] == "現状値の時点より後の観測値がストアにありません"
    assert "54.64 %" in row["出典による値の違い"] and "54.94%" in row["出典による値の違い"]
    flagged = table_by_title(at, "出典により値が違うKPI")
    assert len(flagged) == 1
    assert (flagged.iloc[0]["KPIの現状値（印刷どおり）"], flagged.iloc[0]["別の出典の値（印刷どおり）"]) == ("54.64 %", "54.94%")
    assert "図表10" in flagged.iloc[0]["別の出典"]


def test_wajima_rate_against_the_nationwide_series(imported_app_env):
    at = open_page(PAGE)
    table = table_by_title(at, "KPI一覧")
    row = _wajima_rate(table)
    assert (row["最新値"], str(row["最新値の基準日"]), row["状況"]) == (66.4, "2022-12-31", "順調")
    assert row["進捗率（%）"] == pytest.approx(25.9, abs=0.05)
    assert "マイナンバーカード交付状況" in row["最新値の出典"]
    uchinada = table[(table["団体"] == "内灘町") & (table["目標値"] == 67.5)].iloc[0]
    assert uchinada["状況"] == "遅れ" and "目標年度を過ぎても" in uchinada["判定の理由"]
    spec = spec_text(chart_specs(at)[0])
    assert "輪島市｜マイナンバーカード交付率" in spec and "KPIの進捗率" in spec


def test_filters_by_plan_theme_and_status_and_sorting(app_env):
    at = open_page(PAGE)
    at.multiselect(key="kpi_plans").set_value(["uchinada-2022"]).run()
    table = table_by_title(at, "KPI一覧")
    assert set(table["団体"]) == {"内灘町"} and len(table) == 6

    at.multiselect(key="kpi_plans").set_value(["wajima-2022", "uchinada-2022"]).run()
    at.multiselect(key="kpi_themes").set_value(["マイナンバーカード"]).run()
    table = table_by_title(at, "KPI一覧")
    assert set(table["テーマ"]) == {"マイナンバーカード"} and set(table["団体"]) == {"輪島市", "内灘町"}

    at.multiselect(key="kpi_statuses").set_value(["遅れ"]).run()
    table = table_by_title(at, "KPI一覧")
    assert set(table["状況"]) == {"遅れ"} and len(table) == 2      # 内灘町's 67.5 % and 100 % targets

    at.multiselect(key="kpi_themes").set_value([]).run()
    assert any("条件に合うKPIはありません" in i.value for i in at.info)

    at.multiselect(key="kpi_themes").set_value(["マイナンバーカード", "地域社会のデジタル化"]).run()
    at.multiselect(key="kpi_statuses").set_value(list(kpi.STATUSES)).run()
    at.selectbox(key="kpi_sort").select("進捗率の高い順").run()
    progress = table_by_title(at, "KPI一覧")["進捗率（%）"].dropna().tolist()
    assert len(progress) >= 2 and progress == sorted(progress, reverse=True)
    at.selectbox(key="kpi_sort").select("状況順").run()
    statuses = table_by_title(at, "KPI一覧")["状況"].tolist()
    assert statuses == sorted(statuses, key=kpi.STATUSES.index)


def test_a_link_reproduces_the_kpi_view(app_env):
    at = open_page(PAGE, link={"kpi_plans": "uchinada-2022", "kpi_status": "遅れ", "kpi_sort": "進捗率の高い順"})
    assert not at.warning
    table = table_by_title(at, "KPI一覧")
    assert set(table["団体"]) == {"内灘町"} and set(table["状況"]) == {"遅れ"}
    assert list(table["進捗率（%）"]) == sorted(table["進捗率（%）"], reverse=True)
    at.multiselect(key="kpi_statuses").set_value(["遅れ", "順調"]).run()
    assert at.query_params["kpi_status"] in ("遅れ,順調", ["遅れ,順調"])


def test_a_figure_dated_on_the_baseline_day_is_not_progress():
    """Wajima's 図表10 (54.94 %) and its KPI table (54.64 %) print the same day: no status from that."""
    same_day = kpi.assess(direction="increase", baseline_value=54.64, baseline_date=D(2022, 5, 31), target_value=100,
                          target_fy=2026, latest_value=54.94, latest_date=D(2022, 5, 31))
    assert same_day.status == kpi.NO_DATA and same_day.reason == "現状値の時点より後の観測値がありません"


def test_the_line_is_read_at_the_precision_the_figure_is_published_in():
    """18 項目 the day after a baseline of 18 is on the line (18.001 rounds to 18); two years on it is behind."""
    common = dict(direction="increase", baseline_value=18, baseline_date=D(2022, 3, 31), target_value=20, target_fy=2026,
                  latest_value=18)
    assert kpi.assess(**common, latest_date=D(2022, 4, 1)).status == kpi.ON_TRACK
    later = kpi.assess(**common, latest_date=D(2024, 4, 1))
    assert later.status == kpi.BEHIND and later.planned_value == pytest.approx(18.8, abs=0.01)
