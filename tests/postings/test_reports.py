"""Every figure and table of the summary against numbers worked out by hand (see conftest)."""

import datetime
from decimal import Decimal

import pytest

from postings import reports
from tests.postings.conftest import AS_OF


def params(register, **changes):
    values = {
        "scope": register.district,
        "start": reports.PERIOD_START,
        "end": AS_OF,
        "as_of": AS_OF,
    }
    values.update(changes)
    return reports.Params(**values)


def rows(table):
    """{row key: (rotations, persons)}: keys, not labels, so the interface language is free."""
    return {row.key: (row.rotations, row.persons) for row in table.rows}


@pytest.fixture
def summary(register, admin_user):
    return reports.summary(admin_user, params(register))


def test_figures_match_the_hand_count(summary):
    figures = {figure.name: figure.value for figure in summary.figures}
    assert figures == {
        "postings_total": 6,
        "cadres_rotated": 5,
        "postings_active": 2,
        "postings_ended": 4,
        "joined_party_committee": 2,
        "joined_government": 1,
        "in_planning_pct": Decimal("83.3"),
        "women_pct": Decimal("40.0"),
        "ethnic_minority_pct": Decimal("60.0"),
        "duration_met_pct": Decimal("75.0"),
        "overdue": 1,
        "due_6_months": 1,
        # The register marks no key title: the succession pool is empty (see test_pool.py).
        "pool_short": 0,
        "pool_enough": 0,
        "pool_crowded": 0,
    }


def test_figures_national_scope_adds_the_other_district(register, admin_user):
    summary = reports.summary(admin_user, params(register, scope=None))
    assert summary.figure("postings_total").value == 7
    assert summary.figure("cadres_rotated").value == 6


def test_figures_period_end_after_as_of_counts_a_rotation_not_yet_started(register, admin_user):
    later = params(register, end=datetime.date(2012, 12, 31))
    summary = reports.summary(admin_user, later)
    assert summary.figure("postings_total").value == 7
    assert summary.figure("postings_active").value == 2
    assert rows(summary.table("theo-ket-qua"))["not_started"] == (1, 1)


def test_figures_are_judged_on_the_as_of_date(register, admin_user):
    day = datetime.date(2010, 6, 1)
    summary = reports.summary(admin_user, params(register, end=day, as_of=day))
    # Started by then: p1 (ended), p7 (ended), p3 (active), p2 and p5 (active).
    assert summary.figure("postings_total").value == 5
    assert summary.figure("postings_active").value == 3
    assert summary.figure("postings_ended").value == 2
    assert summary.figure("overdue").value == 0
    assert summary.figure("duration_met_pct").value == Decimal("100.0")


def test_percentages_are_none_without_a_base(register, admin_user):
    empty = params(register, start=datetime.date(2012, 1, 1))
    summary = reports.summary(admin_user, empty)
    assert summary.figure("postings_total").value == 0
    assert summary.figure("women_pct").value is None
    assert summary.figure("women_pct").text == "—"


def test_table_by_year_fills_the_years_between(summary):
    assert rows(summary.table("theo-nam")) == {
        "2004": (1, 1),
        "2005": (0, 0),
        "2006": (1, 1),
        "2007": (0, 0),
        "2008": (1, 1),
        "2009": (2, 2),
        "2010": (0, 0),
        "2011": (1, 1),
    }
    total = summary.table("theo-nam").total
    assert (total.rotations, total.persons) == (6, 5)


def test_table_by_term_uses_the_catalogue(summary):
    labels = {
        row.label: (row.rotations, row.persons) for row in summary.table("theo-nhiem-ky").rows
    }
    assert labels == {"2000–2005": (1, 1), "2005–2010": (4, 4), "2010–2015": (1, 1)}


def test_table_by_direction_counts_a_person_once(summary):
    assert rows(summary.table("theo-huong")) == {
        "district_to_commune": (5, 4),
        "commune_to_district": (1, 1),
    }


def test_table_by_receiving_unit_shows_the_present_successor(summary, register):
    table = summary.table("theo-don-vi-nhan")
    by_key = {row.key: row for row in table.rows}
    tu_doan = by_key[str(register.tu_doan.pk)]
    assert (tu_doan.rotations, tu_doan.persons) == (2, 2)
    luc_thon = by_key[str(register.luc_thon.pk)]
    assert luc_thon.label == "Xã Lục Thôn (Huyện Lộc Bình)"
    assert luc_thon.note == "Xã Lộc Bình"
    assert luc_thon.url == f"/units/{register.luc_thon.pk}/"
    assert by_key[str(register.mau_son.pk)].note == ""
    assert sum(row.rotations for row in table.rows) == 6


def test_table_by_post_splits_head_and_deputy(summary):
    assert rows(summary.table("theo-chuc-vu")) == {
        "head_party": (1, 1),
        "deputy_party": (1, 1),
        "head_government": (1, 1),
        "deputy_government": (0, 0),
        "head_front": (1, 1),
        "deputy_front": (0, 0),
        "none": (2, 2),
    }


