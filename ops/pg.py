"""Small helpers the ops scripts share: the database settings and PostgreSQL client calls."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_database():
    """The `default` database settings, read the way the application reads them."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotation_registry.settings")
    import django
    from django.conf import settings

    django.setup()
    return settings.DATABASES["default"]


def pg_env(database):
    """Environment for pg_dump/pg_restore/psql: connection through PG* variables."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def run(command, **kwargs):
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def is_postgres(database):
    return database["ENGINE"] == "django.db.backends.postgresql"
