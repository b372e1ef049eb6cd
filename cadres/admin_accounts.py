"""Accounts in the Board's words: one form with the name in Vietnamese order, a role and a
scope; permissions named in Vietnamese on the roles' pages.

Django stores each permission's name in English ("Can add rotation") and lists those of the
history tables too; the pickers here name a permission by its app, its model and the action,
each translated, and leave the history tables out (nobody is given rights on them).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres.models import Unit, UserScope
from registry import roles
from registry.admin import AccessibleAutocompleteSelect, NotFoundMixin, ScopedFormMixin
from registry.scopes import NATIONAL, scope_unit

ACTIONS = {
    "add": pgettext_lazy("permission", "add"),
    "change": pgettext_lazy("permission", "change"),
    "delete": pgettext_lazy("permission", "delete"),
    "view": pgettext_lazy("permission", "view"),
}


def permission_label(permission):
    """“Luân chuyển cán bộ | lượt luân chuyển | xem”: app, model and action, translated."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or action not in ACTIONS:
        return str(permission)
    meta = model._meta
    return f"{meta.app_config.verbose_name} | {meta.verbose_name} | {ACTIONS[action]}"


class ReadablePermissionsMixin:
    """The permission pickers of an admin, without the history tables and in the user's words."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = (
                Permission.objects.exclude(content_type__model__startswith="historical")
                .select_related("content_type")
                .order_by("content_type__app_label", "content_type__model", "codename")
            )
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


def full_name_in_vietnamese_order(user):
    """Family and middle names, then the given name: "Hoàng Thị Lan", never "Lan Hoàng Thị"."""
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ReadablePermissionsMixin, GroupAdmin):
    """Roles (groups) with their permissions named in Vietnamese."""


# Accounts: one form with the person's name, their role and their scope. Administrators
# create users, give them one of the three roles and a unit within their own scope, and
# deactivate them; nobody but a superuser deletes one, nobody here sees a permission list.

ROLE_CHOICES = (
    (roles.STAFF, pgettext_lazy("role", "Organisation Board staff")),
    (roles.LEADER, pgettext_lazy("role", "Leader")),
    (roles.ADMINISTRATOR, pgettext_lazy("role", "Administrator")),
)
ROLE_NAMES = [name for name, _label in ROLE_CHOICES]
MAX_NAME = User._meta.get_field("first_name").max_length


def split_full_name(text):
    """ "Hoàng Thị Lan" → ("Hoàng Thị", "Lan"): family and middle names, then the given name."""
    parts = text.split()
    return " ".join(parts[:-1]), (parts[-1] if parts else "")


def role_of(user):
    """The user's role (a group name of `registry.roles`), or "" for none."""
    return next((group.name for group in user.groups.all() if group.name in ROLE_NAMES), "")


def role_label(name):
    return dict(ROLE_CHOICES).get(name, name)


def scope_field(user, admin_site):
    """The scope picker: the units `user` may see, so may grant; empty (the whole country)
    only for a national administrator."""
    national = scope_unit(user) is NATIONAL
    return forms.ModelChoiceField(
        queryset=Unit.objects.visible_to(user),
        required=not national,
        label=capfirst(_("scope unit")),
        help_text=UserScope._meta.get_field("unit").help_text
        if national
        else _("The user sees this unit and everything under it."),
        widget=AccessibleAutocompleteSelect(UserScope._meta.get_field("unit"), admin_site),
    )


