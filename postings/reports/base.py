"""What a summary is about (`Params`), the shapes of what it returns, and its rotations."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cadres.models import Unit
from postings.models import Posting
from registry.scopes import in_subtree, is_wide, subtree_q

PERIOD_START = datetime.date(2003, 1, 1)


@dataclass(frozen=True)
class Params:
    """What a summary is about: a scope (None for the whole country), a period, an as-of date."""

    scope: Unit | None
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    # Whose terms the "by term" table counts in: the Party's congress terms unless asked.
    terms: str = "party"


@dataclass
class Row:
    label: str
    rotations: int
    persons: int
    key: str = ""
    url: str = ""
    note: str = ""
    indent: int = 0


@dataclass
class Table:
    slug: str
    title: str
    heading: str
    rows: list
    total: Row
    note_heading: str = ""
    # A sentence under the table: how to read it.
    footnote: str = ""
    # Rows of the full table when the page shows only the first ones (0: all are shown).
    row_count: int = 0
    shown: int = 0
    # The two count columns' headings, when they count something else (findings…).
    count_headings: tuple = ()

    @property
    def headings(self):
        """The headings of the two count columns: rotations and persons unless told."""
        return self.count_headings or (pgettext("count", "Rotations"), _("Persons"))

    def as_records(self):
        """Header and rows as lists of cells, total last: what the CSV and Excel files hold."""
        header = [self.heading]
        if self.note_heading:
            header.append(self.note_heading)
        header += [str(heading) for heading in self.headings]
        records = [header]
        for row in [*self.rows, self.total]:
            cells = [("  " * row.indent) + row.label]
            if self.note_heading:
                cells.append(row.note)
            cells += [row.rotations, row.persons]
            records.append(cells)
        return records


@dataclass
class Figure:
    name: str
    label: str
    value: object
    is_pct: bool = False

    @property
    def text(self):
        """The number as machines read it: `17`, `41.2`, or `—` when there is no base."""
        if self.value is None:
            return "—"
        return str(self.value)


@dataclass
class Summary:
    params: Params
    figures: list
    tables: list
    lists: list
    year_direction: dict = field(default_factory=dict)
    # Plan against done (postings/reports/plans.py): its tables and the named items not decided.
    plans: list = field(default_factory=list)
    plan_open: object = None
    # What followed the rotations: placements, reviews, inspection (reports/afterwards.py).
    sections: list = field(default_factory=list)

    def figure(self, name):
        return next(f for f in self.figures if f.name == name)

    def table(self, slug):
        return next(t for t in self.tables if t.slug == slug)


@dataclass
class Selection:
    """Who or what a figure or a table cell counts (postings/reports/names.py): `kind` says
    what its rows are, `condition` which of them."""

    title: str
    condition: Q
    # "rotations", "persons" (of the rotations), "items" (of the rotation plans), "findings".
    kind: str = "rotations"
    # The key the condition reads (an annotation of the tally's `tally_keys`), if any.
    key: str = ""
    # For a share: what it is a share of.
    base: "Selection | None" = None
    # For rotations: the condition of the counted rotations themselves (`scoped_rotations`).
    within: Q | None = None
    # For plan items: the item state the cell counts (None: every item of the row).
    state: str | None = None

    @property
    def persons(self):
        return self.kind == "persons"


def scoped_rotations(user, params, condition=None):
    """The counted rotations (not other moves) this user may see that touch the scope and
    start in the period.

    `condition` narrows them further (a list's rule). With a district's scope it is applied
    inside the scope's subqueries, on the rows their indexes already read, so only the
    matching ones are fetched again by key: a district's five lists in half the time. A
    province's subtree is a condition on its unit ids instead (`registry.scopes.subtree_q`):
    its lists, map and live tally read in a fraction of the time.
    """
    rows = Posting.objects.rotations().filter(start__gte=params.start, start__lte=params.end)
    if condition is not None:
        rows = rows.filter(condition)
    if params.scope is None:
        return rows.visible_to(user)
    if is_wide(params.scope):
        return rows.filter(subtree_q(params.scope, rows.scope_lookups)).visible_to(user)
    matching = in_subtree(rows, params.scope, rows.scope_lookups)
    return Posting.objects.visible_to(user).filter(pk__in=matching)


# Conditions that are not a rotation's state (that one lives in postings/models.py), shared
# by the tally's marks and the lists.


def exception_q():
    return ~Q(warnings=[])


def missing_decision_q():
    return Q(decision_number="") | Q(decision_date__isnull=True)


def pct(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
