"""The summary read from the maintained rollup (postings/rollup.py) instead of the live tally.

It serves the default summary, the period from PERIOD_START to today as of today, of the
country or a province, for users who see the whole scope; everything else is the live
tally (postings/reports/tally.py). The figures are the tally's exactly
(tests/postings/test_rollup.py):

- the totals and changes folded per grouping and key (`folded`), less the rotations that
  start after today (outside the period), and for the outcome table less those not yet
  ended today, both with the cadres they leave uncounted (`corrections`);
- the figures that depend on the as-of date (under way, overdue, due) from the open
  rotations: those with neither an actual end nor an outcome (a partial index) and the few
  that end after today (`open_figures`).
"""

from collections import Counter, defaultdict
from contextlib import contextmanager

from django.db import connection, connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from cadres.models import MAJORITY_ETHNIC_GROUP, Cadre
from postings import rollup_plans
from postings.models import DUE_MONTHS, Posting, ended_q
from postings.reports import followed
from postings.reports.base import PERIOD_START
from postings.reports.tally import GROUPINGS, Tallies
from postings.rollup import ALL_MARKS, KEY_SQL, MARKS, MARKS_OF, rollup_readable
from postings.rollup_tables import COUNTRY, RollupChange, RollupEntry, RollupTotal
from registry.dates import add_months
from registry.scopes import NATIONAL, scope_unit

FIGURES = ("rotations", "persons", *MARKS)


def rollup_scope(user, params):
    """The rollup's scope id for this summary, or None when it must be computed live."""
    today = timezone.localdate()
    if (params.start, params.end, params.as_of) != (PERIOD_START, today, today):
        return None
    return kept_scope(user, params)


def kept_scope(user, params):
    """The rollup's scope id for the summary's scope, whatever its period, when the rollup
    keeps it (the country, a province) and the user sees all of it; else None."""
    own = scope_unit(user)
    if params.scope is None:
        scope = COUNTRY if own is NATIONAL else None
    elif params.scope.path == f"/{params.scope.pk}/":
        sees_all = own is NATIONAL or (own is not None and own.pk == params.scope.pk)
        scope = params.scope.pk if sees_all else None
    else:
        scope = None
    if scope is None or not rollup_readable():
        return None
    return scope


@contextmanager
def one_state(using):
    """A transaction and its cursor in which the rollup's reads see one state of it
    (REPEATABLE READ on PostgreSQL, unless already inside a transaction)."""
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if outermost and connections[using].vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield cursor


def int_or_zero(value):
    return int(value or 0)


def table_name(model):
    return connection.ops.quote_name(model._meta.db_table)


def stored_groupings(params, only, cap=None):
    """The rollup's groupings this summary reads whole: its term's, and only `only`'s when
    given; with a `cap`, all but the receiving units (`busiest` reads those).

    The totals need the sex, ethnicity and outcome groupings (women, minorities, ended).
    """
    term = f"term_{params.terms}"
    names = ["all", "year", term, "direction", "to_unit", "post", "outcome", "sex"]
    names += ["ethnicity", "age", "year_direction"]
    if only is None:
        return [name for name in names if name != "to_unit" or cap is None]
    wanted = {"all", "sex", "ethnicity", "outcome", term if only == "term" else only}
    return [name for name in names if name in wanted]


def folded(cursor, scope, groupings):
    """{(grouping, key): list of `FIGURES`}: the totals plus the changes not yet folded.

    Lists, not Counters, and the marks only for the groupings that sum them (NULL, which
    costs nothing to read, for the others): a country's 30,000 receiving units are read in
    a few milliseconds.
    """
    columns = ", ".join(FIGURES)
    summing = ", ".join(f"'{grouping}'" for grouping in MARKS_OF)
    sums = ", ".join(
        f"COALESCE(SUM({name}), 0)"
        if name in ("rotations", "persons")
        else f"CASE WHEN grouping IN ({summing}) THEN COALESCE(SUM({name}), 0) END"
        for name in FIGURES
    )
    marks = ", ".join(["%s"] * len(groupings))
    parts = [
        f"SELECT grouping, {connection.ops.quote_name('key')} AS k, {columns} FROM "
        f"{table_name(model)} WHERE scope_id = %s AND grouping IN ({marks})"
        for model in (RollupTotal, RollupChange)
    ]
    cursor.execute(
        f"SELECT grouping, k, {sums} FROM ({' UNION ALL '.join(parts)}) AS f GROUP BY grouping, k",
        [scope, *groupings, scope, *groupings],
    )
    return {(grouping, key): values for grouping, key, *values in cursor.fetchall()}


# Past this many receiving units with unfolded changes or corrections, `busiest` reads them
# all: the list would be a long IN.
BUSIEST_EXTRA_MAX = 2000


