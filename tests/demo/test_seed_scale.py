import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.scale.load import read_marker
from cadres.models import Cadre, Unit
from postings.models import Direction, Evaluation, Posting
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
    assert 0 < Evaluation.objects.count() < 200
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
