"""Pages leaders read. Every read goes through `visible_to(request.user)`; nothing here writes.

Their computations read from the replica when there is one (registry/routers.py): the record
pages and exports through `reads_from_replica`, the summary when its body is rebuilt.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cadres.models import Cadre, PlanningEntry, Unit, UnitChange, now_part_of
from postings import charts, glossary, maps, reports
from postings.filters import SummaryForm, scope_choices
from postings.models import Evaluation, Posting
from postings.reports import word
from postings.reports.document import document_header
from postings.reports.listings import closed_note
from registry import cache, exports, shells
from registry.routers import reads_from_replica
from registry.scopes import NATIONAL, scope_unit, touching

VIEW_POSTINGS = "postings.view_posting"
RECORD_CAP = 500


def glossary_page(request):
    """What each word, state, rule and figure of the registry means, and where it comes from."""
    context = {
        "terms": glossary.TERMS,
        "states": [(state, glossary.STATE_MEANINGS[state]) for state in Posting.State],
        "rules": glossary.rules(),
        "figures": glossary.figure_meanings(),
    }
    return render(request, "postings/glossary.html", context)


def report_params(request):
    """Bind the filter to the query string: (form, Params), Params None when it is invalid.

    A scope the user may not see, or that does not exist, is a 404.
    """
    own_scope = scope_unit(request.user)
    if own_scope is None:
        raise PermissionDenied
    form = SummaryForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    if data["scope"]:
        scope = get_object_or_404(Unit.objects.visible_to(request.user), pk=data["scope"])
    else:
        scope = None if own_scope is NATIONAL else own_scope
    return form, reports.Params(
        scope=scope, start=data["start"], end=data["end"], as_of=data["as_of"], terms=data["terms"]
    )


def summary_form(request, params, form_class=SummaryForm):
    """The filter as the page shows it, with the scope picker: the provinces and districts
    the user may see, and the chosen scope when it is another kind of unit."""
    scopes = list(scope_choices(Unit.objects.visible_to(request.user)))
    form = form_class(request.GET, scopes=scopes)
    chosen = params.scope if params and form.is_valid() and form.cleaned_data["scope"] else None
    if chosen is not None and chosen not in scopes:
        form.fields["scope"].widget.choices.append((chosen.pk, chosen.name))
    return form


@permission_required(VIEW_POSTINGS, raise_exception=True)
def summary(request):
    """The Resolution 11 summary for a scope, period and as-of date: figures, tables, lists.

    The permission checked and the filter read, the rendered body is looked up in the cache
    before anything else is built (the scope picker, the figures); only the header, with the
    user's name and CSRF token, is rendered for each request.
    """
    _form, params = report_params(request)
    if params is None:
        form = summary_form(request, None)
        return render(request, "postings/summary.html", {"form": form}, status=400)
    unit = scope_unit(request.user)
    key = cache.page_key(
        "summary",
        params,
        viewer="all" if unit is NATIONAL else unit.pk,
        query=urlencode(sorted(request.GET.lists()), doseq=True),
    )
    current, entry = cache.versions_and_entry(params.scope, key)
    body, stale_at = cache.served(key, current, lambda: summary_body(request, params), entry=entry)
    if stale_at is None:
        # The header around the body from a shell rendered once per process (registry/shells).
        page = shells.page_around(
            request, "postings/summary_page.html", body, title=scope_name(params.scope)
        )
        return HttpResponse(page)
    # The body is HTML its template rendered, kept as UTF-8 (registry/cache.py `store`).
    html = mark_safe(body.decode())  # noqa: S308
    context = {"body": html, "stale_at": stale_at, "scope_name": scope_name(params.scope)}
    return render(request, "postings/summary_page.html", context)


def summary_body(request, params):
    """The summary's body (the `content` block of its template), as the cache keeps it."""
    form = summary_form(request, params)
    data = reports.cached_summary(request.user, params)
    by_year = data.table("theo-nam")
    years = [int(row.label) for row in by_year.rows]
    query = request.GET.copy()
    query.pop("print", None)
    context = {
        "form": form,
        "params": params,
        "summary": data,
        "scope_name": scope_name(params.scope),
        "header": document_header(params.scope, params.as_of),
        "year_chart": charts.years_by_direction(data.year_direction, years),
        "outcome_chart": charts.outcome_bars(data.table("theo-ket-qua")),
        "receiving_map": maps.receiving_map(request.user, params, data),
        "query": query.urlencode(),
        "printing": "print" in request.GET,
    }
    return render_block("postings/summary.html", "content", context, request)


