"""The page around a cached body (registry/shells.py) is the page its template renders."""

import re

import pytest
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _check_token_format
from django.shortcuts import render
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from registry import shells
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TEMPLATE = "postings/summary_page.html"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
BODY = '<section id="cached-body"><p>Số liệu &amp; bảng</p></section>'


def request_for(user, path="/reports/?as_of=2026-11-26&scope=7&x=%3Cb%3E"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    return request


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_shell_page_is_the_template_rendered_with_the_same_values(language, home_district):
    user = make_user("nhap-lieu", first_name="Thị <b>Hường</b>", last_name="Nông & Cộng sự")
    with translation.override(language):
        request = request_for(user)
        # The body as the cache keeps it, in UTF-8.
        shelled = shells.page_around(request, TEMPLATE, BODY.encode(), title="Huyện Lộc Bình")
        shelled = shelled.decode()
        # The cached body is rendered HTML (`render_block` returns it marked safe).
        context = {"body": mark_safe(BODY), "stale_at": None, "scope_name": "Huyện Lộc Bình"}
        rendered = render(request_for(user), TEMPLATE, context).content.decode()

    assert CSRF.sub("", shelled) == CSRF.sub("", rendered)
    assert "&lt;b&gt;Hường&lt;/b&gt;" in shelled and "<b>Hường" not in shelled
    assert "x=%3Cb%3E" in shelled and BODY in shelled
    tokens = CSRF.findall(shelled)
    assert len(tokens) == 2
    for token in tokens:
        assert len(token) == CSRF_TOKEN_LENGTH
        _check_token_format(token)  # a real masked token, not a marker


def test_each_request_gets_its_own_name_and_path(home_district):
    first = make_user("a", first_name="An")
    second = make_user("b", first_name="Bình")

    # The body as the cache keeps it, in UTF-8.
    body = BODY.encode()
    page_a = shells.page_around(request_for(first, "/reports/?a=1"), TEMPLATE, body, title="X")
    page_b = shells.page_around(request_for(second, "/reports/?b=2"), TEMPLATE, body, title="X")
    page_a, page_b = page_a.decode(), page_b.decode()

    assert "An" in page_a and "Bình" not in page_a and "?a=1" in page_a
    assert "Bình" in page_b and "?a=1" not in page_b and "?b=2" in page_b
    assert shells.NAME not in page_a + page_b and shells.PATH not in page_a + page_b
    assert shells.TOKEN not in page_a + page_b
