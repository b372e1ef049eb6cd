"""The succession pool page (`/reports/nguon/`) and its download: the summary's scope,
as-of date, permission, print header and cache (postings/views.py)."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse

from postings.reports.pool import cached_pool
from postings.views import (
    VIEW_POSTINGS,
    document_header,
    report_params,
    scope_name,
    summary_form,
)
from registry import exports
from registry.routers import reads_from_replica

# Rows the page shows; the download holds them all.
POOL_PAGE_ROWS = 300
# The summary's filter fields the pool does not use: it is a picture on one day.
UNUSED_FIELDS = ("start", "end", "terms")


def pool_form(request, params):
    form = summary_form(request, params)
    for name in UNUSED_FIELDS:
        del form.fields[name]
    return form


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def succession_pool(request):
    """Each key title of each unit in the scope on the as-of date: holders, the planned,
    how many of them rotated, and whether the plan is short, enough or crowded."""
    _form, params = report_params(request)
    context = {"form": pool_form(request, params), "form_action": reverse("postings:pool")}
    if params is None:
        return render(request, "postings/pool.html", context, status=400)
    data = cached_pool(request.user, params)
    query = request.GET.copy()
    query.pop("print", None)
    context |= {
        "params": params,
        "pool": data,
        "rows": data.rows[:POOL_PAGE_ROWS],
        "figures": data.figures(),
        "scope_name": scope_name(params.scope),
        "header": document_header(params.scope, params.as_of),
        "query": query.urlencode(),
        "printing": "print" in request.GET,
    }
    return render(request, "postings/pool.html", context)


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def pool_export(request, fmt):
    """The whole succession pool as a CSV or Excel file."""
    if fmt not in exports.RESPONSES:
        raise Http404
    form, params = report_params(request)
    if params is None:
        messages = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
        return HttpResponseBadRequest("\n".join(messages), content_type="text/plain")
    return exports.RESPONSES[fmt](cached_pool(request.user, params), params)
