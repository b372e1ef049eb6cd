"""The Resolution 11 summary: every figure, table and list the leaders read, as plain data.

The page, the CSV and Excel exports and the tests all call these functions, so they show the
same numbers. Each figure or table is one aggregate query (GROUP BY with `Count('id')` for
rotations and `Count('cadre', distinct=True)` for persons): the number of queries does not
grow with the number of rotations.

Definitions (DOMAIN.md §2, §7):

- A rotation is in the report when it is visible to the user, touches the scope (its from- or
  to-unit is in the scope unit's subtree), starts within the period, and is not cancelled.
- Its state is judged on the as-of date, from what the register says about that date:
  *not started* (start after the as-of date); *ended* (actual end on or before the as-of
  date, or no actual end but an outcome recorded); otherwise *active*. So active + ended +
  not started = total, and a rotation that ended after the as-of date was still active then.
- *Overdue*: active on the as-of date with its planned end before it. *Due within 6 months*:
  active with its planned end after the as-of date and at most 6 months later.
- *Duration met*: an ended rotation that served at least `settings.ROTATION_MIN_MONTHS`
  whole months (to the actual end, or to the planned end when only an outcome is recorded),
  counted in months as `cadres.dates.months_between` does, 29/02 included.
- Percentages have one decimal, rounded half up, as a `Decimal` (the page writes `41.2`,
  with a dot, inside `data-metric` so that machines read it the same in every language);
  `None` (shown as "—") when the base is zero. Shares of rotations: `in_planning_pct`
  (of all rotations), `duration_met_pct` (of ended ones). Shares of persons:
  `women_pct`, `ethnic_minority_pct` (of distinct persons rotated).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.dates import add_months
from cadres.models import MAJORITY_ETHNIC_GROUP, Cadre, Position, Term, Unit, UnitChange
from postings.models import Direction, Posting

PERIOD_START = datetime.date(2003, 1, 1)
LIST_CAP = 200
DUE_MONTHS = 6


@dataclass(frozen=True)
class Params:
    """What a summary is about: a scope (None for the whole country), a period, an as-of date."""

    scope: Unit | None
    start: datetime.date
    end: datetime.date
    as_of: datetime.date


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

    def as_records(self):
        """Header and rows as lists of cells, total last: what the CSV and Excel files hold."""
        header = [self.heading]
        if self.note_heading:
            header.append(self.note_heading)
        header += [_("Rotations"), _("Persons")]
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
class Listing:
    slug: str
    title: str
    postings: list
    count: int
    cap: int = LIST_CAP

    @property
    def capped(self):
        return self.count > len(self.postings)


@dataclass
class Summary:
    params: Params
    figures: list
    tables: list
    lists: list
    year_direction: dict = field(default_factory=dict)

    def figure(self, name):
        return next(f for f in self.figures if f.name == name)

    def table(self, slug):
        return next(t for t in self.tables if t.slug == slug)


# --- the rotations a summary is about ---------------------------------------------------


def scoped_rotations(user, params):
    """The counted rotations this user may see that touch the scope and start in the period."""
    qs = Posting.objects.visible_to(user).counted()
    if params.scope is not None:
        path = params.scope.path
        qs = qs.filter(Q(from_unit__path__startswith=path) | Q(to_unit__path__startswith=path))
    return qs.filter(start__gte=params.start, start__lte=params.end)


def ended_q(as_of):
    return Q(start__lte=as_of) & (
        Q(actual_end__lte=as_of) | (Q(actual_end__isnull=True) & ~Q(outcome=""))
    )


def active_q(as_of):
    return Q(start__lte=as_of) & (
        Q(actual_end__gt=as_of) | (Q(actual_end__isnull=True) & Q(outcome=""))
    )


def overdue_q(as_of):
    return active_q(as_of) & Q(planned_end__lt=as_of)


def due_q(as_of):
    return active_q(as_of) & Q(
        planned_end__gt=as_of, planned_end__lte=add_months(as_of, DUE_MONTHS)
    )


def exception_q():
    return ~Q(warnings=[])


def missing_decision_q():
    return Q(decision_number="") | Q(decision_date__isnull=True)


def with_duration(qs):
    """Annotate `served_enough`: whole months from start to end reach the minimum duration."""
    end = Coalesce("actual_end", "planned_end")
    next_day = ExpressionWrapper(end + datetime.timedelta(days=1), output_field=DateField())
    return qs.annotate(
        months_apart=(ExtractYear(end) - ExtractYear("start")) * 12
        + ExtractMonth(end)
        - ExtractMonth("start"),
        end_day=ExtractDay(end),
        start_day=ExtractDay("start"),
        # The end is the last day of its month when the next day is the first: then a start
        # on a later day (29/02, 31/…) has still completed the month, as add_months clamps.
        end_is_month_end=ExtractDay(next_day),
    )


def served_enough_q():
    months = settings.ROTATION_MIN_MONTHS
    return Q(months_apart__gt=months) | Q(
        Q(end_day__gte=F("start_day")) | Q(end_is_month_end=1), months_apart=months
    )


def pct(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- headline figures ---------------------------------------------------------------------

FIGURE_LABELS = {
    "postings_total": gettext_lazy("Rotations"),
    "cadres_rotated": gettext_lazy("Persons rotated"),
    "postings_active": gettext_lazy("Active on the as-of date"),
    "postings_ended": gettext_lazy("Ended"),
    "joined_party_committee": gettext_lazy("Joined the receiving Party committee"),
    "joined_government": gettext_lazy("Joined the government"),
    "in_planning_pct": gettext_lazy("In the succession plan at the start"),
    "women_pct": gettext_lazy("Women (of persons)"),
    "ethnic_minority_pct": gettext_lazy("Ethnic minorities (of persons)"),
    "duration_met_pct": gettext_lazy("Served the minimum duration (of ended rotations)"),
    "overdue": gettext_lazy("Overdue"),
    "due_6_months": gettext_lazy("Due to end within 6 months"),
}


def counts(qs, params):
    """Every headline count in one aggregate query."""
    as_of = params.as_of
    ended = ended_q(as_of)
    return with_duration(qs).aggregate(
        postings_total=Count("id"),
        cadres_rotated=Count("cadre", distinct=True),
        postings_active=Count("id", filter=active_q(as_of)),
        postings_ended=Count("id", filter=ended),
        not_started=Count("id", filter=Q(start__gt=as_of)),
        joined_party_committee=Count("id", filter=Q(joined_party_committee=True)),
        joined_government=Count("id", filter=Q(joined_government=True)),
        in_planning=Count("id", filter=Q(in_planning_at_start=True)),
        women=Count("cadre", distinct=True, filter=Q(cadre__sex=Cadre.Sex.FEMALE)),
        ethnic_minority=Count(
            "cadre", distinct=True, filter=~Q(cadre__ethnicity=MAJORITY_ETHNIC_GROUP)
        ),
        duration_met=Count("id", filter=ended & served_enough_q()),
        overdue=Count("id", filter=overdue_q(as_of)),
        due_6_months=Count("id", filter=due_q(as_of)),
        exceptions=Count("id", filter=exception_q()),
        missing_decision=Count("id", filter=missing_decision_q()),
    )


def figures(numbers):
    """The twelve headline figures, in the order the page shows them."""
    values = {
        "postings_total": numbers["postings_total"],
        "cadres_rotated": numbers["cadres_rotated"],
        "postings_active": numbers["postings_active"],
        "postings_ended": numbers["postings_ended"],
        "joined_party_committee": numbers["joined_party_committee"],
        "joined_government": numbers["joined_government"],
        "in_planning_pct": pct(numbers["in_planning"], numbers["postings_total"]),
        "women_pct": pct(numbers["women"], numbers["cadres_rotated"]),
        "ethnic_minority_pct": pct(numbers["ethnic_minority"], numbers["cadres_rotated"]),
        "duration_met_pct": pct(numbers["duration_met"], numbers["postings_ended"]),
        "overdue": numbers["overdue"],
        "due_6_months": numbers["due_6_months"],
    }
    return [
        Figure(name, str(FIGURE_LABELS[name]), value, is_pct=name.endswith("_pct"))
        for name, value in values.items()
    ]


# --- tables -------------------------------------------------------------------------------


def grouped(qs, key):
    """{key: (rotations, persons)} for rotations grouped by the expression `key`."""
    result = (
        qs.annotate(group_key=key)
        .order_by()
        .values("group_key")
        .annotate(rotations=Count("id"), persons=Count("cadre", distinct=True))
    )
    return {item["group_key"]: (item["rotations"], item["persons"]) for item in result}


def total_row(numbers):
    return Row(str(_("Total")), numbers["postings_total"], numbers["cadres_rotated"], key="total")


def rows_in_order(data, labels, *, keep_empty=()):
    """Rows for the keys of `labels` in their order: those with data, and `keep_empty` always."""
    rows = []
    for key, label in labels:
        if key in data or key in keep_empty:
            rotations, persons = data.get(key, (0, 0))
            rows.append(Row(str(label), rotations, persons, key=str(key)))
    return rows


def table_by_year(qs, params, numbers):
    """Rotations and persons by the year the rotation started."""
    data = grouped(qs, ExtractYear("start"))
    years = range(min(data), max(data) + 1) if data else []
    rows = [Row(str(year), *data.get(year, (0, 0)), key=str(year)) for year in years]
    return Table("theo-nam", _("By year"), _("Year"), rows, total_row(numbers))


def table_by_term(qs, params, numbers):
    """Rotations and persons by the congress term (Term catalogue) in which they started."""
    term = Term.objects.filter(start__lte=OuterRef("start"), end__gte=OuterRef("start"))
    data = grouped(qs, Subquery(term.order_by("start").values("pk")[:1]))
    terms = Term.objects.filter(pk__in=[key for key in data if key is not None]).order_by("start")
    rows = [Row(term.name, *data[term.pk], key=str(term.pk)) for term in terms]
    if None in data:
        rows.append(Row(str(_("outside the catalogue's terms")), *data[None], key="none"))
    return Table("theo-nhiem-ky", _("By term"), _("Term"), rows, total_row(numbers))


def table_by_direction(qs, params, numbers):
    """Rotations and persons by direction (district → commune, horizontal…)."""
    data = grouped(qs, F("direction"))
    labels = [*Direction.choices, ("", _("not recorded"))]
    rows = rows_in_order(data, labels)
    return Table("theo-huong", _("By direction"), _("Direction"), rows, total_row(numbers))


def present_successors(unit_ids):
    """{unit id: [present units]} following unit changes forward; two queries for any number.

    A unit with no later change is its own present unit and gets an empty list.
    """
    forward = defaultdict(set)
    for from_id, to_id in UnitChange.objects.values_list("from_unit_id", "to_unit_id"):
        forward[from_id].add(to_id)
    found = {}
    for unit_id in unit_ids:
        if unit_id not in forward:
            found[unit_id] = set()
            continue
        current, result, seen = {unit_id}, set(), set()
        while current:
            seen |= current
            result |= {pk for pk in current if pk not in forward}
            current = {to for pk in current for to in forward.get(pk, ())} - seen
        found[unit_id] = result
    units = Unit.objects.in_bulk({pk for pks in found.values() for pk in pks})
    return {
        unit_id: sorted((units[pk] for pk in pks if pk in units), key=lambda u: u.name)
        for unit_id, pks in found.items()
    }


def table_by_receiving_unit(qs, params, numbers):
    """Rotations and persons by receiving unit, named as it was, with its present successor."""
    result = (
        qs.order_by()
        .values("to_unit", "to_unit__name", "to_unit__parent__name")
        .annotate(rotations=Count("id"), persons=Count("cadre", distinct=True))
        .order_by("-rotations", "to_unit__name", "to_unit")
    )
    result = list(result)
    successors = present_successors([item["to_unit"] for item in result])
    rows = []
    for item in result:
        label = item["to_unit__name"]
        if item["to_unit__parent__name"]:
            label = f"{label} ({item['to_unit__parent__name']})"
        now = successors.get(item["to_unit"], [])
        rows.append(
            Row(
                label,
                item["rotations"],
                item["persons"],
                key=str(item["to_unit"]),
                url=Unit(pk=item["to_unit"]).get_absolute_url(),
                note=", ".join(unit.name for unit in now),
            )
        )
    return Table(
        "theo-don-vi-nhan",
        _("By receiving unit"),
        _("Receiving unit (as it was)"),
        rows,
        total_row(numbers),
        note_heading=_("Now part of"),
    )


POST_GROUPS = [
    ("head_party", gettext_lazy("Head, Party")),
    ("deputy_party", gettext_lazy("Deputy, Party")),
    ("head_government", gettext_lazy("Head, government")),
    ("deputy_government", gettext_lazy("Deputy, government")),
    ("head_front", gettext_lazy("Head, Front and mass organisations")),
    ("deputy_front", gettext_lazy("Deputy, Front and mass organisations")),
    ("civil_servant", gettext_lazy("Civil servant title")),
    ("none", gettext_lazy("post not recorded")),
]


def table_by_post(qs, params, numbers):
    """Rotations and persons by the post placed: head or deputy × Party, government, Front."""
    whens = [When(to_position__isnull=True, then=Value("none"))]
    whens.append(
        When(to_position__category=Position.Category.CIVIL_SERVANT, then=Value("civil_servant"))
    )
    for category in ("party", "government", "front"):
        whens.append(
            When(
                to_position__category=category,
                to_position__is_head=True,
                then=Value(f"head_{category}"),
            )
        )
        whens.append(When(to_position__category=category, then=Value(f"deputy_{category}")))
    data = grouped(qs, Case(*whens, default=Value("none"), output_field=CharField()))
    rows = rows_in_order(data, POST_GROUPS, keep_empty=[key for key, _label in POST_GROUPS[:6]])
    return Table("theo-chuc-vu", _("By post placed"), _("Post placed"), rows, total_row(numbers))


def outcome_labels():
    labels = [
        ("ongoing", _("ongoing on the as-of date")),
        ("not_started", _("not yet started on the as-of date")),
    ]
    labels += [
        (value, label)
        for value, label in Posting.Outcome.choices
        if value != Posting.Outcome.CANCELLED
    ]
    labels.append(("unrecorded", _("ended, outcome not recorded")))
    return labels


def table_by_outcome(qs, params, numbers):
    """Rotations and persons by how they ended, as the register stood on the as-of date."""
    as_of = params.as_of
    key = Case(
        When(start__gt=as_of, then=Value("not_started")),
        When(ended_q(as_of) & Q(outcome=""), then=Value("unrecorded")),
        When(ended_q(as_of), then=F("outcome")),
        default=Value("ongoing"),
        output_field=CharField(),
    )
    rows = rows_in_order(grouped(qs, key), outcome_labels())
    return Table("theo-ket-qua", _("By outcome"), _("Outcome"), rows, total_row(numbers))


def table_by_sex(qs, params, numbers):
    """Rotations and persons by sex."""
    data = grouped(qs, F("cadre__sex"))
    rows = rows_in_order(data, Cadre.Sex.choices, keep_empty=Cadre.Sex.values)
    return Table("theo-gioi-tinh", _("By sex"), _("Sex"), rows, total_row(numbers))


def table_by_ethnicity(qs, params, numbers):
    """Rotations and persons: Kinh, ethnic minorities, and each minority group."""
    data = grouped(qs, F("cadre__ethnicity"))
    kinh = data.get(MAJORITY_ETHNIC_GROUP, (0, 0))
    groups = sorted(
        ((name, value) for name, value in data.items() if name != MAJORITY_ETHNIC_GROUP),
        key=lambda item: (-item[1][0], item[0]),
    )
    minority = (sum(v[0] for _n, v in groups), sum(v[1] for _n, v in groups))
    rows = [
        Row(MAJORITY_ETHNIC_GROUP, *kinh, key="kinh"),
        Row(str(_("Ethnic minorities")), *minority, key="minority"),
    ]
    rows += [Row(name, *value, key=name, indent=1) for name, value in groups]
    return Table("theo-dan-toc", _("By ethnicity"), _("Ethnicity"), rows, total_row(numbers))


AGE_BANDS = [
    ("under_35", gettext_lazy("under 35")),
    ("35_39", gettext_lazy("35–39")),
    ("40_44", gettext_lazy("40–44")),
    ("45_49", gettext_lazy("45–49")),
    ("50_over", gettext_lazy("50 and over")),
    ("unknown", gettext_lazy("age not recorded")),
]


def table_by_age(qs, params, numbers):
    """Rotations and persons by age band at the start of the rotation."""
    key = Case(
        When(age_at_start__isnull=True, then=Value("unknown")),
        When(age_at_start__lt=35, then=Value("under_35")),
        When(age_at_start__lt=40, then=Value("35_39")),
        When(age_at_start__lt=45, then=Value("40_44")),
        When(age_at_start__lt=50, then=Value("45_49")),
        default=Value("50_over"),
        output_field=CharField(),
    )
    keep = [k for k, _label in AGE_BANDS[:5]]
    rows = rows_in_order(grouped(qs, key), AGE_BANDS, keep_empty=keep)
    return Table("theo-do-tuoi", _("By age at the start"), _("Age band"), rows, total_row(numbers))


TABLES = {
    "theo-nam": table_by_year,
    "theo-nhiem-ky": table_by_term,
    "theo-huong": table_by_direction,
    "theo-don-vi-nhan": table_by_receiving_unit,
    "theo-chuc-vu": table_by_post,
    "theo-ket-qua": table_by_outcome,
    "theo-gioi-tinh": table_by_sex,
    "theo-dan-toc": table_by_ethnicity,
    "theo-do-tuoi": table_by_age,
}


def table(user, params, slug):
    """One table of the summary, for an export: two queries plus the table's own."""
    qs = scoped_rotations(user, params)
    return TABLES[slug](qs, params, counts(qs, params))


