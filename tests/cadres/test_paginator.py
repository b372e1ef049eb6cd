import pytest

from cadres.models import Unit
from postings.models import Posting
from registry.paginator import EXACT_COUNT_LIMIT, EstimatedCountPaginator, planner_estimate
from tests.factories import make_posting

pytestmark = pytest.mark.django_db


def test_paginator_counts_small_lists_exactly(home_district):
    make_posting()
    paginator = EstimatedCountPaginator(Unit.objects.order_by("pk"), 50)
    assert paginator.count == Unit.objects.count()
    assert paginator.count < EXACT_COUNT_LIMIT
    assert not paginator.estimated


def test_paginator_counts_a_filter_no_row_can_match_as_empty():
    # A month no calendar has makes the query empty before it reaches the database.
    paginator = EstimatedCountPaginator(Unit.objects.filter(valid_from__month=2147483648), 50)
    assert paginator.count == 0


def test_changelist_answers_an_impossible_month_filter(staff_client):
    response = staff_client.get("/admin/postings/posting/", {"start__month": "2147483648"})
    assert response.status_code == 200


def test_planner_estimate_of_a_query_that_matches_nothing_is_zero():
    # Django compiles `pk__in=[]` to nothing at all (EmptyResultSet): no EXPLAIN to run.
    assert planner_estimate(Posting.objects.filter(pk__in=[])) == 0
