"""The staff's work queue: what needs doing in their scope today, each line with its list.

The counts are the rotation list's own filters (the state querysets of postings/models.py,
as the admin's status filter applies them, and plain field lookups), so a line's number is
the number of rows its link shows. One aggregate query for the counts, one query for each
of the two short lists: the number of queries does not grow with the rotations.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postings.models import Posting, due_q, missing_review_q, overdue_q
from postings.reports.base import exception_q

QUEUE_ROWS = 10


@dataclass
class QueueLine:
    key: str
    label: str
    count: int
    url: str


@dataclass
class WorkQueue:
    lines: list
    overdue: list
    due: list

    def count(self, key):
        return next(line.count for line in self.lines if line.key == key)


# Each line: its key, its words, the rotations it counts, and the list filter showing them.
QUEUE_LINES = (
    ("overdue", _("Overdue: planned end passed, not ended"), "overdue", {"status": "overdue"}),
    ("due", _("Due to end within 6 months"), "due", {"status": "due"}),
    ("no_number", _("Without a decision number"), "no_number", {"decision_number__exact": ""}),
    ("no_date", _("Without a decision date"), "no_date", {"decision_date__isnull": "True"}),
    (
        "unexplained",
        _("Rule exceptions without a recorded reason"),
        "unexplained",
        {"status": "exception", "exception_reason__exact": ""},
    ),
    (
        "no_review",
        _("Ended rotations missing a review or the placement"),
        "no_review",
        {"review": "missing"},
    ),
)


def queue_counts(rotations, today):
    """The number of rotations behind each line, in one query."""
    counted = ~Q(outcome=Posting.Outcome.CANCELLED)
    return rotations.aggregate(
        overdue=Count("pk", filter=counted & overdue_q(today)),
        due=Count("pk", filter=counted & due_q(today)),
        no_number=Count("pk", filter=Q(decision_number="")),
        no_date=Count("pk", filter=Q(decision_date__isnull=True)),
        unexplained=Count("pk", filter=exception_q() & Q(exception_reason="")),
        no_review=Count("pk", filter=missing_review_q(today)),
    )


def work_queue(user, today):
    """Overdue and due rotations, missing decisions, unexplained exceptions and missing reviews
    in `user`'s scope."""
    rotations = Posting.objects.visible_to(user)
    counts = queue_counts(rotations, today)
    changelist = reverse("admin:postings_posting_changelist")
    lines = [
        QueueLine(key, label, counts[counted], f"{changelist}?{urlencode(query)}")
        for key, label, counted, query in QUEUE_LINES
    ]
    shown = ("cadre", "from_unit", "to_unit", "to_position")
    by_planned_end = ("planned_end", "pk")
    return WorkQueue(
        lines=lines,
        overdue=list(
            rotations.overdue(today).select_related(*shown).order_by(*by_planned_end)[:QUEUE_ROWS]
        ),
        due=list(
            rotations.due(today).select_related(*shown).order_by(*by_planned_end)[:QUEUE_ROWS]
        ),
    )
