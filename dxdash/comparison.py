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
    if pd.notna(first_fy):
        since = f"{fiscal.reiwa_label(int(first_fy))}〜"
    elif undated_rows:
        since = "時期の記載が読めない"
    else:
        since = "スケジュールなし"
    return f"○ {since}（取組 {initiative_count}・KPI {kpi_count}）"


def printed_or(value, missing: str) -> str:
    """The plan's printed text, or `missing` when it prints nothing (None or NaN from the store)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        return missing
    return str(value)


def publication_summary(plans: pd.DataFrame) -> str:
    """The as-of line of a chart or table built from several plans: when each was published, as printed."""
    return "計画の公表: " + "、".join(f"{p.municipality_name} {printed_or(p.published_printed, '公表日の記載なし')}"
                                 for p in plans.itertuples())
