"""年度 and 和暦 arithmetic. A fiscal year (年度) runs from April 1 to March 31; FY2022 = 令和4年度."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ERAS = {  # era name → (first Western year, abbreviations)
    "令和": (2019, ("R",)),
    "平成": (1989, ("H",)),
    "昭和": (1926, ("S",)),
}


def parse_wareki_year(text: str) -> int:
    """'令和4年度' / 'R4' / 'R元' / '平成31年度' / 'FY2022' / '2022年度' → 2022 (the Western year of the era year).

    平成31 and 令和元 are both 2019; for 年度 this is the fiscal year that starts in April of that year.
    """
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    m = re.fullmatch(r"(?:FY)?(\d{4})(?:年度?)?", s, re.IGNORECASE)
    if m:
        return int(m.group(1))
    for era, (first_year, abbrevs) in _ERAS.items():
        for prefix in (era, *abbrevs, *(a.lower() for a in abbrevs)):
            if s.startswith(prefix):
                rest = s[len(prefix):]
                m = re.match(r"(元|\d{1,2})(?:年度?|\.|$)", rest)
                if m:
                    n = 1 if m.group(1) == "元" else int(m.group(1))
                    return first_year + n - 1
    raise ValueError(f"年度として読めません: {text!r}")


def fy_start(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year, 4, 1)


def fy_end(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year + 1, 3, 31)


def fiscal_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def reiwa_label(fiscal_year: int) -> str:
    """2022 → '令和4年度'; 2019 → '令和元年度'; 2018 → '平成30年度'."""
    if fiscal_year >= 2019:
        n = fiscal_year - 2018
        return f"令和{'元' if n == 1 else n}年度"
    return f"平成{fiscal_year - 1988}年度"


def fy_label(fiscal_year: int) -> str:
    """Both ways, as planners read it: '令和4年度 (FY2022)'."""
    return f"{reiwa_label(fiscal_year)} (FY{fiscal_year})"


def wareki_date(day: dt.date) -> str:
    """2022-05-31 → '令和4年5月31日'."""
    if day >= dt.date(2019, 5, 1):
        n = day.year - 2018
        era = f"令和{'元' if n == 1 else n}年"
    else:
        era = f"平成{day.year - 1988}年"
    return f"{era}{day.month}月{day.day}日"
