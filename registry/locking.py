"""No lost update: a form remembers the version of the record it was opened at.

When two people edit the same record, the second to save is not allowed to overwrite the
first silently. The check runs inside the admin's transaction with the row locked
(`select_for_update`), so nothing can slip in between the check and the save. The form
then names who changed the record and when, shows both versions of the fields that
differ, keeps what the user typed, and accepts a second, deliberate save.
"""

import datetime

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _


class VersionedModel(models.Model):
    """A record whose every change is a new version: an editor holding an older one is told."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class VersionField(forms.IntegerField):
    """The record's version when the form was opened; hidden."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(**kwargs)


class VersionCheckMixin:
    """For a ModelForm of a `VersionedModel`.

    The form declares `loaded_version = VersionField()`; the mixin fills it in and checks it.
    """

    version_field = "loaded_version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(self.version_field, self.instance.version)

    def clean(self):
        data = super().clean()
        loaded = data.get(self.version_field)
        if self.instance.pk is None or self.version_field in self.errors:
            return data
        if loaded is None:
            # Required when editing: without it the check below could be skipped, and a
            # change saved meanwhile overwritten unseen.
            raise ValidationError(
                _(
                    "This form came without the version of the record it was opened at, so "
                    "it could overwrite someone else's change. Open the record again and make "
                    "your change there."
                ),
                code="version_missing",
            )
        model = type(self.instance)
        rows = model._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # Held until the save commits: no one can change the row between check and save.
            rows = rows.select_for_update()
        current = rows.values_list("version", flat=True).first()
        if current is None or current == loaded:
            return data
        saved = model._default_manager.get(pk=self.instance.pk)
        # The next save is made knowing the other change: it may go through.
        self.data = self.data.copy()
        self.data[self.add_prefix(self.version_field)] = str(current)
        raise ValidationError(conflict_message(saved, self.differences(saved, data)))

    def differences(self, saved, data):
        """(label, yours, saved) for each field whose typed value differs from the saved one."""
        rows = []
        for name, field in self.fields.items():
            if name == self.version_field:
                continue
            try:
                model_field = saved._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                continue
            # A field that failed validation is shown as typed.
            yours = data[name] if name in data else self.data.get(self.add_prefix(name), "")
            theirs = getattr(saved, name)
            if comparable(yours) != comparable(theirs):
                rows.append(
                    (field.label, display(model_field, yours), display(model_field, theirs))
                )
        return rows


def comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if value in (None, ""):
        return ""
    return value


def display(model_field, value):
    """A value as a person reads it: choice labels, dd/mm/yyyy, yes/no, "—" for empty."""
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def last_change(record):
    """(who, when) of the latest change in the record's audit history."""
    latest = record.history.order_by("-history_date", "-history_id").first()
    if latest is None:
        return _("another user"), "—"
    user = latest.history_user
    who = (user.get_full_name() or user.get_username()) if user else _("a script or import")
    return who, timezone.localtime(latest.history_date).strftime("%d/%m/%Y %H:%M")


def conflict_message(saved, rows):
    who, when = last_change(saved)
    head = format_html(
        "{}",
        _(
            "This record was changed by %(user)s at %(time)s, after you opened it. Nothing "
            "has been overwritten. Compare the two versions below; to keep yours, save again."
        )
        % {"user": who, "time": when},
    )
    if not rows:
        return head
    return format_html(
        '{}<table class="version-conflict"><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        head,
        _("Field"),
        _("Your version"),
        _("Saved version"),
        format_html_join("", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>', rows),
    )


class VersionedAdminMixin:
    """Renders the form's hidden version field in the admin change form.

    The field is put inside the form, outside the fieldsets: a fieldset row would give the
    hidden input a visible label, which is invalid HTML.
    """

    change_form_template = "admin/versioned_change_form.html"
