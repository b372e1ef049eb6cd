"""Decisions (quyết định) as their own records: one decision moves one or many cadres.

`postings.models` imports the model, so `from postings.models import Decision` works.

A rotation's `decision_number`, `decision_date` and `deciding_body` stay on the rotation,
filled from its decision by the write path (`services.posting_validate`) and again here when
the decision changes (`decision_save`): every page, export, import and the "missing a
decision" list read them as before, and they never disagree with the record. A rotation
without a decision record keeps what was typed.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models import Unit
from registry.models import NormalisedTextMixin, VisibleQuerySet
from registry.scans import ScanField


class DecisionQuerySet(VisibleQuerySet):
    scope_lookups = ("unit__",)
    history_scope_lookups = scope_lookups

    def with_counts(self):
        return self.annotate(rotation_count=models.Count("postings"))


class Decision(NormalisedTextMixin, models.Model):
    """A decision by a Party committee (its Standing Committee) moving one or more cadres."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("deciding Party committee"),
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_(
            "The unit whose Party committee issued the decision (the district, the province); "
            "who sees the decision follows it."
        ),
    )
    number = models.CharField(_("decision number"), max_length=100)
    date = models.DateField(_("decision date"))
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    scan = ScanField(_("signed scan (PDF)"))

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number", "date"],
                name="postings_decision_unique_number",
                violation_error_message=_(
                    "This Party committee already has a decision with this number and date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def posting_fields(self):
        """What a rotation of this decision copies from it."""
        return {
            "decision_number": self.number,
            "decision_date": self.date,
            "deciding_body": self.issuing_body,
        }


def decision_copy(posting):
    """Fill a rotation's decision number, date and body from its decision record, if any."""
    decision = posting.decision if posting.decision_id or posting_has_decision(posting) else None
    if decision is None:
        return
    for name, value in decision.posting_fields().items():
        setattr(posting, name, value)


def posting_has_decision(posting):
    """A decision object set on the rotation but not saved yet (the decision page's rows)."""
    field = type(posting)._meta.get_field("decision")
    return field.is_cached(posting) and field.get_cached_value(posting) is not None


def decision_save(decision):
    """Save a decision; its rotations take its number, date and body again (with history)."""
    with transaction.atomic():
        decision.save()
        wanted = decision.posting_fields()
        for posting in decision.postings.select_for_update().order_by("pk"):
            if all(getattr(posting, name) == value for name, value in wanted.items()):
                continue
            for name, value in wanted.items():
                setattr(posting, name, value)
            posting.save(update_fields=[*wanted, "version", "updated_at"])
    return decision