class AccountForm(forms.ModelForm):
    """A user account in the Board's words: name, contact, role, scope, active."""

    full_name = forms.CharField(
        label=capfirst(_("full name")),
        max_length=2 * MAX_NAME,
        help_text=_("Family name first, as Vietnamese is written: Hoàng Thị Lan."),
    )
    role = forms.ChoiceField(label=capfirst(_("role")), choices=ROLE_CHOICES)
    # Replaced per request by `scope_field` (ScopedUserAdmin.get_form).
    scope = forms.ModelChoiceField(queryset=Unit.objects.none(), label=capfirst(_("scope unit")))
    sends_reminders = forms.BooleanField(
        label=capfirst(UserScope._meta.get_field("sends_reminders").verbose_name),
        help_text=UserScope._meta.get_field("sends_reminders").help_text,
        required=False,
        initial=True,
    )
    first_password = False  # whether the account's password is set here, by someone else

    class Meta:
        model = User
        fields = ("username", "email", "is_active")
        labels = {"is_active": capfirst(_("account active"))}
        help_texts = {
            "is_active": _("Untick to stop the account logging in; accounts are never deleted.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        if user.pk is not None:
            scope = UserScope.objects.filter(user=user).select_related("unit").first()
            self.initial.setdefault("full_name", user.get_full_name())
            self.initial.setdefault("role", role_of(user))
            self.initial.setdefault("scope", scope.unit_id if scope else None)
            self.initial.setdefault("sends_reminders", scope.sends_reminders if scope else True)

    def clean_full_name(self):
        family, given = split_full_name(self.cleaned_data["full_name"])
        if len(family) > MAX_NAME or len(given) > MAX_NAME:
            raise ValidationError(_("This name is too long."))
        return " ".join([family, given]).strip()

    def _post_clean(self):
        super()._post_clean()
        if "full_name" in self.cleaned_data:
            family, given = split_full_name(self.cleaned_data["full_name"])
            self.instance.last_name, self.instance.first_name = family, given

    def _save_m2m(self):
        super()._save_m2m()
        user = self.instance
        others = [group for group in user.groups.all() if group.name not in ROLE_NAMES]
        user.groups.set([*others, Group.objects.get(name=self.cleaned_data["role"])])
        UserScope.objects.update_or_create(
            user=user,
            defaults={
                "unit": self.cleaned_data.get("scope"),
                "sends_reminders": self.cleaned_data.get("sends_reminders", True),
            },
            create_defaults={
                "unit": self.cleaned_data.get("scope"),
                "sends_reminders": self.cleaned_data.get("sends_reminders", True),
                "must_change_password": self.first_password,
            },
        )


class NewAccountForm(AccountForm):
    """A new account, with the first password: typed by the administrator, or generated."""

    password1 = forms.CharField(
        label=capfirst(_("initial password")),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Leave both boxes empty to have one generated and shown once. The user must "
            "change it when they first log in."
        ),
    )
    password2 = forms.CharField(
        label=capfirst(_("initial password again")),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    generated_password = None
    first_password = True

    class Meta(AccountForm.Meta):
        pass

    def clean(self):
        data = super().clean()
        first, second = data.get("password1", ""), data.get("password2", "")
        if first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, self.instance)
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        password = self.cleaned_data.get("password1")
        if not password:
            password = self.generated_password = get_random_string(12, PASSWORD_CHARACTERS)
        user.set_password(password)
        if commit:
            user.save()
            self.save_m2m()
        return user


# No 0/O, 1/l/I: read aloud or copied from a screen without mistakes.
PASSWORD_CHARACTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SetPasswordForm(AdminPasswordChangeForm):
    """An administrator sets a user's password; every account logs in with one (no SSO)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = self.fields["password2"].required = True


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return ROLE_CHOICES

    def queryset(self, request, queryset):
        if self.value() in ROLE_NAMES:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
def deactivate_users(modeladmin, request, queryset):
    count = queryset.exclude(pk=request.user.pk).update(is_active=False)
    modeladmin.message_user(
        request, _("%(count)d account(s) deactivated.") % {"count": count}, messages.SUCCESS
    )


NEW_PASSWORD = "new_account_password"

admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(ScopedFormMixin, NotFoundMixin, UserAdmin):
    """Users within the administrator's scope; superusers are managed by superusers only."""

    form = AccountForm
    add_form = NewAccountForm
    change_password_form = SetPasswordForm
    add_form_template = None
    actions = (deactivate_users,)
    list_display = ("full_name", "username", "role", "scope_display", "is_active", "last_login")
    list_display_links = ("full_name", "username")
    list_filter = ("is_active", RoleFilter)
    list_select_related = ("scope__unit",)
    ordering = ("username",)
    readonly_fields = ("password_status", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("full_name", "username", "email")}),
        (_("Role and scope"), {"fields": ("role", "scope", "is_active", "sends_reminders")}),
        (_("Logins"), {"fields": ("password_status", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("full_name", "username", "email")}),
        (_("Role and scope"), {"fields": ("role", "scope", "is_active", "sends_reminders")}),
        (_("Initial password"), {"fields": ("password1", "password2")}),
    )

    def get_queryset(self, request):
        users = super().get_queryset(request).prefetch_related("groups")
        if request.user.is_superuser:
            return users
        in_scope = UserScope.objects.visible_to(request.user).values("user")
        return users.filter(is_superuser=False, pk__in=in_scope)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A class of its own per request (modelform_factory): the picker is this user's.
        form.base_fields = {**form.base_fields, "scope": scope_field(request.user, self.admin_site)}
        return form

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    @admin.display(description=_("password"))
    def password_status(self, obj):
        # Django's read-only password widget renders invalid HTML (a disabled <div>);
        # a sentence with a link says the same.
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
        if not change and form.generated_password:
            request.session[NEW_PASSWORD] = [obj.pk, form.generated_password]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not self.get_queryset(request).filter(pk=form.instance.pk).exists():
            raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        shown = request.session.pop(NEW_PASSWORD, None)
        if shown and str(shown[0]) == object_id:
            # Shown once, on the page the new account's form leads to, and never stored.
            messages.warning(
                request,
                format_html(
                    _(
                        "The initial password is {password}. Give it to the user; it is shown only "
                        "this once, and they must change it when they first log in."
                    ),
                    password=format_html('<strong class="initial-password">{}</strong>', shown[1]),
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        changed = request.method == "POST" and response.status_code == 302
        # A password the administrator knows: the user chooses their own at next login.
        others = UserScope.objects.filter(user_id=id).exclude(user=request.user)
        if changed and others.update(must_change_password=True):
            messages.info(request, _("The user must choose their own password at next login."))
        return response

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name() or "—"

    @admin.display(description=_("role"))
    def role(self, obj):
        return role_label(role_of(obj)) or "—"

    @admin.display(description=_("scope unit"), ordering="scope__unit__name")
    def scope_display(self, obj):
        scope = getattr(obj, "scope", None)
        return str(scope) if scope else "—"
