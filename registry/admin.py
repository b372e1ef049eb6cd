"""The admin base every registry screen shares: the scope rule, accessible pickers,
accent-blind search, history within the scope, and the fast list page."""

import dataclasses

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from registry.changelist import RegistryChangeList
from registry.paginator import EstimatedCountPaginator
from registry.scopes import history_visible_to


def well_formed_key(key_field, value):
    """Whether `value` is an id the key field can hold: not `abc`, 30 digits or a NUL.

    Django looks such ids up with `__in` in places (a many-to-many field's check, the
    picker re-drawing a refused form), where they fail with a 500 instead of a form error.
    """
    try:
        value = key_field.to_python(value)
    except (ValidationError, TypeError):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return not (isinstance(value, str) and "\x00" in value)


class WellFormedSelectionMixin:
    """Re-draws a refused form whose picker got a malformed id: only well-formed ids are
    looked up to be drawn; the form field has already said the choice is invalid."""

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        return super().optgroups(name, [v for v in value if well_formed_key(key, v)], attr)


class WellFormedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many choice that refuses a malformed id as invalid, not with a 500."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value if isinstance(value, list | tuple) else ():
            if not well_formed_key(key, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class AccessibleAutocompleteSelect(WellFormedSelectionMixin, AutocompleteSelect):
    """Django's autocomplete picker, with HTML the Nu checker accepts.

    Select2 replaces the <select>, so `required` on it only produces invalid HTML (a
    required select with no option); the server checks required fields. The empty choice
    gets a label, since an empty <option> without one is invalid.
    """

    def use_required_attribute(self, initial):
        return False

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "":
            option["attrs"]["label"] = "—"
        return option


class WellFormedAutocompleteSelectMultiple(WellFormedSelectionMixin, AutocompleteSelectMultiple):
    """Django's many-to-many picker, safe against malformed ids."""


class AccessiblePickersMixin:
    """Use the accessible autocomplete picker for every autocomplete foreign key."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AccessibleAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = WellFormedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        wrapper = getattr(field, "widget", None)
        if isinstance(getattr(wrapper, "widget", None), AccessibleAutocompleteSelect):
            # The admin's wrapper (with its add and change links) asks itself, not the picker.
            wrapper.use_required_attribute = wrapper.widget.use_required_attribute
        return field


def scoped_choices(model, request, admin_site):
    """The rows of `model` a picker may offer `request.user`; None for a shared catalogue.

    A registry model's own rule (`visible_to`); for another registered model (the user
    accounts) what its admin list shows the user. Unregistered models (permissions, content
    types) are the same for everyone.
    """
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(request.user)
    model_admin = admin_site._registry.get(model)
    return model_admin.get_queryset(request) if model_admin is not None else None


def keep_current_choices(fields, rows):
    """Let each picker also accept what `rows` already link to.

    A record may rightly link outside the user's scope (a rotation into another district,
    a commune merged into one under the province), entered by someone who sees both; its
    editor must be able to save it unchanged, but can link nothing new outside the scope.
    """
    for name, field in fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        try:
            model_field = rows.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (model_field.many_to_many or model_field.many_to_one):
            continue
        current = rows.exclude(**{f"{name}__isnull": True}).values(name)
        model = field.queryset.model
        field.queryset = field.queryset | model._default_manager.filter(pk__in=current)


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many picker of an admin form or inline offers only rows
    the user may see, and a POST can submit nothing else: Django validates a choice against
    the field's queryset. Autocomplete pickers search the related model's own admin, whose
    list is scoped (`RegistryAdmin.get_queryset`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_choices(db_field.related_model, request, self.admin_site)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", WellFormedMultipleChoiceField)
        if "queryset" not in kwargs:
            queryset = scoped_choices(db_field.related_model, request, self.admin_site)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedFormMixin(ScopedChoicesMixin):
    """For a ModelAdmin: the scoped pickers, keeping the edited record's own links."""

    def get_form(self, request, obj=None, *args, **kwargs):
        # Django's UserAdmin takes `change` only by keyword, ModelAdmin also by position.
        form = super().get_form(request, obj, *args, **kwargs)
        if obj is not None and obj.pk is not None:
            keep_current_choices(form.base_fields, self.model._default_manager.filter(pk=obj.pk))
        return form


