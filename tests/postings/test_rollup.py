"""The maintained rollup gives the live tally's figures, after any mix of writes.

A synthetic register (`seed_scale`, which builds the rollup in bulk) is changed at random
through the write path: rotations added, edited (units, dates, cadre, outcome), cancelled
and deleted, cadres' sex and ethnicity changed, end reviews and placements added, changed
and deleted (some dated after today), plan items linked, dropped, added and deleted; after
each round the rollup's summary of
the country and of provinces, today, is compared with the live tally's, figure by figure,
before and after compaction, and the rollup kept by the writes with one rebuilt from scratch.
"""

import datetime
import io
import random
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cadres.models import Cadre, Position, Unit
from postings.models import (
    DUE_MONTHS,
    END_REVIEW_KINDS,
    Evaluation,
    Placement,
    PlanItem,
    Posting,
    RollupState,
    RollupTotal,
    RotationPlan,
)
from postings.reports import Params
from postings.reports.base import PERIOD_START, scoped_rotations
from postings.reports.compose import summary
from postings.reports.followed import RATINGS, live_counts
from postings.reports.plans import tallied
from postings.reports.rollup import (
    BUSIEST_EXTRA_MAX,
    rollup_followed,
    rollup_followed_on,
    rollup_plan_tally,
    rollup_scope,
    rollup_tally,
)
from postings.reports.tables import TABLE_GROUPINGS, table_by_receiving_unit
from postings.reports.tally import tally
from postings.rollup import rollup_compact, rollup_rebuild
from postings.services import posting_save
from registry.dates import add_months
from tests.factories import make_cadre, make_posting

pytestmark = pytest.mark.django_db


def today_params(scope=None, terms="party"):
    today = timezone.localdate()
    return Params(scope=scope, start=PERIOD_START, end=today, as_of=today, terms=terms)


def some_day(rng, today):
    """A day around today: mostly past, sometimes ahead (starts and ends still to come)."""
    return today + datetime.timedelta(days=rng.randrange(-4000, 400))


def edit(rng, posting, units, cadres, today):
    """One random change of a rotation: its units, dates, cadre or outcome."""
    change = rng.choice(["units", "dates", "cadre", "outcome", "open", "cancel"])
    if change == "units":
        posting.from_unit, posting.to_unit = rng.sample(units, 2)
        posting.direction_override, posting.direction_reason = "horizontal", "test"
    elif change == "dates":
        posting.start = some_day(rng, today)
        posting.planned_end = posting.start + datetime.timedelta(days=rng.randrange(1, 1500))
        posting.actual_end = None if not posting.outcome else posting.planned_end
    elif change == "cadre":
        posting.cadre = rng.choice(cadres)
    elif change == "outcome":
        posting.outcome = rng.choice(Posting.ENDING_OUTCOMES)
        posting.actual_end = posting.start + datetime.timedelta(days=rng.randrange(0, 1500))
    elif change == "open":
        posting.outcome, posting.actual_end = "", None
    else:
        posting.outcome = Posting.Outcome.CANCELLED


def follow(rng, posting, units, today):
    """What followed a rotation, changed at random: an end review added or deleted, its
    placement added, changed or deleted; some dated after today."""
    day = today + datetime.timedelta(days=rng.randrange(-900, 60))
    change = rng.choice(["review", "review", "unreview", "place", "unplace"])
    if change == "review":
        Evaluation.objects.create(
            posting=posting, kind=rng.choice(END_REVIEW_KINDS), date=day,
            rating=rng.choice(RATINGS),
        )  # fmt: skip
    elif change == "unreview":
        Evaluation.objects.filter(pk__in=posting.evaluations.values("pk")[:1]).delete()
    elif change == "place":
        kept = posting.outcome == Posting.Outcome.KEPT
        comparisons = ["kept"] if kept else ["higher", "equivalent", "lower"]
        Placement.objects.update_or_create(
            posting=posting,
            defaults={
                "comparison": rng.choice(comparisons), "date": day, "unit": rng.choice(units),
                "position": rng.choice(list(Position.objects.all()[:30])),
            },
        )  # fmt: skip
    else:
        Placement.objects.filter(posting=posting).delete()
    return 1


