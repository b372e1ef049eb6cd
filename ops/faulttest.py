"""Fault test: restart PostgreSQL under load and show that nothing acknowledged is lost.

On loopback only, bounded to two minutes:
1. a fresh database `rr_prod_fault` (migrated) and gunicorn on 127.0.0.1, production
   settings (persistent connections with health checks);
2. a steady stream of reads (the admin term list) and writes (admin add-term form POSTs,
   logged in, with CSRF) from several threads;
3. PostgreSQL stopped for a few seconds, then started again;
4. checks: the same gunicorn answers again without a restart; every write acknowledged
   with 302 is in the database; during the outage users got the friendly 503 page (no
   stack trace), never a hang. PostgreSQL is started again at the end whatever happens.

    python ops/faulttest.py                     # or: make faulttest
"""

import http.cookiejar
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("FAULT_DATABASE", "rr_prod_fault")
SERVER = os.environ.get("FAULT_PG_SERVER", "postgres@127.0.0.1:5432")
# "VERSION NAME" of the local cluster for pg_ctlcluster; default: the one installed.
_versions = sorted(p.name for p in Path("/etc/postgresql").glob("*")) or ["15"]
CLUSTER = os.environ.get("FAULT_PG_CLUSTER", f"{_versions[-1]} main").split()
OUTAGE_SECONDS = float(os.environ.get("FAULT_OUTAGE_SECONDS", 5))
DEADLINE = time.monotonic() + 120
CLIENTS = 4
PASSWORD = secrets.token_urlsafe(16)
FRIENDLY = "Sổ luân chuyển tạm thời không truy cập được"


def pg(*args):
    return subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def pg_running():
    host, port = SERVER.split("@")[1].split(":")
    return subprocess.run(["pg_isready", "-q", "-h", host, "-p", port]).returncode == 0


def psql(database, command):
    user, address = SERVER.split("@")
    host, port = address.split(":")
    return subprocess.run(
        ["psql", "-h", host, "-p", port, "-U", user, "-d", database, "-tAc", command],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One logged-in user: a cookie jar and the CSRF token, like a browser tab."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        no_redirect = type(
            "NoRedirect",
            (urllib.request.HTTPRedirectHandler,),
            {"redirect_request": lambda *args, **kwargs: None},
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), no_redirect
        )

    def request(self, path, data=None):
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.csrf()}
            body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self):
        self.request("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/", {"username": "fault", "password": PASSWORD, "next": "/admin/"}
        )
        if status != 302:
            raise RuntimeError(f"login failed: {status}")


class Load:
    """The steady stream of reads and writes, and what came of each."""

    def __init__(self, base):
        self.base = base
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged, self.events = [], []

    def record(self, kind, status, body):
        friendly = status == 503 and FRIENDLY in body and "Traceback" not in body
        with self.lock:
            self.events.append((time.monotonic(), kind, status, friendly))
            if status not in (200, 302) and not friendly:
                print(f"  unexpected answer to a {kind}: {status} {body[:300]!r}")

    def run(self, number):
        browser = Browser(self.base)
        browser.login()
        count = 0
        while not self.stop.is_set() and time.monotonic() < DEADLINE:
            count += 1
            name = f"fault-{number}-{count}"
            for kind, path, data in (
                ("read", "/admin/cadres/term/", None),
                (
                    "write",
                    "/admin/cadres/term/add/",
                    {"name": name, "start": "01/01/2030", "end": "31/12/2034"},
                ),
            ):
                try:
                    status, body = browser.request(path, data)
                except OSError as error:  # refused, reset or timed out: the worst outcome
                    status, body = 0, str(error)
                self.record(kind, status, body)
                if kind == "write" and status == 302:
                    with self.lock:
                        self.acknowledged.append(name)
            time.sleep(0.05)


