"""Where a KPI stands: progress from its baseline to its target, and a status against the straight line.

A plan gives a baseline (value on a date) and a target (value by the end of a fiscal year). Drawing
the straight line between the two is the simplest schedule a planner can hold a KPI to: at any
date the line says how far along the KPI should be. The rule is kept pure (no store, no pandas
frames) so that it can be tested on hand-made KPIs and explained in one place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dxdash import fiscal
from dxdash.values import is_missing

ACHIEVED = "達成"      # the latest value reached the target (respecting the direction)
ON_TRACK = "順調"      # at or beyond the straight-line value at the latest date
BEHIND = "遅れ"        # short of the straight-line value at the latest date
NO_DATA = "データなし"  # no latest observed value, or no numeric baseline/target to compare with
STATUSES = (ACHIEVED, ON_TRACK, BEHIND, NO_DATA)

# Values closer than this are treated as equal, so a latest value printed with the same digits
# as the line's value is not called 遅れ because of floating-point noise.
_TOLERANCE = 1e-9


@dataclass(frozen=True)
class KpiAssessment:
    status: str
    progress_percent: float | None   # (latest − baseline) ÷ (target − baseline) × 100; 100 = target reached
    planned_value: float | None      # the straight-line value at the latest date
    planned_percent: float | None    # the same, as progress percent (how far along the line expects it)
    reason: str                      # one Japanese sentence saying why, shown beside the status


def _day(value) -> dt.date:
    """A date from a date, datetime or pandas Timestamp."""
    return value.date() if isinstance(value, dt.datetime) else value


def planned_value(baseline_value: float, baseline_date: dt.date, target_value: float, target_date: dt.date,
                  on: dt.date) -> float:
    """The straight line from (baseline_date, baseline_value) to (target_date, target_value), read at `on`.

    Before the baseline date the line is the baseline; after the target date it is the target.
    """
    span = (target_date - baseline_date).days
    if span <= 0:
        return target_value
    elapsed = min(max((on - baseline_date).days, 0), span)
    return baseline_value + (target_value - baseline_value) * elapsed / span


def progress_percent(baseline_value: float, target_value: float, latest_value: float) -> float | None:
    """How much of the way from baseline to target the latest value has come, in percent.

    Works for both directions (the sign of target − baseline carries it). When the target equals the
    baseline (e.g. 「13 箇所 → 13 箇所」, keep the level) there is no way to go: None.
    """
    gap = target_value - baseline_value
    if abs(gap) <= _TOLERANCE:
        return None
    return (latest_value - baseline_value) / gap * 100


def _decimals(value: float) -> int:
    """Decimal places of a published figure: 18.0 → 0, 66.4 → 1, 54.94 → 2."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def _shown(value: float) -> str:
    """60.1417… → '60.14'; 2346.0 → '2,346' (for the reason text)."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _reached(direction: str, latest_value: float, target_value: float) -> bool:
    if direction == "decrease":
        return latest_value <= target_value + _TOLERANCE
    return latest_value >= target_value - _TOLERANCE


def assess(*, direction: str | None, baseline_value: float | None, baseline_date: dt.date | None,
           target_value: float | None, target_fy: int | None, latest_value: float | None,
           latest_date: dt.date | None) -> KpiAssessment:
    """The status of one KPI: 達成 / 順調 / 遅れ / データなし, with progress and the reason.

    達成 when the latest value reached the target in the KPI's direction; otherwise 順調 when it is
    at or beyond the straight line between the baseline (value at baseline_date) and the target
    (value at the end of target_fy, March 31) read at the latest value's date, 遅れ when short of it.
    データなし when there is no latest value, no numeric baseline or target, or no direction; and
    when the line cannot be drawn (no baseline date or target year) or the latest value predates
    the baseline, unless the target is already reached.
    """
    if is_missing(latest_value) or is_missing(latest_date):
        # The store is asked only for figures after the baseline (queries/kpi_progress.sql).
        where = "最新の" if is_missing(baseline_date) else "現状値の時点より後の"
        return KpiAssessment(NO_DATA, None, None, None, f"{where}観測値がストアにありません")
    if is_missing(baseline_value) or is_missing(target_value):
        return KpiAssessment(NO_DATA, None, None, None, "数値の現状値または目標値が印刷されていません")
    if direction not in ("increase", "decrease"):
        return KpiAssessment(NO_DATA, None, None, None, "目標の方向（増やす・減らす）の記載がありません")
    latest_value, baseline_value, target_value = float(latest_value), float(baseline_value), float(target_value)
    latest_date = _day(latest_date)
    progress = progress_percent(baseline_value, target_value, latest_value)
    reached = _reached(direction, latest_value, target_value)
    if reached:
        return KpiAssessment(ACHIEVED, 100.0 if progress is None else progress, target_value, 100.0,
                             "最新値が目標値に達しています")
    if is_missing(baseline_date) or is_missing(target_fy):
        missing = "現状値の時点" if is_missing(baseline_date) else "目標年度"
        return KpiAssessment(NO_DATA, progress, None, None, f"{missing}の記載がないため、直線を引けません")
    baseline_date = _day(baseline_date)
    if latest_date <= baseline_date:
        return KpiAssessment(NO_DATA, progress, None, None, "現状値の時点より後の観測値がありません")
    target_date = fiscal.fy_end(int(target_fy))
    planned = planned_value(baseline_value, baseline_date, target_value, target_date, latest_date)
    planned_pct = progress_percent(baseline_value, target_value, planned)
    # Compare at the precision the latest figure is published in: 18 件 is on the line at 18.001.
    margin = 0.5 * 10 ** -_decimals(latest_value)
    if direction == "decrease":
        on_track = latest_value <= planned + margin
    else:
        on_track = latest_value >= planned - margin
    comparison = "以上" if direction == "increase" else "以下"
    if on_track:
        return KpiAssessment(ON_TRACK, progress, planned, planned_pct,
                             f"最新値が直線上の値 {_shown(planned)} {comparison}です")
    past_due = latest_date > target_date
    return KpiAssessment(BEHIND, progress, planned, planned_pct,
                         "目標年度を過ぎても目標値に達していません" if past_due
                         else f"最新値が直線上の値 {_shown(planned)} に届いていません")
