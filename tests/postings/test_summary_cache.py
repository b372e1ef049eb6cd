"""The summary page from its cached body: looked up before anything is built, the header
rendered per request around it, rebuilt by one process after a write while the others serve
the previous body with its time."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cadres.models import UserScope
from postings import reports
from postings.models import Posting
from registry import cache
from registry.cache import page_key

AS_OF = datetime.date(2026, 11, 26)
SUMMARY = f"/reports/?as_of={AS_OF}"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def get(client, url=SUMMARY):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured]


def total(html):
    return int(html.split('data-metric="postings_total">')[1].split("<")[0])


def country_key():
    """The country summary's key for a national user, as another process computes it."""
    params = reports.Params(scope=None, start=reports.PERIOD_START, end=AS_OF, as_of=AS_OF)
    return page_key("summary", params, viewer="all", query=f"as_of={AS_OF}")


def test_cached_page_builds_neither_scope_picker_nor_figures(admin_client, register):
    first, first_queries = get(admin_client)
    assert any("cadres_unit" in sql for sql in first_queries), "the picker is built once"
    again, queries = get(admin_client)
    # Session and user: nothing else (the session was refreshed by the first view).
    assert not [sql for sql in queries if "cadres_unit" in sql or "postings_" in sql]
    assert len(queries) == 2
    assert CSRF.sub("", again) == CSRF.sub("", first)


def test_cached_page_is_the_page_computed_afresh(admin_client, register, settings):
    cached, _ = get(admin_client)
    cached, _ = get(admin_client)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    fresh, queries = get(admin_client)
    assert any("postings_posting" in sql for sql in queries)
    assert CSRF.sub("", cached) == CSRF.sub("", fresh)


def test_users_of_one_scope_share_the_body_each_with_their_own_header(register):
    users = []
    for name in ("Lãnh đạo Một", "Lãnh đạo Hai"):
        user = User.objects.create_user(name.replace(" ", "-").lower(), first_name=name)
        user.user_permissions.add(Permission.objects.get(codename="view_posting"))
        UserScope.objects.create(user=user, unit=register.district)
        users.append(user)
    clients = [Client(), Client()]
    for client, user in zip(clients, users, strict=True):
        client.force_login(user)
    first, _ = get(clients[0])
    second, queries = get(clients[1])
    assert not [sql for sql in queries if "postings_" in sql], "the first user's body is reused"
    assert "Lãnh đạo Hai" in second and "Lãnh đạo Một" not in second
    assert "Lãnh đạo Một" in first
    tokens = [CSRF.findall(html) for html in (first, second)]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]
    assert total(second) == total(first)


def test_another_scope_picker_is_not_served_from_a_national_users_body(
    admin_client, register, client
):
    admin_html, _ = get(admin_client, f"{SUMMARY}&scope={register.district.pk}")
    user = User.objects.create_user("lanh-dao", first_name="Lãnh đạo")
    user.user_permissions.add(Permission.objects.get(codename="view_posting"))
    UserScope.objects.create(user=user, unit=register.district)
    client.force_login(user)
    district_html, _ = get(client, f"{SUMMARY}&scope={register.district.pk}")
    # The national picker lists the other district; the district's own does not.
    assert "Huyện Văn Lãng" in admin_html.split('name="scope"')[1].split("</select>")[0]
    assert "Huyện Văn Lãng" not in district_html.split('name="scope"')[1].split("</select>")[0]


def test_after_a_write_one_process_rebuilds_and_the_others_serve_the_previous_body(
    admin_client, register, django_capture_on_commit_callbacks
):
    before, _ = get(admin_client)
    with django_capture_on_commit_callbacks(execute=True):
        posting = Posting.objects.get(pk=register.p1.pk)
        posting.outcome = Posting.Outcome.CANCELLED
        posting.save()
    # Another process is rebuilding the page: this one serves the previous body, marked.
    assert cache.cache.add(f"{country_key()}:building", True)
    stale, queries = get(admin_client)
    assert not [sql for sql in queries if "postings_" in sql]
    assert total(stale) == total(before)
    note = re.search(r'<p class="note no-print" role="status">(.*?)</p>', stale, re.S)
    assert note and re.search(r"\b\d\d:\d\d\b", note.group(1))
    # The rebuild done (its lock released), the page shows the new figures, unmarked.
    cache.cache.delete(f"{country_key()}:building")
    fresh, queries = get(admin_client)
    assert any("postings_posting" in sql for sql in queries)
    assert total(fresh) == total(before) - 1
    assert 'role="status"' not in fresh


def test_with_no_body_to_serve_a_view_waits_for_the_rebuild_then_builds_it_itself(
    admin_client, register, monkeypatch
):
    monkeypatch.setattr(cache, "BUILD_WAIT_SECONDS", 0.3)
    assert cache.cache.add(f"{country_key()}:building", True)  # held by a process that died
    html, queries = get(admin_client)
    assert total(html) == 8  # the fixture's counted rotations in the whole country
    assert 'role="status"' not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_language_has_its_own_body(admin_client, register, language):
    admin_client.cookies["django_language"] = language
    html, _ = get(admin_client)
    assert f'<html lang="{language}">' in html
    words = {"vi": "Số liệu chính", "en": "Headline figures"}
    assert words[language] in html.split('<main id="content"')[1]


def test_a_process_serves_its_copy_of_the_body_until_a_write_changes_the_versions(
    admin_client, register, monkeypatch, django_capture_on_commit_callbacks
):
    built, _ = get(admin_client)  # built and stored in the shared cache
    read, _ = get(admin_client)  # read from the shared cache, and kept by this process
    shared = caches["default"]
    shared_get = shared.get

    def body_not_read(key, *args, **kwargs):
        assert key != country_key(), "the body was carried out of the shared cache again"
        return shared_get(key, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(shared, "get", body_not_read)
        copy, queries = get(admin_client)
    assert CSRF.sub("", copy) == CSRF.sub("", built) == CSRF.sub("", read)
    assert len(queries) == 2
    with django_capture_on_commit_callbacks(execute=True):
        posting = Posting.objects.get(pk=register.p1.pk)
        posting.outcome = Posting.Outcome.CANCELLED
        posting.save()
    # The versions moved on: the copy is not served, the page is built again.
    fresh, queries = get(admin_client)
    assert any("postings_posting" in sql for sql in queries)
    assert total(fresh) == total(built) - 1


def test_the_copies_are_bounded_in_bytes_and_in_time(monkeypatch):
    recent = cache.Recent(max_bytes=10)
    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    recent.keep("a", ((1, 1), None, b"aaaa"))
    recent.keep("b", ((1, 1), None, b"bbbb"))
    assert recent.get("a", (1, 1)) == ((1, 1), None, b"aaaa")  # now the most recent
    assert recent.get("a", (1, 2)) is None  # another version: not this copy
    recent.keep("c", ((1, 1), None, b"cccc"))  # 12 bytes: the least recent goes
    assert recent.get("b", (1, 1)) is None
    assert recent.get("a", (1, 1)) and recent.get("c", (1, 1))
    assert recent.size == 8
    recent.keep("big", ((1, 1), None, b"x" * 11))  # larger than the whole: not kept
    assert recent.get("big", (1, 1)) is None and recent.size == 8
    recent.keep("a", ((1, 2), None, b"aa"))  # a newer entry replaces the copy
    assert recent.get("a", (1, 1)) is None and recent.size == 6
    now[0] += 60 * 60 + 1  # SUMMARY_CACHE_SECONDS later: dropped as the shared entry is
    assert recent.get("a", (1, 2)) is None and recent.get("c", (1, 1)) is None
