"""Data entry for rotations, evaluations and inspection findings, in the Django admin."""

import datetime

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from cadres.admin import CadreAdmin
from cadres.models import Cadre, Term, Unit
from postings import rules
from postings.admin_reviews import EvaluationInline, PlacementInline, ReviewFilter
from postings.forms import PostingForm
from postings.imports import PostingImporter
from postings.models import Posting
from postings.reports import PERIOD_START
from postings.returns import RecordReturnsMixin
from postings.services import posting_save
from registry import dates
from registry.admin import RegistryAdmin, ScopedInlineMixin
from registry.admin_imports import ImportExportMixin
from registry.locking import VersionedAdminMixin
from registry.scopes import NATIONAL, scope_unit, touching


def parse_day(text):
    """A date typed as dd/mm/yyyy or yyyy-mm-dd, or None."""
    try:
        return dates.parse_day(text or "")
    except ValueError:
        return None


def is_id(text):
    """Whether a filter's value is a whole number a key can hold (not `²`, not 30 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


class StartRangeFilter(admin.FieldListFilter):
    """Rotations whose start falls between two dates, typed in the sidebar."""

    template = "admin/postings/start_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.param_from = f"{field_path}_from"
        self.param_to = f"{field_path}_to"
        self.values = {
            name: (params.get(name) or [""])[-1] for name in (self.param_from, self.param_to)
        }
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("start between")
        self.values_from, self.values_to = self.values[self.param_from], self.values[self.param_to]
        self.errors = [
            value for value in self.values.values() if value and parse_day(value) is None
        ]
        # The sidebar form resubmits the other filters as they are, without the page number.
        self.request_params_without_range = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in (self.param_from, self.param_to, "p")
            for value in values
        ]

    def expected_parameters(self):
        return [self.param_from, self.param_to]

    def has_output(self):
        return True

    def choices(self, changelist):
        return []

    def queryset(self, request, queryset):
        if self.errors:
            messages.error(
                request,
                _("“%(value)s” is not a date. Type it as dd/mm/yyyy, e.g. 12/08/2012.")
                % {"value": self.errors[0]},
            )
            return queryset
        start, end = (parse_day(self.values[name]) for name in (self.param_from, self.param_to))
        if start:
            queryset = queryset.filter(**{f"{self.field_path}__gte": start})
        if end:
            queryset = queryset.filter(**{f"{self.field_path}__lte": end})
        return queryset


class TermFilter(admin.SimpleListFilter):
    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [(str(term.pk), term.name) for term in Term.objects.all()]

    def queryset(self, request, queryset):
        value = self.value() or ""
        term = Term.objects.filter(pk=value).first() if is_id(value) else None
        if term:
            return queryset.filter(start__gte=term.start, start__lte=term.end)
        return queryset


class YearFilter(admin.SimpleListFilter):
    """Rotations that started in one year: the years listed without reading the table.

    It replaces the admin's date hierarchy, which reads the distinct years of every rotation
    on each page view (about 300 ms at a million rotations, docs/PERFORMANCE.md).
    """

    title = _("year started")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        first = PERIOD_START.year
        return [(str(year), str(year)) for year in range(datetime.date.today().year, first - 1, -1)]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not value:
            return queryset
        first, last = dates.EARLIEST_DAY.year, dates.LATEST_DAY.year
        if not (is_id(value) and len(value) <= 4 and first <= int(value) <= last):
            messages.error(
                request,
                _("“%(value)s” is not a year between %(first)s and %(last)s.")
                % {"value": value, "first": first, "last": last},
            )
            return queryset
        year = int(value)
        # A range on `start`, not `start__year`, so the start index serves it.
        return queryset.filter(
            start__gte=datetime.date(year, 1, 1), start__lt=datetime.date(year + 1, 1, 1)
        )


def alphabetical(units):
    """Units in the alphabet's order, Đ with D, which sorting names with diacritics is not."""
    return sorted(units, key=lambda unit: (unit.search_key, unit.name))


