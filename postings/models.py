"""Rotations (one row a lượt), their evaluations, and inspection findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models import Cadre, Level, Position, Unit, unit_not_existing_message
from registry.dates import add_months
from registry.locking import VersionedModel
from registry.models import NormalisedTextMixin, VisibleQuerySet


class Direction(models.TextChoices):
    DISTRICT_TO_COMMUNE = "district_to_commune", _("district → commune")
    COMMUNE_TO_DISTRICT = "commune_to_district", _("commune → district")
    PROVINCE_TO_DISTRICT = "province_to_district", _("province → district")
    DISTRICT_TO_PROVINCE = "district_to_province", _("district → province")
    PROVINCE_TO_COMMUNE = "province_to_commune", _("province → commune")
    COMMUNE_TO_PROVINCE = "commune_to_province", _("commune → province")
    HORIZONTAL = "horizontal", _("horizontal, between bodies of one level")
    BETWEEN_LOCALITIES = "between_localities", _("between localities")


_DIRECTION_BY_LEVELS = {
    (Level.DISTRICT, Level.COMMUNE): Direction.DISTRICT_TO_COMMUNE,
    (Level.COMMUNE, Level.DISTRICT): Direction.COMMUNE_TO_DISTRICT,
    (Level.PROVINCE, Level.DISTRICT): Direction.PROVINCE_TO_DISTRICT,
    (Level.DISTRICT, Level.PROVINCE): Direction.DISTRICT_TO_PROVINCE,
    (Level.PROVINCE, Level.COMMUNE): Direction.PROVINCE_TO_COMMUNE,
    (Level.COMMUNE, Level.PROVINCE): Direction.COMMUNE_TO_PROVINCE,
}


def derive_direction(from_unit, to_unit):
    """The direction of a move between two units, from their levels and localities."""
    if from_unit.level != to_unit.level:
        return _DIRECTION_BY_LEVELS[(from_unit.level, to_unit.level)]
    if from_unit.locality_id and from_unit.locality_id == to_unit.locality_id:
        return Direction.HORIZONTAL
    return Direction.BETWEEN_LOCALITIES


# --- a rotation's state on a day: the one definition ------------------------------------
#
# The admin's status filter, the summary's figures, tables and lists, the record pages and
# the exports all judge a rotation's state through these conditions (DOMAIN.md §7), so they
# never disagree. They hold among counted rotations: a cancelled one is in no state but
# "cancelled" (`PostingQuerySet` methods exclude it; the summary counts only the others).
# Each returns a `Q`, so the summary's one SQL tally can use it inside `Case`/`When`.

# "Due to end soon": the planned end falls within this many months after the as-of date.
DUE_MONTHS = 6


def not_started_q(as_of):
    """Starts after the as-of date."""
    return Q(start__gt=as_of)


def ended_q(as_of):
    """Started, and ended on or before the as-of date, or no actual end but an outcome."""
    return Q(start__lte=as_of) & (
        Q(actual_end__lte=as_of) | (Q(actual_end__isnull=True) & ~Q(outcome=""))
    )


def active_q(as_of):
    """Under way: started, and ends after the as-of date, or no actual end and no outcome."""
    return Q(start__lte=as_of) & (
        Q(actual_end__gt=as_of) | (Q(actual_end__isnull=True) & Q(outcome=""))
    )


def overdue_q(as_of):
    """Under way with its planned end before the as-of date."""
    return active_q(as_of) & Q(planned_end__lt=as_of)


def due_q(as_of, months=DUE_MONTHS):
    """Under way with its planned end after the as-of date and at most `months` later."""
    return active_q(as_of) & Q(planned_end__gt=as_of, planned_end__lte=add_months(as_of, months))


class PostingQuerySet(VisibleQuerySet):
    scope_lookups = ("from_unit__", "to_unit__")
    history_scope_lookups = scope_lookups

    def counted(self):
        """Rotations that count anywhere: cancelled ones do not."""
        return self.exclude(outcome=Posting.Outcome.CANCELLED)

    def with_related(self):
        return self.select_related("cadre", "from_unit", "to_unit", "from_position", "to_position")

    def not_started(self, as_of):
        return self.counted().filter(not_started_q(as_of))

    def active(self, as_of):
        """Under way on `as_of`: the due and the overdue ones included."""
        return self.counted().filter(active_q(as_of))

    def ended(self, as_of):
        return self.counted().filter(ended_q(as_of))

    def overdue(self, as_of):
        return self.counted().filter(overdue_q(as_of))

    def due(self, as_of, months=DUE_MONTHS):
        return self.counted().filter(due_q(as_of, months))

    def overlapping(self, *, cadre, start, end, exclude_pk=None):
        """This cadre's counted rotations whose time overlaps [start, end)."""
        qs = (
            self.counted()
            .filter(cadre=cadre)
            .annotate(ends_on=Coalesce("actual_end", "planned_end"))
        )
        qs = qs.filter(start__lt=end, ends_on__gt=start)
        return qs.exclude(pk=exclude_pk) if exclude_pk else qs


