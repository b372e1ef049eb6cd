"""The summary's one aggregate query: every rotation's keys and marks, every grouping at once.

Each rotation gets a key for every table (its year, term, direction…) and a mark (0 or 1)
for every headline figure; one statement counts rotations and persons (distinct cadres) for
every grouping of those keys, and sums the marks for the totals. A rotation's state on the
as-of date comes from the conditions `postings.models` defines for every page.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction
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
# For the tally's transaction on PostgreSQL: its hash tables in memory, not in temporary
# files (work_mem defaults to 4 MB); and no JIT compilation: the planner's row estimates for
# this statement run high (the term CASE, the scope's UNION), which turns on JIT with
# optimisation, seconds of compiling for a statement that runs in about as many
# (docs/PERFORMANCE.md).
REPORT_SETTINGS = (
    f"SELECT set_config('work_mem', '{REPORT_WORK_MEM}', true), set_config('jit', 'off', true)"
)


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


def mark_conditions(params):
    """The condition of each headline mark: the tally counts the rotations meeting it, and
    the list behind a figure (postings/reports/names.py) shows them. `duration_met` reads
    the annotations of `with_duration`."""
    as_of = params.as_of
    ended = ended_q(as_of)
    return {
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


def tally_marks(params):
    """The marks of each rotation for the headline figures: 1 when it counts for one."""
    return {
        f"m_{name}": Case(When(condition, then=Value(1)), default=Value(0))
        for name, condition in mark_conditions(params).items()
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


# Groupings that count rotations and persons per key; "all" adds the headline marks, and the
# chart's "year_direction" counts rotations only.
TOTALS, CHART = "all", "year_direction"


def tally_sql(inner, key_types, mark_names, vendor, groupings=GROUPINGS):
    """One statement over the rotations: rotations, persons and marks for every grouping.

    Each row it returns: the grouping's GROUPING() mask, a column per key (NULL when not
    grouped by), rotations, persons, then for "all" the sum of each mark and the persons
    among women and among ethnic minorities. `key_types` maps each key to its SQL type.
    """
    if vendor == "postgresql":
        return two_level_sql(inner, key_types, mark_names, groupings)
    return union_sql(inner, list(key_types), mark_names, groupings)


def two_level_sql(inner, key_types, mark_names, groupings):
    """PostgreSQL: persons counted in two levels, marks only for the totals.

    The statement before issue 16, one GROUPING SETS query with COUNT(DISTINCT cadre) and
    every mark in every set, made PostgreSQL sort the rows per set and per distinct count.
    Here the rows (keys and marks computed once, in `base`) are grouped per table by (key,
    cadre) with COUNT(*) only, which PostgreSQL hashes; those groups are then summed
    (rotations) and counted (persons) per key. The marks are summed once, for the totals,
    over one row per cadre (being a woman or of a minority is the cadre's, so such cadre
    rows are the persons); the chart counts rotations only. About 0.7× the time of the
    single statement, with the same figures (tests/postings/test_tally.py); measured in
    docs/PERFORMANCE.md.
    """
    key_names = list(key_types)
    grouped = grouped_keys(key_names, groupings)
    keyed = {name: keys for name, keys in groupings.items() if name not in (TOTALS, CHART)}
    marks = [mark for mark in mark_names if mark not in ("m_female", "m_minority")]
    no_marks = ", ".join(["NULL::bigint"] * (len(mark_names) + 2))
    ctes = [f"base AS MATERIALIZED ({inner})"]
    selects = []

    def columns(keys):
        # Typed, NULLs too: UNION ALL takes each column's type from the first SELECT (and a
        # key that is a bare NULL, the term with no term catalogued, would be text).
        return ", ".join(f"{key if key in keys else 'NULL'}::{key_types[key]}" for key in key_names)

    for keys in keyed.values():
        listed = ", ".join(keys)
        selects.append(
            f"SELECT {grouping_mask(keys, grouped)}, {columns(keys)}, SUM(n), COUNT(*), "
            f"{no_marks} "
            f"FROM (SELECT {listed}, COUNT(*) AS n FROM base GROUP BY {listed}, k_cadre) AS "
            f"per_cadre GROUP BY {listed}"
        )
    if TOTALS in groupings:
        per_cadre_marks = ", ".join(f"SUM({mark}) AS {mark}" for mark in marks)
        ctes.append(
            f"cadres AS (SELECT COUNT(*) AS n, {per_cadre_marks}, SUM(m_female) AS m_female, "
            "SUM(m_minority) AS m_minority, MAX(m_female) AS woman, "
            "MAX(m_minority) AS minority FROM base GROUP BY k_cadre)"
        )
        sums = ", ".join(f"SUM({mark})" for mark in mark_names)
        selects.append(
            f"SELECT {grouping_mask((), grouped)}, {columns(())}, SUM(n), COUNT(*), {sums}, "
            "SUM(woman), SUM(minority) FROM cadres"
        )
    if CHART in groupings:
        keys = groupings[CHART]
        selects.append(
            f"SELECT {grouping_mask(keys, grouped)}, {columns(keys)}, COUNT(*), NULL, "
            f"{no_marks} "
            f"FROM base GROUP BY {', '.join(keys)}"
        )
    return f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"


def union_sql(inner, key_names, mark_names, groupings):
    """Other databases (SQLite: no GROUPING SETS): one SELECT per grouping, UNION ALL."""
    sums = ", ".join(
        ["COUNT(*)", "COUNT(DISTINCT k_cadre)"]
        + [f"SUM({mark})" for mark in mark_names]
        + [
            "COUNT(DISTINCT CASE WHEN m_female = 1 THEN k_cadre END)",
            "COUNT(DISTINCT CASE WHEN m_minority = 1 THEN k_cadre END)",
        ]
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
    # Groupings read only in part (the page's busiest receiving units, from the rollup):
    # grouping → (keys left out, their rotations). What is left out ranks below what is read.
    others: dict = field(default_factory=dict)


def tally(qs, params, only=None):
    """Headline counts and every table's rotations and persons, in one query."""
    keys, marks = tally_keys(params), tally_marks(params)
    inner = (
        with_duration(qs)
        .annotate(k_cadre=F("cadre_id"), **keys, **marks)
        .order_by()
        .values("k_cadre", *keys, *marks)
    )
    # The database the rows are read from: the replica inside `replica_reads` (registry/routers.py).
    using = inner.db
    connection = connections[using]
    sql, sql_params = inner.query.get_compiler(using).as_sql()
    key_names, mark_names = list(keys), list(marks)
    key_types = {
        name: inner.query.annotations[name].output_field.cast_db_type(connection)
        for name in key_names
    }
    groupings = GROUPINGS if only is None else {"all": (), only: GROUPINGS[only]}
    statement = tally_sql(sql, key_types, mark_names, connection.vendor, groupings)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(REPORT_SETTINGS)
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