class UnitAreaFilter(admin.SimpleListFilter):
    """Rotations from or to a province or district (and everything under it).

    The choices open like a tree: the provinces the user may see, and under the chosen one
    its districts. A national user picks from 63 provinces and then a few dozen districts,
    not from a list of 759 areas, and the list costs one small indexed query.
    """

    title = _("area")
    parameter_name = "area"
    kinds = (Unit.Kind.PROVINCE, Unit.Kind.DISTRICT)

    def lookups(self, request, model_admin):
        scope = scope_unit(request.user)
        selected = self.selected_area(request)
        # Provinces always show; districts show under the open province (the chosen one, or
        # the chosen district's), and a user whose scope is an area sees it open at once.
        shown, open_ids = Q(kind=Unit.Kind.PROVINCE), set()
        if scope not in (None, NATIONAL):
            shown |= Q(pk=scope.pk)
            open_ids.add(scope.pk)
        if selected:
            open_ids.add(selected.pk if selected.kind == Unit.Kind.PROVINCE else selected.parent_id)
        shown |= Q(parent_id__in=open_ids)
        areas = (
            Unit.objects.visible_to(request.user)
            .filter(shown, kind__in=self.kinds)
            .only("pk", "name", "search_key", "parent_id")
        )
        by_parent = {}
        for area in areas:
            by_parent.setdefault(area.parent_id, []).append(area)
        ids = {area.pk for area in areas}
        roots = [area for parent, group in by_parent.items() if parent not in ids for area in group]
        choices = []
        for root in alphabetical(roots):
            choices.append((str(root.pk), root.name))
            for child in alphabetical(by_parent.get(root.pk, ())):
                choices.append((str(child.pk), f"– {child.name}"))
        return choices

    def selected_area(self, request):
        """The chosen province or district, when the user may see it."""
        if not hasattr(self, "_selected"):
            value = (self.used_parameters.get(self.parameter_name) or "").strip()
            self._selected = (
                Unit.objects.visible_to(request.user)
                .filter(pk=value, kind__in=self.kinds)
                .only("pk", "kind", "parent_id", "path")
                .first()
                if is_id(value)
                else None
            )
        return self._selected

    def queryset(self, request, queryset):
        if not is_id(self.value() or ""):
            return queryset
        unit = self.selected_area(request)
        if unit is None:
            return queryset.none()
        return touching(queryset, [unit])


