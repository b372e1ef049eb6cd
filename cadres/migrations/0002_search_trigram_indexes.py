"""Trigram indexes for diacritic-insensitive search (PostgreSQL only).

`CadreQuerySet.search` and the admin's search boxes filter `search_key__contains`, which
is LIKE '%nguyen van a%': a B-tree cannot serve a leading wildcard, a pg_trgm GIN index
can. At a million rotations (half a million cadres) the admin's cadre search goes from a
sequential scan of the table to a bitmap index scan (see docs/PERFORMANCE.md).
SQLite has no equivalent; its tables there are small enough to scan.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Serves: cadre search in the admin and Cadre.objects.search (LIKE '%key%').
    "CREATE INDEX IF NOT EXISTS cadres_cadre_search_key_trgm "
    "ON cadres_cadre USING gin (search_key gin_trgm_ops)",
    # Serves: unit search and autocomplete pickers in the admin (LIKE '%key%').
    "CREATE INDEX IF NOT EXISTS cadres_unit_search_key_trgm "
    "ON cadres_unit USING gin (search_key gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS cadres_unit_search_key_trgm",
    "DROP INDEX IF EXISTS cadres_cadre_search_key_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
