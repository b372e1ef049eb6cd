"""A rotation's state: the admin filter, the summary and `Posting.state` put each in one place."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from postings import reports, rules
from postings.admin import StatusFilter
from postings.models import Posting
from postings.reports.base import scoped_rotations
from postings.reports.tables import figures
from postings.reports.tally import tally
from registry.dates import add_months
from tests.factories import make_posting, make_unit

State = Posting.State
ONE_DAY = datetime.timedelta(days=1)
# The admin filter's parameter values, and the states each one lists.
FILTERS = {
    "not_started": {State.NOT_STARTED},
    "active": {State.ACTIVE, State.DUE, State.OVERDUE},
    "due": {State.DUE},
    "overdue": {State.OVERDUE},
    "ended": {State.ENDED},
}
# The summary's lists and figures, and the states each one counts.
LISTS = {"active": FILTERS["active"], "due": {State.DUE}, "overdue": {State.OVERDUE}}
FIGURES = {
    "postings_active": FILTERS["active"],
    "postings_ended": {State.ENDED},
    "overdue": {State.OVERDUE},
    "due_6_months": {State.DUE},
}


def months(day, count):
    return add_months(day, count)


def summary_active(user, params):
    """The summary's "active" figure, computed as `reports.summary` does, without its lists."""
    numbers = tally(scoped_rotations(user, params), params, only="year").numbers
    return next(figure.value for figure in figures(numbers) if figure.name == "postings_active")


@pytest.fixture
def kinds(home_district):
    """One rotation of every kind, judged today, each its own cadre's: {kind: (rotation, state)}."""
    today = timezone.localdate()
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    spec = {
        "not started": (State.NOT_STARTED, {"start": today + 30 * ONE_DAY}),
        "active": (State.ACTIVE, {"start": months(today, -12), "planned_end": months(today, 24)}),
        "ended on time": (
            State.ENDED,
            {
                "start": months(today, -48),
                "planned_end": months(today, -12),
                "actual_end": months(today, -12),
                "outcome": "returned",
            },
        ),
        "ended early": (
            State.ENDED,
            {
                "start": months(today, -24),
                "planned_end": months(today, 12),
                "actual_end": months(today, -6),
                "outcome": "ended_early",
            },
        ),
        "overdue": (State.OVERDUE, {"start": months(today, -48), "planned_end": months(today, -1)}),
        "due": (State.DUE, {"start": months(today, -34), "planned_end": months(today, 2)}),
        "cancelled": (State.CANCELLED, {"start": months(today, -12), "outcome": "cancelled"}),
        # The admin called this one "under way", the summary "ended": an outcome is recorded.
        # Such rows are refused now (an ending needs its date), but older ones remain.
        "outcome without actual end": (
            State.ENDED,
            {"start": months(today, -36), "planned_end": today - 10 * ONE_DAY, "outcome": "kept"},
        ),
        # Its planned end is today: due, not overdue, and in the list (rule 8).
        "planned end today": (State.DUE, {"start": months(today, -36), "planned_end": today}),
        # Ends next month, its outcome recorded ahead: still under way today.
        "ends later": (
            State.ACTIVE,
            {
                "start": months(today, -24),
                "planned_end": months(today, 12),
                "actual_end": months(today, 1),
                "outcome": "returned",
            },
        ),
    }
    made = {}
    for kind, (state, fields) in spec.items():
        if kind == "outcome without actual end":
            posting = make_posting(from_unit=board, to_unit=commune, save=False, **fields)
            rules.fill_defaults(posting)
            posting.save()  # as rows saved before the rule: past the write path
        else:
            posting = make_posting(from_unit=board, to_unit=commune, **fields)
        made[kind] = (posting, state)
    return made


def kinds_in(kinds, states):
    return {kind for kind, (_posting, state) in kinds.items() if state in states}


def kinds_of(kinds, pks):
    return {kind for kind, (posting, _state) in kinds.items() if posting.pk in pks}


def test_state_of_each_kind_of_rotation(kinds):
    today = timezone.localdate()
    assert {kind: posting.state(today) for kind, (posting, _s) in kinds.items()} == {
        kind: state for kind, (_p, state) in kinds.items()
    }


