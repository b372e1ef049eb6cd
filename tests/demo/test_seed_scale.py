import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.scale.load import read_marker
from cadres.admin_units.dataset import read_country
from cadres.models import Cadre, Unit, UnitChange
from postings.models import Direction, Evaluation, Placement, PlanItem, Posting
from postings.plans import refresh_plan_items
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

FIELDS = ["id", "cadre_id", "from_unit_id", "to_unit_id", "direction", "start", "planned_end"]
FIELDS += ["actual_end", "outcome", "warnings", "age_at_start", "working_months_left_at_start"]


def seed(postings=200, seed=1, **options):
    call_command("seed_scale", postings=postings, seed=seed, stdout=io.StringIO(), **options)
    return list(Posting.objects.order_by("pk").values_list(*FIELDS))


def test_seed_scale_loads_the_requested_number_of_rotations():
    seed()

    assert Posting.objects.count() == 200
    assert 60 <= Cadre.objects.count() <= 140
    # Annual reviews, and for most ended rotations the three end reviews and a placement.
    assert 200 < Evaluation.objects.count() < 800
    ended = Posting.objects.exclude(actual_end=None).exclude(outcome="cancelled")
    placed = Placement.objects.select_related("posting")
    assert 0.4 * ended.count() < placed.count() < ended.count()
    assert all((p.comparison == "kept") == (p.posting.outcome == "kept") for p in placed)
    assert all(p.date >= p.posting.actual_end for p in placed)
    # Rotations in the plan from the 2010 term on carry their province's plan item.
    linked = Posting.objects.exclude(plan_item=None).select_related("plan_item__plan__term")
    assert linked.count() > 40
    for posting in linked:
        item = posting.plan_item
        assert (item.cadre_id, item.year) == (posting.cadre_id, posting.start.year)
        assert item.plan.term.start <= posting.start <= item.plan.term.end
        assert posting.from_unit.path.startswith(f"/{item.plan.unit_id}/")
    assert PlanItem.objects.filter(postings=None).exists(), "some items never carried out"
    stored = sorted(PlanItem.objects.values_list("pk", "decided_on", "done_on"))
    refresh_plan_items(PlanItem.objects.values_list("pk", flat=True))
    assert sorted(PlanItem.objects.values_list("pk", "decided_on", "done_on")) == stored
    assert read_marker() == (200, 1)


def test_seed_scale_gives_no_cadre_overlapping_rotations():
    seed()

    for cadre in Cadre.objects.prefetch_related("postings"):
        spans = sorted(
            (p.start, p.effective_end) for p in cadre.postings.all() if p.outcome != "cancelled"
        )
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start


def test_seed_scale_covers_every_direction_and_outcome():
    seed()

    assert set(Posting.objects.values_list("direction", flat=True)) == set(Direction.values)
    outcomes = set(Posting.objects.values_list("outcome", flat=True))
    assert outcomes == {*Posting.Outcome.values, ""}
    running = Posting.objects.filter(actual_end__isnull=True).exclude(outcome="cancelled")
    assert running.filter(planned_end__lt="2026-11-26").exists()  # overdue
    assert running.filter(planned_end__gte="2026-11-26").exists()  # active


def test_seed_scale_uses_units_that_existed_on_the_start_date():
    seed()

    for posting in Posting.objects.select_related("from_unit", "to_unit"):
        assert posting.from_unit.existed_on(posting.start)
        assert posting.to_unit.existed_on(posting.start)
        assert posting.to_unit.path.startswith(f"/{posting.to_unit.path.split('/')[1]}/")


def test_seed_scale_fills_snapshots_and_warnings_consistently():
    seed()

    for posting in Posting.objects.select_related("cadre"):
        assert posting.age_at_start == posting.cadre.age_on(posting.start)
        assert ("not_in_plan" in posting.warnings) == (not posting.in_planning_at_start)
        assert bool(posting.warnings) == bool(posting.exception_reason)


def test_seed_scale_is_deterministic_for_a_seed():
    first = seed(seed=1)
    again = seed(seed=1)
    other = seed(seed=2)

    assert first == again
    assert first != other


def test_seed_scale_refuses_a_database_with_other_registry_data():
    make_unit("Xã Thật")

    with pytest.raises(CommandError, match="--replace"):
        seed()

    seed(replace=True)
    assert not Unit.objects.filter(name="Xã Thật").exists()


REFORM = datetime.date(2025, 7, 1)


def dataset_codes(group_codes):
    """The official codes of the dataset's units in these provinces (of 01/07/2025)."""
    codes = set()
    for group in read_country():
        if group.province.code in group_codes:
            codes.add(group.province.code)
            for province in group.old_provinces:
                codes.add(province.code)
                for district in province.children:
                    codes.add(district.code)
                    codes.update(commune.code for commune in district.children)
            codes.update(commune.code for commune in group.province.children)
    return codes


def territorial_units():
    return Unit.objects.filter(kind__in=list(Unit.TERRITORIAL_LEVELS))


def test_seed_scale_loads_the_real_units_of_a_few_provinces_for_a_small_seed():
    seed()

    # Lạng Sơn (not merged) and Khánh Hòa (Khánh Hòa with Ninh Thuận), as in the dataset:
    # 4 provinces, 11 + 16 districts, 194 + 194 communes until 30/06/2025, 65 + 65 from then.
    units = territorial_units()
    assert units.filter(level="province").count() == 4
    assert units.filter(level="district").count() == 27
    last_day = REFORM - datetime.timedelta(days=1)
    assert units.filter(level="commune", valid_to=last_day).count() == 388
    assert units.filter(level="commune", valid_from=REFORM).count() == 130
    assert set(units.values_list("code", flat=True)) == dataset_codes({"20", "56"})
    assert UnitChange.objects.filter(date=REFORM).count() > 0


def test_seed_scale_moves_between_bodies_of_the_real_units_valid_on_the_start():
    seed()

    real = {unit.pk: unit for unit in territorial_units()}
    assert all(unit.code for unit in real.values())
    starts = {"before": 0, "after": 0}
    postings = Posting.objects.select_related("from_unit", "to_unit", "unit_after")
    for posting in postings:
        starts["after" if posting.start >= REFORM else "before"] += 1
        for unit in (posting.from_unit, posting.to_unit):
            place = real[unit.parent_id]  # every body sits right under a real unit
            assert unit.kind not in Unit.TERRITORIAL_LEVELS
            assert unit.note == "seed_scale" and unit.path.startswith(place.path)
            assert unit.existed_on(posting.start) and place.existed_on(posting.start)
            if posting.start >= REFORM:
                assert place.level != "district" and unit.level != "district"
        if posting.unit_after_id:
            assert posting.unit_after.parent_id in real
    assert starts["before"] > 100 and starts["after"] > 0, starts


def test_seed_scale_loads_the_provinces_asked_for():
    seed(postings=30, province=["Cao Bằng"])
    assert set(territorial_units().filter(level="province").values_list("code", flat=True)) == {
        "04"
    }

    seed(postings=30, provinces=1)
    assert set(territorial_units().filter(level="province").values_list("code", flat=True)) == {
        "20"
    }
    assert Posting.objects.filter(from_unit__parent__code="20").exists()

    with pytest.raises(CommandError, match="Unknown province"):
        seed(postings=30, province=["Atlantis"])
