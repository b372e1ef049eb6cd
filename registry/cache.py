"""Cached summaries: computed once per scope, filters, language and version of the data.

Every write to the registry bumps `DataVersion` (signals below; bulk loads call
`data_version_bump` themselves), so a cached summary is never read after the data changed:
its key names the version it was computed from. The cache is Django's (`CACHE_URL`): local
memory by default, Redis or the database in production.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import translation

from registry.models import DataVersion
from registry.scopes import NATIONAL, scope_unit

REGISTRY_APPS = ("cadres", "postings")


def data_version():
    """The registry's current data version: one primary-key read."""
    return DataVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def data_version_bump():
    """Make every cached summary stale: the next view computes it afresh."""
    if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def registry_changed(sender, **kwargs):
    """Signal receiver: a registry record was saved or deleted (its history rows aside)."""
    meta = sender._meta
    if (
        meta.app_label in REGISTRY_APPS
        and sender is not DataVersion
        and not meta.model_name.startswith("historical")
    ):
        data_version_bump()


def remembered(name, user, params, compute):
    """`compute()`'s result for this user's visibility and these params, through the cache."""
    unit = scope_unit(user)
    sees = "all" if unit is NATIONAL else getattr(unit, "pk", "none")
    parts = [
        "summary",
        name,
        data_version(),
        translation.get_language(),
        sees,
        params.scope.pk if params.scope else "-",
        params.start.isoformat(),
        params.end.isoformat(),
        params.as_of.isoformat(),
    ]
    key = ":".join(str(part) for part in parts)
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, settings.SUMMARY_CACHE_SECONDS)
    return result
