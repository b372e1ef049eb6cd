"""The names behind every figure: the page and the download listing the rotations (or
persons) that a headline figure or a table cell of the summary counts.

Same filter as the summary (`report_params`: scope, period, as-of date, terms), same scope
rule, same definitions (postings/reports/names.py), so the list has as many rows as the
figure says.
"""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.text import slugify

from postings.models import PlanItem
from postings.reports import names
from postings.views import VIEW_POSTINGS, report_params, scope_name
from registry.exports import CONTENT_TYPES, spreadsheet_response
from registry.routers import reads_from_replica
from registry.spreadsheets import write_sheet
from registry.text import search_key

PER_PAGE = 50


def selection_asked(request, params):
    """The figure (`?metric=`) or the table cell (`?table=&key=&col=`) asked for."""
    metric = request.GET.get("metric")
    if metric:
        return names.figure_selection(params, metric)
    return names.cell_selection(
        request.user,
        params,
        request.GET.get("table", ""),
        request.GET.get("key", ""),
        request.GET.get("col", "rotations"),
    )


def bad_filter(form):
    messages = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
    return HttpResponseBadRequest("\n".join(messages), content_type="text/plain")


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def figure_names(request):
    """Who a figure or a table cell of the summary counts: its rotations or persons, paged."""
    form, params = report_params(request)
    if params is None:
        return bad_filter(form)
    selection = selection_asked(request, params)
    rows = names.selected(request.user, params, selection)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    base = selection.base
    query = request.GET.copy()
    query.pop("page", None)
    summary_query = query.copy()
    for key in ("metric", "table", "key", "col"):
        summary_query.pop(key, None)
    context = {
        "selection": selection,
        "params": params,
        "scope_name": scope_name(params.scope),
        "page": page,
        "count": page.paginator.count,
        "base_count": names.selected(request.user, params, base).count() if base else None,
        "query": query.urlencode(),
        "summary_query": summary_query.urlencode(),
        "states": PlanItem.State.choices,
    }
    return render(request, "postings/names.html", context)


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def figure_names_export(request, fmt):
    """The same list as a CSV or Excel file, every row."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    form, params = report_params(request)
    if params is None:
        return bad_filter(form)
    selection = selection_asked(request, params)
    header, rows = names.records(selection, names.selected(request.user, params, selection))
    data = write_sheet(headers=header, rows=rows, file_format=fmt, title="danh-sach")
    scope = slugify(search_key(params.scope.name)) if params.scope else "toan-quoc"
    name = f"danh-sach_{scope or 'don-vi'}_{params.as_of:%Y-%m-%d}"
    return spreadsheet_response(data, file_format=fmt, name=name)
