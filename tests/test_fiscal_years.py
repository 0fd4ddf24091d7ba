"""年度 arithmetic the roadmap relies on, beyond tests/test_lgcode_fiscal.py: the 平成→令和 change inside
FY2019, abbreviations with 元, and the April–March span of a bar."""
import datetime as dt

import pytest

from dxdash import fiscal, gantt


@pytest.mark.parametrize("text", ["R元", "R1", "R元年度", "Ｒ１年度", "r1", "令和 元 年度", "H31", "平成31年", "平成31年度", "FY2019"])
def test_every_spelling_of_the_era_change_year_is_fy2019(text):
    assert fiscal.parse_wareki_year(text) == 2019


@pytest.mark.parametrize("text", ["令和", "R", "年度", "FY", "令和十年度"])
def test_text_without_a_year_is_refused(text):
    with pytest.raises(ValueError, match="年度として読めません"):
        fiscal.parse_wareki_year(text)


def test_the_era_changed_inside_fiscal_year_2019():
    last_heisei, first_reiwa = dt.date(2019, 4, 30), dt.date(2019, 5, 1)
    assert fiscal.wareki_date(last_heisei) == "平成31年4月30日"
    assert fiscal.wareki_date(first_reiwa) == "令和元年5月1日"
    assert fiscal.fiscal_year_of(last_heisei) == fiscal.fiscal_year_of(first_reiwa) == 2019
    assert fiscal.fy_label(2019) == "令和元年度 (FY2019)"
    assert fiscal.reiwa_label(2018) == "平成30年度"


@pytest.mark.parametrize("fiscal_year", [2018, 2019, 2023, 2026])
def test_a_fiscal_year_ends_on_march_31_of_the_next_calendar_year(fiscal_year):
    end = fiscal.fy_end(fiscal_year)
    assert (end.year, end.month, end.day) == (fiscal_year + 1, 3, 31)
    assert end + dt.timedelta(days=1) == fiscal.fy_start(fiscal_year + 1)
    assert fiscal.fiscal_year_of(end) == fiscal_year


def test_a_bar_runs_from_april_of_its_first_year_to_march_after_its_last():
    assert gantt.bar_dates(2022, 2022) == (dt.date(2022, 4, 1), dt.date(2023, 3, 31))
    assert gantt.bar_dates(2023, 2026) == (dt.date(2023, 4, 1), dt.date(2027, 3, 31))
    start, end = gantt.bar_dates(2019, 2019)     # 平成31年度 = 令和元年度
    assert (end - start).days == 365


def test_axis_ticks_at_fiscal_year_starts_labelled_both_ways():
    values, labels = gantt.fiscal_year_ticks(2021, 2022)
    assert values == ["2021-04-01", "2022-04-01", "2023-04-01"]
    assert labels == ["令和3年度<br>FY2021", "令和4年度<br>FY2022", "令和5年度<br>FY2023"]
