"""Real Chromium against a live server: the fixtures the browser tests share.

Debian's Chromium is driven by Playwright (never `playwright install`). Without a browser
the tests are skipped with the reason printed, except under CI (CI=true), where a missing
browser is a failure. On failure a screenshot and the page's HTML go to test-artifacts/.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import make_plan, make_posting, make_unit

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PASSWORD = "mật-khẩu-thử-1"


def _missing(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def records(home_district):
    """A rotation with all it links to, so that every page and form has something to show."""
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    posting = make_posting(from_unit=board, to_unit=commune, warnings=["higher_post"])
    posting.evaluations.create(kind="annual", date="2011-01-01", rating="good")
    make_plan(posting.cadre, unit=commune)
    commune.inspection_findings.create(date="2012-01-01", finding="Thiếu hồ sơ")
    return {"posting": posting, "commune": commune}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Python Playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


# Anything but the live server: the tests must not depend on the network.
ELSEWHERE = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/])")


def new_context(browser, **options):
    """A browser context that reaches only the live server; what it refused is in .refused."""
    context = browser.new_context(**options)
    context.refused = []

    def refuse(route):
        context.refused.append(route.request.url)
        route.abort()

    context.route(ELSEWHERE, refuse)
    return context


@pytest.fixture
def page(browser, request):
    context = new_context(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    # Let the page's last requests finish before the test's database is emptied: a request
    # the live server is still answering would write into tables being flushed (on SQLite,
    # "FOREIGN KEY constraint failed" at teardown).
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightError as error:  # a page that never settles fails its own test, not this
        print(f"{request.node.name}: the page did not settle: {error}")
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = ARTIFACTS / request.node.name.replace("/", "_")
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # the page may be gone; the failure itself is what matters
            print(f"could not save artifacts for {request.node.name}: {error}")
    context.close()
    assert context.refused == [], "the page asked for something outside the live server"


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()


def axe_violations(page):
    """Serious and critical accessibility violations axe-core finds on the current page."""
    if not AXE.exists():
        _missing("axe-core is not installed: npm install")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def html_errors(documents):
    """Errors the Nu Html Checker reports, for {name: html}."""
    if not VNU.exists():
        _missing("vnu-jar is not installed: npm install")
    if not shutil.which("java"):
        _missing("no Java to run the Nu Html Checker")
    # One folder per pytest-xdist worker: two workers never write the same page-N.html.
    folder = ARTIFACTS / "html" / os.environ.get("PYTEST_XDIST_WORKER", "main")
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for index, (name, html) in enumerate(documents.items()):
        path = folder / f"page-{index}.html"
        path.write_text(html, encoding="utf-8")
        paths[str(path.resolve())] = name
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = []
    for message in messages:
        url = message.get("url", "").removeprefix("file:")
        errors.append(
            f"{paths.get(url, url)}: line {message.get('lastLine')}: {message['message']}"
        )
    return errors
