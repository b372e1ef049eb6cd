"""Accounts in the Board's words: permissions named in Vietnamese, names in Vietnamese order.

Django stores each permission's name in English ("Can add rotation") and lists those of the
history tables too; the pickers here name a permission by its app, its model and the action,
each translated, and leave the history tables out (nobody is given rights on them).
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import pgettext_lazy

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


def names_in_vietnamese_order(fieldsets):
    """The fieldsets with the family name asked before the given name ("Hoàng Thị" · "Lan")."""
    swapped = {"first_name": "last_name", "last_name": "first_name"}
    return [
        (title, {**options, "fields": tuple(swapped.get(name, name) for name in options["fields"])})
        for title, options in fieldsets
    ]


def full_name_in_vietnamese_order(user):
    """Family and middle names, then the given name: "Hoàng Thị Lan", never "Lan Hoàng Thị"."""
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(ReadablePermissionsMixin, GroupAdmin):
    """Roles (groups) with their permissions named in Vietnamese."""
