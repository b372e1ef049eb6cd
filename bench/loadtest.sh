#!/usr/bin/env bash
# Bounded load test: gunicorn on 127.0.0.1 serving the bench (or demo) database, wrk against
# the summary, the postings changelist and a trivial view, logged in. Stops what it started.
#
#   make loadtest                                  # the bench database (PostgreSQL)
#   LOADTEST_DATABASE_URL=sqlite:///db.sqlite3 make loadtest   # the demo database
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
PORT=${PORT:-8765}
WORKERS=${WORKERS:-3}          # 2 cores: 2n-1 sync workers
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-32}
BASE="http://127.0.0.1:${PORT}"
export DJANGO_SETTINGS_MODULE=bench.settings
export BENCH_DATABASE_URL=${LOADTEST_DATABASE_URL:-${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rotation_registry_bench}}
export CONN_MAX_AGE=${CONN_MAX_AGE:-60}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
WORK=$(mktemp -d)
# One cache shared by the workers, as Redis is in production, so the summary is computed
# once, at the warm-up below, not once per worker under load: the local Redis when one
# answers (its database 15, emptied first), else a file cache.
if [ -z "${LOADTEST_CACHE_URL:-}" ] && command -v redis-cli >/dev/null \
  && redis-cli -n 15 flushdb >/dev/null 2>&1; then
  LOADTEST_CACHE_URL=redis://127.0.0.1:6379/15
fi
export CACHE_URL=${LOADTEST_CACHE_URL:-filecache://$WORK/cache}
echo "cache: ${CACHE_URL}"
GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A load-test superuser and a session for it, written straight into the session store.
SESSION=$("$PYTHON" - <<'PY'
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from importlib import import_module
user, _ = get_user_model().objects.get_or_create(
    username="loadtest", defaults={"is_staff": True, "is_superuser": True})
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.set_expiry(3600)
store.save()
print(store.session_key)
PY
)

"$PYTHON" -m gunicorn bench.wsgi:application --bind "127.0.0.1:${PORT}" --workers "$WORKERS" \
  --timeout 300 --log-level warning >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "$BASE/bench/trivial/" && break
  sleep 0.2
done

printf '\n%-28s %9s %9s %9s %8s\n' "page" "req/s" "p50" "p99" "errors"
run() {
  local name=$1 path=$2 status
  status=$(curl -s -o /dev/null -m 300 -w '%{http_code}' -b "sessionid=$SESSION" "$BASE$path")
  if [ "$status" != "200" ]; then
    printf '%-28s not measured: %s answers %s (page not there yet?)\n' "$name" "$path" "$status"
    return
  fi
  # Warm-up: the first request may compute the summary (seconds at national scale).
  curl -s -o /dev/null -m 300 -b "sessionid=$SESSION" "$BASE$path"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s \
    -H "Cookie: sessionid=$SESSION" "$BASE$path" >"$WORK/$name.txt" 2>&1 || true
  "$PYTHON" - "$name" "$WORK/$name.txt" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
# The distribution's lines only: "+/- Stdev" percentages like 72.50% end in "50%" too.
p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
print(f"{name:28} {rps.group(1) if rps else '?':>9} {p50.group(1) if p50 else '?':>9} "
      f"{p99.group(1) if p99 else '?':>9} {errors:8}")
PY
}
run trivial "/bench/trivial/"
run summary "/reports/?as_of=2026-11-26"
run changelist "/admin/postings/posting/"
