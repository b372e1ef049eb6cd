"""Data entry for units, titles, terms, cadres and plans, in the Django admin."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import User
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import cadres.admin_accounts  # noqa: F401  (the accounts and roles admin)
from cadres.forms import CadreForm
from cadres.imports import CadreImporter, PlanningImporter, PositionImporter, UnitImporter
from cadres.models import (
    Cadre,
    DisciplinePeriod,
    PlanningEntry,
    Position,
    Term,
    Unit,
    UnitChange,
    UserScope,
)
from registry.admin import (
    LabelledTabularInline,
    NotFoundMixin,
    RegistryAdmin,
)
from registry.admin_imports import ImportExportMixin
from registry.locking import VersionedAdminMixin
from registry.scopes import NATIONAL, scope_unit


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("open", pgettext_lazy("unit", "still in existence")),
            ("closed", pgettext_lazy("unit", "closed")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "closed":
            return queryset.filter(valid_to__isnull=False)
        return queryset


class ChildUnitInline(LabelledTabularInline):
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


class ChangeOutInline(LabelledTabularInline):
    model = UnitChange
    fk_name = "from_unit"
    fields = ("kind", "to_unit", "date", "legal_basis", "note")
    autocomplete_fields = ("to_unit",)
    extra = 0
    verbose_name = _("became")
    verbose_name_plural = _("successors (this unit became…)")


class ChangeInInline(LabelledTabularInline):
    model = UnitChange
    fk_name = "to_unit"
    fields = ("from_unit", "kind", "date", "legal_basis", "note")
    autocomplete_fields = ("from_unit",)
    extra = 0
    verbose_name = _("formed from")
    verbose_name_plural = _("predecessors (this unit was formed from…)")


@admin.register(Unit)
class UnitAdmin(ImportExportMixin, RegistryAdmin):
    importer = UnitImporter
    list_display = ("name", "kind", "level", "parent", "code", "valid_from", "valid_to")
    list_filter = ("level", "kind", ValidityFilter)
    list_select_related = ("parent",)
    search_fields = ("search_key", "code")
    search_key_fields = ("search_key",)
    autocomplete_fields = ("parent",)
    fields = (
        "name", "kind", "parent", "code", "valid_from", "valid_to", "latitude", "longitude", "note",
        "level",
    )  # fmt: skip
    readonly_fields = ("level",)
    inlines = (ChangeInInline, ChangeOutInline, ChildUnitInline)

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(UnitChange)
class UnitChangeAdmin(RegistryAdmin):
    list_display = ("from_unit", "kind", "to_unit", "date", "legal_basis")
    list_filter = ("kind", "date")
    list_select_related = ("from_unit", "to_unit")
    search_fields = ("from_unit__search_key", "to_unit__search_key", "legal_basis")
    search_key_fields = ("from_unit__search_key", "to_unit__search_key")
    autocomplete_fields = ("from_unit", "to_unit")
    date_hierarchy = "date"


@admin.register(Position)
class PositionAdmin(ImportExportMixin, RegistryAdmin):
    importer = PositionImporter
    list_display = ("name", "level", "category", "is_head", "is_key", "valid_from", "valid_to")
    list_filter = ("level", "category", "is_head", "is_key", ValidityFilter)
    search_fields = ("search_key", "code")
    search_key_fields = ("search_key",)


@admin.register(Term)
class TermAdmin(RegistryAdmin):
    list_display = ("name", "body", "start", "end")
    list_filter = ("body",)
    search_fields = ("name",)


class PlanningEntryInline(LabelledTabularInline):
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


class DisciplineInline(LabelledTabularInline):
    model = DisciplinePeriod
    fields = ("form", "decision", "start", "end")
    extra = 0


@admin.register(Cadre)
class CadreAdmin(VersionedAdminMixin, ImportExportMixin, RegistryAdmin):
    form = CadreForm
    importer = CadreImporter
    list_display = (
        "full_name",
        "date_of_birth",
        "sex",
        "ethnicity",
        "current_unit",
        "current_position",
    )
    list_filter = ("sex", "ethnicity", "political_theory", "state_management")
    list_select_related = ("current_unit", "current_position")
    search_fields = ("search_key",)
    search_key_fields = ("search_key",)
    autocomplete_fields = ("current_unit", "current_position")
    inlines = (PlanningEntryInline, DisciplineInline)
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
    # "Shown to staff only": those who may change cadres.
    sensitive_fields = ("id_number",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "current_unit" in form.base_fields and scope_unit(request.user) is not NATIONAL:
            # Without a unit in scope the record would fall out of the user's sight.
            form.base_fields["current_unit"].required = True
        return form

    @admin.display(description=_("retirement date"))
    def retirement(self, obj):
        if not obj.pk:
            return "—"
        return format_html("{}", obj.retirement_date.strftime("%d/%m/%Y"))

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(PlanningEntry)
class PlanningEntryAdmin(ImportExportMixin, RegistryAdmin):
    importer = PlanningImporter
    list_display = ("cadre", "position", "unit", "term", "status", "decision_number")
    list_filter = ("term", "status", "position__level")
    list_select_related = ("cadre", "position", "unit", "term")
    search_fields = ("cadre__search_key", "decision_number")
    search_key_fields = ("cadre__search_key",)
    autocomplete_fields = ("cadre", "position", "unit")


# Login records (django-axes): who failed to log in from where, and the locks. Unlocking is
# deleting an attempt. A national administrator sees and clears them all; one whose scope is
# a district or province only those of the accounts in that scope (names that are nobody's
# account, an attacker's guesses, are for the national ones).


class LoginRecordsInScopeMixin(NotFoundMixin):
    def get_queryset(self, request):
        records = super().get_queryset(request)
        if scope_unit(request.user) is NATIONAL:
            return records
        in_scope = UserScope.objects.visible_to(request.user).values("user")
        accounts = User.objects.filter(is_superuser=False, pk__in=in_scope).values("username")
        return records.filter(username__in=accounts)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if scope_unit(request.user) is not NATIONAL:
            # It clears the expired attempts of every account in the country.
            actions.pop("cleanup_expired_attempts", None)
        return actions


for _model, _axes_admin in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    if not admin.site.is_registered(_model):
        continue  # axes shows the failure log only when it keeps one
    admin.site.unregister(_model)
    admin.site.register(
        _model, type(_axes_admin.__name__, (LoginRecordsInScopeMixin, _axes_admin), {})
    )
