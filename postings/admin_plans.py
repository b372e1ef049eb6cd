"""Data entry for rotation plans (items inline) and decisions (the cadres they move inline).

The decision page checks each row as the single rotation form does (`DecisionRowForm`:
`posting_validate`) and saves all rows or none: the admin's view runs in one transaction,
and nothing is saved unless every row, and the decision, is valid.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from postings.decisions import decision_save
from postings.forms import DECISION_ROW_FIELDS, DecisionRowForm, DecisionRowFormSet
from postings.models import Decision, PlanItem, Posting, RotationPlan
from postings.services import posting_save
from registry.admin import LabelledTabularInline, RegistryAdmin

# The filter's value for the items the staff's daily reminder lists (`past_their_year`).
PAST_THEIR_YEAR = "late"


class ItemStateFilter(admin.SimpleListFilter):
    """Plan items by their state today (`PlanItemQuerySet.with_progress`)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*PlanItem.State.choices, (PAST_THEIR_YEAR, _("past its year, not done"))]

    def queryset(self, request, queryset):
        if self.value() == PAST_THEIR_YEAR:
            return queryset.past_their_year(timezone.localdate())
        if self.value() in PlanItem.State.values:
            return queryset.with_progress(timezone.localdate()).filter(item_state=self.value())
        return queryset


class ItemLinksMixin:
    """The item's state today and the link that opens a rotation prefilled from it."""

    @admin.display(description=_("state"))
    def state_chip(self, obj):
        if obj.pk is None:
            return "—"
        state = obj.state(timezone.localdate())
        return format_html(
            '<span class="chip chip--plan-{}" data-item-state="{}">{}</span>',
            state.value,
            state.value,
            state.label,
        )

    @admin.display(description=_("rotation"))
    def rotation_link(self, obj):
        if obj.pk is None or obj.dropped:
            return "—"
        url = f"{reverse('admin:postings_posting_add')}?{urlencode(obj.rotation_initial())}"
        return format_html(
            '<a href="{}" data-create-rotation="{}">{}</a>', url, obj.pk, _("Create a rotation")
        )


class PlanItemInline(ItemLinksMixin, LabelledTabularInline):
    model = PlanItem
    fields = (
        "year",
        "cadre",
        "planning_entry",
        "to_unit",
        "to_position",
        "target_count",
        "direction",
        "target_group",
        "dropped",
        "drop_reason",
        "state_chip",
        "rotation_link",
    )
    readonly_fields = ("state_chip", "rotation_link")
    autocomplete_fields = ("cadre", "planning_entry", "to_unit", "to_position")
    extra = 1

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("cadre__current_unit", "cadre__current_position")
            .prefetch_related("postings")
        )


@admin.register(RotationPlan)
class RotationPlanAdmin(RegistryAdmin):
    list_display = ("name", "unit", "term", "approval_number", "approval_date", "item_count")
    list_filter = ("term",)
    list_select_related = ("unit", "term")
    search_fields = ("name", "approval_number")
    autocomplete_fields = ("unit", "term")
    fields = (
        ("unit", "term"),
        "name",
        ("approval_number", "approval_date"),
        "approving_body",
        "note",
        "scan",
    )
    inlines = (PlanItemInline,)

    def get_queryset(self, request):
        # Grouped by the count: ordered explicitly, as the pickers' pages need.
        queryset = super().get_queryset(request).annotate(items_total=Count("items"))
        return queryset.order_by("-term__start", "pk")

    @admin.display(description=_("items"), ordering="items_total")
    def item_count(self, obj):
        return obj.items_total


@admin.register(PlanItem)
class PlanItemAdmin(ItemLinksMixin, RegistryAdmin):
    """Every plan's items in one list: what is still to be decided, and the link to do it."""

    list_display = ("__str__", "plan", "to_unit", "state_chip", "rotation_link")
    list_filter = (ItemStateFilter, "year", "plan__term")
    list_select_related = (
        "plan__term",
        "cadre__current_unit",
        "cadre__current_position",
        "to_unit",
    )
    search_fields = ("cadre__search_key",)
    search_key_fields = ("cadre__search_key",)
    autocomplete_fields = ("plan", "cadre", "planning_entry", "to_unit", "to_position")
    readonly_fields = ("state_chip", "rotation_link")
    fields = (
        ("plan", "year"),
        ("cadre", "planning_entry"),
        ("to_unit", "to_position"),
        ("target_count", "direction", "target_group"),
        ("dropped", "drop_reason"),
        "note",
        ("state_chip", "rotation_link"),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("postings")


class DecisionRowInline(LabelledTabularInline):
    """The cadres the decision moves, one row each, checked as the single rotation form."""

    model = Posting
    fk_name = "decision"
    form = DecisionRowForm
    formset = DecisionRowFormSet
    fields = (*DECISION_ROW_FIELDS, "loaded_version")
    autocomplete_fields = ("cadre", "from_unit", "from_position", "to_unit", "to_position")
    extra = 3
    can_delete = False
    show_change_link = True
    verbose_name = _("cadre moved by this decision")
    verbose_name_plural = _("cadres moved by this decision")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("cadre", "from_unit", "to_unit", "from_position", "to_position")
        )


@admin.register(Decision)
class DecisionAdmin(RegistryAdmin):
    list_display = ("number", "date", "unit", "issuing_body", "rotation_count")
    list_select_related = ("unit",)
    search_fields = ("number", "issuing_body", "signer")
    autocomplete_fields = ("unit",)
    date_hierarchy = "date"
    fields = (("number", "date"), "unit", ("issuing_body", "signer"), "note", "scan")
    inlines = (DecisionRowInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts().order_by("-date", "-pk")

    @admin.display(description=_("rotations"), ordering="rotation_count")
    def rotation_count(self, obj):
        return obj.rotation_count

    def save_model(self, request, obj, form, change):
        # Its rotations take the decision's number, date and body again.
        decision_save(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Posting:
            return super().save_formset(request, form, formset, change)
        # Every row was validated in this transaction; each goes through the one write path.
        for posting in formset.save(commit=False):
            posting.decision = form.instance
            posting_save(posting=posting)
        return None
