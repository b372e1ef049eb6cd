"""Evaluations of rotated cadres and inspection findings: the records beside a rotation.

`postings.models` imports them, so `from postings.models import Evaluation` keeps working.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.models import Cadre, Unit
from registry.models import NormalisedTextMixin, VisibleQuerySet
from registry.scans import ScanField


class EvaluationQuerySet(VisibleQuerySet):
    scope_lookups = ("posting__from_unit__", "posting__to_unit__")
    history_scope_lookups = scope_lookups


class Evaluation(NormalisedTextMixin, models.Model):
    """An assessment of a rotated cadre during or at the end of the rotation."""

    class Kind(models.TextChoices):
        SEMI_ANNUAL = "semi_annual", _("six-monthly")
        ANNUAL = "annual", _("annual")
        SELF_REVIEW = "self_review", _("self-review at the end")
        RECEIVING_UNIT = "receiving_unit", _("receiving unit's assessment")
        AUTHORITY = "authority", _("deciding authority's conclusion")

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("excellently completed")
        GOOD = "good", _("well completed")
        COMPLETED = "completed", _("completed")
        NOT_COMPLETED = "not_completed", _("not completed")

    posting = models.ForeignKey(
        "postings.Posting",
        verbose_name=_("rotation"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    text = models.TextField(_("assessment"), blank=True)
    scan = ScanField(_("signed scan (PDF)"))

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["date"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class InspectionFindingQuerySet(VisibleQuerySet):
    scope_lookups = ("unit__",)
    history_scope_lookups = scope_lookups


class InspectionFinding(NormalisedTextMixin, models.Model):
    """Something an inspection found wrong in cadre work, and how it was put right."""

    class Status(models.TextChoices):
        # Contexts: a unit "closed" (dissolved) is another word in Vietnamese.
        OPEN = "open", pgettext_lazy("inspection finding", "open")
        CORRECTED = "corrected", pgettext_lazy("inspection finding", "corrected")
        CLOSED = "closed", pgettext_lazy("inspection finding", "closed")

    date = models.DateField(_("inspection date"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("inspected unit"),
        on_delete=models.PROTECT,
        related_name="inspection_findings",
    )
    scope = models.CharField(_("inspection scope"), max_length=300, blank=True)
    finding = models.TextField(_("what was found wrong"))
    postings = models.ManyToManyField(
        "postings.Posting",
        verbose_name=_("rotations concerned"),
        blank=True,
        related_name="findings",
    )
    cadres = models.ManyToManyField(
        Cadre, verbose_name=_("cadres concerned"), blank=True, related_name="findings"
    )
    correction = models.TextField(_("correction"), blank=True)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = InspectionFindingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[postings, cadres])

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.unit} {self.date:%d/%m/%Y}"
