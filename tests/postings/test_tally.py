"""The tally's two-level statement gives the figures of the single statement it replaced.

The oracle below is the statement the summary ran until issue 16: one GROUPING SETS query
with COUNT(DISTINCT cadre) and every mark in every set. Both run over synthetic registers
(`seed_scale`) shaken at random (cancellations, open and early ends, missing decisions,
cadres' sex and ethnicity), for random scopes, periods and as-of dates.
"""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F

from cadres.models import Cadre, Unit
from postings.models import Posting
from postings.reports import Params
from postings.reports.base import scoped_rotations
from postings.reports.tables import TABLE_GROUPINGS
from postings.reports.tally import (
    GROUPINGS,
    REPORT_WORK_MEM,
    grouped_keys,
    grouping_mask,
    read_tallies,
    tally,
    tally_keys,
    tally_marks,
    with_duration,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the two-level statement is PostgreSQL's; SQLite keeps its UNION of groupings",
    ),
]


def single_statement_sql(inner, key_names, mark_names, groupings):
    """The summary's statement before issue 16 (PostgreSQL), kept here as the oracle."""
    sums = ", ".join(
        ["COUNT(*)", "COUNT(DISTINCT k_cadre)"]
        + [f"SUM({mark})" for mark in mark_names]
        + [
            "COUNT(DISTINCT CASE WHEN m_female = 1 THEN k_cadre END)",
            "COUNT(DISTINCT CASE WHEN m_minority = 1 THEN k_cadre END)",
        ]
    )
    sets = ", ".join(f"({', '.join(keys)})" for keys in groupings.values())
    grouped = grouped_keys(key_names, groupings)
    columns = ", ".join(key if key in grouped else "NULL" for key in key_names)
    return (
        f"WITH base AS MATERIALIZED ({inner}) "
        f"SELECT GROUPING({', '.join(grouped)}), {columns}, {sums} "
        f"FROM base GROUP BY GROUPING SETS ({sets})"
    )


def oracle(qs, params, only=None):
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
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
        cursor.execute(single_statement_sql(sql, key_names, mark_names, groupings), sql_params)
        rows = cursor.fetchall()
    grouped = grouped_keys(key_names, groupings)
    names = {grouping_mask(k, grouped): name for name, k in groupings.items()}
    return read_tallies(rows, names, key_names, mark_names)


def shake(rng):
    """Random changes on top of the synthetic register, in bulk."""
    keys = list(Posting.objects.values_list("pk", flat=True))
    picks = {name: rng.sample(keys, len(keys) // 10) for name in ("cancel", "unrecorded", "bare")}
    Posting.objects.filter(pk__in=picks["cancel"]).update(outcome=Posting.Outcome.CANCELLED)
    Posting.objects.filter(pk__in=picks["unrecorded"]).update(outcome="")
    Posting.objects.filter(pk__in=picks["bare"]).update(decision_number="", warnings=["other"])
    # Each cadre's last rotation may be left open (no actual end, no outcome): overdue or due.
    last = Posting.objects.order_by("cadre_id", "-start").distinct("cadre_id").values_list("pk")
    last = [pk for (pk,) in last]
    Posting.objects.filter(pk__in=rng.sample(last, len(last) // 3)).update(
        actual_end=None, outcome=""
    )
    cadres = list(Cadre.objects.values_list("pk", flat=True))
    Cadre.objects.filter(pk__in=rng.sample(cadres, len(cadres) // 5)).update(
        sex=Cadre.Sex.FEMALE, ethnicity="Kinh"
    )


def random_params(rng):
    units = list(Unit.objects.filter(kind__in=["province", "district"]).order_by("pk"))
    scope = rng.choice([None, *rng.sample(units, 3)])
    start = datetime.date(2003, 1, 1) + datetime.timedelta(days=rng.randrange(0, 4000))
    as_of = datetime.date(2006, 1, 1) + datetime.timedelta(days=rng.randrange(0, 9000))
    end = max(start, as_of - datetime.timedelta(days=rng.randrange(0, 400)))
    return Params(scope=scope, start=start, end=end, as_of=as_of)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_level_tally_equals_the_single_statement_on_random_registers(seed, admin_user):
    call_command("seed_scale", postings=600, seed=seed, stdout=io.StringIO())
    rng = random.Random(seed)
    shake(rng)
    checked = 0
    for _ in range(6):
        params = random_params(rng)
        qs = scoped_rotations(admin_user, params)
        expected, got = oracle(qs, params), tally(qs, params)
        assert got.numbers == expected.numbers, params
        assert got.by == expected.by, params
        assert got.year_direction == expected.year_direction, params
        checked += expected.numbers["postings_total"]
        # An export's table: only its grouping and the totals.
        only = TABLE_GROUPINGS[rng.choice(sorted(TABLE_GROUPINGS))]
        expected, got = oracle(qs, params, only), tally(qs, params, only)
        assert (got.numbers, got.by) == (expected.numbers, expected.by), (params, only)
    assert checked > 100, "the random summaries must count rotations"
