"""Pages of the application itself, not of the registry: health check and error pages."""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
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


@requires_csrf_token
def server_error(request):
    """Apologise without a stack trace, with the request id; 503 when the database is down."""
    error = sys.exc_info()[1]
    outage = isinstance(error, OUTAGE_ERRORS)
    template, status = ("503.html", 503) if outage else ("500.html", 500)
    context = {"request_id": getattr(request, "request_id", "")}
    try:
        body = loader.get_template(template).render(context)
    except Exception:  # The page that reports an error must not fail itself.
        body = f"Error {status}. Request id: {context['request_id']}"
    response = HttpResponse(body, status=status)
    if outage:
        response["Retry-After"] = "30"
    return response
