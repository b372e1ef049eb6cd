"""Request-wide plumbing: a request id and one log line per request; refusal of NUL bytes;
no copy of a page kept by a browser or proxy; the client's address behind trusted proxies.

The log line names the user, method, path (never the query string or the body, which may
hold a national ID number or a password), status and duration. The request id is echoed
in the `X-Request-ID` header and shown on the error pages, so that a user can quote it.
"""

import contextvars
import ipaddress
import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.functional import empty
from django.utils.translation import gettext as _

logger = logging.getLogger("registry.requests")
request_id_var = contextvars.ContextVar("request_id", default="-")

# An id from the reverse proxy is kept when it is plainly an id; anything else is replaced.
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_LOGGED_PATH = 300


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request it was written in ("-" outside one)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def printable(text, limit=MAX_LOGGED_PATH):
    """Text safe for one log line: control characters escaped, length bounded."""
    text = CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    return text if len(text) <= limit else f"{text[:limit]}…"


def user_label(request):
    """The user's name if the request already looked them up; never a new query."""
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    if getattr(user, "_wrapped", None) is empty:
        # Not evaluated by the view: do not query now (the database may be the problem).
        return "-"
    return printable(user.get_username(), 150) if user.is_authenticated else "anonymous"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        started = time.monotonic()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request.request_id
            return response
        finally:
            logger.info(
                "%s %s %s %s %.0fms",
                user_label(request),
                request.method,
                printable(request.path),
                status,
                (time.monotonic() - started) * 1000,
            )
            request_id_var.reset(token)


class RejectNulMiddleware:
    """Answer 400 to a URL or query string holding NUL bytes, which no database stores."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                render_to_string(
                    "400.html",
                    {
                        "reason": _("The address contains a character that is not allowed."),
                        "request_id": request.request_id,
                    },
                )
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """No browser or proxy keeps a copy of a page or file the registry sends.

    Nearly every page holds personal data (summaries, record pages, exports); like the
    admin's, they are sent `private, no-store`, merged with whatever else a view says.
    Static files are answered by whitenoise, above this middleware, and cache as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response


def client_address(request):
    """The address of the person at the other end, as the trusted proxies report it.

    Each of the TRUSTED_PROXY_COUNT proxies in front appends the address it got the request
    from to X-Forwarded-For, so the client's is that many entries from the right; entries
    further left are written by the client and prove nothing. With no proxy, or a request
    that did not pass through them (a header too short or not an address), it is the
    socket's REMOTE_ADDR. django-axes locks a user name at this address
    (AXES_CLIENT_IP_CALLABLE).
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
