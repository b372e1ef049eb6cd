"""The summary's lists: the rotations leaders act on, each one query for its first rows."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from cadres.models import now_part_of
from postings.models import Posting, active_q, closed_while_active, due_q, overdue_q
from postings.reports.base import exception_q, missing_decision_q, scoped_rotations

LIST_CAP = 50


@dataclass(slots=True)
class ListRow:
    """One rotation of a list, as the page shows it: names and links, no model instances."""

    pk: int
    cadre: str
    cadre_url: str
    from_unit: str
    from_url: str
    to_unit: str
    to_id: int
    to_url: str
    to_position: str
    start: datetime.date
    planned_end: datetime.date
    decision_number: str
    decision_date: datetime.date | None
    warning_labels: list
    exception_reason: str
    # The receiving unit closed while the rotation was under way (the 2025 reform): its
    # last day, and what it is now part of (`flag_closed_units`).
    closed_on: datetime.date | None = None
    closed_note: str = ""
    to_path: str = ""


@dataclass
class Listing:
    slug: str
    title: str
    postings: list
    count: int
    cap: int = LIST_CAP

    @property
    def capped(self):
        return self.count > len(self.postings)


LIST_COLUMNS = (
    "pk",
    "cadre_id",
    "cadre__full_name",
    "from_unit_id",
    "from_unit__name",
    "to_unit_id",
    "to_unit__name",
    "to_position__name",
    "start",
    "planned_end",
    "decision_number",
    "decision_date",
    "warnings",
    "exception_reason",
    "actual_end",
    "outcome",
    "to_unit__path",
    "to_unit__valid_to",
)


def url_for_pk(viewname):
    """pk → the URL of `viewname` for it, reversing once for a whole list, not once a row."""
    marker = "2147483647"
    head, tail = reverse(viewname, args=[marker]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def listing(user, params, slug, title, condition, count, order):
    """One list: its first LIST_CAP rotations, only the columns the page shows, one query."""
    cadre_url, unit_url = url_for_pk("records:cadre"), url_for_pk("records:unit")
    rows = []
    qs = scoped_rotations(user, params, condition)
    values = qs.order_by(*order).values_list(*LIST_COLUMNS)[:LIST_CAP]
    for (
        pk,
        cadre_id,
        cadre,
        from_id,
        from_name,
        to_id,
        to_name,
        position,
        start,
        planned_end,
        decision_number,
        decision_date,
        warnings,
        reason,
        actual_end,
        outcome,
        to_path,
        to_last_day,
    ) in values:
        labels = [str(Posting.Warning(code).label) for code in warnings if code in Posting.Warning]
        rows.append(
            ListRow(
                pk,
                cadre,
                cadre_url(cadre_id),
                from_name,
                unit_url(from_id),
                to_name,
                to_id,
                unit_url(to_id),
                position or "",
                start,
                planned_end,
                decision_number,
                decision_date,
                labels,
                reason,
                closed_while_active(start, actual_end, outcome, to_last_day, params.as_of),
                to_path=to_path,
            )
        )
    return Listing(slug, title, rows, count)


def list_rules(as_of):
    """Each list: its slug, title, condition, the tally's count of it, and its order."""
    by_planned_end, by_start = ["planned_end", "pk"], ["start", "pk"]
    return [
        (
            "active",
            _("Active on the as-of date"),
            active_q(as_of),
            "postings_active",
            by_planned_end,
        ),
        ("due", _("Due to end within 6 months"), due_q(as_of), "due_6_months", by_planned_end),
        (
            "overdue",
            _("Overdue: planned end passed, not ended"),
            overdue_q(as_of),
            "overdue",
            by_planned_end,
        ),
        (
            "exceptions",
            _("Rule exceptions and their recorded reasons"),
            exception_q(),
            "exceptions",
            by_start,
        ),
        (
            "missing-decision",
            _("Records missing a decision number or date"),
            missing_decision_q(),
            "missing_decision",
            by_start,
        ),
    ]


def lists(user, params, numbers):
    """The rotations leaders act on, each list capped at LIST_CAP rows with its full count."""
    found = [
        listing(user, params, slug, title, condition, numbers[count], order)
        for slug, title, condition, count, order in list_rules(params.as_of)
    ]
    flag_closed_units([row for each in found for row in each.postings])
    return found


def flag_closed_units(rows):
    """Note on each row whose receiving unit closed while it was under way what the unit is
    now part of: its successor, or for a body that closed with its district, the district's.
    Three queries, and only when some row has such a unit."""
    closed = [row for row in rows if row.closed_on]
    if not closed:
        return
    now = now_part_of({(row.to_id, row.to_path, row.closed_on) for row in closed})
    for row in closed:
        row.closed_note = closed_note(row.closed_on, now[row.to_id])


def closed_note(last_day, successors):
    """“The receiving unit ceased to operate from …, now part of …”."""
    day = f"{last_day + datetime.timedelta(days=1):%d/%m/%Y}"
    if not successors:
        return _(
            "The receiving unit ceased to operate from %(day)s; its successor is not recorded."
        ) % {"day": day}
    return _("The receiving unit ceased to operate from %(day)s; now part of %(units)s.") % {
        "day": day,
        "units": ", ".join(unit.name for unit in successors),
    }