def busiest(cursor, scope, cap, corrected):
    """The receiving units for a page that shows the `cap` busiest: ({key: figures} of at
    least those, (units left out, their rotations)), or None to read them all.

    The totals hold one row per key; a unit may rank among the busiest only through its
    stored rotations, its changes not yet folded, or a correction (`corrected`, its keys).
    With m units changed or corrected, every other unit among today's `cap` busiest is
    among the `cap + m` busiest stored, ties included: those are read, with the m, and the
    rest is counted (the index on the totals' rotations answers both).
    """
    totals, changes = table_name(RollupTotal), table_name(RollupChange)
    where = "scope_id = %s AND grouping = 'to_unit'"
    key = connection.ops.quote_name("key")
    cursor.execute(
        f"SELECT {key}, SUM(rotations), SUM(persons) FROM {changes} WHERE {where} GROUP BY {key}",
        [scope],
    )
    changed = {k: (int(r), int(p)) for k, r, p in cursor.fetchall()}
    extra = sorted(changed.keys() | corrected)
    if len(extra) > BUSIEST_EXTRA_MAX:
        return None
    listed = f" OR {key} IN ({', '.join(['%s'] * len(extra))})" if extra else ""
    cursor.execute(
        f"SELECT {key}, rotations, persons FROM {totals} WHERE {where} AND (rotations >= "
        f"COALESCE((SELECT rotations FROM {totals} WHERE {where} ORDER BY rotations DESC "
        f"LIMIT 1 OFFSET %s), 0){listed}) "
        f"UNION ALL SELECT NULL, COUNT(*), SUM(rotations) FROM {totals} WHERE {where} "
        "AND rotations > 0",
        [scope, scope, cap + len(extra) - 1, *extra, scope],
    )
    stored, counted = {}, (0, 0)
    for k, rotations, persons in cursor.fetchall():
        if k is None:
            counted = (int(rotations or 0), int(persons or 0))
        else:
            stored[k] = (rotations, persons)
    read_units = sum(1 for rotations, _p in stored.values() if rotations > 0)
    read_rotations = sum(rotations for rotations, _p in stored.values())
    left_out = (counted[0] - read_units, counted[1] - read_rotations)
    figures = {}
    for k in stored.keys() | changed.keys():
        rotations, persons = (
            a + b for a, b in zip(stored.get(k, (0, 0)), changed.get(k, (0, 0)), strict=True)
        )
        figures["to_unit", k] = [rotations, persons, *[None] * len(MARKS)]
    return figures, left_out


def corrections(cursor, scope, groupings, today):
    """What `folded` holds that today's summary does not count, per (grouping, key).

    Rotations that start after today; in the outcome table also those not ended by today
    (they are under way, counted live). Persons: cadres whose every rotation under the key
    is among them. Only the cadres with such a rotation are read.
    """
    entries = table_name(RollupEntry)
    selects, params = [], []
    for grouping in groupings:
        condition = "until > %s" if grouping == "outcome" else "start > %s"
        marked = ", ".join(
            f"SUM(CASE WHEN {condition} THEN {name} ELSE 0 END) AS {name}" for name in MARKS
        )
        sums = ", ".join(f"SUM({name})" for name in MARKS)
        # PostgreSQL refuses a constant in GROUP BY (the totals' key is one).
        by_key = "" if grouping == "all" else f"{KEY_SQL[grouping]}, "
        selects.append(
            f"SELECT '{grouping}', k, SUM(x), SUM(CASE WHEN x = n THEN 1 ELSE 0 END), {sums} "
            f"FROM (SELECT cadre_id, {KEY_SQL[grouping]} AS k, COUNT(*) AS n, "
            f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS x, {marked} "
            f"FROM {entries} WHERE scope_id = %s AND cadre_id IN (SELECT cadre_id FROM "
            f"{entries} WHERE scope_id = %s AND until > %s) "
            f"GROUP BY {by_key}cadre_id) AS per_cadre WHERE x > 0 GROUP BY k"
        )
        params += [today] * (len(MARKS) + 1) + [scope, scope, today]
    cursor.execute(" UNION ALL ".join(selects), params)
    return {
        (grouping, key): Counter(dict(zip(FIGURES, map(int_or_zero, values), strict=True)))
        for grouping, key, *values in cursor.fetchall()
    }


