"""What counts as "not given" in a value read from the store.

A plan that prints nothing leaves a field NULL, which pandas hands over as None, NaN, pandas.NA or NaT
depending on the column's type, and curated text can be blank. Every module asks the same question
here, so a KPI's status, a roadmap bar's hover text and a comparison cell agree on what is missing.
Kept free of pandas, like dxdash.kpi, which uses it.
"""
from __future__ import annotations


def is_missing(value) -> bool:
    """True for None, NaN, pandas NA/NaT and blank text; False for anything else (0 and False are given)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)   # NaN and NaT are the values not equal to themselves
    except TypeError:                 # pandas.NA refuses truth testing
        return True
