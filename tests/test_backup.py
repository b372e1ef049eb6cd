"""Backup and restore, end to end: every table comes back with every row, history included."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from tests.factories import make_cadre, make_district, make_posting, make_unit

ROOT = Path(__file__).resolve().parent.parent


def database_url(settings_dict, name):
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def connect(settings_dict, name):
    return psycopg.connect(database_url(settings_dict, name), autocommit=True)


def figures(settings_dict, name):
    """Row counts of every table, and rotations by direction, as the restore must keep them."""
    with connect(settings_dict, name) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {
            table: db.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
        directions = dict(
            db.execute("SELECT direction, count(*) FROM postings_posting GROUP BY 1").fetchall()
        )
    return counts, directions


def ops(script, *args, database):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database}
    return subprocess.run(
        [sys.executable, f"ops/{script}", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_table_into_an_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the pg_dump round trip needs PostgreSQL (SQLite backups are dumpdata JSON)")
    district = make_district()
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=district)
    cadre = make_cadre()
    make_posting(cadre=cadre, from_unit=board, to_unit=make_unit(parent=district))
    make_posting(
        from_unit=make_unit(parent=district),
        to_unit=board,
        start=datetime.date(2015, 6, 1),
    )
    cadre.note = "Đã sửa"
    cadre.save()
    source = connection.settings_dict
    target = f"{source['NAME']}_restored"
    with connect(source, "postgres") as db:
        db.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )
    backup = tmp_path / "registry.dump"
    try:
        ops("backup.py", "--output", str(backup), database=database_url(source, source["NAME"]))
        ops("restore.py", str(backup), database=database_url(source, target))
        before, after = figures(source, source["NAME"]), figures(source, target)
    finally:
        with connect(source, "postgres") as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
            )
    counts, directions = after
    assert after == before
    assert counts["postings_posting"] == 2
    assert counts["cadres_historicalcadre"] == 3  # two cadres created, one changed
    assert counts["postings_historicalposting"] == 2
    assert sum(directions.values()) == 2 and len(directions) == 2
