"""Data entry for what follows a rotation: its evaluations and reviews, the placement
afterwards, and inspection findings; and the rotation list's filter for missing reviews."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postings.models import Evaluation, InspectionFinding, Placement
from registry.admin import LabelledTabularInline, RegistryAdmin


class ReviewFilter(admin.SimpleListFilter):
    """Ended rotations missing any of their three end reviews or their placement, today
    (`PostingQuerySet.missing_review`: the start page's queue counts the same)."""

    title = _("end reviews")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("missing", _("ended, missing a review or the placement"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.missing_review(timezone.localdate())
        return queryset


class EvaluationInline(LabelledTabularInline):
    model = Evaluation
    fields = ("kind", "date", "rating", "text", "scan")
    extra = 0


class PlacementInline(LabelledTabularInline):
    """The title and unit the cadre took after the rotation (one per rotation)."""

    model = Placement
    fields = ("position", "unit", "date", "comparison", "note")
    autocomplete_fields = ("position", "unit")
    extra = 0
    max_num = 1
    verbose_name = _("placement after the rotation")
    verbose_name_plural = _("placement after the rotation")


@admin.register(Evaluation)
class EvaluationAdmin(RegistryAdmin):
    list_display = ("posting", "kind", "date", "rating")
    list_filter = ("kind", "rating")
    list_select_related = ("posting__cadre", "posting__from_unit", "posting__to_unit")
    search_fields = ("posting__cadre__search_key",)
    search_key_fields = ("posting__cadre__search_key",)
    autocomplete_fields = ("posting",)
    date_hierarchy = "date"


@admin.register(Placement)
class PlacementAdmin(RegistryAdmin):
    list_display = ("posting", "position", "unit", "date", "comparison")
    list_filter = ("comparison",)
    list_select_related = ("posting__cadre", "posting__from_unit", "posting__to_unit")
    list_select_related += ("position", "unit")
    search_fields = ("posting__cadre__search_key",)
    search_key_fields = ("posting__cadre__search_key",)
    autocomplete_fields = ("posting", "position", "unit")
    date_hierarchy = "date"


@admin.register(InspectionFinding)
class InspectionFindingAdmin(RegistryAdmin):
    list_display = ("date", "unit", "kind", "status", "deadline", "corrected_on")
    list_filter = ("status", "kind")
    list_select_related = ("unit",)
    search_fields = ("unit__search_key",)
    search_key_fields = ("unit__search_key",)
    autocomplete_fields = ("unit", "postings", "cadres")
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
