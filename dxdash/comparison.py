"""Plan-to-plan comparison helpers: how a plan covers a theme, and which governance body a printed role is.

Plans name their bodies differently (「内灘町 DX 推進本部」, 「行財政改革推進本部」, 「アドバイザー（CIO 補佐官兼務）」),
so the comparison groups the printed role names into the bodies planners ask about, by keywords. The
text shown is always the plan's own; only the grouping is ours.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from dxdash import fiscal
from dxdash.values import is_missing

HEADQUARTERS = "推進本部・推進組織"
CIO = "CIO"
CIO_DEPUTY = "CIO補佐官"
EXTERNAL = "外部人材・有識者"
OTHER = "その他の体制"
GOVERNANCE_GROUPS = (HEADQUARTERS, CIO, CIO_DEPUTY, EXTERNAL, OTHER)

_KEYWORDS = {
    HEADQUARTERS: r"本部|委員会|推進室|推進担当|推進チーム|分科会|ワーキング|^(市|町|村)長$",
    CIO_DEPUTY: r"補佐官",
    CIO: r"CIO(?!補佐官)",
    EXTERNAL: r"外部|有識者|アドバイザー|専門人材",
}


def governance_groups(role: str) -> list[str]:
    """The groups a printed role belongs to; a role can be in several (「副本部長（CIO 兼務）」 → 推進本部, CIO).

    Roles matching none go to その他の体制 (e.g. 「ITリーダー」, 「進行管理」).
    """
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", role))
    groups = [group for group, pattern in _KEYWORDS.items() if re.search(pattern, name)]
    return [g for g in GOVERNANCE_GROUPS if g in groups] or [OTHER]


def coverage_text(initiative_count: int, kpi_count: int, first_fy, undated_rows: int) -> str:
    """One matrix cell: '○ 令和4年度〜（取組 2・KPI 1）', or '—' when the plan has no initiative in the theme."""
    if initiative_count == 0:
        return "—"
    if not is_missing(first_fy):
        since = f"{fiscal.reiwa_label(int(first_fy))}〜"
    elif undated_rows:
        since = "時期の記載が読めない"
    else:
        since = "スケジュールなし"
    return f"○ {since}（取組 {initiative_count}・KPI {kpi_count}）"


COVERAGE_FIELDS = ("initiative_count", "kpi_count", "roadmap_rows", "undated_rows", "first_fy", "text")


def coverage_grid(coverage: pd.DataFrame, plan_ids: list[str], themes: list[str]) -> pd.DataFrame:
    """queries.theme_coverage rows pivoted once into themes (rows, in `themes` order) × plans (columns, in
    `plan_ids` order), so the chart and the table read every cell from the same grid.

    The top column level is the field: the counts and first_fy of the query, and `text`, the cell's words
    (coverage_text). grid["text"] is then a themes × plans frame of words, grid["initiative_count"] of counts.
    """
    cells = coverage.assign(text=[coverage_text(c.initiative_count, c.kpi_count, c.first_fy, c.undated_rows)
                                  for c in coverage.itertuples()])
    grid = cells.pivot(index="theme", columns="plan_id", values=list(COVERAGE_FIELDS))
    return grid.reindex(index=themes, columns=pd.MultiIndex.from_product([COVERAGE_FIELDS, plan_ids]))


def governance_grid(governance: pd.DataFrame, plan_ids: list[str], missing: str = "記載なし") -> pd.DataFrame:
    """queries.governance_by_plan rows pivoted once into body groups (rows, GOVERNANCE_GROUPS) × plans
    (columns, in `plan_ids` order). A cell lists '【役割】本文（出典箇所）' one a line, in the plan's order, for
    every printed role in that group (a role can be in several); `missing` where the plan names none."""
    entries = governance.assign(
        group=[governance_groups(role) for role in governance.role],
        entry=[f"【{r.role}】{r.text}（{r.source_section}）" for r in governance.itertuples()],
    ).explode("group")
    grid = entries.pivot_table(index="group", columns="plan_id", values="entry", aggfunc="\n".join, sort=False)
    return grid.reindex(index=list(GOVERNANCE_GROUPS), columns=plan_ids).fillna(missing)


def printed_or(value, missing: str) -> str:
    """The plan's printed text, or `missing` when it prints nothing (None or NaN from the store)."""
    return missing if is_missing(value) else str(value)


def publication_summary(plans: pd.DataFrame) -> str:
    """The as-of line of a chart or table built from several plans: when each was published, as printed."""
    return "計画の公表: " + "、".join(f"{p.municipality_name} {printed_or(p.published_printed, '公表日の記載なし')}"
                                 for p in plans.itertuples())