def year_direction(qs):
    """{year: {direction: rotations}} for the stacked chart, in one query."""
    result = (
        qs.annotate(year=ExtractYear("start"))
        .order_by()
        .values("year", "direction")
        .annotate(rotations=Count("id"))
    )
    data = defaultdict(dict)
    for item in result:
        data[item["year"]][item["direction"]] = item["rotations"]
    return dict(data)


# --- lists --------------------------------------------------------------------------------


def listing(qs, slug, title, condition, count, order):
    postings = (
        qs.filter(condition)
        .select_related("cadre", "from_unit", "to_unit", "to_position")
        .order_by(*order)[:LIST_CAP]
    )
    return Listing(slug, title, list(postings), count)


def lists(qs, params, numbers):
    """The rotations leaders act on, each list capped at LIST_CAP rows with its full count."""
    as_of = params.as_of
    return [
        listing(
            qs,
            "active",
            _("Active on the as-of date"),
            active_q(as_of),
            numbers["postings_active"],
            ["planned_end", "pk"],
        ),
        listing(
            qs,
            "due",
            _("Due to end within 6 months"),
            due_q(as_of),
            numbers["due_6_months"],
            ["planned_end", "pk"],
        ),
        listing(
            qs,
            "overdue",
            _("Overdue: planned end passed, not ended"),
            overdue_q(as_of),
            numbers["overdue"],
            ["planned_end", "pk"],
        ),
        listing(
            qs,
            "exceptions",
            _("Rule exceptions and their recorded reasons"),
            exception_q(),
            numbers["exceptions"],
            ["start", "pk"],
        ),
        listing(
            qs,
            "missing-decision",
            _("Records missing a decision number or date"),
            missing_decision_q(),
            numbers["missing_decision"],
            ["start", "pk"],
        ),
    ]


# --- the whole summary --------------------------------------------------------------------


def summary(user, params):
    """Figures, tables, chart data and lists for a scope, period and as-of date."""
    qs = scoped_rotations(user, params)
    numbers = counts(qs, params)
    return Summary(
        params=params,
        figures=figures(numbers),
        tables=[build(qs, params, numbers) for build in TABLES.values()],
        lists=lists(qs, params, numbers),
        year_direction=year_direction(qs),
    )
