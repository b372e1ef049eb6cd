"""Write the synthetic data: COPY on PostgreSQL, `bulk_create` elsewhere; the marker table."""

import datetime
import time

from django.db import connection, transaction

from bench.scale.country import load_country
from bench.scale.generator import COLUMNS, Generator
from bench.scale.places import territory
from cadres.models import Cadre, Term, Unit
from postings.models import Posting
from postings.rollup import rollup_rebuild
from postings.rollup_build import rollup_vacuum
from registry.cache import data_version_bump

MARKER_TABLE = "seed_scale_marker"

TERMS = [(year, datetime.date(year, 7, 1), datetime.date(year + 5, 6, 30)) for year in
         range(2000, 2030, 5)]  # fmt: skip
BATCH = 2000


def registry_models():
    """Every table of the two registry apps, history and many-to-many tables included."""
    from django.apps import apps

    models = []
    for label in ("postings", "cadres"):
        models += list(apps.get_app_config(label).get_models(include_auto_created=True))
    models = [model for model in models if model._meta.model_name != "dataversion"]
    return models


def read_marker():
    """(postings, seed) of the synthetic data in the database, or None when there is none."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT postings, seed FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return tuple(row) if row else None


def holds_registry_data():
    return Unit.objects.exists() or Cadre.objects.exists() or Posting.objects.exists()


def clear_registry():
    """Empty every registry table and restart its ids at 1."""
    tables = [model._meta.db_table for model in registry_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred foreign-key checks are pending in this
            # transaction (a test that seeds twice): run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')
            if connection.vendor == "sqlite":
                placeholders = ", ".join(["%s"] * len(tables))
                cursor.execute(
                    f"DELETE FROM sqlite_sequence WHERE name IN ({placeholders})", tables
                )


def write_marker(postings, seed):
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
            "(postings integer NOT NULL, seed integer NOT NULL, loaded_at varchar(40) NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (postings, seed, loaded_at) VALUES (%s, %s, %s)",
            [postings, seed, datetime.datetime.now(datetime.UTC).isoformat()],
        )


class RefusedError(Exception):
    """The database holds registry data that seed_scale did not write."""


def load(*, postings, seed=1, replace=False, provinces=None, names=(), report=print):
    """Replace the registry's content with the real territorial units and synthetic rotations.

    `provinces` (a count) or `names` choose the provinces loaded (see `country.load_country`);
    returns the rows written per table.
    """
    began = time.monotonic()

    def say(message):
        report(f"[{time.monotonic() - began:7.1f}s] {message}")

    with transaction.atomic():
        if holds_registry_data() and read_marker() is None and not replace:
            raise RefusedError(
                "The database holds registry data that seed_scale did not write. "
                "Use --replace to delete it and load synthetic data instead."
            )
        say("emptying the registry tables")
        clear_registry()
        Term.objects.bulk_create(
            Term(name=f"{year}–{year + 5}", start=start, end=end) for year, start, end in TERMS
        )
        load_country(postings, provinces=provinces, names=names, report=say)
        tables = Generator(postings, seed, territory()).run()
        say(", ".join(f"{len(rows):,} {m._meta.db_table}" for m, rows in tables.items()))
        counts = {}
        for model, rows in tables.items():
            if connection.vendor == "postgresql":
                copy_rows(model, rows)
            else:
                insert_rows(model, rows)
            counts[model._meta.db_table] = len(rows)
            say(f"{model._meta.db_table}: {len(rows):,} rows")
        reset_sequences()
        # COPY sends no signals: the summary's rollup is built in bulk from the rows.
        rollup_rebuild(report=say)
        write_marker(postings, seed)
        data_version_bump()  # COPY sends no signals: cached summaries are stale now
        say("committing")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Every table written, the real units' history (UnitChange) included: without
            # its statistics a unit-history query is planned for 4,000 rows, not 10,000.
            for model in registry_models():
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        rollup_vacuum()
        say("analysed")
    return counts


def copy_rows(model, rows):
    """PostgreSQL COPY FROM STDIN, adapting values in psycopg's C dumpers."""
    from psycopg.types.json import Jsonb

    columns = COLUMNS[model]
    json_columns = [
        i for i, name in enumerate(columns) if model._meta.get_field(name).get_internal_type()
        == "JSONField"
    ]  # fmt: skip
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            if json_columns:
                row = list(row)
                for i in json_columns:
                    row[i] = Jsonb(row[i])
            copy.write_row(row)


def insert_rows(model, rows):
    columns = COLUMNS[model]
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=BATCH)


def reset_sequences():
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(COLUMNS) + [Term])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
