"""Rotations (one row a lượt), their evaluations, and inspection findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.models import Cadre, Position, Unit, unit_not_existing_message

# The records beside a rotation and the summary's rollup: this app's models, in modules of
# their own, importable from here.
from postings.decisions import Decision  # noqa: F401
from postings.directions import Direction, derive_direction  # noqa: F401 (the app's names)
from postings.notices import ReminderSent  # noqa: F401
from postings.reviews import (
    END_REVIEW_KINDS,
    Evaluation,
    InspectionFinding,  # noqa: F401
    Placement,
)
from postings.rollup_tables import (  # noqa: F401
    RollupChange,
    RollupEntry,
    RollupState,
    RollupTotal,
)

# A rotation's state on a day: the one definition, in postings/states.py.
from postings.states import (  # noqa: F401
    DUE_MONTHS,
    active_q,
    due_q,
    ended_q,
    ending_within_q,
    not_started_q,
    overdue_q,
)
from registry.dates import add_months
from registry.locking import VersionedModel
from registry.models import NormalisedTextMixin, VisibleQuerySet


def missing_review_q(as_of):
    """Ended, a rotation proper (not cancelled), and lacking any of the three end reviews or
    the placement afterwards, as the register stood on `as_of` (later dates do not count)."""
    reviews = Evaluation.objects.filter(posting=OuterRef("pk"), date__lte=as_of)
    complete = Exists(Placement.objects.filter(posting=OuterRef("pk"), date__lte=as_of))
    for kind in END_REVIEW_KINDS:
        complete &= Exists(reviews.filter(kind=kind))
    rotation = Q(kind=Posting.Kind.ROTATION) & ~Q(outcome=Posting.Outcome.CANCELLED)
    return ended_q(as_of) & rotation & ~Q(complete)


class PostingQuerySet(VisibleQuerySet):
    scope_lookups = ("from_unit__", "to_unit__")
    history_scope_lookups = scope_lookups

    def counted(self):
        """Moves that count anywhere: cancelled ones do not."""
        return self.exclude(outcome=Posting.Outcome.CANCELLED)

    def rotations(self):
        """Counted rotations proper: what Resolution 11's figures count (not transfers,
        secondments or appointments, Decree 170/2025 Art. 26, 48, 50)."""
        return self.counted().filter(kind=Posting.Kind.ROTATION)

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

    def missing_review(self, as_of):
        """Ended rotations missing a review or their placement (`missing_review_q`)."""
        return self.filter(missing_review_q(as_of))

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

    class Kind(models.TextChoices):
        """The kind of move (Decree 170/2025 Art. 26, 48, 50): only rotations are counted."""

        ROTATION = "rotation", pgettext_lazy("kind of move", "rotation")
        TRANSFER = "transfer", pgettext_lazy("kind of move", "transfer")
        SECONDMENT = "secondment", pgettext_lazy("kind of move", "secondment")
        APPOINTMENT = "appointment", pgettext_lazy("kind of move", "appointment")

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
        CANCELLED = "cancelled", pgettext_lazy("outcome", "cancelled")

    # Outcomes that end a rotation: each needs the actual end (the day it ended).
    ENDING_OUTCOMES = ("returned", "reassigned", "promoted", "kept", "ended_early")

    class TargetGroup(models.TextChoices):
        """Whom the rotation is for (Regulation 65-QĐ/TW Art. 4.2)."""

        PLANNED = "planned", _("planned cadre, trained in practice")
        KEY_LEADER_NOT_LOCAL = "key_leader", _("key leader who is not a local")
        TWO_TERM_LIMIT = "two_terms", _("cadre at the end of a two-term limit")
        OTHER = "other", pgettext_lazy("target group", "other")

    # Groups for whom one term of working time left suffices (Decree 138/2020 Art. 56.4b).
    ONE_TERM_GROUPS = ("key_leader", "two_terms")

    class ManagementLevel(models.TextChoices):
        """The level whose cadre the person is, and which decided the rotation."""

        CENTRAL = "central", _("managed by the Central Committee")
        PROVINCE = "province", _("managed by the provincial Party Committee")
        DISTRICT = "district", _("managed by the district Party Standing Board")

    class CommitteeRole(models.TextChoices):
        MEMBER = "member", _("member")
        STANDING = "standing", _("Standing Board member")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        SECRETARY = "secretary", _("secretary")

    class Warning(models.TextChoices):
        SHORT_DURATION = "short_duration", _("shorter than the minimum duration")
        NOT_IN_PLAN = "not_in_plan", _("not in the succession plan on the start date")
        FEW_WORKING_YEARS = "few_working_years", _("too few working years left")
        LESS_THAN_A_TERM = "less_than_a_term", _("less than one term of working time left")
        UNDER_DISCIPLINE = "under_discipline", _("under discipline on the start date")
        HIGHER_POST = "higher_post", _("rotated to a higher post")
        LOWER_POST = "lower_post", _("rotated to a lower post")

    class State(models.TextChoices):
        """Where a rotation stands on a day (`state`); due and overdue are kinds of active."""

        NOT_STARTED = "not_started", _("not started")
        ACTIVE = "active", _("under way")
        DUE = "due", _("under way, due to end within 6 months")
        OVERDUE = "overdue", _("overdue: planned end passed, not ended")
        ENDED = "ended", pgettext_lazy("state", "ended")
        CANCELLED = "cancelled", pgettext_lazy("state", "cancelled")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="postings"
    )
    kind = models.CharField(
        _("kind of move"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.ROTATION,
        db_default=Kind.ROTATION,
        help_text=_("Only rotations count in the Resolution 11 figures and follow its rules."),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    deciding_body = models.CharField(_("deciding body"), max_length=200, blank=True)
    # The record the three fields above are copied from (postings/decisions.py), when there is one.
    decision = models.ForeignKey(
        "postings.Decision",
        verbose_name=_("decision record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        help_text=_("Chosen, its number, date and issuing body replace those typed here."),
    )
    plan_item = models.ForeignKey(
        "postings.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        help_text=_("The item of a rotation plan this rotation carries out."),
    )
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
    target_group = models.CharField(
        _("target group"),
        max_length=20,
        choices=TargetGroup.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "For a key leader who is not a local, or a cadre at a two-term limit, one term of "
            "working time left suffices."
        ),
    )
    management_level = models.CharField(
        _("management level"),
        max_length=20,
        choices=ManagementLevel.choices,
        blank=True,
        default="",
        db_default="",
    )
    # Always the units' direction, or the override when one is chosen (`rules.fill_defaults`).
    direction = models.CharField(
        _("direction"), max_length=30, choices=Direction.choices, blank=True, editable=False
    )
    direction_override = models.CharField(
        _("direction chosen by hand"),
        max_length=30,
        choices=Direction.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "Leave empty: the direction follows the two units. Choose one only where the units "
            "do not tell it, and give the reason."
        ),
    )
    direction_reason = models.TextField(
        _("reason for the direction chosen"), blank=True, default="", db_default=""
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
    actual_end = models.DateField(
        _("actual end"),
        null=True,
        blank=True,
        help_text=_(
            "Required with an outcome that ends the rotation; for “kept at the destination”, "
            "the date of that decision."
        ),
    )
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
    # Always computed from the cadre's planning entries (`rules.take_snapshot`), never typed:
    # a rotation outside the plan is an exception with its reason, like every other.
    in_planning_at_start = models.BooleanField(
        _("in the succession plan at the start"), default=False, editable=False
    )
    age_at_start = models.PositiveSmallIntegerField(
        _("age at the start"), null=True, blank=True, editable=False
    )
    working_months_left_at_start = models.PositiveSmallIntegerField(
        _("working time left at the start, in months"), null=True, blank=True, editable=False
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
            # The summary's map: the rotations into its receiving units, by direction and
            # sending unit, read from the index alone on PostgreSQL (26 ms instead of 280 ms
            # for a country's 50 largest at a million rotations).
            models.Index(
                fields=["to_unit", "direction", "from_unit"],
                include=["start", "kind", "outcome"],
                name="posting_flow_idx",
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
        if self.outcome in self.ENDING_OUTCOMES and not self.actual_end:
            errors["actual_end"] = _(
                "“%(outcome)s” ends the rotation: enter the day it ended (for “kept at the "
                "destination”, the date of that decision)."
            ) % {"outcome": self.get_outcome_display()}
        if self.direction_override and not self.direction_reason.strip():
            errors["direction_reason"] = _(
                "A direction chosen by hand needs its reason. Give it, or leave the direction "
                "to follow the two units."
            )
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
        self.validate_no_overlap(self.__dict__.get("_rule_data"))

    def validate_no_overlap(self, data=None):
        """Refuse a rotation that overlaps another of the same cadre's in time.

        `data` is what `posting_validate` loaded for the cadre (postings/ruledata.py); loaded
        here otherwise. Inside a transaction the load locks the cadre's row, so two saves for
        one cadre cannot both pass this check.
        """
        from postings.ruledata import RuleData, cadre_key

        # A cadre an import creates has no id until its file is inserted: `cadre_key`.
        if cadre_key(self) is None or not self.start or self.outcome == self.Outcome.CANCELLED:
            return
        if data is None:
            data = RuleData.load([self.cadre_id])
        end = (
            self.actual_end
            or self.planned_end
            or add_months(self.start, settings.ROTATION_MIN_MONTHS)
        )
        clash = data.clash(self, end)
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
        if as_of <= self.planned_end <= add_months(as_of, DUE_MONTHS):
            return self.State.DUE
        return self.State.ACTIVE

    def receiving_unit_closed(self, as_of):
        """The last day of the receiving unit when it closed by `as_of` while this rotation
        was under way (the 2025 reform); None otherwise. Reads `to_unit`."""
        last_day = self.to_unit.valid_to
        return closed_while_active(self.start, self.actual_end, self.outcome, last_day, as_of)

    def warning_labels(self):
        return [Posting.Warning(code).label for code in self.warnings if code in Posting.Warning]


def closed_while_active(start, actual_end, outcome, last, as_of):
    """The receiving unit's `last` day, when it closed by `as_of` with the rotation under way."""
    if last is None or last >= as_of or start > last or outcome == Posting.Outcome.CANCELLED:
        return None
    still_on = actual_end > last if actual_end else not outcome
    return last if still_on else None


def overlap_message(clash):
    return _(
        "This cadre already has a rotation to %(unit)s from %(start)s to %(end)s that overlaps "
        "this one. Change the dates, or end or cancel that rotation first."
    ) % {
        "unit": clash.to_unit.name,
        "start": f"{clash.start:%d/%m/%Y}",
        "end": f"{clash.effective_end:%d/%m/%Y}",
    }


# Plan items read `Posting`, so they load after it; the plan module registers its models.
from postings.plans import PlanItem, RotationPlan  # noqa: E402, F401
