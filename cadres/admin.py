"""Data entry for units, titles, terms, cadres and plans, in the Django admin."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cadres.forms import CadreForm
from cadres.models import (
    Cadre,
    DisciplinePeriod,
    PlanningEntry,
    Position,
    Term,
    Unit,
    UnitChange,
)
from cadres.text import search_key
from postings.models import Posting
from rotation_registry.locking import VersionedAdminMixin


class RegistryChangeList(ChangeList):
    """Django's list, where a filter value beyond the calendar is a bad filter, not a 500.

    Django turns a malformed year into "bad filter" but not `?start__year=0` or
    `?start__year=99999999999`, which fail only when the date bounds are computed.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class RegistryAdmin(SimpleHistoryAdmin):
    """What every registry screen shares: the scope rule, accent-blind search, history.

    `search_key_fields` are matched against the typed text without diacritics;
    `search_fields` (kept for autocomplete) are matched as typed, case-insensitively.
    """

    search_key_fields = ()
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_changelist(self, request, **kwargs):
        return RegistryChangeList

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q()
        key = search_key(term)
        for field in self.search_key_fields:
            condition |= Q(**{f"{field}__contains": key})
        for field in self.search_fields:
            if field not in self.search_key_fields:
                condition |= Q(**{f"{field}__iexact": term})
        return queryset.filter(condition), False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Pickers offer only what the user may see.
        related = db_field.related_model
        if hasattr(related._default_manager, "visible_to"):
            kwargs.setdefault("queryset", related._default_manager.visible_to(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("open", _("still in existence")), ("closed", _("closed"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "closed":
            return queryset.filter(valid_to__isnull=False)
        return queryset


class ChildUnitInline(admin.TabularInline):
    model = Unit
    fk_name = "parent"
    fields = ("name", "kind", "code", "valid_from", "valid_to")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    verbose_name = _("unit below")
    verbose_name_plural = _("units below")

    def has_add_permission(self, request, obj=None):
        return False


class ChangeOutInline(admin.TabularInline):
    model = UnitChange
    fk_name = "from_unit"
    fields = ("kind", "to_unit", "date", "legal_basis", "note")
    autocomplete_fields = ("to_unit",)
    extra = 0
    verbose_name = _("became")
    verbose_name_plural = _("successors (this unit became…)")


class ChangeInInline(admin.TabularInline):
    model = UnitChange
    fk_name = "to_unit"
    fields = ("from_unit", "kind", "date", "legal_basis", "note")
    autocomplete_fields = ("from_unit",)
    extra = 0
    verbose_name = _("formed from")
    verbose_name_plural = _("predecessors (this unit was formed from…)")


@admin.register(Unit)
class UnitAdmin(RegistryAdmin):
    list_display = ("name", "kind", "level", "parent", "code", "valid_from", "valid_to")
    list_filter = ("level", "kind", ValidityFilter)
    list_select_related = ("parent",)
    search_fields = ("search_key", "code")
    search_key_fields = ("search_key",)
    autocomplete_fields = ("parent",)
    fields = ("name", "kind", "parent", "code", "valid_from", "valid_to", "note", "level")
    readonly_fields = ("level",)
    inlines = (ChangeInInline, ChangeOutInline, ChildUnitInline)

    def view_on_site(self, obj):
        return reverse("postings:unit", args=[obj.pk])


@admin.register(UnitChange)
class UnitChangeAdmin(RegistryAdmin):
    list_display = ("from_unit", "kind", "to_unit", "date", "legal_basis")
    list_filter = ("kind", "date")
    list_select_related = ("from_unit", "to_unit")
    search_fields = ("from_unit__search_key", "to_unit__search_key", "legal_basis")
    search_key_fields = ("from_unit__search_key", "to_unit__search_key")
    autocomplete_fields = ("from_unit", "to_unit")
    date_hierarchy = "date"

    def get_queryset(self, request):
        # A change is visible when either side is.
        visible = Unit.objects.visible_to(request.user)
        return SimpleHistoryAdmin.get_queryset(self, request).filter(
            Q(from_unit__in=visible) | Q(to_unit__in=visible)
        )


@admin.register(Position)
class PositionAdmin(RegistryAdmin):
    list_display = ("name", "level", "category", "is_head", "valid_from", "valid_to")
    list_filter = ("level", "category", "is_head", ValidityFilter)
    search_fields = ("search_key",)
    search_key_fields = ("search_key",)


@admin.register(Term)
class TermAdmin(RegistryAdmin):
    list_display = ("name", "start", "end")
    search_fields = ("name",)


class PlanningEntryInline(admin.TabularInline):
    model = PlanningEntry
    fields = (
        "term",
        "position",
        "unit",
        "status",
        "decision_number",
        "decision_date",
        "removed_on",
    )
    autocomplete_fields = ("position", "unit")
    extra = 0


class DisciplineInline(admin.TabularInline):
    model = DisciplinePeriod
    fields = ("form", "decision", "start", "end")
    extra = 0


class PostingInline(admin.TabularInline):
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


@admin.register(Cadre)
class CadreAdmin(VersionedAdminMixin, RegistryAdmin):
    form = CadreForm
    list_display = (
        "full_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "current_unit",
        "current_position",
        "rotation_count",
    )
    list_filter = ("sex", "ethnicity", "political_theory", "state_management")
    list_select_related = ("current_unit", "current_position")
    search_fields = ("search_key",)
    search_key_fields = ("search_key",)
    autocomplete_fields = ("current_unit", "current_position")
    inlines = (PostingInline, PlanningEntryInline, DisciplineInline)
    fieldsets = (
        (None, {"fields": ("full_name", "other_names", "sex", "date_of_birth", "ethnicity")}),
        (
            _("Origin and Party"),
            {
                "fields": (
                    "place_of_birth",
                    "home_town",
                    "religion",
                    "party_admission_date",
                    "party_full_member_date",
                )
            },
        ),
        (
            _("Education"),
            {
                "fields": (
                    "general_education",
                    "qualification",
                    "political_theory",
                    "state_management",
                )
            },
        ),
        (_("Current work"), {"fields": ("current_unit", "current_position")}),
        (_("Other"), {"fields": ("id_number", "note", "retirement")}),
    )
    readonly_fields = ("retirement",)

    def get_queryset(self, request):
        # A correlated count, not GROUP BY: it runs for the shown page only, keeps ordering.
        per_cadre = (
            Posting.objects.filter(cadre=OuterRef("pk"))
            .order_by()
            .values("cadre")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return super().get_queryset(request).annotate(rotations=Coalesce(Subquery(per_cadre), 0))

    @admin.display(description=_("rotations"), ordering="rotations")
    def rotation_count(self, obj):
        return obj.rotations

    @admin.display(description=_("retirement date"))
    def retirement(self, obj):
        if not obj.pk:
            return "—"
        return format_html("{}", obj.retirement_date.strftime("%d/%m/%Y"))

    def view_on_site(self, obj):
        return reverse("postings:cadre", args=[obj.pk])


@admin.register(PlanningEntry)
class PlanningEntryAdmin(RegistryAdmin):
    list_display = ("cadre", "position", "unit", "term", "status", "decision_number")
    list_filter = ("term", "status", "position__level")
    list_select_related = ("cadre", "position", "unit", "term")
    search_fields = ("cadre__search_key", "decision_number")
    search_key_fields = ("cadre__search_key",)
    autocomplete_fields = ("cadre", "position", "unit")
