"""Data entry for units, titles, terms, cadres and plans, in the Django admin."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.admin_accounts import ReadablePermissionsMixin, names_in_vietnamese_order
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
    AccessiblePickersMixin,
    LabelledTabularInline,
    NotFoundMixin,
    RegistryAdmin,
    ScopedFormMixin,
    ScopedInlineMixin,
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


# Accounts: administrators create users, give them a role (group) and a scope, and
# deactivate them; nobody but a superuser deletes one.


class UserScopeInline(ScopedInlineMixin, AccessiblePickersMixin, admin.StackedInline):
    model = UserScope
    fields = ("unit", "sends_reminders")
    autocomplete_fields = ("unit",)
    can_delete = False
    min_num = 1
    max_num = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "unit" and scope_unit(request.user) is not NATIONAL:
            # An empty unit means the whole country: only national users may grant it.
            field.required = True
        return field


@admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
def deactivate_users(modeladmin, request, queryset):
    count = queryset.exclude(pk=request.user.pk).update(is_active=False)
    modeladmin.message_user(
        request, _("%(count)d account(s) deactivated.") % {"count": count}, messages.SUCCESS
    )


admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(ReadablePermissionsMixin, ScopedFormMixin, NotFoundMixin, UserAdmin):
    """Users within the administrator's scope; superusers are managed by superusers only."""

    inlines = (UserScopeInline,)
    actions = (deactivate_users,)
    list_display = ("username", "full_name", "role", "scope_display", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    list_select_related = ("scope__unit",)

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return users
        in_scope = UserScope.objects.visible_to(request.user).values("user")
        return users.filter(is_superuser=False, pk__in=in_scope)

    def get_readonly_fields(self, request, obj=None):
        # Logins and dates are facts, not settings; the password is changed on its own page.
        facts = ("password_status", "last_login", "date_joined")
        if request.user.is_superuser:
            return facts
        # Only a superuser may hand out superuser status or single permissions.
        return ("is_superuser", "user_permissions", *facts)

    def get_fieldsets(self, request, obj=None):
        fieldsets = names_in_vietnamese_order(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        # Django's read-only password widget renders invalid HTML (a disabled <div>);
        # a sentence with a link says the same.
        return [
            (title, {**options, "fields": tuple(
                "password_status" if field == "password" else field
                for field in options["fields"]
            )})
            for title, options in fieldsets
        ]  # fmt: skip

    @admin.display(description=_("password"))
    def password_status(self, obj):
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Stored encrypted; nobody can read it."),
            reverse("admin:auth_user_password_change", args=[obj.pk]),
            _("Set a new password for this user"),
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            # Every account works in the admin; its role decides what it may do there.
            obj.is_staff = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not self.get_queryset(request).filter(pk=form.instance.pk).exists():
            raise PermissionDenied

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("role"))
    def role(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    @admin.display(description=_("scope unit"))
    def scope_display(self, obj):
        scope = getattr(obj, "scope", None)
        return str(scope) if scope else "—"


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
