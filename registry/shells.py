"""A page around a cached body, without rendering its template on every request.

A cached page (the summary) is a body kept in the cache and, around it, the site's header
and footer: the same for every request in one language but for the user's name, the CSRF
token and the current path. `page_around` renders that shell once per process, language
and title (with markers in the three places and the body's), and fills it in for each
request by string replacement, escaped as the template would: what a template rendering of
the whole page costs (about half of a cached summary's time) is paid once.
"""

import functools

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# Markers that no template or translation contains.
BODY = "\x02registry-shell-body\x03"
NAME = "registry-shell-name-5b0e"
TOKEN = "registry-shell-token-5b0e"
PATH = "registry-shell-path-5b0e"


class ShellUser:
    """Stands for the signed-in user while the shell is rendered."""

    is_authenticated = True
    is_anonymous = False
    is_active = True

    def get_full_name(self):
        return NAME

    def get_username(self):
        return NAME


class ShellRequest:
    """Stands for the request while the shell is rendered: only the path is read."""

    def get_full_path(self):
        return PATH

    @property
    def path(self):
        return PATH


@functools.lru_cache(maxsize=512)
def shell(template_name, language, title):
    """The page's template rendered once with markers, split at them: (parts, markers)."""
    context = {
        "body": mark_safe(BODY),
        "scope_name": title,
        "stale_at": None,
        "user": ShellUser(),
        "request": ShellRequest(),
        "csrf_token": TOKEN,
        "LANGUAGE_CODE": language,
    }
    with translation.override(language):
        page = render_to_string(template_name, context)
    if page.count(BODY) != 1:
        raise ValueError(f"{template_name} must show its body exactly once")
    return page.split(BODY)


def page_around(request, template_name, body, *, title):
    """The page `template_name` around `body` (UTF-8 bytes, as the cache keeps it), for this
    request (the header's own values), as UTF-8 bytes ready to send."""
    if settings.DEBUG:
        shell.cache_clear()  # templates edited under runserver show at once
    language = translation.get_language()
    before, after = shell(template_name, language, str(title))
    user = request.user
    values = {
        NAME: conditional_escape(user.get_full_name() or user.get_username()),
        TOKEN: conditional_escape(get_token(request)),
        PATH: conditional_escape(request.get_full_path()),
    }
    return b"".join([fill(before, values).encode(), body, fill(after, values).encode()])


def fill(text, values):
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text
