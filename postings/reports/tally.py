"""The summary's one aggregate query: every rotation's keys and marks, every grouping at once.

Each rotation gets a key for every table (its year, term, direction…) and a mark (0 or 1)
for every headline figure; one statement counts rotations (COUNT(*)) and persons
(COUNT(DISTINCT cadre)) for every grouping of those keys. A rotation's state on the as-of
date comes from the conditions `postings.models` defines for every page.
"""

import datetime
from dataclasses import dataclass

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

from cadres.models import MAJORITY_ETHNIC_GROUP, Cadre, Position, Term
from postings.models import (
    DUE_MONTHS,
    Posting,
    active_q,
    due_q,
    ended_q,
    not_started_q,
    overdue_q,
)
from postings.reports.base import exception_q, missing_decision_q

# Memory for the tally's sorts on PostgreSQL, per summary being computed (SET LOCAL).
REPORT_WORK_MEM = "256MB"


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


def early_without_end_q():
    """Ended early with no actual end recorded (older rows): not counted as served.

    An early ending now needs its date (`Posting.clean`); rows kept from before did not.
    """
    return Q(outcome=Posting.Outcome.ENDED_EARLY, actual_end__isnull=True)


def served_enough_q():
    months = settings.ROTATION_MIN_MONTHS
    return Q(months_apart__gt=months) | Q(
        Q(end_day__gte=F("start_day")) | Q(end_is_month_end=1), months_apart=months
    )


# --- each rotation's keys and marks ---------------------------------------------------------


def term_key(body):
    """The catalogue term of `body` in which the rotation started; NULL outside every term."""
    terms = list(Term.objects.filter(body=body).order_by("start").values_list("pk", "start", "end"))
    return Case(
        *[When(start__gte=start, start__lte=end, then=Value(pk)) for pk, start, end in terms],
        default=Value(None),
        output_field=IntegerField(),
    )


def post_key():
    """head or deputy × Party, government, Front; a civil servant title; none recorded."""
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
    return Case(*post, default=Value("none"), output_field=CharField())


def outcome_key(as_of):
    """How the rotation stood on the as-of date: its outcome once ended, else its state."""
    return Case(
        When(not_started_q(as_of), then=Value("not_started")),
        When(ended_q(as_of) & Q(outcome=""), then=Value("unrecorded")),
        When(ended_q(as_of), then=F("outcome")),
        default=Value("ongoing"),
        output_field=CharField(),
    )


def age_key():
    return Case(
        When(age_at_start__isnull=True, then=Value("unknown")),
        When(age_at_start__lt=35, then=Value("under_35")),
        When(age_at_start__lt=40, then=Value("35_39")),
        When(age_at_start__lt=45, then=Value("40_44")),
        When(age_at_start__lt=50, then=Value("45_49")),
        default=Value("50_over"),
        output_field=CharField(),
    )


def tally_keys(params):
    """The key of each rotation for every table."""
    return {
        "k_year": Cast(ExtractYear("start"), IntegerField()),
        "k_term": term_key(params.terms),
        "k_direction": F("direction"),
        "k_to_unit": F("to_unit_id"),
        "k_post": post_key(),
        "k_outcome": outcome_key(params.as_of),
        "k_sex": F("cadre__sex"),
        "k_ethnicity": F("cadre__ethnicity"),
        "k_age": age_key(),
    }


def tally_marks(params):
    """The marks of each rotation for the headline figures: 1 when it counts for one."""
    as_of = params.as_of
    ended = ended_q(as_of)
    marks = {
        "postings_active": active_q(as_of),
        "postings_ended": ended,
        "not_started": not_started_q(as_of),
        "joined_party_committee": Q(joined_party_committee=True),
        "joined_government": Q(joined_government=True),
        "in_planning": Q(in_planning_at_start=True),
        "duration_met": ended & served_enough_q() & ~early_without_end_q(),
        "overdue": overdue_q(as_of),
        "due_6_months": due_q(as_of, DUE_MONTHS),
        "exceptions": exception_q(),
        "missing_decision": missing_decision_q(),
        "female": Q(cadre__sex=Cadre.Sex.FEMALE),
        "minority": ~Q(cadre__ethnicity=MAJORITY_ETHNIC_GROUP),
    }
    return {
        f"m_{name}": Case(When(condition, then=Value(1)), default=Value(0))
        for name, condition in marks.items()
    }


# --- one statement for every grouping ---------------------------------------------------------

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
    keys, marks = tally_keys(params), tally_marks(params)
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
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Sorting a million rows in memory, not in temporary files (default 4 MB).
            cursor.execute(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
        cursor.execute(statement, sql_params)
        rows = cursor.fetchall()
    grouped = grouped_keys(key_names, groupings)
    names_by_mask = {grouping_mask(k, grouped): name for name, k in groupings.items()}
    return read_tallies(rows, names_by_mask, key_names, mark_names)


def read_tallies(rows, names_by_mask, key_names, mark_names):
    """The statement's rows as headline numbers and {grouping: {key: (rotations, persons)}}."""
    by = {name: {} for name in GROUPINGS}  # those not computed stay empty
    numbers = {}
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