def test_table_by_outcome_shows_ongoing_ones(summary):
    assert rows(summary.table("theo-ket-qua")) == {
        "ongoing": (2, 2),
        "returned": (1, 1),
        "promoted": (1, 1),
        "kept": (1, 1),
        "ended_early": (1, 1),
    }


def test_table_by_sex(summary):
    assert rows(summary.table("theo-gioi-tinh")) == {"male": (4, 3), "female": (2, 2)}


def test_table_by_ethnicity_groups_minorities(summary):
    table = summary.table("theo-dan-toc")
    assert [(row.key, row.rotations, row.persons, row.indent) for row in table.rows] == [
        ("kinh", 2, 2, 0),
        ("minority", 4, 3, 0),
        ("Tày", 3, 2, 1),
        ("Nùng", 1, 1, 1),
    ]


def test_table_by_age_at_start(summary):
    assert rows(summary.table("theo-do-tuoi")) == {
        "under_35": (3, 2),
        "35_39": (1, 1),
        "40_44": (1, 1),
        "45_49": (1, 1),
        "50_over": (0, 0),
    }


def test_lists_hold_the_rotations_to_act_on(summary, register):
    lists = {listing.slug: [p.pk for p in listing.postings] for listing in summary.lists}
    assert lists == {
        "active": [register.p2.pk, register.p5.pk][::-1],
        "due": [register.p2.pk],
        "overdue": [register.p5.pk],
        "exceptions": [register.p5.pk, register.p4.pk],
        "missing-decision": [register.p5.pk],
    }


def test_lists_are_capped_with_their_full_count(summary, register, monkeypatch, admin_user):
    monkeypatch.setattr(reports.listings, "LIST_CAP", 1)
    summary = reports.summary(admin_user, params(register))
    active = next(listing for listing in summary.lists if listing.slug == "active")
    assert (len(active.postings), active.count, active.capped) == (1, 2, True)


def test_year_direction_feeds_the_chart(summary):
    assert summary.year_direction == {
        2004: {"district_to_commune": 1},
        2006: {"commune_to_district": 1},
        2008: {"district_to_commune": 1},
        2009: {"district_to_commune": 2},
        2011: {"district_to_commune": 1},
    }


def test_duration_counts_whole_months_like_the_rules(register, admin_user, settings):
    settings.ROTATION_MIN_MONTHS = 37
    summary = reports.summary(admin_user, params(register))
    assert summary.figure("duration_met_pct").value == Decimal("0.0")


def test_receiving_unit_table_is_capped_on_the_page_and_still_adds_up(
    register, monkeypatch, admin_user
):
    full = reports.table(admin_user, params(register), "theo-don-vi-nhan")
    assert len(full.rows) > 2 and full.row_count == 0  # the export: every unit, no note
    monkeypatch.setattr(reports.tables, "PAGE_ROW_CAP", 2)
    page = reports.summary(admin_user, params(register)).table("theo-don-vi-nhan")
    *top, other = page.rows
    assert [row.key for row in top] == [row.key for row in full.rows[:2]]  # most rotations
    assert other.key == "other" and other.persons is None
    assert other.rotations == sum(row.rotations for row in full.rows[2:])
    assert sum(row.rotations for row in page.rows) == page.total.rotations
    assert (page.shown, page.row_count) == (2, len(full.rows))


def test_a_province_and_a_district_count_the_rotations_that_touch_them(register, admin_user):
    """A province's subtree is read as a condition on its unit ids, a district's through
    each foreign key (registry/scopes.py): both are the rotations from or to a unit under
    the scope, one that leaves the province included, and a list's rule narrows them."""
    from cadres.models import Unit
    from postings.models import Posting
    from postings.reports.base import exception_q, scoped_rotations
    from tests.factories import make_cadre, make_posting, make_unit

    elsewhere = make_unit("Xã Tân Thành", parent=make_unit("Tỉnh Cao Bằng", kind="province"))
    left = make_posting(
        cadre=make_cadre("Người đi tỉnh khác"), from_unit=register.tu_doan, to_unit=elsewhere,
        start=datetime.date(2011, 5, 1), planned_end=datetime.date(2014, 5, 1),
    )  # fmt: skip
    assert register.province.parent_id is None and register.district.parent_id is not None
    rotations = list(Posting.objects.rotations().select_related("from_unit", "to_unit"))
    for scope in (register.province, register.district, elsewhere.parent):
        asked = params(register, scope=Unit.objects.get(pk=scope.pk))
        touching = {
            p.pk
            for p in rotations
            if any(u.path.startswith(scope.path) for u in (p.from_unit, p.to_unit))
            and asked.start <= p.start <= asked.end
        }
        assert left.pk in touching, "from the district's commune to another province"
        found = scoped_rotations(admin_user, asked).values_list("pk", flat=True)
        assert set(found) == touching, scope
        flagged = scoped_rotations(admin_user, asked, exception_q()).values_list("pk", flat=True)
        expected = {p.pk for p in rotations if p.pk in touching and p.warnings}
        assert set(flagged) == expected and (expected or scope == elsewhere.parent), scope
