"""Evaluations of rotated cadres and inspection findings: the records beside a rotation.

`postings.models` imports them, so `from postings.models import Evaluation` keeps working.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.models import Cadre, Position, Unit
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


# The three reviews every ended rotation needs (Regulation 65-QĐ/TW Art. 6; Decree 138/2020
# Art. 62): the cadre's self-review, the receiving unit's assessment, the authority's conclusion.
END_REVIEW_KINDS = (
    Evaluation.Kind.SELF_REVIEW,
    Evaluation.Kind.RECEIVING_UNIT,
    Evaluation.Kind.AUTHORITY,
)


class PlacementQuerySet(VisibleQuerySet):
    scope_lookups = ("posting__from_unit__", "posting__to_unit__")
    history_scope_lookups = scope_lookups


class Placement(NormalisedTextMixin, models.Model):
    """Where the cadre was placed after the rotation, compared with the post before it."""

    class Comparison(models.TextChoices):
        # A context of their own: the rotation's outcome "kept at the destination" is another
        # set of choices.
        HIGHER = "higher", pgettext_lazy("placement", "higher than before")
        EQUIVALENT = "equivalent", pgettext_lazy("placement", "equivalent to before")
        LOWER = "lower", pgettext_lazy("placement", "lower than before")
        KEPT = "kept", pgettext_lazy("placement", "kept at the destination")

    posting = models.OneToOneField(
        "postings.Posting",
        verbose_name=_("rotation"),
        on_delete=models.PROTECT,
        related_name="placement",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("title after"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit after"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("placed on"))
    comparison = models.CharField(
        _("compared with the post before"),
        max_length=20,
        choices=Comparison.choices,
        help_text=_(
            "“Kept at the destination” goes with the rotation's outcome of that name, and "
            "only with it."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement after the rotation")
        verbose_name_plural = _("placements after the rotation")
        ordering = ["date"]

    def __str__(self):
        return f"{self.position} · {self.unit} ({self.date:%d/%m/%Y})"

    def clean(self):
        """Refuse a placement that contradicts its rotation: "kept at the destination" is the
        rotation's outcome and its receiving unit, said twice, so the two must agree."""
        super().clean()
        if not self.posting_id:
            return
        posting, errors = self.posting, {}
        kept = posting.outcome == posting.Outcome.KEPT
        if self.comparison == self.Comparison.KEPT and not kept:
            errors["comparison"] = _(
                "The rotation's outcome is not “kept at the destination”. Choose higher, "
                "equivalent or lower, or change the rotation's outcome first."
            )
        elif kept and self.comparison and self.comparison != self.Comparison.KEPT:
            errors["comparison"] = _(
                "The rotation's outcome is “kept at the destination”: the placement is that."
            )
        if kept and self.unit_id and self.unit_id != posting.to_unit_id:
            errors["unit"] = _(
                "A cadre kept at the destination stays in the receiving unit (%(unit)s)."
            ) % {"unit": posting.to_unit}
        if self.date and self.date < posting.start:
            errors["date"] = _(
                "The placement cannot be before the rotation's start (%(start)s)."
            ) % {"start": f"{posting.start:%d/%m/%Y}"}
        if errors:
            raise ValidationError(errors)


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

    class Kind(models.TextChoices):
        """What the finding is about: the part of the rotation work that was wrong."""

        PROCEDURE = "procedure", _("procedure or decision")
        PLANNING = "planning", _("not in the succession plan")
        CONDITIONS = "conditions", _("conditions of the cadre")
        DURATION = "duration", _("duration or ending")
        REVIEW = "review", _("missing evaluation or review")
        RECORDS = "records", _("records and files")
        OTHER = "other", pgettext_lazy("finding kind", "other")

    date = models.DateField(_("inspection date"))
    kind = models.CharField(
        _("kind of finding"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        db_default=Kind.OTHER,
    )
    deadline = models.DateField(
        _("correct by"), null=True, blank=True, help_text=_("The deadline set for the correction.")
    )
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
