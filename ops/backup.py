"""Back up the registry's database into `backups/` (or --output).

PostgreSQL: `pg_dump --format=custom` (every table, the audit history included; restore with
`ops/restore.py`). SQLite: `manage.py dumpdata --natural-foreign --natural-primary` as JSON.
The signed scans go beside it, in `<file>.scans.tar` (ops/scanfiles.py).

    python ops/backup.py [--output FILE]        # or: make backup
"""

import argparse
import datetime
import sys
from pathlib import Path

from pg import ROOT, django_database, is_postgres, pg_env, run
from scanfiles import backup_scans, scans_archive


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="file to write (default: backups/…)")
    args = parser.parse_args(argv)
    database = django_database()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    postgres = is_postgres(database)
    name = Path(str(database["NAME"])).stem
    output = args.output or ROOT / "backups" / f"{name}-{stamp}.{'dump' if postgres else 'json'}"
    output.parent.mkdir(parents=True, exist_ok=True)
    if postgres:
        run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={output}", database["NAME"]],
            env=pg_env(database),
        )
    else:
        run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "dumpdata",
                "--natural-foreign",
                "--natural-primary",
                "--exclude=contenttypes",
                "--exclude=auth.permission",
                "--exclude=sessions",
                f"--output={output}",
            ]
        )
    print(f"Backup written: {output} ({output.stat().st_size} bytes)")
    archive = scans_archive(output)
    print(f"Signed scans: {backup_scans(archive)} in {archive}")
    return output


if __name__ == "__main__":
    main()
