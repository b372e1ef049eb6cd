"""A paginator for registry lists at national scale: no full COUNT(*) of a big list per page."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.utils.functional import cached_property

# Lists the planner expects to hold fewer rows than this are counted exactly.
EXACT_COUNT_LIMIT = 10_000


def planner_estimate(queryset):
    """PostgreSQL's estimate of the rows a query returns, from EXPLAIN: one cheap query."""
    # Only the rows matter: without the joins that fetch related columns and the sort, the
    # plan is a fraction of the page query's to make (about 1 ms instead of 8 at a million).
    queryset = queryset.values("pk").order_by()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        # Django knows the query matches nothing (e.g. `?start__month=2147483648`).
        return 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Exact counts for small lists; for big ones on PostgreSQL, the planner's estimate.

    Counting a million rotations costs about as much as the rest of the page several times
    over (docs/PERFORMANCE.md); an estimate is enough to say "about 1,000,000" and draw the
    page links. A page past the real end shows as empty rather than failing.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query") or connections[queryset.db].vendor != "postgresql":
            return super().count
        estimate = planner_estimate(queryset)
        if estimate < EXACT_COUNT_LIMIT:
            return super().count
        self.estimated = True
        return estimate

    estimated = False

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # An estimate may promise pages past the real end: show them empty, not an error.
            if self.estimated and int(number) > 1:
                return int(number)
            raise
