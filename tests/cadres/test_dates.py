import datetime

import pytest

from registry.dates import (
    add_months,
    age_on,
    in_bounds,
    months_between,
    months_left,
    parse_day,
    retirement_date,
    years_and_months,
)

D = datetime.date


def test_add_months_from_a_leap_day_lands_on_the_same_day_or_month_end():
    assert add_months(D(2008, 2, 29), 36) == D(2011, 2, 28)
    assert add_months(D(2008, 2, 29), 48) == D(2012, 2, 29)
    assert add_months(D(2010, 1, 31), 1) == D(2010, 2, 28)


def test_months_between_counts_whole_months():
    assert months_between(D(2008, 2, 29), D(2011, 2, 28)) == 36
    assert months_between(D(2010, 3, 15), D(2013, 3, 14)) == 35
    assert months_between(D(2010, 3, 15), D(2013, 3, 15)) == 36


def test_age_on_turns_on_the_birthday():
    assert age_on(D(1970, 8, 12), D(2012, 8, 11)) == 41
    assert age_on(D(1970, 8, 12), D(2012, 8, 12)) == 42


@pytest.mark.parametrize(
    ("sex", "birth", "expected"),
    [
        # Reached before 2021: the old ages, 60 and 55.
        ("male", D(1960, 12, 15), D(2020, 12, 31)),
        ("female", D(1965, 12, 1), D(2020, 12, 31)),
        # 2021: men 60 years 3 months, women 55 years 4 months.
        ("male", D(1961, 1, 15), D(2021, 4, 30)),
        ("female", D(1966, 1, 10), D(2021, 5, 31)),
        # Reaching 60y3m only in 2022, when 60y6m applies.
        ("male", D(1961, 10, 1), D(2022, 4, 30)),
        # 2028: men reach the ceiling of 62.
        ("male", D(1966, 4, 1), D(2028, 4, 30)),
        ("male", D(1970, 6, 30), D(2032, 6, 30)),
        # 2027 still 61y9m for someone born in January 1966.
        ("male", D(1966, 1, 1), D(2027, 10, 31)),
        # 2035: women reach the ceiling of 60.
        ("female", D(1975, 5, 1), D(2035, 5, 31)),
        ("female", D(1980, 3, 3), D(2040, 3, 31)),
        # 2034: 59 years 8 months.
        ("female", D(1975, 1, 1), D(2034, 9, 30)),
    ],
)
def test_retirement_date_is_the_last_day_of_the_month_the_scheduled_age_is_reached(
    sex, birth, expected
):
    assert retirement_date(sex, birth) == expected


def test_months_left_counts_to_the_end_of_the_last_day():
    # From the start of 01/07/2011 to the end of 30/06/2021: ten years exactly.
    assert months_left(D(2011, 7, 1), D(2021, 6, 30)) == 120
    assert months_left(D(2011, 7, 2), D(2021, 6, 30)) == 119
    assert months_left(D(2010, 1, 1), D(2010, 1, 30)) == 0
    assert months_left(D(2030, 1, 1), D(2021, 6, 30)) == 0
    assert years_and_months(119) == (9, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/08/2012", D(2012, 8, 12)),
        ("1/8/2012", D(2012, 8, 1)),
        ("12.08.2012", D(2012, 8, 12)),
        ("12-08-2012", D(2012, 8, 12)),
        (" 2012-08-12 ", D(2012, 8, 12)),
        ("2012-08-12 00:00:00", D(2012, 8, 12)),
        ("12082012", D(2012, 8, 12)),  # eight digits, from a phone's number pad
    ],
)
def test_parse_day_reads_the_ways_offices_type_a_date(text, expected):
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2012", "12/08/12", "2012/08/12", "hôm qua", "", "1282012", "31022012"]
)
def test_parse_day_refuses_what_is_no_date(text):
    with pytest.raises(ValueError):
        parse_day(text)


def test_in_bounds_accepts_the_years_1900_to_2100_only():
    assert in_bounds(D(1900, 1, 1)) and in_bounds(D(2100, 12, 31))
    assert not in_bounds(D(1899, 12, 31)) and not in_bounds(D(2101, 1, 1))
