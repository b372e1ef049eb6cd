"""Rules the database itself enforces, beyond CHECK constraints.

- postings_posting_no_overlap: one cadre's counted rotations never overlap in time.
  PostgreSQL: an exclusion constraint over daterange(start, end); SQLite: triggers (SQLite
  serialises writers, so a trigger's check cannot race).
- postings_posting_units_existed: the from- and to-units existed on the start date.
  A trigger on both databases (the rule spans two tables, which CHECK cannot).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER postings_posting_no_overlap_insert BEFORE INSERT ON postings_posting
    WHEN NEW.outcome <> 'cancelled'
    BEGIN
        SELECT RAISE(ABORT, 'postings_posting_no_overlap') WHERE EXISTS (
            SELECT 1 FROM postings_posting p
            WHERE p.cadre_id = NEW.cadre_id AND p.outcome <> 'cancelled'
              AND p.start < COALESCE(NEW.actual_end, NEW.planned_end)
              AND COALESCE(p.actual_end, p.planned_end) > NEW.start);
    END
    """,
    """
    CREATE TRIGGER postings_posting_no_overlap_update BEFORE UPDATE ON postings_posting
    WHEN NEW.outcome <> 'cancelled'
    BEGIN
        SELECT RAISE(ABORT, 'postings_posting_no_overlap') WHERE EXISTS (
            SELECT 1 FROM postings_posting p
            WHERE p.cadre_id = NEW.cadre_id AND p.id <> NEW.id AND p.outcome <> 'cancelled'
              AND p.start < COALESCE(NEW.actual_end, NEW.planned_end)
              AND COALESCE(p.actual_end, p.planned_end) > NEW.start);
    END
    """,
    """
    CREATE TRIGGER postings_posting_units_existed_insert BEFORE INSERT ON postings_posting
    BEGIN
        SELECT RAISE(ABORT, 'postings_posting_units_existed') WHERE EXISTS (
            SELECT 1 FROM cadres_unit u
            WHERE u.id IN (NEW.from_unit_id, NEW.to_unit_id)
              AND ((u.valid_from IS NOT NULL AND u.valid_from > NEW.start)
                OR (u.valid_to IS NOT NULL AND u.valid_to < NEW.start)));
    END
    """,
    """
    CREATE TRIGGER postings_posting_units_existed_update
    BEFORE UPDATE OF start, from_unit_id, to_unit_id ON postings_posting
    BEGIN
        SELECT RAISE(ABORT, 'postings_posting_units_existed') WHERE EXISTS (
            SELECT 1 FROM cadres_unit u
            WHERE u.id IN (NEW.from_unit_id, NEW.to_unit_id)
              AND ((u.valid_from IS NOT NULL AND u.valid_from > NEW.start)
                OR (u.valid_to IS NOT NULL AND u.valid_to < NEW.start)));
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS postings_posting_no_overlap_insert",
    "DROP TRIGGER IF EXISTS postings_posting_no_overlap_update",
    "DROP TRIGGER IF EXISTS postings_posting_units_existed_insert",
    "DROP TRIGGER IF EXISTS postings_posting_units_existed_update",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE postings_posting ADD CONSTRAINT postings_posting_no_overlap
    EXCLUDE USING gist (
        cadre_id WITH =,
        daterange(start, COALESCE(actual_end, planned_end), '[)') WITH &&
    ) WHERE (outcome <> 'cancelled')
    """,
    """
    CREATE FUNCTION postings_posting_units_existed() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM cadres_unit u
            WHERE u.id IN (NEW.from_unit_id, NEW.to_unit_id)
              AND ((u.valid_from IS NOT NULL AND u.valid_from > NEW.start)
                OR (u.valid_to IS NOT NULL AND u.valid_to < NEW.start))
        ) THEN
            RAISE EXCEPTION 'postings_posting_units_existed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER postings_posting_units_existed
    BEFORE INSERT OR UPDATE OF start, from_unit_id, to_unit_id ON postings_posting
    FOR EACH ROW EXECUTE FUNCTION postings_posting_units_existed()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS postings_posting_units_existed ON postings_posting",
    "DROP FUNCTION IF EXISTS postings_posting_units_existed()",
    "ALTER TABLE postings_posting DROP CONSTRAINT IF EXISTS postings_posting_no_overlap",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("postings", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
