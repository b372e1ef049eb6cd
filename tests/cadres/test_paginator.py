"""The estimated-count paginator of the registry's changelists."""

import pytest

from cadres.paginator import planner_estimate
from postings.models import Posting


@pytest.mark.django_db
def test_planner_estimate_of_a_query_that_matches_nothing_is_zero():
    # Django compiles `pk__in=[]` to nothing at all (EmptyResultSet): no EXPLAIN to run.
    assert planner_estimate(Posting.objects.filter(pk__in=[])) == 0