def replan(rng, posting, cadres):
    """Plan items changed at random: a rotation linked to another item or none, an item
    dropped or taken up again, a new item (some with a target count), an item deleted."""
    items = list(PlanItem.objects.order_by("pk"))
    change = rng.choice(["link", "link", "ahead", "drop", "new", "delete"])
    if change == "link":
        posting.plan_item = rng.choice([None, *items])
        return write(posting)
    if change == "ahead":
        # Decided today, starting after it: its item (a count of one) decided, not yet done.
        start = timezone.localdate() + datetime.timedelta(days=rng.randrange(1, 200))
        plan = RotationPlan.objects.filter(term__start__lte=start, term__end__gte=start).first()
        item = PlanItem.objects.create(
            plan=plan, year=start.year, target_count=1, direction="horizontal"
        )
        open_units = list(Unit.objects.filter(kind="commune", valid_to=None).order_by("pk")[:50])
        from_unit, to_unit = rng.sample(open_units, 2)
        return write(
            Posting(
                cadre=make_cadre(f"Cán bộ {rng.randrange(10**6)}"), from_unit=from_unit,
                to_unit=to_unit, start=start, decision_number="5-QĐ/TU",
                decision_date=timezone.localdate(), plan_item=item,
                direction_override="horizontal", direction_reason="test",
            )
        )  # fmt: skip
    if change == "drop":
        item = rng.choice(items)
        item.dropped = not item.dropped
        item.drop_reason = "Điều động công tác khác" if item.dropped else ""
        item.save()
    elif change == "new":
        plan = rng.choice(list(RotationPlan.objects.select_related("term")))
        year = rng.randint(plan.term.start.year, plan.term.end.year)
        count = rng.choice([None, 1, 2])
        PlanItem.objects.create(
            plan=plan, year=year, cadre=None if count else rng.choice(cadres),
            target_count=count, direction="horizontal" if count else "",
        )  # fmt: skip
    else:
        PlanItem.objects.filter(
            pk__in=[i.pk for i in items if not i.postings.exists()][:1]
        ).delete()
    return 1


def same_plan_tally(found):
    """`tallied`'s result without its zero counts, comparable."""
    by_year, by_term, term_start, total = found

    def clean(counter):
        return {key: n for key, n in counter.items() if n}

    return (
        {year: clean(c) for year, c in by_year.items() if clean(c)},
        {term: clean(c) for term, c in by_term.items() if clean(c)},
        {term: term_start[term] for term, c in by_term.items() if clean(c)},
        clean(total),
    )


def write(posting):
    """Save through the write path; a refused change (overlap, a unit not yet open) is skipped."""
    try:
        with transaction.atomic():
            posting_save(posting=posting, require_reason=False)
    except (ValidationError, IntegrityError):
        return False
    return True


