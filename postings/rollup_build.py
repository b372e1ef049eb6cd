"""The rollup rebuilt from scratch (`manage.py rebuild_rollup`) and compacted (`compact_rollup`)."""

from collections import Counter, defaultdict
from itertools import groupby
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone

from postings.models import Posting
from postings.rollup_plans import rebuild_plan_totals
from postings.rollup_tables import COUNTRY, RollupChange, RollupEntry, RollupState, RollupTotal

FIGURES = ("rotations", "persons")


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def rollup_rebuild(report=lambda line: None):
    """Every entry and total computed again from the rotations, in one transaction.

    On PostgreSQL the rotations are locked against writes (SHARE) while it runs, so no
    write falls between what the rebuild read and what it wrote.
    """
    from postings.rollup import COLUMNS, KEY_SQL, MARKS, MARKS_OF, counted_rows

    with transaction.atomic():
        RollupState.objects.select_for_update().filter(pk=1).first()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {table(Posting)} IN SHARE MODE")
            for model in (RollupEntry, RollupChange, RollupTotal):
                cursor.execute(f"DELETE FROM {table(model)}")
            sql, params = counted_rows().query.sql_with_params()
            columns = ", ".join(COLUMNS)
            inner = ", ".join(
                f"{name} AS {column}"
                for name, column in zip(selected_names(), COLUMNS, strict=True)
            )
            for scope, where in (
                (str(COUNTRY), ""),
                ("e_from_root", ""),
                ("e_to_root", "WHERE e_to_root <> e_from_root"),
            ):
                cursor.execute(
                    f"INSERT INTO {table(RollupEntry)} (scope_id, {columns}) "
                    f"SELECT {scope}, {inner} FROM ({sql}) AS counted {where}",
                    params,
                )
            report("entries written")
            for grouping, key in KEY_SQL.items():
                marks = MARKS_OF.get(grouping, ())
                cursor.execute(totals_sql(grouping, key, marks, MARKS))
            write_after_totals()
            rebuild_plan_totals()
            report("totals written")
        RollupState.objects.update_or_create(
            pk=1, defaults={"stale": False, "built_at": timezone.now()}
        )
    rollup_vacuum()


def write_after_totals():
    """What followed (the "after" grouping): each scope's entries read by cadre and folded by
    the flags' one definition (postings/reports/followed.py), streamed from the database."""
    from postings.reports.followed import NOT_ENDED, fold

    def rows_of(scope_rows):
        return ((cadre, *values) for _scope, cadre, *values in scope_rows)

    with connection.chunked_cursor() as cursor:
        cursor.execute(
            "SELECT scope_id, cadre_id, placed, placed_key, reviews, COUNT(*) "
            f"FROM {table(RollupEntry)} WHERE placed <> %s "
            "GROUP BY scope_id, cadre_id, placed, placed_key, reviews ORDER BY scope_id, cadre_id",
            [NOT_ENDED],
        )
        totals = []
        for scope, scope_rows in groupby(cursor, key=itemgetter(0)):
            for flag, (rotations, persons) in fold(rows_of(scope_rows)).items():
                totals.append(
                    RollupTotal(scope_id=scope, grouping="after", key=flag, rotations=rotations,
                                persons=persons)
                )  # fmt: skip
    RollupTotal.objects.bulk_create(totals, batch_size=1000)


def rollup_vacuum():
    """PostgreSQL, outside a transaction: VACUUM (ANALYZE) the entries and totals.

    Sets the visibility map, so the open rotations are counted from their partial index
    alone (an index-only scan: 0.2 s instead of 0.9 s at a million rotations, loaded
    machine); a bulk load in a transaction calls it once committed (bench/scale/load.py).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (RollupEntry, RollupTotal):
            cursor.execute(f"VACUUM (ANALYZE) {table(model)}")


def selected_names():
    """The names `counted_rows` selects its entry columns under."""
    from postings.rollup import COLUMNS, PLAIN

    return [PLAIN.get(column, f"e_{column}") for column in COLUMNS]


def totals_sql(grouping, key, marks, all_marks):
    """One grouping's totals per scope and key: rotations, persons (cadres), its marks."""
    per_cadre = ", ".join(f"SUM({name}) AS {name}" for name in marks) or "0 AS unused"
    sums = ", ".join(f"SUM({name})" if name in marks else "0" for name in all_marks)
    # PostgreSQL refuses a constant in GROUP BY (the totals' key is one).
    by_key = "" if key == "''" else f"{key}, "
    return (
        f"INSERT INTO {table(RollupTotal)} (scope_id, grouping, {qn('key')}, rotations, "
        f"persons, {', '.join(all_marks)}) "
        f"SELECT scope_id, '{grouping}', k, SUM(n), COUNT(*), {sums} FROM ("
        f"SELECT scope_id, {key} AS k, cadre_id, COUNT(*) AS n, {per_cadre} "
        f"FROM {table(RollupEntry)} GROUP BY scope_id, {by_key}cadre_id) AS per_cadre "
        "GROUP BY scope_id, k"
    )


def qn(name):
    return connection.ops.quote_name(name)


def rollup_compact():
    """Fold the changes appended so far into the totals; return how many were folded.

    Only this (and the rebuild) writes the totals, under the lock of the state's row; the
    changes folded are deleted by their ids, so a change committed meanwhile stays to be
    read and folded next time. A stale rollup is rebuilt instead.
    """
    from postings.rollup import MARKS

    with transaction.atomic():
        state = RollupState.objects.select_for_update().filter(pk=1).first()
        if state is None or state.stale:
            rollup_rebuild()
            return 0
        names = [*FIGURES, *MARKS]
        changes = list(
            RollupChange.objects.order_by("pk").values_list(
                "pk", "scope_id", "grouping", "key", *names
            )[:200_000]
        )
        if not changes:
            return 0
        folded = defaultdict(Counter)
        for _pk, scope, grouping, key, *values in changes:
            folded[scope, grouping, key].update(dict(zip(names, values, strict=True)))
        apply_to_totals(folded, names)
        ids = [change[0] for change in changes]
        for start in range(0, len(ids), 5000):
            RollupChange.objects.filter(pk__in=ids[start : start + 5000]).delete()
    return len(changes)


def apply_to_totals(folded, names):
    """Add the folded changes to the totals: rows changed are replaced, empty ones dropped."""
    by_scope = defaultdict(dict)
    for (scope, grouping, key), values in folded.items():
        by_scope[scope][grouping, key] = values
    for scope, changed in by_scope.items():
        groupings = {grouping for grouping, _key in changed}
        current = RollupTotal.objects.filter(scope_id=scope, grouping__in=groupings)
        totals = {}
        stale_ids = []
        for row in current.values("pk", "grouping", "key", *names):
            if (row["grouping"], row["key"]) in changed:
                stale_ids.append(row["pk"])
                totals[row["grouping"], row["key"]] = Counter({name: row[name] for name in names})
        new_rows = []
        for (grouping, key), values in changed.items():
            total = totals.get((grouping, key), Counter())
            summed = {name: total[name] + values[name] for name in names}
            if any(summed.values()):
                new_rows.append(RollupTotal(scope_id=scope, grouping=grouping, key=key, **summed))
        for start in range(0, len(stale_ids), 5000):
            RollupTotal.objects.filter(pk__in=stale_ids[start : start + 5000]).delete()
        RollupTotal.objects.bulk_create(new_rows, batch_size=1000)