def open_figures(cursor, scope, today, started):
    """Today's rotations under way: how many, their cadres, the overdue and the due ones.

    `started`: the outcome grouping's "open" figures, corrected (`corrections`): the open
    rotations that have started and their cadres, persons kept exact by the rollup. Added
    to them: the few with an end recorded after today, and their cadres not already among
    those; the overdue and due ones counted over the open rotations' planned ends (partial
    index), no distinct count of 100,000 cadres.
    """
    entries = table_name(RollupEntry)
    due_by = add_months(today, DUE_MONTHS)
    open_ = f"FROM {entries} WHERE scope_id = %s AND final = 'open' AND start <= %s"
    ending = (
        f"FROM {entries} WHERE scope_id = %s AND until > %s AND final <> 'open' AND start <= %s"
    )
    cursor.execute(
        f"SELECT 0, COUNT(*), NULL {open_} AND planned_end < %s UNION ALL "
        f"SELECT 1, COUNT(*), NULL {open_} AND planned_end >= %s AND planned_end <= %s "
        "UNION ALL SELECT 2, cadre_id, CASE WHEN planned_end < %s THEN 'overdue' "
        f"WHEN planned_end <= %s THEN 'due' ELSE '' END {ending} UNION ALL "
        f"SELECT 3, cadre_id, NULL {open_} AND cadre_id IN (SELECT cadre_id {ending})",
        [scope, today, today, scope, today, today, due_by, today, due_by, scope, today, today]
        + [scope, today, scope, today, today],
    )
    overdue = due = 0
    ending_later, also_open = [], set()
    for part, value, late in cursor.fetchall():
        if part == 0:
            overdue += value
        elif part == 1:
            due += value
        elif part == 2:
            ending_later.append(value)
            overdue += late == "overdue"
            due += late == "due"
        else:
            also_open.add(value)
    cadres = set(ending_later) - also_open
    active, persons = int(started[0]) + len(ending_later), int(started[1]) + len(cadres)
    return active, persons, overdue, due


def rollup_tally(scope, params, only=None, cap=None):
    """The tally's `Tallies` for today's summary of a scope, read from the rollup.

    With `cap` (the page), the receiving units only in part: at least the `cap` busiest,
    the others counted in `Tallies.others`.
    """
    today = params.as_of
    capped = only is None and cap is not None
    groupings = stored_groupings(params, only, cap)
    with one_state(router.db_for_read(RollupEntry)) as cursor:
        figures = folded(cursor, scope, groupings)
        corrected = corrections(cursor, scope, [*groupings, *["to_unit"] * capped], today)
        others = {}
        if capped:
            keys = {key for grouping, key in corrected if grouping == "to_unit"}
            read = busiest(cursor, scope, cap, keys)
            figures.update(folded(cursor, scope, ["to_unit"]) if read is None else read[0])
            others["to_unit"] = (0, 0) if read is None else read[1]
        for key, values in corrected.items():
            kept = figures.get(key, [0] * len(FIGURES))
            figures[key] = [(a or 0) - values[name] for a, name in zip(kept, FIGURES, strict=True)]
        started = figures.get(("outcome", "open"), [0, 0])
        under_way = open_figures(cursor, scope, today, started[:2])
    return read_rollup(figures, under_way, params, only, others)


def rollup_followed(scope, today):
    """{flag: (rotations, persons)} of what followed (postings/reports/followed.py) for today's
    summary of a scope: the "after" grouping's totals and unfolded changes, and the cadres
    with an entry not settled today (not yet ended or started, or a review or placement dated
    after today) counted again as the register stands today."""
    using = router.db_for_read(RollupEntry)
    with one_state(using) as cursor:
        figures = folded(cursor, scope, ["after"])
        entries = RollupEntry.objects.using(using).filter(scope_id=scope)
        unsettled = entries.filter(settled__gt=today).values("cadre_id")
        rows = list(
            entries.filter(cadre_id__in=unsettled)
            .order_by("cadre_id")
            .values_list("posting_id", "cadre_id", "placed", "placed_key", "reviews", "settled",
                         "start", "until", "final")
        )  # fmt: skip
        today_values = values_on([row[0] for row in rows if row[5] > today], today, using)
    counts = {key: [int(values[0]), int(values[1])] for (_g, key), values in figures.items()}
    stored = followed.fold((cadre, *values, 1) for _p, cadre, *values, _s, _b, _u, _f in rows)
    now = followed.fold(
        (cadre, *today_values.get(posting, NOT_SETTLED), 1) if settled > today else
        (cadre, placed, key, reviews, 1)
        for posting, cadre, placed, key, reviews, settled, *_rest in rows
    )  # fmt: skip
    for flag in stored.keys() | now.keys():
        count = counts.setdefault(flag, [0, 0])
        for index in (0, 1):
            count[index] += now.get(flag, (0, 0))[index] - stored.get(flag, (0, 0))[index]
    return {flag: tuple(count) for flag, count in counts.items()}


NOT_SETTLED = (followed.NOT_ENDED, 0, 0)


