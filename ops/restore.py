"""Restore a backup made by `ops/backup.py` into the configured database.

PostgreSQL: creates the database if it does not exist, then `pg_restore --clean --if-exists`
(the database ends up exactly as backed up). SQLite: `migrate`, `flush`, then `loaddata`.
Whatever the database held before is replaced. The signed scans in `<FILE>.scans.tar`, when
it is there, are put back into the scans' storage (files it already holds are kept).

    python ops/restore.py FILE                  # or: make restore FILE=backups/…
"""

import argparse
import sys
from pathlib import Path

from pg import ROOT, django_database, is_postgres, pg_env, run
from scanfiles import restore_scans, scans_archive


def ensure_database(database):
    """Create the target database when it does not exist yet (restore into a new server)."""
    import psycopg
    from psycopg import sql

    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not found:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"]))
            )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"no such backup file: {args.file}")
    database = django_database()
    if is_postgres(database):
        ensure_database(database)
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(args.file),
            ],
            env=pg_env(database),
        )
    else:
        manage = [sys.executable, str(ROOT / "manage.py")]
        run([*manage, "migrate", "--no-input"])
        run([*manage, "flush", "--no-input"])
        run([*manage, "loaddata", str(args.file)])
    print(f"Restored {args.file} into {database['NAME']}")
    archive = scans_archive(args.file)
    print(f"Signed scans put back: {restore_scans(archive)} from {archive}")


if __name__ == "__main__":
    main()