class ScopedInlineMixin(ScopedChoicesMixin):
    """For an inline: the scoped pickers, keeping the links of the rows already saved."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.pk is not None:
            rows = self.model._default_manager.filter(**{formset.fk.name: obj})
            keep_current_choices(formset.form.base_fields, rows)
        return formset


class NotFoundMixin:
    """A record the list would not show (outside the scope, another person's) is "not
    found", not the admin's redirect to its index with a message naming the id."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class RegistryAdmin(ScopedFormMixin, AccessiblePickersMixin, NotFoundMixin, SimpleHistoryAdmin):
    """What every registry screen shares: the scope rule, accent-blind search, history.

    `search_key_fields` are matched against the typed text without diacritics;
    `search_fields` (kept for autocomplete) are matched as typed, case-insensitively.
    """

    search_key_fields = ()
    show_full_result_count = False
    # Facet counts cost a COUNT per filter choice on every page view: not at national scale.
    show_facets = admin.ShowFacets.NEVER
    # No full COUNT(*) of a big list on every page view (registry/paginator.py).
    paginator = EstimatedCountPaginator
    list_per_page = 50
    # Django's list page with the rows drawn once per column (registry/changelist.py).
    change_list_template = "admin/registry_change_list.html"

    # Fields only those who may change the records see (a cadre's ID number): kept off the
    # change page, the history and the exports for everyone else.
    sensitive_fields = ()

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def hidden_fields(self, request):
        """The sensitive fields this user may not see: all of them unless they may change."""
        if not self.sensitive_fields or self.has_change_permission(request):
            return ()
        return tuple(self.sensitive_fields)

    def get_fieldsets(self, request, obj=None):
        # The form, the change page and a version in the history are all built from these.
        fieldsets = super().get_fieldsets(request, obj)
        hidden = self.hidden_fields(request)
        return without_fields(fieldsets, hidden) if hidden else fieldsets

    def get_historical_record_context_helper(self, request, historical_record):
        return HidingContextHelper(
            self.model, historical_record, hidden=self.hidden_fields(request)
        )

    def action_checkbox(self, obj):
        # Django's own renders a CheckboxInput through the form renderer's templates for each
        # row, a quarter of a 50-row list's time; this writes the same element directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def save_related(self, request, form, formsets, change):
        # The pickers offer only units in scope; this catches any other way a record could
        # leave the user's scope (e.g. a cadre with no current unit and no rotation). It
        # runs inside the admin's transaction, so the refusal undoes the save.
        super().save_related(request, form, formsets, change)
        if not self.get_queryset(request).filter(pk=form.instance.pk).exists():
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        # The history of a deleted record stays readable, within the same scope.
        if not self.history_records(request, object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.history_records(request, object_id).filter(history_id=version_id).exists():
            raise Http404
        if request.method == "POST" and self.revert_disabled(request):
            # simple-history saves a POSTed old version even with reverting switched off.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_records(self, request, object_id):
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except (ValidationError, ValueError) as error:
            raise Http404 from error
        return history_visible_to(self.model, request.user).filter(
            **{self.model._meta.pk.attname: pk}
        )

    def get_changelist(self, request, **kwargs):
        return RegistryChangeList

    def get_search_results(self, request, queryset, search_term):
        # The QuerySet's own search (registry/models.py), as the pages and imports use it.
        exact = [field for field in self.search_fields if field not in self.search_key_fields]
        found = queryset.search(search_term, key_fields=self.search_key_fields, exact_fields=exact)
        return found, False


def without_fields(fieldsets, hidden):
    """The fieldsets with the `hidden` fields taken out (also from rows of several fields)."""
    result = []
    for title, options in fieldsets:
        fields = []
        for entry in options["fields"]:
            if isinstance(entry, list | tuple):
                entry = tuple(name for name in entry if name not in hidden)
                if entry:
                    fields.append(entry)
            elif entry not in hidden:
                fields.append(entry)
        result.append((title, {**options, "fields": tuple(fields)}))
    return result


class HidingContextHelper(HistoricalRecordContextHelper):
    """The history list's "changes" column without the fields hidden from the reader."""

    def __init__(self, model, historical_record, *, hidden=()):
        super().__init__(model, historical_record)
        self.hidden = hidden

    def context_for_delta_changes(self, delta):
        shown = [change for change in delta.changes if change.field not in self.hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].widget.attrs["aria-label"] = _("Delete this row")


def takes_placeholder(widget):
    """Whether HTML allows a placeholder on the widget's element (text boxes only)."""
    return isinstance(widget, forms.Textarea) or getattr(widget, "input_type", None) in (
        "text",
        "email",
        "number",
        "search",
        "tel",
        "url",
        "password",
    )


class LabelledTabularInline(ScopedInlineMixin, AccessiblePickersMixin, admin.TabularInline):
    """A tabular inline whose inputs carry their column's name for screen readers."""

    formset = LabelledInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
            if field.help_text:
                # A table row has no place for help text (Django would point aria-describedby
                # at an element it never renders): the hint goes in a text box, or in the
                # title of a list (a select has no placeholder).
                hint = "placeholder" if takes_placeholder(field.widget) else "title"
                field.widget.attrs.setdefault(hint, field.help_text)
                field.help_text = ""
        return field
