"""Cached summaries, keyed by a version of the scope they cover.

A summary of a scope (the country, a province, a district: a unit's subtree) depends only
on the rows that reach that subtree. Each scope has a version in the shared cache
(`CACHE_URL`: Redis in production, local memory in development and tests); a cached summary's
key names the version of its scope, so a write makes stale exactly the summaries of the
scopes its rows reach: a rotation in a commune of Lộc Bình bumps the commune's, Lộc Bình's,
Lạng Sơn's and the country's versions and leaves Đình Lập's alone.

Versions are bumped after the transaction commits (`transaction.on_commit`), with the
cache's atomic `incr`, so no write updates a row that writers of other scopes share and
no reader caches a summary under a version that a commit still to come would not change.
A write to a unit or a catalogue (titles, terms, unit changes) may change what any summary
shows (a unit's name, a title's category) and bumps the version of everything.

Writes through the ORM are seen by the signals below (`connect_signals`); bulk writes
(`bulk_create`, `QuerySet.update()`, COPY) send none and call `scopes_changed(paths)`, or
`data_version_bump()` when they do not know which scopes they touched: once per batch.
"""

import collections
import functools
import hashlib
import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone, translation

from registry.routers import replica_reads

log = logging.getLogger(__name__)

REGISTRY_APPS = ("cadres", "postings")
COUNTRY = "/"
# The version every key carries: bumped by writes whose effect has no scope.
EVERYTHING = "*"
# Units and unit changes name the places every summary shows (a rotation from a district
# to a commune elsewhere shows that commune's name and successors in the district's tables).
EVERYWHERE_MODELS = {"cadres.unit", "cadres.unitchange"}
PENDING = "_registry_stale_scopes"
# How long a process may hold the right to rebuild a page before another takes it over (a
# worker killed mid-build leaves its lock behind), and how long a view with nothing to
# serve waits for the process building it.
BUILD_LOCK_SECONDS = 90
BUILD_WAIT_SECONDS = 20


def version_key(scope):
    return f"scope-version:{scope}"


def scopes_of(paths):
    """Every scope a row under these unit paths belongs to: the country and each ancestor."""
    scopes = {COUNTRY}
    for path in paths:
        parts = [part for part in path.split("/") if part]
        for depth in range(1, len(parts) + 1):
            scopes.add("/" + "/".join(parts[:depth]) + "/")
    return scopes


def fresh_version():
    # A version key lost from the cache (evicted, restarted) starts again at a random value,
    # never at one a summary may still be stored under.
    return secrets.randbits(52)


def bump(scopes):
    """Give each scope a new version: its cached summaries are not read again."""
    for scope in scopes:
        key = version_key(scope)
        while True:
            try:
                cache.incr(key)
                break
            except ValueError:  # missing: start it, unless another process just did
                if cache.add(key, fresh_version(), timeout=None):
                    break


