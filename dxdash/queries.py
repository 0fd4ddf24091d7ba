"""Named queries the pages call. Each wraps one queries/*.sql file; results are cached per store version."""
from __future__ import annotations

import pandas as pd

from dxdash.db import query

HOME_MEASURES = ["mynumber_issuance_rate", "ftth_coverage", "opendata_items", "opendata_recommended_datasets"]


def prefectures() -> pd.DataFrame:
    return query("prefecture_list")


def municipalities(pref_code: str) -> pd.DataFrame:
    return query("municipality_list", pref_code=pref_code)


def plans(lg_code: str | None = None) -> pd.DataFrame:
    return query("plan_overview", lg_code=lg_code)


def latest_observations(area_codes: list[str], measures: list[str]) -> pd.DataFrame:
    return query("latest_observations", area_codes=list(area_codes), measures=list(measures))


def plan_initiatives(plan_id: str) -> pd.DataFrame:
    return query("plan_initiatives", plan_id=plan_id)


def plan_schedule(plan_id: str) -> pd.DataFrame:
    return query("plan_schedule", plan_id=plan_id)


def plan_kpis(plan_id: str) -> pd.DataFrame:
    return query("plan_kpis", plan_id=plan_id)


def plan_figures(plan_id: str) -> pd.DataFrame:
    return query("plan_figures", plan_id=plan_id)


def plan_governance(plan_id: str) -> pd.DataFrame:
    return query("plan_governance", plan_id=plan_id)


def observation_dates(measure: str, area_level: str, pref_code: str | None = None) -> pd.DataFrame:
    return query("observation_dates", measure=measure, area_level=area_level, pref_code=pref_code)


def ranking(measure: str, as_of, area_level: str, pref_code: str | None = None) -> pd.DataFrame:
    return query("ranking", measure=measure, as_of=as_of, area_level=area_level, pref_code=pref_code)


def reference_values(measure: str, as_of, area_codes: list[str]) -> pd.DataFrame:
    return query("reference_values", measure=measure, as_of=as_of, area_codes=list(area_codes))


def series(measure: str, area_codes: list[str]) -> pd.DataFrame:
    return query("series", measure=measure, area_codes=list(area_codes))


def kpi_targets(measure: str, lg_codes: list[str]) -> pd.DataFrame:
    return query("kpi_targets", measure=measure, lg_codes=list(lg_codes))


def similar_population(lg_code: str, tolerance: float = 0.2, limit: int = 8) -> pd.DataFrame:
    return query("similar_population", lg_code=lg_code, tolerance=tolerance, limit=limit)


# Open-data survey (issue 4) ---------------------------------------------------------------------

def opendata_survey() -> pd.DataFrame:
    return query("opendata_survey")


def opendata_municipalities(pref_code: str, survey_date) -> pd.DataFrame:
    return query("opendata_municipalities", pref_code=pref_code, lg_codes=None, survey_date=survey_date)


def opendata_municipalities_by_code(lg_codes: list[str], survey_date) -> pd.DataFrame:
    """The same figures for the given municipalities, wherever they are (each ranked in its own prefecture)."""
    return query("opendata_municipalities", pref_code=None, lg_codes=list(lg_codes), survey_date=survey_date)


def opendata_averages(pref_code: str, survey_date) -> pd.DataFrame:
    return query("opendata_averages", pref_code=pref_code, survey_date=survey_date)


def opendata_checklist(lg_codes: list[str], survey_date) -> pd.DataFrame:
    return query("opendata_checklist", lg_codes=list(lg_codes), survey_date=survey_date)


# Roadmap, KPI progress and plan comparison (issue 5) -------------------------------------------

def themes() -> pd.DataFrame:
    return query("theme_list")


def roadmap_theme_spans() -> pd.DataFrame:
    return query("roadmap_theme_spans")


def roadmap_rows(plan_ids: list[str], themes: list[str], first_fy: int, last_fy: int) -> pd.DataFrame:
    """Dated schedule rows overlapping the period, by theme, then in the order of `plan_ids`."""
    return query("schedule_rows", dated=True, plan_ids=list(plan_ids), themes=list(themes), first_fy=first_fy,
                 last_fy=last_fy)


def undated_schedule_rows(plan_ids: list[str], themes: list[str]) -> pd.DataFrame:
    """Schedule rows printed without a readable timing (no period applies to them)."""
    return query("schedule_rows", dated=False, plan_ids=list(plan_ids), themes=list(themes), first_fy=None,
                 last_fy=None)


def plan_phases(plan_ids: list[str], first_fy: int, last_fy: int) -> pd.DataFrame:
    return query("plan_phases", plan_ids=list(plan_ids), first_fy=first_fy, last_fy=last_fy)


def national_milestones(first_fy: int | None = None, last_fy: int | None = None) -> pd.DataFrame:
    """Every national deadline, or those in fiscal years first_fy..last_fy."""
    return query("national_milestones", first_fy=first_fy, last_fy=last_fy)


def kpi_progress(plan_ids: list[str]) -> pd.DataFrame:
    return query("kpi_progress", plan_ids=list(plan_ids))


def kpi_baseline_disagreements(plan_ids: list[str]) -> pd.DataFrame:
    return query("kpi_baseline_disagreements", plan_ids=list(plan_ids))


def theme_coverage(plan_ids: list[str]) -> pd.DataFrame:
    return query("theme_coverage", plan_ids=list(plan_ids))


def governance_by_plan(plan_ids: list[str]) -> pd.DataFrame:
    return query("governance_by_plan", plan_ids=list(plan_ids))


def store_notes() -> pd.DataFrame:
    return query("store_notes")
