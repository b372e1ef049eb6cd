"""Dates: the one parser of typed dates, and the arithmetic the rules need (months, ages,
the Labour Code retirement schedule)."""

import calendar
import datetime
import re

# Dates outside these are typing mistakes, and date arithmetic near year 9999 fails.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)
DAY_PATTERNS = [
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("day", "month", "year")),
    # Eight digits, as typed on a phone's number pad: 12082012 is 12/08/2012.
    (re.compile(r"^(\d{2})(\d{2})(\d{4})$"), ("day", "month", "year")),
    # ISO, and the midnight time a spreadsheet may add to a date typed as text.
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"), ("year", "month", "day")),
]


def parse_day(text):
    """The date typed in `text`: dd/mm/yyyy or d/m/yyyy (with /, . or -), ddmmyyyy or yyyy-mm-dd.

    Raises ValueError when it is none of them or no real date (31/02); each caller words
    its own message. Whether the year is plausible is `in_bounds`'s question.
    """
    text = str(text).strip()
    for pattern, order in DAY_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups()), strict=True))
            return datetime.date(parts["year"], parts["month"], parts["day"])
    raise ValueError(f"not a date: {text!r}")


def in_bounds(day):
    """Whether a date lies in the years the registry accepts (1900–2100)."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def add_months(day, months):
    """Return the date `months` later; the 31st lands on the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def months_between(start, end):
    """Whole months from `start` to `end` (negative when `end` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day and end != add_months(start, months):
        months -= 1
    return months


def age_on(birth, day):
    """Age in whole years on `day`."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


# Labour Code 2019 Art. 169 and Decree 135/2020: the retirement age rises each year from
# 2021 by 3 months for men (to 62 in 2028) and 4 months for women (to 60 in 2035).
RETIREMENT_SCHEDULE = {
    # sex: (age in months up to 2020, monthly step per year from 2021, ceiling in months)
    "male": (60 * 12, 3, 62 * 12),
    "female": (55 * 12, 4, 60 * 12),
}
SCHEDULE_START_YEAR = 2021


def retirement_age_months(sex, year):
    """The retirement age, in months, that applies to someone reaching it in `year`."""
    base, step, ceiling = RETIREMENT_SCHEDULE[sex]
    if year < SCHEDULE_START_YEAR:
        return base
    return min(base + step * (year - SCHEDULE_START_YEAR + 1), ceiling)


def retirement_date(sex, birth):
    """The day on whose end a person of this sex born on `birth` retires (Decree 135/2020 Art. 4).

    The age that applies is the one of the year in which it is reached, so the first year
    whose age is reached within that year decides (Decree 135/2020 tabulates the same); the
    moment is the end of the last day of the month in which that age is reached. Where only
    the year of birth is known, `birth` is 01/01 of that year (`birth_from_year`).
    """
    year = birth.year + retirement_age_months(sex, 0) // 12
    while True:
        reached = add_months(birth, retirement_age_months(sex, year))
        if reached.year <= year:
            return month_end(reached)
        year += 1


def month_end(day):
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def birth_from_year(year):
    """The birth date used when only the year is known: 01/01 (Decree 135/2020 Art. 4)."""
    return datetime.date(year, 1, 1)


def months_left(day, last_day):
    """Whole months from the start of `day` to the end of `last_day`, never below zero.

    A period of months ends on the same day number, or the month's last day when it has none
    (Civil Code 2015 Art. 147–148): from 01/07/2011 to the end of 30/06/2021 is 120 months.
    """
    return max(months_between(day, last_day + datetime.timedelta(days=1)), 0)


def years_and_months(months):
    """(years, months) of a number of months."""
    return divmod(months, 12)