def rollup_followed_on(scope, params):
    """{flag: (rotations, persons)} of what followed for any period and as-of date of a
    scope the rollup keeps: its entries starting in the period, with their stored values
    where these were settled by the as-of date, the others as the register stood that day
    (`values_on`). A country's 880,000 ended rotations without three subqueries each."""
    as_of = params.as_of
    using = router.db_for_read(RollupEntry)
    entries = RollupEntry.objects.using(using).filter(
        scope_id=scope, start__gte=params.start, start__lte=params.end
    )
    settled = Q(settled__lte=as_of)
    with one_state(using) as cursor:
        stored = entries.filter(settled).order_by("cadre_id")
        sql, sql_params = stored.values_list(
            "cadre_id", "placed", "placed_key", "reviews"
        ).query.sql_with_params()
        cursor.execute(sql, sql_params)  # no converters: 970,000 plain rows
        rows = [(*row, 1) for row in cursor.fetchall()]
        later = list(
            entries.exclude(settled).order_by("cadre_id").values_list("posting_id", "cadre_id")
        )
        now = values_on([posting for posting, _cadre in later], as_of, using)
    rows += [(cadre, *now[posting], 1) for posting, cadre in later if posting in now]
    rows.sort(key=lambda row: row[0])  # two runs ordered by cadre, merged
    return followed.fold(rows)


def rollup_plan_tally(scope, today):
    """Plan against done for today's summary of a scope (postings/rollup_plans.py): the
    "plan" grouping's totals and unfolded changes, corrected for the items whose dates fall
    after today."""
    using = router.db_for_read(RollupEntry)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        figures = folded(cursor, scope, [rollup_plans.GROUPING])
        counts = {key: values[0] for (_grouping, key), values in figures.items()}
        return rollup_plans.plan_tally(scope, counts, today)


def values_on(posting_ids, day, using):
    """{rotation: (placed, placed_key, reviews)} as the register stood on `day`, for those
    of these rotations ended by then (the others are not counted)."""
    if not posting_ids:
        return {}
    rows = (
        Posting.objects.using(using)
        .filter(ended_q(day), pk__in=posting_ids)
        .annotate(
            f_placed=followed.placed_value(day),
            f_key=followed.placed_key_value(day),
            f_reviews=followed.review_mask(day),
        )
        .values_list("pk", "f_placed", "f_key", "f_reviews")
    )
    return {pk: tuple(values) for pk, *values in rows}


def read_rollup(figures, under_way, params, only, others):
    """The folded and corrected figures (lists of `FIGURES`) as the tally's `Tallies`."""
    at = {name: index for index, name in enumerate(FIGURES)}
    rotations, persons = at["rotations"], at["persons"]
    by = defaultdict(dict)
    for (grouping, key), values in figures.items():
        if values[rotations]:
            by[grouping][key] = values
    active, active_persons, overdue, due = under_way
    nothing = [0] * len(FIGURES)
    totals = by["all"].get("", nothing)
    numbers = {name: int(totals[at[name]]) for name in ALL_MARKS}
    numbers["postings_total"] = int(totals[rotations])
    numbers["cadres_rotated"] = int(totals[persons])
    numbers.update(postings_active=active, overdue=overdue, due_6_months=due, not_started=0)
    numbers["postings_ended"] = numbers["postings_total"] - active
    ended = {key: v for key, v in by["outcome"].items() if key != "open"}
    numbers["duration_met"] = int(sum(v[at["duration_met"]] for v in ended.values()))
    female = by["sex"].get(Cadre.Sex.FEMALE, nothing)
    numbers["female"], numbers["women"] = int(female[rotations]), int(female[persons])
    minority = [v for key, v in by["ethnicity"].items() if key != MAJORITY_ETHNIC_GROUP]
    numbers["minority"] = int(sum(v[rotations] for v in minority))
    numbers["ethnic_minority"] = int(sum(v[persons] for v in minority))
    if active:
        ongoing = [0] * len(FIGURES)
        ongoing[rotations], ongoing[persons] = active, active_persons
        ended["ongoing"] = ongoing
    tables = {
        "year": {int(k): v for k, v in by["year"].items()},
        "term": {(int(k) if k else None): v for k, v in by[f"term_{params.terms}"].items()},
        "direction": by["direction"],
        "to_unit": {int(k): v for k, v in by["to_unit"].items()},
        "post": by["post"],
        "outcome": ended,
        "sex": by["sex"],
        "ethnicity": by["ethnicity"],
        "age": by["age"],
    }
    result = {name: {} for name in GROUPINGS if name != "year_direction"}
    for name in tables if only is None else [only]:
        result[name] = {k: (v[rotations], v[persons]) for k, v in tables[name].items()}
    year_direction = {}
    if only is None:
        for key, values in by["year_direction"].items():
            year, direction = key.split("|", 1)
            year_direction.setdefault(int(year), {})[direction] = int(values[rotations])
    return Tallies(numbers, result, year_direction, others)