class Posting(NormalisedTextMixin, VersionedModel):
    """One rotation (lượt): a cadre sent by a decision from one unit and post to another."""

    class PostRelation(models.TextChoices):
        EQUIVALENT = "equivalent", _("equivalent post")
        HIGHER = "higher", _("higher post")
        LOWER = "lower", _("lower post")

    class Outcome(models.TextChoices):
        RETURNED = "returned", _("returned to the sending unit")
        REASSIGNED = "reassigned", _("assigned elsewhere")
        PROMOTED = "promoted", _("promoted")
        KEPT = "kept", _("kept at the destination")
        ENDED_EARLY = "ended_early", _("ended early")
        CANCELLED = "cancelled", _("cancelled")

    class CommitteeRole(models.TextChoices):
        MEMBER = "member", _("member")
        STANDING = "standing", _("Standing Board member")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        SECRETARY = "secretary", _("secretary")

    class Warning(models.TextChoices):
        SHORT_DURATION = "short_duration", _("shorter than the minimum duration")
        NOT_IN_PLAN = "not_in_plan", _("not in the succession plan on the start date")
        FEW_WORKING_YEARS = "few_working_years", _("too few working years left")
        UNDER_DISCIPLINE = "under_discipline", _("under discipline on the start date")
        HIGHER_POST = "higher_post", _("rotated to a higher post")

    class State(models.TextChoices):
        """Where a rotation stands on a day (`state`); due and overdue are kinds of active."""

        NOT_STARTED = "not_started", _("not started")
        ACTIVE = "active", _("under way")
        DUE = "due", _("under way, due to end within 6 months")
        OVERDUE = "overdue", _("overdue: planned end passed, not ended")
        ENDED = "ended", _("ended")
        CANCELLED = "cancelled", _("cancelled")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="postings"
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="postings_out"
    )
    from_position = models.ForeignKey(
        Position,
        verbose_name=_("post before"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("to unit"), on_delete=models.PROTECT, related_name="postings_in"
    )
    to_position = models.ForeignKey(
        Position,
        verbose_name=_("post in rotation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
    )
    direction = models.CharField(
        _("direction"),
        max_length=30,
        choices=Direction.choices,
        blank=True,
        help_text=_("Filled in from the two units when left empty."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    post_relation = models.CharField(
        _("post compared with before"),
        max_length=20,
        choices=PostRelation.choices,
        default=PostRelation.EQUIVALENT,
    )
    start = models.DateField(_("start"))
    planned_end = models.DateField(
        _("planned end"), blank=True, help_text=_("Defaults to 36 months after the start.")
    )
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    position_after = models.ForeignKey(
        Position,
        verbose_name=_("post after"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit_after = models.ForeignKey(
        Unit,
        verbose_name=_("unit after"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_party_committee = models.BooleanField(
        _("joined the receiving Party committee"), default=False
    )
    party_committee_role = models.CharField(
        _("role in the Party committee"), max_length=20, choices=CommitteeRole.choices, blank=True
    )
    joined_government = models.BooleanField(_("joined the government"), default=False)
    # Snapshot at the start, so that later edits to the profile do not rewrite history.
    in_planning_at_start = models.BooleanField(
        _("in the succession plan at the start"),
        default=False,
        help_text=_("Ticked automatically when an approved planning entry covers the start."),
    )
    age_at_start = models.PositiveSmallIntegerField(
        _("age at the start"), null=True, blank=True, editable=False
    )
    working_years_left_at_start = models.DecimalField(
        _("working years left at the start"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
    )
    warnings = models.JSONField(_("rule warnings"), default=list, blank=True, editable=False)
    exception_reason = models.TextField(
        _("reason for the exception"),
        blank=True,
        help_text=_("Required when the rotation breaks a rule of Regulation 65-QĐ/TW."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        ordering = ["-start", "-pk"]
        indexes = [
            # Report periods and the year filter select on the start date; the lists order by
            # (start, id), which this index gives ready sorted, so "the newest 50" reads 50
            # rows instead of every rotation of the newest day (docs/PERFORMANCE.md).
            models.Index(fields=["start", "id"], name="postings_posting_start_id_idx"),
            # The summary's active, due and overdue lists: the first 50 by planned end.
            models.Index(fields=["planned_end", "id"], name="posting_planned_end_id_idx"),
            # The list of records missing a decision: few rows, which a scan in start order
            # would look for through every rotation (2.7 s at a million with none missing).
            models.Index(
                fields=["start", "id"],
                condition=models.Q(decision_number="") | models.Q(decision_date__isnull=True),
                name="posting_no_decision_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("start")),
                name="postings_posting_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start")),
                name="postings_posting_end_after_start",
                violation_error_message=_("The actual end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(from_unit=F("to_unit")),
                name="postings_posting_units_differ",
                violation_error_message=_("The receiving unit must differ from the sending one."),
            ),
        ]

    def __str__(self):
        return f"{self.cadre.full_name}: {self.from_unit} → {self.to_unit} ({self.start:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("admin:postings_posting_change", args=[self.pk])

    def clean(self):
        """Refuse data that is simply wrong; each message names the field and the fix."""
        super().clean()
        errors = {}
        if self.start and self.planned_end and self.planned_end < self.start:
            errors["planned_end"] = _(
                "The planned end cannot be before the start (%(start)s). Enter a later date."
            ) % {"start": f"{self.start:%d/%m/%Y}"}
        if self.start and self.actual_end and self.actual_end < self.start:
            errors["actual_end"] = _(
                "The actual end cannot be before the start (%(start)s). Enter a later date."
            ) % {"start": f"{self.start:%d/%m/%Y}"}
        if self.from_unit_id and self.from_unit_id == self.to_unit_id:
            errors["to_unit"] = _(
                "The receiving unit must differ from the sending unit. Choose another unit."
            )
        if self.start:
            for field in ("from_unit", "to_unit"):
                unit = getattr(self, field) if getattr(self, f"{field}_id") else None
                if unit and not unit.existed_on(self.start):
                    errors.setdefault(field, unit_not_existing_message(unit, self.start))
        if errors:
            raise ValidationError(errors)
        self.validate_no_overlap()

    def validate_no_overlap(self):
        """Refuse a rotation that overlaps another of the same cadre's in time."""
        if not (self.cadre_id and self.start) or self.outcome == self.Outcome.CANCELLED:
            return
        if transaction.get_connection().in_atomic_block:
            # Serialise writers for one cadre, so two saves cannot both pass this check.
            list(Cadre.objects.select_for_update().filter(pk=self.cadre_id).values_list("pk"))
        end = (
            self.actual_end
            or self.planned_end
            or add_months(self.start, settings.ROTATION_MIN_MONTHS)
        )
        clash = (
            Posting.objects.overlapping(
                cadre=self.cadre_id, start=self.start, end=end, exclude_pk=self.pk
            )
            .select_related("to_unit")
            .order_by()
            .first()
        )
        if clash:
            raise ValidationError({"start": overlap_message(clash)})

    @property
    def effective_end(self):
        return self.actual_end or self.planned_end

    def state(self, as_of):
        """Where this rotation stands on `as_of`: the row-by-row twin of the `*_q` conditions."""
        if self.outcome == self.Outcome.CANCELLED:
            return self.State.CANCELLED
        if self.start > as_of:
            return self.State.NOT_STARTED
        # With no actual end, a recorded outcome is what says it ended.
        ended = bool(self.outcome) if self.actual_end is None else self.actual_end <= as_of
        if ended:
            return self.State.ENDED
        if self.planned_end < as_of:
            return self.State.OVERDUE
        if as_of < self.planned_end <= add_months(as_of, DUE_MONTHS):
            return self.State.DUE
        return self.State.ACTIVE

    def warning_labels(self):
        return [Posting.Warning(code).label for code in self.warnings if code in Posting.Warning]


class EvaluationQuerySet(VisibleQuerySet):
    scope_lookups = ("posting__from_unit__", "posting__to_unit__")
    history_scope_lookups = scope_lookups


def overlap_message(clash):
    return _(
        "This cadre already has a rotation to %(unit)s from %(start)s to %(end)s that overlaps "
        "this one. Change the dates, or end or cancel that rotation first."
    ) % {
        "unit": clash.to_unit.name,
        "start": f"{clash.start:%d/%m/%Y}",
        "end": f"{clash.effective_end:%d/%m/%Y}",
    }


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
        Posting, verbose_name=_("rotation"), on_delete=models.PROTECT, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    text = models.TextField(_("assessment"), blank=True)

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
        OPEN = "open", _("open")
        CORRECTED = "corrected", _("corrected")
        CLOSED = "closed", _("closed")

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
        Posting, verbose_name=_("rotations concerned"), blank=True, related_name="findings"
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
