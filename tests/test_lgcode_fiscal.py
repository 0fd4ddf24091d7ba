import datetime as dt

import pytest

from dxdash import fiscal, lgcode


@pytest.mark.parametrize("raw, expected", [
    ("17204", "172049"),     # 5 digits as printed in the Wajima plan (JIS, no check digit)
    ("10421", "104213"),
    ("01100", "011002"),
])
def test_check_digit_added_to_jis_codes(raw, expected):
    assert lgcode.normalize(raw, digits_hint=5) == expected


@pytest.mark.parametrize("raw", ["11002", 11002, "011002", "11002.0"])
def test_six_digit_code_with_lost_leading_zero(raw):
    assert lgcode.normalize(raw) == "011002"


def test_wrong_check_digit_is_an_error_that_says_what_was_expected():
    with pytest.raises(lgcode.LgCodeError, match="172049"):
        lgcode.normalize("172048")


def test_non_numeric_code_is_an_error():
    with pytest.raises(lgcode.LgCodeError, match="<NA>"):
        lgcode.normalize("<NA>")


def test_prefecture_code():
    assert lgcode.prefecture_lg_code("17") == "170003"
    assert lgcode.prefecture_lg_code("13") == "130001"


@pytest.mark.parametrize("text, fiscal_year", [
    ("令和4年度", 2022), ("R4", 2022), ("R元", 2019), ("R1", 2019), ("令和元年度", 2019),
    ("平成31年度", 2019), ("平成30年度", 2018), ("FY2026", 2026), ("2025年度", 2025), ("Ｒ８年度", 2026),
])
def test_wareki_to_fiscal_year(text, fiscal_year):
    assert fiscal.parse_wareki_year(text) == fiscal_year


def test_fiscal_year_runs_april_to_march():
    assert fiscal.fy_start(2022) == dt.date(2022, 4, 1)
    assert fiscal.fy_end(2022) == dt.date(2023, 3, 31)
    assert fiscal.fiscal_year_of(dt.date(2023, 3, 31)) == 2022
    assert fiscal.fiscal_year_of(dt.date(2023, 4, 1)) == 2023


def test_labels_both_ways():
    assert fiscal.fy_label(2022) == "令和4年度 (FY2022)"
    assert fiscal.reiwa_label(2019) == "令和元年度"
    assert fiscal.wareki_date(dt.date(2022, 5, 31)) == "令和4年5月31日"
