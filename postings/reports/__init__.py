"""The Resolution 11 summary: every figure, table and list the leaders read, as plain data.

The page, the CSV and Excel exports and the tests all call these functions, so they show the
same numbers. The figures, the tables and the chart come from one aggregate query (`tally`:
every grouping at once, COUNT(*) for rotations and COUNT(DISTINCT cadre) for persons), the
lists from one query each: the number of queries does not grow with the number of
rotations. Views read them through `cached_summary` and `cached_table` (registry/cache.py).

- `base`: what a summary is about (`Params`), the shapes it returns, the rotations it counts;
- `tally`: the one SQL statement (each rotation's keys and marks, every grouping at once);
- `tables`: the headline figures and the tables, from the tally;
- `listings`: the lists, one query each;
- `plans`: plan against done (the rotation plans' items by year and term), two queries;
- `afterwards`: placements, end reviews, ratings and inspection findings (a query each);
- `pool`: the succession pool of key titles (`/reports/nguon/`, and its headline figures);
- `compose`: the whole summary and one table, computed or read from the cache;
- `names`: who each headline figure and table cell counts, from the same conditions.

Definitions (DOMAIN.md §2, §7):

- A rotation is in the report when it is visible to the user, touches the scope (its from- or
  to-unit is in the scope unit's subtree), starts within the period, and is not cancelled.
- Its state is judged on the as-of date, from what the register says about that date, by
  the one definition every page uses (`postings.models`: the `*_q` conditions,
  `PostingQuerySet.active()` and the others, `Posting.state()`): *not started* (start after
  the as-of date); *ended* (actual end on or before the as-of date, or no actual end but an
  outcome recorded); otherwise *active*. So active + ended + not started = total, and a
  rotation that ended after the as-of date was still active then.
- *Overdue*: active on the as-of date with its planned end before it. *Due within 6 months*:
  active with its planned end on the as-of date or at most 6 months later, so that every
  active rotation whose planned end is within 6 months is in one of the two lists.
- *Duration met*: an ended rotation that served at least `settings.ROTATION_MIN_MONTHS`
  whole months (to the actual end, or to the planned end when only an outcome is recorded),
  counted in months as `registry.dates.months_between` does, 29/02 included; an early
  ending without its date (older rows: the date is now required) did not.
- Percentages have one decimal, rounded half up, as a `Decimal` (the page writes `41.2`,
  with a dot, inside `data-metric` so that machines read it the same in every language);
  `None` (shown as "—") when the base is zero. Shares of rotations: `in_planning_pct`
  (of all rotations), `duration_met_pct` (of ended ones). Shares of persons:
  `women_pct`, `ethnic_minority_pct` (of distinct persons rotated).
"""

from postings.models import DUE_MONTHS
from postings.reports.afterwards import TABLES as AFTERWARDS_TABLES
from postings.reports.base import PERIOD_START, Figure, Params, Row, Summary, Table
from postings.reports.compose import cached_summary, cached_table, summary, table
from postings.reports.listings import Listing, ListRow
from postings.reports.plans import PLAN_TABLES
from postings.reports.tables import TABLES as ROTATION_TABLES
from postings.reports.tally import REPORT_WORK_MEM

# Every table a summary export can name: the tally's, the plan tables and those of what
# followed the rotations.
TABLES = {**ROTATION_TABLES, **PLAN_TABLES, **AFTERWARDS_TABLES}

__all__ = [
    "DUE_MONTHS",
    "PERIOD_START",
    "REPORT_WORK_MEM",
    "ROTATION_TABLES",
    "TABLES",
    "Figure",
    "ListRow",
    "Listing",
    "Params",
    "Row",
    "Summary",
    "Table",
    "cached_summary",
    "cached_table",
    "summary",
    "table",
]