def scope_name(scope):
    return scope.name if scope else _("whole country")


def render_block(template_name, block_name, context, request):
    """One block of a template that extends another, rendered alone (no page around it)."""
    template = get_template(template_name).template
    extends = next(node for node in template.nodelist if isinstance(node, ExtendsNode))
    context = make_context(context, request)
    with context.render_context.push_state(template), context.bind_template(template):
        return extends.blocks[block_name].render(context)


def bad_request(form):
    """A download's answer to a filter it cannot read: 400 with the form's messages."""
    messages = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
    return HttpResponseBadRequest("\n".join(messages), content_type="text/plain")


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def summary_export(request, table, fmt):
    """One summary table as a CSV or Excel file, for the same scope, period and as-of date."""
    if table not in reports.TABLES or fmt not in exports.RESPONSES:
        raise Http404
    form, params = report_params(request)
    if params is None:
        return bad_request(form)
    return exports.RESPONSES[fmt](reports.cached_table(request.user, params, table), params)


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def summary_word(request):
    """The summary as an editable Word file, in its print layout, for the same scope, period,
    as-of date and terms as the page."""
    form, params = report_params(request)
    if params is None:
        return bad_request(form)
    data = reports.cached_summary(request.user, params)
    header = document_header(params.scope, params.as_of)
    document = word.summary_docx(data, header, scope_name(params.scope))
    return exports.document_response(document, name=exports.summary_name(params))


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def cadre_detail(request, pk):
    """A cadre's record: rotations in order with their outcome and warnings, plans, evaluations."""
    cadre = get_object_or_404(
        Cadre.objects.visible_to(request.user).select_related("current_unit", "current_position"),
        pk=pk,
    )
    postings = (
        Posting.objects.visible_to(request.user)
        .filter(cadre=cadre)
        .select_related(
            "from_unit", "to_unit", "from_position", "to_position", "unit_after", "position_after"
        )
        .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.order_by("date")))
        .order_by("start", "pk")
    )
    plans = (
        PlanningEntry.objects.visible_to(request.user)
        .filter(cadre=cadre)
        .select_related("position", "unit", "term")
    )
    today = timezone.localdate()
    postings = list(postings)
    flag_closed_units(postings, today)
    context = {"cadre": cadre, "postings": postings, "plans": plans, "today": today}
    return render(request, "postings/cadre_detail.html", context)


def flag_closed_units(postings, today):
    """`closed_note` on each rotation whose receiving unit closed while it was under way."""
    closed = {p: p.receiving_unit_closed(today) for p in postings}
    closed = {posting: day for posting, day in closed.items() if day}
    if not closed:
        return
    now = now_part_of({(p.to_unit_id, p.to_unit.path, day) for p, day in closed.items()})
    for posting, day in closed.items():
        posting.closed_note = closed_note(day, now[posting.to_unit_id])


@permission_required(VIEW_POSTINGS, raise_exception=True)
@reads_from_replica
def unit_detail(request, pk):
    """A unit's record: rotations in and out, across its predecessors and successors."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), pk=pk)
    lineage = list(unit.lineage().order_by("valid_from", "path"))
    paths = [member.path for member in lineage]
    postings = (
        touching(Posting.objects.visible_to(request.user), lineage)
        .select_related("cadre", "from_unit", "to_unit", "to_position")
        .order_by("start", "pk")
    )
    count = postings.count()
    rows = []
    for posting in postings[:RECORD_CAP]:
        inward = any(posting.to_unit.path.startswith(path) for path in paths)
        outward = any(posting.from_unit.path.startswith(path) for path in paths)
        rows.append({"posting": posting, "inward": inward, "outward": outward})
    changes = UnitChange.objects.filter(
        Q(from_unit__in=lineage) | Q(to_unit__in=lineage)
    ).select_related("from_unit", "to_unit")
    successors = now_part_of([(unit.pk, unit.path, unit.valid_to)])[unit.pk]
    context = {
        "unit": unit,
        "lineage": lineage,
        "changes": changes,
        "successors": successors,
        # The units this one was formed from and became, named with the unit above each.
        "formed_from": unit.changes_in.select_related("from_unit__parent").order_by(
            "date", "from_unit__name"
        ),
        "became": unit.changes_out.select_related("to_unit__parent").order_by(
            "date", "to_unit__name"
        ),
        "rows": rows,
        "count": count,
        "cap": RECORD_CAP,
        "today": timezone.localdate(),
    }
    return render(request, "postings/unit_detail.html", context)
