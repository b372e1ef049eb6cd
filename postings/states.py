"""A rotation's state on a day: the one definition.

The admin's status filter, the summary's figures, tables and lists, the record pages and
the exports all judge a rotation's state through these conditions (DOMAIN.md §7), so they
never disagree. They hold among counted rotations: a cancelled one is in no state but
"cancelled" (`PostingQuerySet` methods exclude it; the summary counts only the others).
Each returns a `Q`, so the summary's one SQL tally can use it inside `Case`/`When`.
`postings.models` imports them (`PostingQuerySet`, `Posting.state`), and so does everyone
else, from there; an ended rotation missing its reviews is `models.missing_review_q`.
"""

import datetime

from django.db.models import Q

from registry.dates import add_months

# "Due to end soon": the planned end falls within this many months after the as-of date.
DUE_MONTHS = 6


def not_started_q(as_of):
    """Starts after the as-of date."""
    return Q(start__gt=as_of)


def ended_q(as_of):
    """Started, and ended on or before the as-of date, or no actual end but an outcome."""
    return Q(start__lte=as_of) & (
        Q(actual_end__lte=as_of) | (Q(actual_end__isnull=True) & ~Q(outcome=""))
    )


def active_q(as_of):
    """Under way: started, and ends after the as-of date, or no actual end and no outcome."""
    return Q(start__lte=as_of) & (
        Q(actual_end__gt=as_of) | (Q(actual_end__isnull=True) & Q(outcome=""))
    )


def overdue_q(as_of):
    """Under way with its planned end before the as-of date."""
    return active_q(as_of) & Q(planned_end__lt=as_of)


def due_q(as_of, months=DUE_MONTHS):
    """Under way with its planned end on the as-of date or at most `months` later."""
    return active_q(as_of) & Q(planned_end__gte=as_of, planned_end__lte=add_months(as_of, months))


def ending_within_q(as_of, first_day, last_day):
    """Under way, its planned end `first_day` to `last_day` days after the as-of date."""
    days = datetime.timedelta
    ends = Q(planned_end__gte=as_of + days(first_day), planned_end__lte=as_of + days(last_day))
    return active_q(as_of) & ends