def main():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env()
    server = log = None
    try:
        prepare_database(env)
        server, log = start_server(env, port)
        wait_until(lambda: get(base + "/healthz") == 200, 20, "gunicorn did not start")
        print(f"gunicorn pid {server.pid} on {base}, database {DATABASE}")
        load, timings = run_outage(base)
        ok = summarise(load, timings, same_server=server.poll() is None, base=base)
        print("RESULT:", "PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        clean_up(server, log)


def server_env():
    """Production settings on loopback, persistent connections, a throwaway superuser."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{SERVER}/{DATABASE}",
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        # Nothing is mailed; production's start-up check refuses the console (registry/checks).
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SUPERUSER_USERNAME": "fault",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "DJANGO_SUPERUSER_EMAIL": "fault@localhost",
    }


def prepare_database(env):
    """A fresh, migrated database with the superuser, and the static files collected."""
    if not pg_running():
        pg("start")
    psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {DATABASE}")
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["collectstatic", "--no-input", "-v", "0"],
        ["createsuperuser", "--no-input"],
    ):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )


def start_server(env, port):
    """gunicorn on 127.0.0.1:port, logging to test-artifacts/; returns (process, log file)."""
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / "faulttest-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "rotation_registry/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "3", "rotation_registry.wsgi"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    return server, log


def run_outage(base):
    """Load from CLIENTS threads, PostgreSQL stopped for OUTAGE_SECONDS meanwhile.

    Returns the load (its events and acknowledged writes) and the outage's start and end
    and the first successful write after it, as monotonic times.
    """
    load = Load(base)
    threads = [threading.Thread(target=load.run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    outage_start = time.monotonic()
    result = pg("stop", "-m", "fast")
    print(f"PostgreSQL stopped ({result.returncode}); outage for {OUTAGE_SECONDS:.0f} s")
    time.sleep(OUTAGE_SECONDS)
    result = pg("start")
    outage_end = time.monotonic()
    print(f"PostgreSQL started ({result.returncode})")
    wait_until(
        lambda: any(t > outage_end and k == "write" and s == 302 for t, k, s, _ in
                    list(load.events)),
        30,
        "no write succeeded after the restart",
    )  # fmt: skip
    recovered = min(t for t, k, s, _ in load.events if t > outage_end and k == "write" and s == 302)
    time.sleep(3)
    load.stop.set()
    for thread in threads:
        thread.join(timeout=15)
    return load, (outage_start, outage_end, recovered)


def summarise(load, timings, *, same_server, base):
    """Print the checks; True when nothing acknowledged was lost and users saw the 503 page."""
    outage_start, outage_end, recovered = timings
    names = set(psql(DATABASE, "SELECT name FROM cadres_term").split())
    acknowledged = set(load.acknowledged)
    lost = acknowledged - names
    errors = [(t, k, s, f) for t, k, s, f in load.events if s != 200 and s != 302]
    friendly = [e for e in errors if e[3]]
    unfriendly = [e for e in errors if not e[3]]
    healthy = get(base + "/healthz") == 200
    print()
    print("=== fault test summary ===")
    print(f"requests:                 {len(load.events)}")
    print(f"writes acknowledged (302): {len(acknowledged)}")
    print(f"acknowledged writes found: {len(acknowledged & names)}  (lost: {len(lost)})")
    print(f"errors during the outage: {len(errors)}: {len(friendly)} friendly 503 pages, "
          f"{len(unfriendly)} other {sorted({e[2] for e in unfriendly})}")  # fmt: skip
    print(f"outage (PostgreSQL down): {outage_end - outage_start:.1f} s")
    print(f"time to recover:          {recovered - outage_end:.1f} s after PostgreSQL start")
    print(f"same gunicorn, healthy:   {same_server}, /healthz {'200' if healthy else 'down'}")
    return bool(
        not lost and acknowledged and friendly and not unfriendly and same_server and healthy
    )


def clean_up(server, log):
    """PostgreSQL running again, gunicorn stopped, the fault database dropped."""
    if not pg_running():
        pg("start")
        wait_until(pg_running, 30, "PostgreSQL did not come back")
    if server and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    if log:
        log.close()
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
         f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"],
        capture_output=True,
    )  # fmt: skip


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wait_until(condition, seconds, message):
    limit = min(time.monotonic() + seconds, DEADLINE)
    while time.monotonic() < limit:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"fault test: {message}")


if __name__ == "__main__":
    sys.exit(main())