def versions(*scopes):
    """The current version of each scope, in order: one cache round trip."""
    keys = [version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, fresh_version(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def scopes_changed(paths=(), *, everything=False, using=DEFAULT_DB_ALIAS):
    """After the current transaction commits, make the summaries of these rows' scopes stale.

    `paths` are the unit paths the written rows reach; `everything=True` makes every summary
    stale. Within one transaction the scopes are gathered and bumped once, at the commit.
    """
    connection = connections[using]
    pending = connection.__dict__.setdefault(PENDING, set())
    if not connection.run_on_commit:
        # Nothing waits for a commit: what was gathered belonged to work rolled back.
        pending.clear()
    pending.update([EVERYTHING] if everything else scopes_of(paths))
    # One callback per call, each bumping what is pending then: the first one after the
    # commit bumps them all and the rest find nothing. A savepoint rolled back (an import's
    # refused row) drops its own callbacks and keeps the others, so what the transaction
    # commits is always bumped (with at most the refused row's scopes besides).
    transaction.on_commit(functools.partial(flush, using), using=using, robust=True)


def flush(using):
    pending = connections[using].__dict__.get(PENDING)
    if pending:
        scopes = set(pending)
        pending.clear()
        bump(scopes)


def data_version_bump(*, using=DEFAULT_DB_ALIAS):
    """Make every cached summary stale once the transaction commits (bulk loads, seed_scale)."""
    scopes_changed(everything=True, using=using)


class Tracking:
    """How writes to one model make summaries stale: everything, or the scopes of its units."""

    def __init__(self, model):
        meta = model._meta
        self.model = model
        self.lookups = getattr(model._default_manager.all(), "scope_lookups", ())
        self.everything = not self.lookups or meta.label_lower in EVERYWHERE_MODELS
        # Lookups that are one foreign key to a unit (a rotation's from- and to-unit): the
        # ids are remembered when a row is loaded, and the units are usually loaded with it,
        # so a save learns the scopes it leaves and enters without a query.
        self.direct = None
        names = [lookup.removesuffix("__") for lookup in self.lookups]
        if not self.everything and all(name and "__" not in name for name in names):
            fields = [meta.get_field(name) for name in names]
            if all(field.many_to_one for field in fields):
                self.direct = fields

    def remember(self, instance):
        """The row's units as loaded (post_init): the scopes a later save may leave."""
        values = instance.__dict__
        instance._registry_units = {f.attname: values.get(f.attname) for f in self.direct}

    def paths_before(self, instance, using):
        """The paths of the units the stored row reaches, read before a save or a delete.

        None when the row's units were remembered at load: `paths_after` uses those.
        """
        remembered = getattr(instance, "_registry_units", None)
        if self.direct and remembered and None not in remembered.values():
            return None
        return self.query(instance.pk, using)

    def paths_after(self, instance, using, before=None, *, deleted=False):
        """The paths of the units the row reaches now and those it reached before."""
        paths = set(before or ())
        if self.direct:
            paths |= self.direct_paths(instance, using)
        elif not deleted:
            paths |= self.query(instance.pk, using)
        return paths

    def direct_paths(self, instance, using):
        """From the row's unit ids, as saved and as remembered: the loaded units, else a query."""
        remembered = getattr(instance, "_registry_units", {})
        paths, missing = set(), {}
        for field in self.direct:
            unit = field.get_cached_value(instance, None) if field.is_cached(instance) else None
            for pk in {getattr(instance, field.attname), remembered.get(field.attname)} - {None}:
                if unit is not None and unit.pk == pk:
                    paths.add(unit.path)
                else:
                    missing.setdefault(field.related_model, set()).add(pk)
        for model, keys in missing.items():
            found = model._base_manager.using(using).filter(pk__in=keys)
            paths.update(found.values_list("path", flat=True))
        self.remember(instance)  # a second save of the same object leaves only these scopes
        return {path for path in paths if path}

    def query(self, pk, using):
        """The paths of the units a stored row reaches through its scope lookups: one query."""
        rows = self.model._base_manager.using(using).filter(pk=pk)
        queries = [
            rows.values_list(f"{lookup}path", flat=True).order_by() for lookup in self.lookups
        ]
        return {path for path in queries[0].union(*queries[1:]) if path}


@functools.cache
def tracking(model):
    """The model's `Tracking`, or None for a model whose writes no summary shows."""
    meta = model._meta
    if meta.app_label not in REGISTRY_APPS or meta.model_name.startswith("historical"):
        return None
    if getattr(model, "shown_in_no_summary", False):  # bookkeeping, e.g. reminders sent
        return None
    return Tracking(model)


def row_changed(model, instance, using, before=None):
    how = tracking(model)
    if how is None:
        return
    if how.everything:
        scopes_changed(everything=True, using=using)
    else:
        scopes_changed(how.paths_after(instance, using, before), using=using)


def loaded(sender, instance, **kwargs):
    tracking(sender).remember(instance)


def before_save(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    """An existing row's units before the change: the scopes it may be leaving."""
    how = tracking(sender)
    if how is not None and not how.everything and not instance._state.adding:
        instance._registry_paths_before = how.paths_before(instance, using)


def after_save(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    row_changed(sender, instance, using, instance.__dict__.pop("_registry_paths_before", None))


def before_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    how = tracking(sender)
    if how is not None and not how.everything:
        instance._registry_paths_before = how.paths_before(instance, using)


def after_delete(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    how = tracking(sender)
    if how is None:
        return
    if how.everything:
        scopes_changed(everything=True, using=using)
    else:
        before = instance.__dict__.pop("_registry_paths_before", None)
        scopes_changed(how.paths_after(instance, using, before, deleted=True), using=using)


def links_changed(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs):
    """A many-to-many link added or removed: the scopes of the row that holds it."""
    if action in ("post_add", "post_remove", "post_clear"):
        row_changed(type(instance), instance, using)


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import (
        m2m_changed,
        post_delete,
        post_init,
        post_save,
        pre_delete,
        pre_save,
    )

    for signal, receiver in [
        (pre_save, before_save),
        (post_save, after_save),
        (pre_delete, before_delete),
        (post_delete, after_delete),
        (m2m_changed, links_changed),
    ]:
        signal.connect(receiver, dispatch_uid=f"registry-cache-{receiver.__name__}")
    for model in apps.get_models():
        how = tracking(model)
        if how is not None and how.direct:
            post_init.connect(loaded, sender=model, dispatch_uid=f"registry-cache-{model}")


def summary_key(name, params):
    """The cache key of a summary (or one table) for these params, at the scope's version.

    Who asks is not part of it: a user who may see a scope sees all of its rows (the
    permission is checked before), so every user of the scope shares the entry.
    """
    scope = params.scope.path if params.scope else COUNTRY
    everything, version = versions(EVERYTHING, scope)
    parts = [
        "summary",
        name,
        everything,
        version,
        translation.get_language(),
        params.scope.pk if params.scope else "-",
        params.start.isoformat(),
        params.end.isoformat(),
        params.as_of.isoformat(),
    ]
    return ":".join(str(part) for part in parts)


def remembered(name, params, compute):
    """`compute()`'s result for these params, through the cache."""
    key = summary_key(name, params)
    result = cache.get(key)
    if result is None:
        # The versions are read (in the key) before the replica is asked for its position.
        with replica_reads():
            result = compute()
        cache.set(key, result, settings.SUMMARY_CACHE_SECONDS)
    return result


def scope_versions(scope):
    """The versions a page about `scope` (a unit, None for the country) depends on."""
    return tuple(versions(EVERYTHING, scope.path if scope else COUNTRY))


class Recent:
    """This process's copies of the page entries it last read from the shared cache.

    An entry is (versions, time computed, body): served only at the versions it names, so a
    copy is never newer or older than the shared entry it was read from. A cached page then
    costs one small round trip (the versions) instead of carrying its body (hundreds of
    kilobytes) out of Redis on every request. Bounded in bytes; a copy is dropped after
    `SUMMARY_CACHE_SECONDS`, as the shared entry would be.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = collections.OrderedDict()  # key: (entry, size, deadline)
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key, current):
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0][0] != current or found[2] < time.monotonic():
                return None
            self.entries.move_to_end(key)
            return found[0]

    def keep(self, key, entry):
        size = len(entry[2])
        with self.lock:
            self.drop(key)
            if size > self.max_bytes:
                return
            deadline = time.monotonic() + settings.SUMMARY_CACHE_SECONDS
            self.entries[key] = (entry, size, deadline)
            self.size += size
            while self.size > self.max_bytes:
                self.drop(next(iter(self.entries)))

    def drop(self, key):
        found = self.entries.pop(key, None)
        if found is not None:
            self.size -= found[1]

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


RECENT_PAGE_BYTES = 32 * 1024 * 1024  # about eighty country summaries, per process
recent = Recent(RECENT_PAGE_BYTES)


def versions_and_entry(scope, key):
    """`scope_versions(scope)` and the entry under `key`: this process's copy when it is at
    those versions, else the shared cache's (a second round trip), kept here when current."""
    current = scope_versions(scope)
    entry = recent.get(key, current)
    if entry is None:
        entry = cache.get(key)
        if entry is not None and entry[0] == current:  # a stale body is not kept
            recent.keep(key, entry)
    return current, entry


def page_key(name, params, *, viewer, query):
    """The cache key of a rendered page body, without versions (`served` keeps those).

    `viewer` names what the page shows besides the data (the scope picker of a national
    user, or of one unit's); `query` is the request's query string, in a fixed order.
    """
    parts = [
        "page-utf8",  # bodies kept as UTF-8 bytes (`store`): text entries of before never read
        name,
        translation.get_language(),
        viewer,
        params.scope.pk if params.scope else "-",
        params.start.isoformat(),
        params.end.isoformat(),
        params.as_of.isoformat(),
        hashlib.sha256(query.encode()).hexdigest()[:24],
    ]
    return ":".join(str(part) for part in parts)


def served(key, current, build, *, entry=None):
    """A rendered body for `key` at the data versions `current`: (body, stale_at), the body
    as UTF-8 bytes.

    `stale_at` is None for a body computed at `current`. After a write only one process,
    the one that takes the lock (`cache.add`), builds the new body; meanwhile the others
    serve the previous one with `stale_at`, the time it was computed. With no previous
    body they wait a while for the one being built, then build it themselves. `entry`, when
    given, is the entry already read (`versions_and_entry`).
    """
    entry = cache.get(key) if entry is None else entry
    if entry is not None and entry[0] == current:
        return entry[2], None
    lock = f"{key}:building"
    if cache.add(lock, True, BUILD_LOCK_SECONDS):
        try:
            return store(key, current, build), None
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    while entry is None and time.monotonic() < deadline:
        time.sleep(0.2)
        entry = cache.get(key)
    if entry is None:
        return store(key, current, build), None
    return entry[2], (None if entry[0] == current else entry[1])


def store(key, current, build):
    # `current` was read before the replica is asked for its position (registry/routers.py).
    with replica_reads():
        body = build()
    # Kept as UTF-8: served as it is, and read back from Redis without decoding.
    body = body.encode()
    cache.set(key, (current, timezone.now(), body), settings.SUMMARY_CACHE_SECONDS)
    return body
