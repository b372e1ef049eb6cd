"""Backup and restore, end to end: every table comes back with every row, history included."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.storage import storages
from django.db import connection
from psycopg import sql

from ops.scanfiles import backup_scans, restore_scans, scans_archive
from postings.models import Evaluation
from tests.factories import make_cadre, make_district, make_posting, make_unit
from tests.test_scans import real_pdf, upload

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


def ops(script, *args, database, scans):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": database, "SCAN_ROOT": str(scans)}
    return subprocess.run(
        [sys.executable, f"ops/{script}", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def scans_in(settings, folder):
    """Point the scans' storage at `folder`, as SCAN_ROOT does for the ops scripts."""
    settings.STORAGES = {
        **settings.STORAGES,
        "scans": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }


def scanned_review(posting, text):
    review = Evaluation(posting=posting, kind="authority", date=datetime.date(2013, 3, 1))
    review.scan = upload(real_pdf(text))
    review.full_clean()
    review.save()
    return review.scan.name


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_table_into_an_empty_database(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the pg_dump round trip needs PostgreSQL (SQLite backups are dumpdata JSON)")
    scans_in(settings, tmp_path / "scans")
    district = make_district()
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=district)
    cadre = make_cadre()
    posting = make_posting(cadre=cadre, from_unit=board, to_unit=make_unit(parent=district))
    scan = scanned_review(posting, "kết luận")
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
        source_url = database_url(source, source["NAME"])
        ops("backup.py", "--output", str(backup), database=source_url, scans=tmp_path / "scans")
        restored_scans = tmp_path / "restored-scans"
        ops("restore.py", str(backup), database=database_url(source, target), scans=restored_scans)
        before, after = figures(source, source["NAME"]), figures(source, target)
        with connect(source, target) as db:
            restored_name = db.execute("SELECT scan FROM postings_evaluation").fetchone()[0]
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
    # The signed scan: the restored record names it, and the restored storage holds it.
    assert restored_name == scan
    assert (restored_scans / scan).read_bytes() == real_pdf("kết luận")


def test_backup_archive_puts_back_every_scan_and_keeps_the_storages_own(
    db, tmp_path, settings, home_district
):
    scans_in(settings, tmp_path / "scans")
    posting = make_posting(
        from_unit=make_unit(kind="party", parent=home_district),
        to_unit=make_unit(parent=home_district),
    )
    names = [scanned_review(posting, "một"), scanned_review(posting, "hai")]
    archive = scans_archive(tmp_path / "registry.json")
    assert archive.name == "registry.json.scans.tar"
    assert backup_scans(archive) == 2
    scans_in(settings, tmp_path / "restored")
    kept = storages["scans"].save("postings/evaluation/kept.pdf", upload(real_pdf("giữ")))
    assert restore_scans(archive) == 2
    assert restore_scans(archive) == 0  # nothing twice
    storage = storages["scans"]
    assert [storage.open(name).read() for name in names] == [real_pdf("một"), real_pdf("hai")]
    assert storage.open(kept).read() == real_pdf("giữ")
