"""The succession pool page (`/reports/nguon/`) and its download: the summary's scope,
as-of date, permission, print header and cache (postings/views.py). `?verdict=thieu` (or
`du`, `thua`) keeps the key titles judged so: the rows each headline figure counts."""

import dataclasses

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postings.filters import SummaryForm
from postings.reports.pool import VERDICTS, cached_pool
from postings.views import (
    VIEW_POSTINGS,
    document_header,
    report_params,
    scope_name,
    summary_form,
)
from registry import exports
from registry.routers import reads_from_replica

# Rows a page shows; the download holds them all.
POOL_PAGE_ROWS = 300
# The summary's filter fields the pool does not use: it is a picture on one day.
UNUSED_FIELDS = ("start", "end", "terms")


class PoolForm(SummaryForm):
    """The summary's filter without the period (the pool is a picture on one day), with the
    verdict."""

    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", _("All verdicts")), *VERDICTS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in UNUSED_FIELDS:
            del self.fields[name]


def pool_form(request, params):
    return summary_form(request, params, form_class=PoolForm)


def pool_asked(request):
    """(form, params, verdict) of the request; params None when the filter is invalid."""
    _form, params = report_params(request)
    form = pool_form(request, params)
    if params is None or not form.is_valid():
        return form, None, ""
    return form, params, form.cleaned_data["verdict"]


def chosen(data, verdict):
    """The pool, its rows narrowed to `verdict` when one is asked."""
    return dataclasses.replace(data, rows=data.of_verdict(verdict)) if verdict else data


def without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def succession_pool(request):
    """Each key title of each unit in the scope on the as-of date: holders, the planned,
    how many of them rotated, and whether the plan is short, enough or crowded."""
    form, params, verdict = pool_asked(request)
    context = {"form": form, "form_action": reverse("postings:pool")}
    if params is None:
        return render(request, "postings/pool.html", context, status=400)
    data = cached_pool(request.user, params)
    rows = chosen(data, verdict).rows
    page = Paginator(rows, POOL_PAGE_ROWS).get_page(request.GET.get("page"))
    context |= {
        "params": params,
        "pool": data,
        "rows": page.object_list,
        "page": page,
        "verdict": verdict,
        "verdict_label": VERDICTS.get(verdict, ""),
        "figures": data.figures(),
        "scope_name": scope_name(params.scope),
        "header": document_header(params.scope, params.as_of),
        # The figures link to their verdict from the page without one.
        "query": without(request, "print", "page", "verdict"),
        "list_query": without(request, "print", "page"),
        "printing": "print" in request.GET,
    }
    return render(request, "postings/pool.html", context)


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def pool_export(request, fmt):
    """The whole succession pool (or its titles of one verdict) as a CSV or Excel file."""
    if fmt not in exports.RESPONSES:
        raise Http404
    form, params, verdict = pool_asked(request)
    if params is None:
        messages = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
        return HttpResponseBadRequest("\n".join(messages), content_type="text/plain")
    return exports.RESPONSES[fmt](chosen(cached_pool(request.user, params), verdict), params)
