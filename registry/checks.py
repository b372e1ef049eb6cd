"""System checks of the registry's configuration (Django's check framework).

The mail check runs before `migrate`, `runserver` and `check`, so `make serve` stops on it;
the cache check is a deployment warning (`manage.py check --deploy`).
"""

from django.conf import settings
from django.core import checks
from django.core.checks import Error, register

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


# Backends that put the mail, password-reset links included, where others can read it.
WRITTEN_DOWN = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register()
def mail_is_sent_not_written_down(app_configs, **kwargs):
    """In production a password-reset link is mailed, never written to the log or a file."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in WRITTEN_DOWN:
        return []
    return [
        Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} (the default when it is not set) "
            "with DEBUG off: password-reset links would be written to the log, where anyone "
            "who reads it could take over the account.",
            hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
            "(docs/DEPLOYMENT.md, Mail).",
            id="registry.E001",
        )
    ]
