"""Pages of the application itself, not of the registry: health check and error pages."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("registry.health")

# Errors that mean "the database is not answering", not "the code is wrong".
OUTAGE_ERRORS = (OperationalError, InterfaceError)


@login_not_required
@never_cache
def healthz(request):
    """Tell the load balancer whether this process can answer: 200 if the database does."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check: database unavailable: %s", type(error).__name__)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon: send them the registry's."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def is_outage(error):
    """Whether the error, or one it arose from, is the database not answering."""
    while error is not None:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


def outage_response(request):
    context = {"request_id": getattr(request, "request_id", "")}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = "30"
    return response


@requires_csrf_token
def bad_request(request, exception):
    """Say what was wrong with the request; a session lost to a database outage is a 503."""
    if is_outage(exception):
        # The session middleware reports a failed save as "session interrupted" (400).
        return outage_response(request)
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))


@requires_csrf_token
def server_error(request):
    """Apologise without a stack trace, with the request id; 503 when the database is down."""
    context = {"request_id": getattr(request, "request_id", "")}
    try:
        if is_outage(sys.exc_info()[1]):
            return outage_response(request)
        body = loader.get_template("500.html").render(context)
    except Exception:  # The page that reports an error must not fail itself.
        body = f"Error 500. Request id: {context['request_id']}"
    return HttpResponseServerError(body)
