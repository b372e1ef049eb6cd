"""System checks of the core's configuration (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

# Caches every server process shares, whose `incr` is atomic: the scope versions that key
# cached summaries (registry/cache.py) must be both, or a process may serve a summary
# computed before another process's write.
SHARED_ATOMIC_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in SHARED_ATOMIC_CACHES:
        return []
    return [
        checks.Warning(
            f"The cache ({backend}) is not one that every server process shares with an "
            "atomic increment: after a write, another process may go on serving the cached "
            "summaries computed before it.",
            hint="Set CACHE_URL to Redis, e.g. redis://127.0.0.1:6379/1 (docs/DEPLOYMENT.md).",
            id="registry.W001",
        )
    ]
