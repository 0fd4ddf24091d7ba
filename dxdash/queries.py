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
