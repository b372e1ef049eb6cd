"""Plan against done: the rotation plans' items by year and by term, and the named items
not yet decided (Resolution 11: "có kế hoạch luân chuyển gắn với công tác quy hoạch").

An item's state on the as-of date is `postings.plans`' one definition (planned, decided,
done, dropped). The plans counted are those the user may see whose Party committee is in
the scope (the scope unit or under it), approved on or before the as-of date (or with no
approval date). *Share done*: done items of all items planned, dropped ones included, one
decimal rounded half up (`pct`), "—" when there are none. Two queries, however many items:
a grouped count and the list's first rows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from postings.models import PlanItem
from postings.reports.base import pct
from registry.scopes import subtree_q

STATES = ("decided", "done", "dropped", "planned")
LIST_CAP = 50
# A plan table's count columns and the item state each counts (None: every item planned).
COLUMN_STATES = {
    "planned": None,
    "decided": "decided",
    "done": "done",
    "dropped": "dropped",
    "open": "planned",
}


@dataclass
class PlanRow:
    label: str
    counts: Counter = field(default_factory=Counter)
    key: str = ""

    @property
    def total(self):
        return sum(self.counts[state] for state in STATES)

    @property
    def share_done(self):
        return pct(self.counts["done"], self.total)

    def count(self, column):
        """The count in column `column` (a key of `COLUMN_STATES`)."""
        state = COLUMN_STATES[column]
        return self.total if state is None else self.counts[state]

    def cells(self):
        """Planned (all items), decided, done, dropped, not yet decided."""
        return [self.count(column) for column in COLUMN_STATES]


@dataclass
class PlanTable:
    slug: str
    title: str
    heading: str
    rows: list
    total: PlanRow
    footnote: str = ""
    note_heading: str = ""

    @staticmethod
    def column_labels():
        return [
            _("Items planned"),
            _("Decided, not yet started"),
            _("Done"),
            _("Dropped"),
            _("Not yet decided"),
            _("Share done (%)"),
        ]

    def as_records(self):
        """Header and rows as lists of cells, total last: what the CSV and Excel files hold."""
        records = [[self.heading, *self.column_labels()]]
        for row in [*self.rows, self.total]:
            share = row.share_done
            records.append([row.label, *row.cells(), share if share is not None else "—"])
        return records


@dataclass
class PlanListRow:
    cadre: str
    year: int
    plan: str
    target: str
    url: str


@dataclass
class PlanList:
    rows: list
    count: int


def plan_items(user, params):
    """The items of the plans in the scope approved by the as-of date, with their state."""
    items = PlanItem.objects.visible_to(user).filter(
        Q(plan__approval_date__isnull=True) | Q(plan__approval_date__lte=params.as_of)
    )
    if params.scope is not None:
        # A plan's unit: single-valued, and a scope holds a few plans.
        items = items.filter(subtree_q(params.scope, ("plan__unit__",)))
    return items


def row_q(slug, key):
    """The items row `key` of plan table `slug` counts: those of a year or of a term (the
    same fields `tallied` groups by), or every item for the total; None for no such row."""
    if key == "total":
        return Q()
    if slug == "ke-hoach-theo-nam":
        return Q(year=int(key)) if key.isdigit() else None
    return Q(plan__term__name=key)


def tallied(user, params):
    """Rows by year and by term, and the total, from one grouped count of the items (by
    year, term and state, in the database: a country's 700,000 items are a few rows)."""
    rows = (
        plan_items(user, params)
        .with_progress(params.as_of)
        .values("year", "plan__term__name", "plan__term__start", "item_state")
        .annotate(n=Count("pk"), named=Count("cadre"))
        .order_by()
        .values_list("year", "plan__term__name", "plan__term__start", "item_state", "n", "named")
    )
    by_year, by_term, total = defaultdict(Counter), defaultdict(Counter), Counter()
    term_start = {}
    for year, term, start, state, count, named in rows:
        by_year[year][state] += count
        by_term[term][state] += count
        term_start[term] = start
        total[state] += count
        # The named items not yet decided: the list's count, without a query of its own.
        total["named_planned"] += named if state == "planned" else 0
    return by_year, by_term, term_start, total


TITLES = {
    "ke-hoach-theo-nam": gettext_lazy("Plan against done, by year"),
    "ke-hoach-theo-nhiem-ky": gettext_lazy("Plan against done, by term"),
}
FOOTNOTE = gettext_lazy(
    "An item is decided when a rotation carrying it out was decided by the as-of date, and "
    "done when that rotation had started by then. Share done: done items of all items "
    "planned, dropped ones included."
)


def counted(user, params):
    """`tallied`'s figures: from the rollup for today's country or province summary."""
    from postings.reports.rollup import rollup_plan_tally, rollup_scope

    scope = rollup_scope(user, params)
    if scope is not None:
        return rollup_plan_tally(scope, params.as_of)
    return tallied(user, params)


def plan_section(user, params):
    """The section's two tables and its list of named items not yet decided."""
    by_year, by_term, term_start, total = counted(user, params)
    tables = plan_tables(by_year, by_term, term_start, total)
    return tables, not_decided(user, params, total["named_planned"])


def plan_tables(by_year, by_term, term_start, total):
    """The two tables: by the plan's year, and by the plan's term."""
    year_rows = [PlanRow(str(year), by_year[year], key=str(year)) for year in sorted(by_year)]
    terms = sorted(by_term, key=lambda name: term_start[name])
    term_rows = [PlanRow(name, by_term[name], key=name) for name in terms]
    footnote = str(FOOTNOTE)
    return [
        PlanTable(
            "ke-hoach-theo-nam", str(TITLES["ke-hoach-theo-nam"]), _("Year"),
            year_rows, PlanRow(_("Total"), total, key="total"), footnote,
        ),
        PlanTable(
            "ke-hoach-theo-nhiem-ky", str(TITLES["ke-hoach-theo-nhiem-ky"]), _("Term"),
            term_rows, PlanRow(_("Total"), total, key="total"), footnote,
        ),
    ]  # fmt: skip


def not_decided(user, params, count):
    """Named items not yet decided (no rotation recorded): the first LIST_CAP of `count`.

    Read in its two parts (`PlanItemQuerySet.not_decided_parts`), the first LIST_CAP of
    each, and merged: a country's 27,000 waiting items are not sorted to show 50.
    """
    order = ("year", "cadre__search_key", "pk")
    parts = plan_items(user, params).not_decided_parts(params.as_of)
    rows = []
    for part in parts:  # also with none counted: two queries, whatever the data
        related = part.select_related("cadre", "plan", "to_unit", "to_position")
        rows += related.order_by(*order)[:LIST_CAP]
    rows.sort(key=lambda item: (item.year, item.cadre.search_key, item.pk))
    rows = rows[:LIST_CAP]
    return PlanList(
        [
            PlanListRow(
                cadre=item.cadre.full_name,
                year=item.year,
                plan=item.plan.name,
                target=" – ".join(str(x) for x in (item.to_position, item.to_unit) if x),
                url=reverse("admin:postings_planitem_change", args=[item.pk]),
            )
            for item in rows
        ],
        count,
    )


def plan_table(slug):
    """The builder of one plan table, for the export: (user, params) → table."""

    def build(user, params):
        return next(t for t in plan_tables(*counted(user, params)) if t.slug == slug)

    return build


PLAN_TABLES = {slug: plan_table(slug) for slug in ("ke-hoach-theo-nam", "ke-hoach-theo-nhiem-ky")}