def test_state_admin_filter_lists_each_kind_where_state_puts_it(staff_client, kinds):
    for value, states in FILTERS.items():
        response = staff_client.get("/admin/postings/posting/", {"status": value})
        listed = {posting.pk for posting in response.context["cl"].result_list}
        assert kinds_of(kinds, listed) == kinds_in(kinds, states), value


def test_state_summary_counts_and_lists_each_kind_where_state_puts_it(staff, home_district, kinds):
    today = timezone.localdate()
    params = reports.Params(
        scope=home_district, start=reports.PERIOD_START, end=months(today, 12), as_of=today
    )
    summary = reports.summary(staff, params)

    for name, states in FIGURES.items():
        assert summary.figure(name).value == len(kinds_in(kinds, states)), name
    for listing in summary.lists:
        if listing.slug in LISTS:
            listed = {row.pk for row in listing.postings}
            assert kinds_of(kinds, listed) == kinds_in(kinds, LISTS[listing.slug]), listing.slug
    outcome = {row.key: row.rotations for row in summary.table("theo-ket-qua").rows}
    assert outcome["not_started"] == len(kinds_in(kinds, {State.NOT_STARTED}))
    assert summary.figure("postings_total").value == len(kinds) - 1  # not the cancelled one


def test_state_querysets_agree_with_state_on_the_boundaries(kinds):
    rotations = Posting.objects.filter(pk__in=[posting.pk for posting, _s in kinds.values()])
    days = set()
    for posting, _state in kinds.values():
        for day in (posting.start, posting.planned_end, posting.actual_end):
            if day:
                # The day itself, either side, and the days that put it 6 months ahead.
                days |= {
                    day,
                    day - ONE_DAY,
                    day + ONE_DAY,
                    months(day, -6),
                    months(day, -6) - ONE_DAY,
                }
    for day in sorted(days):
        expected = {
            value: {p.pk for p in rotations if p.state(day) in states}
            for value, states in FILTERS.items()
        }
        found = {
            value: set(StatusFilter.narrow(rotations, value, day).values_list("pk", flat=True))
            for value in FILTERS
        }
        assert found == expected, day


# Marked so that pytest-django sets up the test database for the class (without a mark it
# sets up none when only these tests run, and the demo would be written to the real one).
@pytest.mark.django_db
class TestStateOnTheDemo:
    """The admin's "đang luân chuyển" filter and the summary agree on every as-of date."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def demo(cls, django_db_setup, django_db_blocker):
        hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=hashers),
            transaction.atomic(),
        ):
            call_command("seed_demo", "--force", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)

    def as_of_dates(self, rotations):
        """Every 1 January and 1 July from 2003 to today, and the rotations' dates ± a day."""
        today = timezone.localdate()
        days = {
            datetime.date(year, month, 1)
            for year in range(reports.PERIOD_START.year, today.year + 1)
            for month in (1, 7)
        }
        for posting in rotations:
            dates = (posting.start, posting.planned_end, posting.actual_end)
            days |= {day + shift * ONE_DAY for day in dates if day for shift in (-1, 0, 1)}
        return sorted(day for day in days if reports.PERIOD_START <= day <= today)

    # The whole country on every date; a district's staff (the same visibility through its
    # scope) twice a year, to keep the walk to a few seconds.
    @pytest.mark.parametrize("username, every_date", [("demo-admin", True), ("demo-staff", False)])
    def test_state_admin_active_filter_matches_the_summary_on_every_date(
        self, username, every_date
    ):
        user = get_user_model().objects.get(username=username)
        visible = Posting.objects.visible_to(user)
        scope = None if user.is_superuser else user.scope.unit
        rotations = list(visible.filter(start__gte=reports.PERIOD_START))
        assert len(rotations) > 20  # the demo, and the visibility
        for day in self.as_of_dates(rotations if every_date else []):
            params = reports.Params(scope=scope, start=reports.PERIOD_START, end=day, as_of=day)
            active = summary_active(user, params)
            assert StatusFilter.narrow(visible, "active", day).count() == active, day
            states = [posting.state(day) for posting in rotations if posting.start <= day]
            assert sum(state in FILTERS["active"] for state in states) == active, day