def shake(rng, rounds):
    """Random writes through the write path, and through the ORM's delete and cadre save."""
    today = timezone.localdate()
    units = list(Unit.objects.filter(kind="commune").order_by("pk"))
    cadres = list(Cadre.objects.order_by("pk"))
    keys = list(Posting.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    for _ in range(rounds):
        action = rng.choice(
            ["add", "edit", "edit", "edit", "delete", "cadre", "after", "after", "plan", "plan"]
        )
        if action == "add":
            start = some_day(rng, today)
            from_unit, to_unit = rng.sample(units, 2)
            posting = Posting(
                cadre=rng.choice(cadres), from_unit=from_unit, to_unit=to_unit, start=start,
                decision_number=rng.choice(["", "12-QĐ/TU"]),
                direction_override="horizontal", direction_reason="test",
            )  # fmt: skip
            done += write(posting)
        elif action == "edit":
            posting = Posting.objects.select_related("cadre").get(pk=rng.choice(keys))
            edit(rng, posting, units, cadres, today)
            done += write(posting)
        elif action == "delete":
            pk = keys.pop(rng.randrange(len(keys)))
            posting = Posting.objects.get(pk=pk)
            posting.evaluations.all().delete()
            Placement.objects.filter(posting=posting).delete()
            posting.delete()
            done += 1
        elif action == "after":
            done += follow(rng, Posting.objects.get(pk=rng.choice(keys)), units, today)
        elif action == "plan":
            done += replan(rng, Posting.objects.get(pk=rng.choice(keys)), cadres)
        else:
            cadre = rng.choice(cadres)
            cadre.sex = rng.choice(Cadre.Sex.values)
            cadre.ethnicity = rng.choice(["Kinh", "Tày", "Nùng"])
            cadre.save()
            done += 1
    return done


def assert_same(user, params, rng):
    """The rollup's figures and tables are the live tally's, whole and per export table."""
    scope = rollup_scope(user, params)
    assert scope is not None, "today's summary of the country or a province reads the rollup"
    live = tally(scoped_rotations(user, params), params)
    kept = rollup_tally(scope, params)
    assert kept.numbers == live.numbers, params.scope
    assert kept.by == live.by, params.scope
    assert kept.year_direction == live.year_direction, params.scope
    kept_plans = same_plan_tally(rollup_plan_tally(scope, params.as_of))
    assert kept_plans == same_plan_tally(tallied(user, params)), params.scope
    followed = rollup_followed(scope, params.as_of)
    assert {k: v for k, v in followed.items() if any(v)} == live_counts(user, params), params.scope
    # Another period or as-of date: from the entries, those not settled then read live.
    earlier = params.as_of - datetime.timedelta(days=rng.randrange(1, 600))
    start = PERIOD_START + datetime.timedelta(days=rng.choice([0, 2000]))
    for other in (params, Params(params.scope, start, earlier, earlier, params.terms)):
        assert rollup_followed_on(scope, other) == live_counts(user, other), other
    assert_same_busiest(scope, params, live, rng)
    for only in rng.sample(sorted(set(TABLE_GROUPINGS.values())), 3):
        live = tally(scoped_rotations(user, params), params, only)
        kept = rollup_tally(scope, params, only)
        assert (kept.numbers, kept.by) == (live.numbers, live.by), (params.scope, only)
    return live.numbers["postings_total"]


def assert_same_busiest(scope, params, live, rng):
    """The page's read, which leaves out the receiving units past the busiest `cap`, gives
    the page the live tally's receiving-unit table; also when the changes not yet folded and
    the corrections are too many to list (`busiest` then reads every unit)."""
    for cap, extra_max in [(rng.choice([1, 2, 3, 5, 8]), BUSIEST_EXTRA_MAX), (3, 0), (50, 0)]:
        with patch("postings.reports.rollup.BUSIEST_EXTRA_MAX", extra_max):
            kept = rollup_tally(scope, params, cap=cap)
        assert kept.numbers == live.numbers, (params.scope, cap)
        assert {k: v for k, v in kept.by.items() if k != "to_unit"} == {
            k: v for k, v in live.by.items() if k != "to_unit"
        }
        left_out = kept.others["to_unit"][0]
        assert left_out == 0 or len(kept.by["to_unit"]) + left_out == len(live.by["to_unit"])
        page, expected = (table_by_receiving_unit(t, params, cap=cap) for t in (kept, live))
        assert (page.rows, page.row_count, page.shown) == (
            expected.rows, expected.row_count, expected.shown,
        ), (params.scope, cap)  # fmt: skip


def assert_all_scopes(user, rng):
    provinces = list(Unit.objects.filter(parent=None, kind="province").order_by("pk"))
    counted = assert_same(user, today_params(), rng)
    for province in rng.sample(provinces, min(3, len(provinces))):
        assert_same(user, today_params(province, terms=rng.choice(["party", "state"])), rng)
    return counted


def totals():
    rows = RollupTotal.objects.values_list("scope_id", "grouping", "key", "rotations", "persons")
    return sorted(row for row in rows if row[3] or row[4])


@pytest.mark.parametrize("seed", [1, 2])
def test_rollup_equals_the_live_tally_after_random_writes(seed, admin_user):
    call_command("seed_scale", postings=300, seed=seed, stdout=io.StringIO())
    assert RollupState.objects.get().stale is False, "seed_scale builds the rollup"
    rng = random.Random(seed)
    assert assert_all_scopes(admin_user, rng) > 50
    for _round in range(3):
        assert shake(rng, 60) > 30
        assert_all_scopes(admin_user, rng)
        rollup_compact()
        assert_all_scopes(admin_user, rng)
    kept = totals()
    rollup_rebuild()
    assert totals() == kept, "the totals kept by the writes are those rebuilt from scratch"


def test_the_page_reads_only_the_busiest_receiving_units(admin_user, register):
    """Folded, the page reads the busiest units (ties included) and counts the others; a
    unit changed since, or with a rotation still to start, is read as well."""
    rollup_rebuild()
    params = today_params(register.province)
    scope = register.province.pk
    live = tally(scoped_rotations(admin_user, params), params).by["to_unit"]
    busiest = max(rotations for rotations, _persons in live.values())
    quiet = min(live, key=lambda pk: (live[pk][0], pk))
    assert live[quiet][0] < busiest, "the register has units of different sizes"
    kept = rollup_tally(scope, params, cap=1)
    assert set(kept.by["to_unit"]) == {pk for pk, (n, _p) in live.items() if n == busiest}
    others = [n for n, _p in live.values() if n < busiest]
    assert kept.others["to_unit"] == (len(others), sum(others))

    later = params.as_of + datetime.timedelta(days=30)
    sender = next(unit for unit in (register.board, register.tu_doan) if unit.pk != quiet)
    new = make_posting(
        cadre=make_cadre("Người đến sau"), from_unit=sender, to_unit=Unit.objects.get(pk=quiet),
        start=later, planned_end=later + datetime.timedelta(days=1100),
    )  # fmt: skip
    assert RollupTotal.objects.filter(scope_id=scope, grouping="to_unit").exists()
    kept = rollup_tally(scope, params, cap=1)
    assert quiet in kept.by["to_unit"], "a unit with changes not yet folded is read"
    assert kept.by["to_unit"][quiet] == live[quiet], "the rotation to come is not counted"
    rollup_compact()
    kept = rollup_tally(scope, params, cap=1)
    assert quiet in kept.by["to_unit"], "a unit with a rotation still to start is read"
    new.delete()


def test_the_rotations_under_way_today_at_their_edges(admin_user, register):
    """Under way, overdue and due from the rollup, at the edges the random writes seldom
    reach: an end recorded after today (overdue or due), a cadre counted both open and
    ending later (older records the overlap rule did not check), a start after today."""
    today = timezone.localdate()
    days = datetime.timedelta
    x, y, z, w = (make_cadre(f"Cán bộ {name}") for name in "XYZW")
    # Rotations of one cadre may not overlap, an open one counting to its planned end: X's
    # second starts after the first's, which is still open (overdue) today.
    rows = [
        (x, today - days(2000), today - days(100), None),  # open, overdue
        (x, today - days(90), today - days(10), today + days(10)),  # ends later, overdue
        (y, today - days(700), today, today + days(60)),  # ends later, due today
        (z, today + days(3), today + days(1000), None),  # not started
        (w, today - days(800), add_months(today, DUE_MONTHS), None),  # open, due on the last day
    ]
    Posting.objects.bulk_create(
        Posting(
            cadre=cadre, from_unit=register.board, to_unit=register.tu_doan,
            direction="district_to_commune", start=start, planned_end=planned_end,
            actual_end=actual_end, age_at_start=40,
        )
        for cadre, start, planned_end, actual_end in rows
    )  # fmt: skip
    rollup_rebuild()
    for scope in (None, register.province):
        params = today_params(scope)
        live = tally(scoped_rotations(admin_user, params), params)
        kept = rollup_tally(rollup_scope(admin_user, params), params)
        names = ("postings_active", "overdue", "due_6_months", "postings_ended")
        assert {n: kept.numbers[n] for n in names} == {n: live.numbers[n] for n in names}
        # The outcome table's row of those under way counts their cadres.
        assert kept.by["outcome"]["ongoing"] == live.by["outcome"]["ongoing"], scope
        assert (kept.numbers, kept.by) == (live.numbers, live.by), scope
    assert live.numbers["overdue"] >= 2 and live.numbers["due_6_months"] >= 2


def test_the_summary_page_reads_the_rollup_only_for_today(admin_user, django_assert_num_queries):
    call_command("seed_scale", postings=80, seed=3, stdout=io.StringIO())
    params = today_params()
    assert rollup_scope(admin_user, params) == 0
    yesterday = params.as_of - datetime.timedelta(days=1)
    past = Params(scope=None, start=PERIOD_START, end=yesterday, as_of=yesterday)
    assert rollup_scope(admin_user, past) is None
    district = Unit.objects.filter(kind="district").first()
    assert rollup_scope(admin_user, today_params(district)) is None
    assert (
        summary(admin_user, params).figure("postings_total").value
        == (tally(scoped_rotations(admin_user, params), params).numbers["postings_total"])
    )


def test_a_new_term_makes_the_rollup_stale_until_rebuilt(admin_user):
    call_command("seed_scale", postings=40, seed=4, stdout=io.StringIO())
    from tests.factories import make_term

    make_term("HĐND thử", start=datetime.date(2004, 1, 1), end=datetime.date(2006, 12, 31))
    assert rollup_scope(admin_user, today_params()) is None, "the live query meanwhile"
    rollup_compact()  # a stale rollup is rebuilt
    assert_same(admin_user, today_params(), random.Random(4))


def test_todays_summaries_issue_the_same_queries_at_10_and_1000_rotations(admin_client, register):
    from tests.postings.test_views import bulk_rotations
    from tests.test_query_counts import queries_per_page

    urls = {"country": "/reports/", "province": f"/reports/?scope={register.province.pk}"}
    user = register.province and admin_client.get("/admin/").wsgi_request.user
    assert rollup_scope(user, today_params(register.province)) == register.province.pk
    bulk_rotations(register, 10 - Posting.objects.count())
    rollup_rebuild()  # bulk_create sends no signal
    small = queries_per_page(admin_client, urls)
    bulk_rotations(register, 990)
    rollup_rebuild()
    assert Posting.objects.count() == 1000
    assert queries_per_page(admin_client, urls) == small