class StatusFilter(admin.SimpleListFilter):
    """Rotations by their state today, as the summary judges it (`PostingQuerySet`)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        state = Posting.State
        return [
            ("not_started", state.NOT_STARTED.label),
            ("active", state.ACTIVE.label),
            ("due", state.DUE.label),
            ("overdue", state.OVERDUE.label),
            ("ended", state.ENDED.label),
            ("exception", _("with a rule exception")),
        ]

    def queryset(self, request, queryset):
        return self.narrow(queryset, self.value(), timezone.localdate())

    @staticmethod
    def narrow(queryset, value, day):
        """The rotations of `queryset` in the state `value` on `day` (all for no state)."""
        if value == "not_started":
            return queryset.not_started(day)
        if value == "active":
            return queryset.active(day)
        if value == "due":
            return queryset.due(day)
        if value == "overdue":
            return queryset.overdue(day)
        if value == "ended":
            return queryset.ended(day)
        if value == "exception":
            return queryset.exclude(warnings=[])
        return queryset


# Short names for the status chip; the full state is its tooltip.
STATE_CHIPS = {
    Posting.State.NOT_STARTED: pgettext_lazy("rotation state chip", "not started"),
    Posting.State.ACTIVE: pgettext_lazy("rotation state chip", "active"),
    Posting.State.DUE: pgettext_lazy("rotation state chip", "due"),
    Posting.State.OVERDUE: pgettext_lazy("rotation state chip", "overdue"),
    Posting.State.ENDED: pgettext_lazy("rotation state chip", "ended"),
    Posting.State.CANCELLED: pgettext_lazy("rotation state chip", "cancelled"),
}
NO_REASON = _("No reason recorded.")
DECISION_FIELDS = ("decision_number", "decision_date", "deciding_body")


@admin.register(Posting)
class PostingAdmin(RecordReturnsMixin, VersionedAdminMixin, ImportExportMixin, RegistryAdmin):
    importer = PostingImporter
    form = PostingForm
    list_display = ("cadre", "from_to", "start", "planned_end", "status_chip", "warnings_chip")
    list_filter = (
        ("start", StartRangeFilter),
        YearFilter,
        StatusFilter,
        ReviewFilter,
        "kind",
        "direction",
        "outcome",
        TermFilter,
        UnitAreaFilter,
        "joined_party_committee",
        "joined_government",
    )
    list_select_related = ("cadre", "from_unit", "to_unit", "to_position")
    search_fields = ("cadre__search_key", "decision_number")
    search_key_fields = ("cadre__search_key",)
    autocomplete_fields = (
        "cadre",
        "decision",
        "plan_item",
        "from_unit",
        "from_position",
        "to_unit",
        "to_position",
        "position_after",
        "unit_after",
    )
    readonly_fields = (
        "direction",
        "in_planning_at_start",
        "age_at_start",
        "working_time_left",
        "warning_list",
    )
    inlines = (EvaluationInline, PlacementInline)
    fieldsets = (
        (
            _("Cadre and decision"),
            {"fields": ("kind", "cadre", ("decision", "plan_item"), *DECISION_FIELDS)},
        ),
        (
            _("From and to"),
            {
                "fields": (
                    ("from_unit", "from_position"),
                    ("to_unit", "to_position"),
                    "direction",
                    ("direction_override", "direction_reason"),
                    ("target_group", "management_level"),
                    "post_relation",
                    "purpose",
                )
            },
        ),
        (_("Time"), {"fields": (("start", "planned_end", "actual_end"),)}),
        (
            _("Result"),
            {
                "fields": (
                    "outcome",
                    ("position_after", "unit_after"),
                    ("joined_party_committee", "party_committee_role"),
                    "joined_government",
                )
            },
        ),
        (
            _("Rules of Regulation 65-QĐ/TW"),
            {
                "fields": (
                    "in_planning_at_start",
                    ("age_at_start", "working_time_left"),
                    "warning_list",
                    "exception_reason",
                )
            },
        ),
        (None, {"fields": ("note",)}),
    )

    change_form_template = "admin/postings/posting/change_form.html"

    @admin.display(description=pgettext_lazy("rotation list column", "from → to"))
    def from_to(self, obj):
        return format_html(
            '{} <span class="arrow" role="img" aria-label="{}">→</span> {}',
            obj.from_unit,
            pgettext_lazy("from a unit to a unit", "to"),
            obj.to_unit,
        )

    @admin.display(description=_("status"))
    def status_chip(self, obj):
        """Where the rotation stands today, as the summary judges it (`Posting.state`)."""
        state = obj.state(timezone.localdate())
        return format_html(
            '<span class="chip chip--{}" title="{}">{}</span>',
            state.value,
            state.label,
            STATE_CHIPS[state],
        )

    @admin.display(description=_("rule warnings"), empty_value="")
    def warnings_chip(self, obj):
        """A warning sign and the count for an exception; nothing for a compliant rotation."""
        if not obj.warnings:
            return ""
        count = len(obj.warnings)
        told = " ".join(rules.describe(obj.warnings))
        label = ngettext("%(count)s rule warning", "%(count)s rule warnings", count) % {
            "count": count
        }
        kind = "explained" if obj.exception_reason else "unexplained"
        if not obj.exception_reason:
            told, label = f"{told} {NO_REASON}", f"{label}. {NO_REASON}"
        return format_html(
            '<span class="chip chip--warning chip--{}" role="img" aria-label="{}" title="{}">'
            "⚠ {}</span>",
            kind,
            label,
            told,
            count,
        )

    @admin.display(description=_("working time left at the start"))
    def working_time_left(self, obj):
        return rules.working_time_text(obj.working_months_left_at_start)

    @admin.display(description=_("rule warnings"))
    def warning_list(self, obj):
        # Right above the reason box: after a refused save, the warnings the form just found.
        if not obj.warnings:
            return "—"
        unexplained = " rule-warnings--unexplained" if not obj.exception_reason else ""
        return format_html(
            '<ul class="rule-warnings{}">{}</ul>',
            unexplained,
            format_html_join("", "<li>{}</li>", ((text,) for text in rules.describe(obj.warnings))),
        )

    def save_model(self, request, obj, form, change):
        # The form validated inside the admin's transaction, holding the cadre's row lock;
        # the service saves under the same lock, so its checks see what the form saw.
        posting_save(posting=obj)


# The cadre pages with the cadre's rotations. Cadres' own admin (cadres/admin.py) knows no
# rotations; this one adds them and takes its place.


class PostingInline(ScopedInlineMixin, admin.TabularInline):
    """The cadre's rotations, read here; each opens in its own form, where rules are checked."""

    model = Posting
    fk_name = "cadre"
    fields = ("start", "from_unit", "to_unit", "to_position", "direction", "actual_end", "outcome")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("start",)

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("from_unit", "to_unit", "to_position")
        )


admin.site.unregister(Cadre)


@admin.register(Cadre)
class CadreWithRotationsAdmin(CadreAdmin):
    """Cadres' admin with the rotations inline on the cadre page and counted in the list."""

    list_display = (*CadreAdmin.list_display, "rotation_count")
    inlines = (PostingInline, *CadreAdmin.inlines)

    def get_queryset(self, request):
        # A correlated count, not GROUP BY: it runs for the shown page only, keeps ordering.
        # Only the rotations the user may see are counted, as the inline shows only those.
        per_cadre = (
            Posting.objects.visible_to(request.user)
            .filter(cadre=OuterRef("pk"))
            .order_by()
            .values("cadre")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return super().get_queryset(request).annotate(rotations=Coalesce(Subquery(per_cadre), 0))

    @admin.display(description=_("rotations"), ordering="rotations")
    def rotation_count(self, obj):
        return obj.rotations


from postings import admin_plans  # noqa: E402, F401 (plans and decisions)
