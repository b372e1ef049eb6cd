"""The summary's charts: one colour per category on every chart of every scope, year labels
that never overlap, and a legend."""

from pathlib import Path

import pytest

from postings import charts
from postings.models import Direction
from postings.reports.base import Row, Table
from postings.reports.tables import outcome_labels


def test_years_chart_gives_each_direction_its_own_colour_whatever_else_is_present():
    one = charts.years_by_direction({2010: {"commune_to_district": 1}}, [2010])
    two = charts.years_by_direction(
        {2010: {"district_to_commune": 2, "commune_to_district": 1}, 2011: {"": 1}}, [2010, 2011]
    )
    # The same direction is drawn with the same class, first or second in its scope.
    assert [bar["category"] for bar in one["bars"]] == ["dir-commune_to_district"]
    assert {bar["category"] for bar in two["bars"]} == {
        "dir-district_to_commune",
        "dir-commune_to_district",
        "dir-unrecorded",
    }
    assert [item["category"] for item in two["legend"]] == [
        "dir-district_to_commune",
        "dir-commune_to_district",
        "dir-unrecorded",
    ]


def test_every_direction_and_outcome_has_a_colour_in_the_stylesheet(settings):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text(encoding="utf-8")
    wanted = [f".dir-{value} " for value in [*Direction.values, "unrecorded"]]
    wanted += [f".out-{key} " for key, _label in outcome_labels()]
    assert [name for name in wanted if name not in css] == []


@pytest.mark.parametrize(("years", "wide", "phone"), [(10, 1, 2), (24, 2, 4), (3, 1, 1)])
def test_years_chart_writes_every_year_and_shows_as_many_as_fit(years, wide, phone):
    span = list(range(2003, 2003 + years))
    chart = charts.years_by_direction({year: {"horizontal": 1} for year in span}, span)
    assert [label["label"] for label in chart["axis"]] == [str(year) for year in span]
    shown = [label["label"] for label in chart["axis"] if label["wide"]]
    on_phone = [label["label"] for label in chart["axis"] if label["phone"]]
    assert shown == [str(year) for year in span[::wide]] and len(shown) <= 12
    assert on_phone == [str(year) for year in span[::phone]] and len(on_phone) <= 6


def test_outcome_chart_gives_each_outcome_its_own_colour():
    rows = [Row("trở về", 3, 3, key="returned"), Row("đang luân chuyển", 2, 2, key="ongoing")]
    chart = charts.outcome_bars(Table("theo-ket-qua", "", "", rows, Row("", 5, 5)))
    assert [row["category"] for row in chart["rows"]] == ["out-returned", "out-ongoing"]
