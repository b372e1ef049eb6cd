"""Rotation plans (kế hoạch / đề án luân chuyển) and their items: what a Party committee
planned to rotate in a term, year by year, measured against the rotations that carried it out.

`postings.models` imports them, so `from postings.models import RotationPlan` works.

An item's state on a day is defined here once (`item_state_case`, the `*_q` conditions on
`PlanItemQuerySet.with_progress` and `PlanItem.state`), and every page, list and summary
table reads it from here:

- *dropped*: the item was dropped, with its reason (stored; it wins over everything else);
- *done*: at least as many linked rotations had started on the day as the item asks for
  (one for a named cadre, the target count for a count item);
- *decided*: at least one linked rotation decided by the day, fewer started than asked for;
- *planned*: no linked rotation decided by the day.

Linked rotations are those whose `plan_item` is this item and that are not cancelled
(`PostingQuerySet.counted`). One is decided on its decision date (its start when the date
is missing); one that starts after the day is decided, not done.

So an item's state on any day follows from two dates kept on the item: `decided_on` (the
first linked rotation decided) and `done_on` (the day the asked-for number had started),
computed again by `refresh_plan_items` whenever a linked rotation is written
(`postings.rollup.rollup_sync`, which every write of a rotation reaches, the import's bulk
insert included) or the item itself is saved. Counting a country's 700,000 items by state
is then a scan of one table, not a join with the rotations grouped item by item.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadres.models import Cadre, PlanningEntry, Position, Term, Unit
from postings.directions import Direction
from postings.models import Posting
from registry.models import NormalisedTextMixin, VisibleQuerySet
from registry.scans import ScanField


class RotationPlanQuerySet(VisibleQuerySet):
    scope_lookups = ("unit__",)
    history_scope_lookups = scope_lookups


class RotationPlan(NormalisedTextMixin, models.Model):
    """A rotation plan of a Party committee for a term, approved by its Standing Committee."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("Party committee"),
        on_delete=models.PROTECT,
        related_name="rotation_plans",
        help_text=_(
            "The unit whose Party committee's Standing Committee approves the plan; who sees "
            "the plan follows it."
        ),
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="rotation_plans"
    )
    name = models.CharField(_("name"), max_length=300)
    approval_number = models.CharField(_("approval number"), max_length=100, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approving_body = models.CharField(_("approving body"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    scan = ScanField(_("signed scan (PDF)"))

    objects = RotationPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rotation plan")
        verbose_name_plural = _("rotation plans")
        ordering = ["-term__start", "pk"]

    def __str__(self):
        return f"{self.name} ({self.term})"


def item_state_case(as_of):
    """The state on `as_of` as one SQL expression over the item's stored dates."""
    return Case(
        When(dropped=True, then=Value("dropped")),
        When(done_on__lte=as_of, then=Value("done")),
        When(decided_on__lte=as_of, then=Value("decided")),
        default=Value("planned"),
        output_field=models.CharField(),
    )


def planned_q(as_of):
    """`item_state_case`'s "planned" as a condition the indexes can answer: neither dropped
    nor decided nor done on `as_of`."""
    return (
        Q(dropped=False)
        & (Q(decided_on__isnull=True) | Q(decided_on__gt=as_of))
        & (Q(done_on__isnull=True) | Q(done_on__gt=as_of))
    )


# Named items no rotation has carried out at all, on any day: most of those planned on a
# given day, and the predicate of the partial index the summary's list reads in year order.
WAITING_Q = Q(dropped=False, cadre__isnull=False, decided_on__isnull=True, done_on__isnull=True)


def state_on(dropped, decided_on, done_on, day):
    """The state on `day` from the stored values: the row-by-row twin of `item_state_case`
    (`PlanItem.state`, and the rollup's items dated after today)."""
    if dropped:
        return "dropped"
    if done_on is not None and done_on <= day:
        return "done"
    return "decided" if decided_on is not None and decided_on <= day else "planned"


def progress_dates(linked, asked):
    """(decided_on, done_on) from the linked counted rotations' (decided, start) dates."""
    decided = min((day for day, _start in linked), default=None)
    starts = sorted(start for _day, start in linked)
    return decided, starts[asked - 1] if len(starts) >= asked else None


def refresh_plan_items(item_ids):
    """Compute the items' `decided_on` and `done_on` again from their linked rotations;
    write those that changed. Two queries, and one more when some changed."""
    item_ids = {pk for pk in item_ids if pk is not None}
    if not item_ids:
        return
    linked = {pk: [] for pk in item_ids}
    rotations = Posting.objects.counted().filter(plan_item__in=item_ids)
    decided = Coalesce("decision_date", "start")
    for item, day, start in rotations.values_list("plan_item", decided, "start").order_by():
        linked[item].append((day, start))
    changed, old_dates = [], {}
    fields = ("target_count", "plan_id", "year", "dropped", "cadre_id", "decided_on", "done_on")
    for item in PlanItem.objects.filter(pk__in=item_ids).only(*fields):
        dates = progress_dates(linked[item.pk], item.target_count or 1)
        if dates != (item.decided_on, item.done_on):
            old_dates[item.pk] = (item.decided_on, item.done_on)
            item.decided_on, item.done_on = dates
            changed.append(item)
    PlanItem.objects.bulk_update(changed, ["decided_on", "done_on"], batch_size=1000)
    from postings.rollup_plans import dates_changed  # the rollup reads this module

    dates_changed(changed, old_dates)


class PlanItemQuerySet(VisibleQuerySet):
    scope_lookups = ("plan__unit__",)
    history_scope_lookups = ()

    def with_progress(self, as_of):
        """Each item with its `item_state` on `as_of`."""
        return self.annotate(item_state=item_state_case(as_of))

    def past_their_year(self, day):
        """Items whose year is over on `day` and that are neither done nor dropped."""
        late = [PlanItem.State.PLANNED, PlanItem.State.DECIDED]
        return self.with_progress(day).filter(item_state__in=late, year__lt=day.year)

    def not_decided(self, as_of):
        """Named items still waiting for a rotation on `as_of`: planned, not dropped."""
        return self.filter(planned_q(as_of), cadre__isnull=False)

    def not_decided_parts(self, as_of):
        """`not_decided` as two disjoint parts, each read from an index: the items no
        rotation has carried out (`WAITING_Q`, the partial index, in year order) and the
        few decided or done only after `as_of`."""
        later = Q(decided_on__gt=as_of) | Q(done_on__gt=as_of)
        return self.filter(WAITING_Q), self.not_decided(as_of).filter(later)


class PlanItem(NormalisedTextMixin, models.Model):
    """One line of a plan: a named cadre to a unit or title, or a count by direction and group."""

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("plan item", "planned")
        DECIDED = "decided", pgettext_lazy("plan item", "decided")
        DONE = "done", pgettext_lazy("plan item", "done")
        DROPPED = "dropped", pgettext_lazy("plan item", "dropped")

    plan = models.ForeignKey(
        RotationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    planning_entry = models.ForeignKey(
        PlanningEntry,
        verbose_name=_("succession plan entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    to_unit = models.ForeignKey(
        Unit,
        verbose_name=_("intended receiving unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_position = models.ForeignKey(
        Position,
        verbose_name=_("intended title"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_count = models.PositiveSmallIntegerField(
        _("target count"),
        null=True,
        blank=True,
        help_text=_("For an item without a named cadre: how many to rotate."),
    )
    direction = models.CharField(
        _("direction"), max_length=30, choices=Direction.choices, blank=True
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=Posting.TargetGroup.choices, blank=True
    )
    dropped = models.BooleanField(pgettext_lazy("plan item", "dropped"), default=False)
    # Kept by `refresh_plan_items`: the first linked rotation decided, the asked-for number
    # started. Never typed.
    decided_on = models.DateField(null=True, blank=True, editable=False)
    done_on = models.DateField(null=True, blank=True, editable=False)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PlanItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "year", "pk"]
        # Today's plan tables from the rollup count again the few items whose dates fall
        # after today (postings/rollup_plans.py): found by these, not by a scan.
        indexes = [
            models.Index(fields=["decided_on"], name="planitem_decided_on_idx"),
            models.Index(fields=["done_on"], name="planitem_done_on_idx"),
            # The summary's list of named items not yet decided, first years first.
            models.Index(fields=["year"], condition=WAITING_Q, name="planitem_waiting_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dropped=False) | ~Q(drop_reason=""),
                name="postings_planitem_dropped_with_reason",
                violation_error_message=_("A dropped item needs its reason."),
            ),
            models.CheckConstraint(
                condition=Q(cadre__isnull=False) | Q(target_count__gte=1),
                name="postings_planitem_named_or_counted",
                violation_error_message=_("Name a cadre, or give a target count."),
            ),
        ]

    def __str__(self):
        if self.cadre_id:
            return f"{self.year}: {self.cadre.full_name}"
        return f"{self.year}: {self.target_count} × {self.get_direction_display() or '…'}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The target count decides when the item is done.
        refresh_plan_items([self.pk])

    def clean(self):
        """Refuse an item that says nothing, a drop without its reason, a year off the term."""
        super().clean()
        errors = {}
        if not self.cadre_id and not self.target_count:
            errors["cadre"] = _("Name a cadre, or give a target count by direction and group.")
        if self.cadre_id and self.target_count and self.target_count != 1:
            errors["target_count"] = _("An item naming a cadre counts one rotation.")
        if self.dropped and not self.drop_reason.strip():
            errors["drop_reason"] = _("Give the reason the item was dropped.")
        entry = self.planning_entry if self.planning_entry_id else None
        if entry and self.cadre_id and entry.cadre_id != self.cadre_id:
            errors["planning_entry"] = _("This succession plan entry is another cadre's.")
        # The plan may be new and unsaved yet (the plan's page with its items inline).
        plan = getattr(self, "plan", None)
        term = plan.term if plan is not None and plan.term_id else None
        if term and self.year and not term.start.year <= self.year <= term.end.year:
            errors["year"] = _("The year must fall within the term (%(first)s–%(last)s).") % {
                "first": term.start.year,
                "last": term.end.year,
            }
        if errors:
            raise ValidationError(errors)

    def state(self, as_of):
        """The state on `as_of` (`state_on`)."""
        return self.State(state_on(self.dropped, self.decided_on, self.done_on, as_of))

    def rotation_initial(self):
        """What a rotation carrying out this item starts from: the add form's initial data."""
        initial = {"plan_item": self.pk}
        if self.cadre_id:
            initial["cadre"] = self.cadre_id
            if self.cadre.current_unit_id:
                initial["from_unit"] = self.cadre.current_unit_id
            if self.cadre.current_position_id:
                initial["from_position"] = self.cadre.current_position_id
        if self.to_unit_id:
            initial["to_unit"] = self.to_unit_id
        if self.to_position_id:
            initial["to_position"] = self.to_position_id
        if self.target_group:
            initial["target_group"] = self.target_group
        return initial
