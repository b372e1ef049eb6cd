"""Reads of the report pages from a PostgreSQL replica; everything else on the primary.

With `DATABASE_REPLICA_URL` set, the settings add the database alias `replica`. Reads go
to it only inside `replica_reads()` (a context, or the `reads_from_replica` decorator on a
view): the summary's and the exports' computations, the record pages. Everything else
reads and writes the primary: sessions, the login, the admin, every write, and the summary
page served from the cache.

Nothing reads its own write from the replica: at the first read inside the context, the
primary's current WAL position is read and the replica must have replayed up to it (it is
given `REPLICA_WAIT_SECONDS`); every transaction committed before that read is then on the
replica. If it lags further, or does not answer, the context reads the primary. Callers
that cache what they compute read the scope versions before entering the context
(`registry.cache`), so a result is never stored under a version newer than its data.
"""

import functools
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"
REPLICA_WAIT_SECONDS = 1.0
POLL_SECONDS = 0.05

# None outside `replica_reads`; inside, a dict whose "alias" is decided at the first read.
reading = ContextVar("registry_replica_reads", default=None)


@contextmanager
def replica_reads():
    """Inside this block, reads go to the replica once it has every committed write."""
    token = reading.set({"alias": None})
    try:
        yield
    finally:
        reading.reset(token)


def reads_from_replica(view):
    """A view whose reads go to the replica (it must not write)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


def replica_configured():
    return REPLICA in settings.DATABASES


def caught_up(wait=REPLICA_WAIT_SECONDS):
    """Whether the replica holds every transaction the primary has committed by now."""
    primary, replica = connections[DEFAULT_DB_ALIAS], connections[REPLICA]
    try:
        replica.ensure_connection()
        if primary.vendor != "postgresql":
            return True  # only the tests give SQLite a second alias: one database
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (target,) = cursor.fetchone()
        deadline = time.monotonic() + wait
        while True:
            with replica.cursor() as cursor:
                # NULL: not a standby (the alias names the primary itself, as in the tests).
                cursor.execute(
                    "SELECT pg_last_wal_replay_lsn() IS NULL "
                    "OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    [target],
                )
                if cursor.fetchone()[0]:
                    return True
            if time.monotonic() >= deadline:
                log.warning(
                    "replica behind the primary by more than %s s: reading the primary", wait
                )
                return False
            time.sleep(POLL_SECONDS)
    except DatabaseError as error:
        log.warning("replica unavailable, reading the primary: %s", error)
        return False


class ReplicaRouter:
    """Reads inside `replica_reads` to the replica; all else, and every write, to the primary."""

    def db_for_read(self, model, **hints):
        state = reading.get()
        if state is None or not replica_configured():
            return None
        if state["alias"] is None:
            state["alias"] = REPLICA if caught_up() else DEFAULT_DB_ALIAS
        return state["alias"]

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
