"""The Resolution 11 summary: every figure, table and list the leaders read, as plain data.

The page, the CSV and Excel exports and the tests all call these functions, so they show the
same numbers. The figures, the tables and the chart come from one aggregate query (`tally`:
every grouping at once, COUNT(*) for rotations and COUNT(DISTINCT cadre) for persons), the
lists from one query each: the number of queries does not grow with the number of
rotations. Views read them through `cached_summary` and `cached_table` (registry/cache.py).

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
  counted in months as `registry.dates.months_between` does, 29/02 included.
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
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import MAJORITY_ETHNIC_GROUP, Cadre, Position, Term, Unit, UnitChange
from postings.models import Direction, Posting
from registry.dates import add_months
from registry.scopes import in_subtree

PERIOD_START = datetime.date(2003, 1, 1)
LIST_CAP = 50
# Rows of the receiving-unit table on the page (ordered by rotations); one more row holds
# the rest. The exports hold every row. At national scope the full table has ~24,000 rows.
PAGE_ROW_CAP = 50
DUE_MONTHS = 6
# Memory for the tally's sorts on PostgreSQL, per summary being computed (SET LOCAL).
REPORT_WORK_MEM = "256MB"


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
    # Rows of the full table when the page shows only the first ones (0: all are shown).
    row_count: int = 0
    shown: int = 0

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


@dataclass(slots=True)
class ListRow:
    """One rotation of a list, as the page shows it: names and links, no model instances."""

    pk: int
    cadre: str
    cadre_url: str
    from_unit: str
    from_url: str
    to_unit: str
    to_url: str
    to_position: str
    start: datetime.date
    planned_end: datetime.date
    decision_number: str
    decision_date: datetime.date | None
    warning_labels: list
    exception_reason: str


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


def scoped_rotations(user, params, condition=None):
    """The counted rotations this user may see that touch the scope and start in the period.

    `condition` narrows them further (a list's rule). With a scope it is applied inside the
    scope's subqueries, on the rows their indexes already read, so only the matching ones
    are fetched again by key: a district's five lists in half the time.
    """
    rows = Posting.objects.counted().filter(start__gte=params.start, start__lte=params.end)
    if condition is not None:
        rows = rows.filter(condition)
    if params.scope is None:
        return rows.visible_to(user)
    matching = in_subtree(rows, params.scope, rows.scope_lookups)
    return Posting.objects.visible_to(user).filter(pk__in=matching)


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


# --- one pass over the rotations ------------------------------------------------------


def tally_keys(params):
    """The key of each rotation for every table, and its marks for the headline figures."""
    as_of = params.as_of
    terms = list(Term.objects.order_by("start").values_list("pk", "start", "end"))
    term = Case(
        *[When(start__gte=start, start__lte=end, then=Value(pk)) for pk, start, end in terms],
        default=Value(None),
        output_field=IntegerField(),
    )
    post = [When(to_position__isnull=True, then=Value("none"))]
    post.append(
        When(to_position__category=Position.Category.CIVIL_SERVANT, then=Value("civil_servant"))
    )
    for category in ("party", "government", "front"):
        post.append(
            When(
                to_position__category=category,
                to_position__is_head=True,
                then=Value(f"head_{category}"),
            )
        )
        post.append(When(to_position__category=category, then=Value(f"deputy_{category}")))
    outcome = Case(
        When(start__gt=as_of, then=Value("not_started")),
        When(ended_q(as_of) & Q(outcome=""), then=Value("unrecorded")),
        When(ended_q(as_of), then=F("outcome")),
        default=Value("ongoing"),
        output_field=CharField(),
    )
    age = Case(
        When(age_at_start__isnull=True, then=Value("unknown")),
        When(age_at_start__lt=35, then=Value("under_35")),
        When(age_at_start__lt=40, then=Value("35_39")),
        When(age_at_start__lt=45, then=Value("40_44")),
        When(age_at_start__lt=50, then=Value("45_49")),
        default=Value("50_over"),
        output_field=CharField(),
    )
    keys = {
        "k_year": Cast(ExtractYear("start"), IntegerField()),
        "k_term": term,
        "k_direction": F("direction"),
        "k_to_unit": F("to_unit_id"),
        "k_post": Case(*post, default=Value("none"), output_field=CharField()),
        "k_outcome": outcome,
        "k_sex": F("cadre__sex"),
        "k_ethnicity": F("cadre__ethnicity"),
        "k_age": age,
    }
    ended = ended_q(as_of)
    marks = {
        "postings_active": active_q(as_of),
        "postings_ended": ended,
        "not_started": Q(start__gt=as_of),
        "joined_party_committee": Q(joined_party_committee=True),
        "joined_government": Q(joined_government=True),
        "in_planning": Q(in_planning_at_start=True),
        "duration_met": ended & served_enough_q(),
        "overdue": overdue_q(as_of),
        "due_6_months": due_q(as_of),
        "exceptions": exception_q(),
        "missing_decision": missing_decision_q(),
        "female": Q(cadre__sex=Cadre.Sex.FEMALE),
        "minority": ~Q(cadre__ethnicity=MAJORITY_ETHNIC_GROUP),
    }
    marks = {
        f"m_{name}": Case(When(condition, then=Value(1)), default=Value(0))
        for name, condition in marks.items()
    }
    return keys, marks


# Each grouping of the summary: the keys it groups by.
GROUPINGS = {
    "all": (),
    "year": ("k_year",),
    "term": ("k_term",),
    "direction": ("k_direction",),
    "to_unit": ("k_to_unit",),
    "post": ("k_post",),
    "outcome": ("k_outcome",),
    "sex": ("k_sex",),
    "ethnicity": ("k_ethnicity",),
    "age": ("k_age",),
    "year_direction": ("k_year", "k_direction"),
}


def tally_sql(inner, key_names, mark_names, vendor, groupings=GROUPINGS):
    """One statement over the rotations: rotations, persons and marks for every grouping.

    Nine GROUP BY queries, each sorting every row for its COUNT(DISTINCT cadre), cost about
    25 s for the country's million rotations on two cores; one scan grouped by every key at
    once (GROUPING SETS on PostgreSQL, a UNION ALL of the groupings elsewhere) reads the rows
    and computes their keys once. Measured in docs/PERFORMANCE.md.
    """
    sums = ", ".join(
        ["COUNT(*)", "COUNT(DISTINCT k_cadre)"]
        + [f"SUM({mark})" for mark in mark_names]
        + [
            "COUNT(DISTINCT CASE WHEN m_female = 1 THEN k_cadre END)",
            "COUNT(DISTINCT CASE WHEN m_minority = 1 THEN k_cadre END)",
        ]
    )
    if vendor == "postgresql":
        # MATERIALIZED: the keys' CASE expressions are computed once per row, not per set.
        sets = ", ".join(f"({', '.join(keys)})" for keys in groupings.values())
        # GROUPING() takes only keys that some set groups by; the others are NULL columns.
        grouped = grouped_keys(key_names, groupings)
        columns = ", ".join(key if key in grouped else "NULL" for key in key_names)
        return (
            f"WITH base AS MATERIALIZED ({inner}) "
            f"SELECT GROUPING({', '.join(grouped)}), {columns}, {sums} "
            f"FROM base GROUP BY GROUPING SETS ({sets})"
        )
    selects = []
    for keys in groupings.values():
        columns = ", ".join(key if key in keys else "NULL" for key in key_names)
        group_by = f" GROUP BY {', '.join(keys)}" if keys else ""
        selects.append(
            f"SELECT {grouping_mask(keys, grouped_keys(key_names, groupings))}, {columns}, "
            f"{sums} FROM base{group_by}"
        )
    return f"WITH base AS ({inner}) {' UNION ALL '.join(selects)}"


def grouped_keys(key_names, groupings):
    """The keys that some grouping groups by, in the order of `key_names`."""
    return [key for key in key_names if any(key in keys for keys in groupings.values())]


def grouping_mask(keys, key_names):
    """What GROUPING(all keys) answers for a grouping: a bit set for each key not grouped."""
    width = len(key_names)
    return sum(1 << (width - 1 - i) for i, key in enumerate(key_names) if key not in keys)


@dataclass
class Tallies:
    numbers: dict
    by: dict
    year_direction: dict


def tally(qs, params, only=None):
    """Headline counts and every table's rotations and persons, in one query."""
    keys, marks = tally_keys(params)
    inner = (
        with_duration(qs)
        .annotate(k_cadre=F("cadre_id"), **keys, **marks)
        .order_by()
        .values("k_cadre", *keys, *marks)
    )
    sql, sql_params = inner.query.sql_with_params()
    key_names, mark_names = list(keys), list(marks)
    groupings = GROUPINGS if only is None else {"all": (), only: GROUPINGS[only]}
    statement = tally_sql(sql, key_names, mark_names, connection.vendor, groupings)
    grouped = grouped_keys(key_names, groupings)
    names_by_mask = {grouping_mask(k, grouped): name for name, k in groupings.items()}
    by = {name: {} for name in GROUPINGS}  # those not computed stay empty
    numbers = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Sorting a million rows in memory, not in temporary files (default 4 MB).
            cursor.execute(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
        cursor.execute(statement, sql_params)
        rows = cursor.fetchall()
    width = len(key_names)
    for row in rows:
        name = names_by_mask[row[0]]
        values = dict(zip(key_names, row[1 : 1 + width], strict=True))
        rotations, persons, *marked = (int(value or 0) for value in row[1 + width :])
        if values["k_year"] is not None:
            values["k_year"] = int(values["k_year"])
        if name == "all":
            numbers = dict(zip([mark[2:] for mark in mark_names], marked, strict=False))
            numbers["women"], numbers["ethnic_minority"] = marked[-2:]
            numbers["postings_total"], numbers["cadres_rotated"] = rotations, persons
        elif name == "year_direction":
            year, direction = values["k_year"], values["k_direction"]
            by[name].setdefault(year, {})[direction] = rotations
        else:
            by[name][values[GROUPINGS[name][0]]] = (rotations, persons)
    year_direction = by.pop("year_direction")
    return Tallies(numbers, by, year_direction)


# --- tables -------------------------------------------------------------------------------


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


def table_by_year(tallies, params):
    """Rotations and persons by the year the rotation started."""
    data = tallies.by["year"]
    years = range(min(data), max(data) + 1) if data else []
    rows = [Row(str(year), *data.get(year, (0, 0)), key=str(year)) for year in years]
    return Table("theo-nam", _("By year"), _("Year"), rows, total_row(tallies.numbers))


def table_by_term(tallies, params):
    """Rotations and persons by the congress term (Term catalogue) in which they started."""
    data = tallies.by["term"]
    terms = Term.objects.filter(pk__in=[key for key in data if key is not None]).order_by("start")
    rows = [Row(term.name, *data[term.pk], key=str(term.pk)) for term in terms]
    if None in data:
        rows.append(Row(str(_("outside the catalogue's terms")), *data[None], key="none"))
    return Table("theo-nhiem-ky", _("By term"), _("Term"), rows, total_row(tallies.numbers))


def table_by_direction(tallies, params):
    """Rotations and persons by direction (district → commune, horizontal…)."""
    data = tallies.by["direction"]
    labels = [*Direction.choices, ("", _("not recorded"))]
    rows = rows_in_order(data, labels)
    numbers = tallies.numbers
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


def table_by_receiving_unit(tallies, params, cap=None):
    """Rotations and persons by receiving unit, named as it was, with its present successor.

    With `cap`, only the `cap` units with the most rotations, then one row for all the
    others (their rotations; their persons are not the sum of each unit's, so "—"), so the
    rotations still add up to the total. Ties are broken by the unit's id.
    """
    data = tallies.by["to_unit"]
    ranked = sorted(data, key=lambda pk: (-data[pk][0], pk))
    shown = ranked if cap is None else ranked[:cap]
    units = Unit.objects.filter(pk__in=shown).values_list("pk", "name", "parent__name")
    result = sorted(units, key=lambda unit: (-data[unit[0]][0], unit[1], unit[0]))
    successors = present_successors([pk for pk, _name, _parent in result])
    rows = []
    for pk, name, parent_name in result:
        label = f"{name} ({parent_name})" if parent_name else name
        now = successors.get(pk, [])
        rows.append(
            Row(
                label,
                *data[pk],
                key=str(pk),
                url=Unit(pk=pk).get_absolute_url(),
                note=", ".join(unit.name for unit in now),
            )
        )
    rest = ranked[len(shown) :]
    if rest:
        rotations = sum(data[pk][0] for pk in rest)
        label = _("Other receiving units (%(count)s)") % {"count": len(rest)}
        rows.append(Row(str(label), rotations, None, key="other"))
    numbers = tallies.numbers
    return Table(
        "theo-don-vi-nhan",
        _("By receiving unit"),
        _("Receiving unit (as it was)"),
        rows,
        total_row(numbers),
        note_heading=_("Now part of"),
        row_count=len(ranked) if rest else 0,
        shown=len(shown) if rest else 0,
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


def table_by_post(tallies, params):
    """Rotations and persons by the post placed: head or deputy × Party, government, Front."""
    data, numbers = tallies.by["post"], tallies.numbers
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


def table_by_outcome(tallies, params):
    """Rotations and persons by how they ended, as the register stood on the as-of date."""
    numbers = tallies.numbers
    rows = rows_in_order(tallies.by["outcome"], outcome_labels())
    return Table("theo-ket-qua", _("By outcome"), _("Outcome"), rows, total_row(numbers))


def table_by_sex(tallies, params):
    """Rotations and persons by sex."""
    data, numbers = tallies.by["sex"], tallies.numbers
    rows = rows_in_order(data, Cadre.Sex.choices, keep_empty=Cadre.Sex.values)
    return Table("theo-gioi-tinh", _("By sex"), _("Sex"), rows, total_row(numbers))


def table_by_ethnicity(tallies, params):
    """Rotations and persons: Kinh, ethnic minorities, and each minority group."""
    data, numbers = tallies.by["ethnicity"], tallies.numbers
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


def table_by_age(tallies, params):
    """Rotations and persons by age band at the start of the rotation."""
    numbers = tallies.numbers
    keep = [k for k, _label in AGE_BANDS[:5]]
    rows = rows_in_order(tallies.by["age"], AGE_BANDS, keep_empty=keep)
    return Table("theo-do-tuoi", _("By age at the start"), _("Age band"), rows, total_row(numbers))


TABLE_GROUPINGS = {
    "theo-nam": "year",
    "theo-nhiem-ky": "term",
    "theo-huong": "direction",
    "theo-don-vi-nhan": "to_unit",
    "theo-chuc-vu": "post",
    "theo-ket-qua": "outcome",
    "theo-gioi-tinh": "sex",
    "theo-dan-toc": "ethnicity",
    "theo-do-tuoi": "age",
}

# Tables the page shows capped at PAGE_ROW_CAP rows (the export keeps every row).
CAPPED_ON_PAGE = {"theo-don-vi-nhan"}

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
    """One table of the summary, for an export: the tally query plus the table's own."""
    # Only the grouping this table needs, and the totals.
    tallies = tally(scoped_rotations(user, params), params, only=TABLE_GROUPINGS[slug])
    return TABLES[slug](tallies, params)


def cached_summary(user, params):
    """`summary`, computed once per scope, filters, language and data version."""
    from registry.cache import remembered

    return remembered("all", user, params, lambda: summary(user, params))


def cached_table(user, params, slug):
    """`table`, computed once per scope, filters, language and data version."""
    from registry.cache import remembered

    return remembered(f"table-{slug}", user, params, lambda: table(user, params, slug))


# --- lists --------------------------------------------------------------------------------


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
)


def url_for_pk(viewname):
    """pk → the URL of `viewname` for it, reversing once for a whole list, not once a row."""
    marker = "2147483647"
    head, tail = reverse(viewname, args=[marker]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def listing(user, params, slug, title, condition, count, order):
    """One list: its first LIST_CAP rotations, only the columns the page shows, one query."""
    cadre_url, unit_url = url_for_pk("postings:cadre"), url_for_pk("postings:unit")
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
                unit_url(to_id),
                position or "",
                start,
                planned_end,
                decision_number,
                decision_date,
                labels,
                reason,
            )
        )
    return Listing(slug, title, rows, count)


def lists(user, params, numbers):
    """The rotations leaders act on, each list capped at LIST_CAP rows with its full count."""
    as_of = params.as_of
    return [
        listing(
            user,
            params,
            "active",
            _("Active on the as-of date"),
            active_q(as_of),
            numbers["postings_active"],
            ["planned_end", "pk"],
        ),
        listing(
            user,
            params,
            "due",
            _("Due to end within 6 months"),
            due_q(as_of),
            numbers["due_6_months"],
            ["planned_end", "pk"],
        ),
        listing(
            user,
            params,
            "overdue",
            _("Overdue: planned end passed, not ended"),
            overdue_q(as_of),
            numbers["overdue"],
            ["planned_end", "pk"],
        ),
        listing(
            user,
            params,
            "exceptions",
            _("Rule exceptions and their recorded reasons"),
            exception_q(),
            numbers["exceptions"],
            ["start", "pk"],
        ),
        listing(
            user,
            params,
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
    tallies = tally(qs, params)
    return Summary(
        params=params,
        figures=figures(tallies.numbers),
        tables=[
            build(tallies, params, **({"cap": PAGE_ROW_CAP} if slug in CAPPED_ON_PAGE else {}))
            for slug, build in TABLES.items()
        ],
        lists=lists(user, params, tallies.numbers),
        year_direction=tallies.year_direction,
    )
