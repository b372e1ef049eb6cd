"""Settings for the benchmark and load-test processes: the registry's, plus bench-only URLs."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
# Connections kept between requests, as docs/DEPLOYMENT.md sets them in production: a new
# connection per request would measure connection setup and cold catalog caches instead of
# the pages (the stock admin, served by the same process, gets the same).
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
if "BENCH_DATABASE_URL" in os.environ or "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rotation_registry_bench"
    )

from rotation_registry.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEBUG = False
# The bench sends no mail; production's start-up check refuses the console (registry/checks).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The bench and the load test speak plain HTTP on 127.0.0.1 (no TLS proxy in front): without
# this every page answers the production redirect to https and nothing is measured.
SECURE_SSL_REDIRECT = False
