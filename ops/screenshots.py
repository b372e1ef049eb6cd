"""Pictures of the main pages for the README: docs/screenshots/*.png, from the demo data.

A throwaway SQLite database gets the demo (`seed_demo`); `runserver` serves it on a free
port; Chromium (/usr/bin/chromium, driven by Playwright, as the browser tests) logs in as
demo-staff, demo-leader and demo-admin and takes each page at 1280 and 375 px. The summary's
print version is taken with print media emulated. Very tall pages are cut at MAX_HEIGHT.

    python ops/screenshots.py [--only NAME ...]        # or: make screenshots
"""

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "luanchuyen2003"  # demo.accounts.DEMO_PASSWORD, published in the README
WIDTHS = (1280, 375)
MAX_HEIGHT = {1280: 1600, 375: 2400}
# (file name, account, path, media)
SHOTS = [
    ("home-staff", "demo-staff", "/", "screen"),
    ("home-leader", "demo-leader", "/", "screen"),
    ("home-admin", "demo-admin", "/", "screen"),
    ("rotations", "demo-staff", "/admin/postings/posting/", "screen"),
    ("summary", "demo-leader", "/reports/", "screen"),
    ("summary-print", "demo-leader", "/reports/?print=1", "print"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def demo_server(workdir):
    """The demo on a live server of its own; yields its URL."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rotation_registry.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{workdir}/screenshots.sqlite3",
        "CACHE_URL": "locmemcache://",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo"]):
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(Path(workdir) / "server.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/healthz", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped; see its log")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def log_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()


def shoot(browser, url, shots):
    """Each shot at each width; returns the files written."""
    written = []
    for width in WIDTHS:
        for username in dict.fromkeys(account for _name, account, _path, _media in shots):
            context = browser.new_context(
                viewport={"width": width, "height": 900}, locale="vi-VN", device_scale_factor=1
            )
            page = context.new_page()
            log_in(page, url, username)
            for name, account, path, media in shots:
                if account != username:
                    continue
                page.emulate_media(media=media)
                page.goto(f"{url}{path}")
                page.wait_for_load_state("networkidle")
                height = page.evaluate("document.documentElement.scrollHeight")
                target = OUTPUT / f"{name}-{width}.png"
                page.screenshot(
                    path=target,
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT[width])},
                )
                written.append(target)
            context.close()
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of the shots to take (default: all)")
    args = parser.parse_args(argv)
    shots = [shot for shot in SHOTS if not args.only or shot[0] in args.only]
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as workdir,
        demo_server(workdir) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            written = shoot(browser, url, shots)
        finally:
            browser.close()
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
