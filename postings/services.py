"""The one write path of a rotation: fill, check the rules, refuse, save, in one transaction.

The admin form, the spreadsheet import, the demo and scripts all go through
`posting_validate` (directly or through `posting_save`), so each gets the same defaults,
the same snapshot, the same warnings and the same messages.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from postings import rules
from postings.decisions import decision_copy
from postings.models import Posting
from postings.ruledata import RuleData, cadre_key

OVERLAP_CONSTRAINT = "postings_posting_no_overlap"
UNITS_EXISTED_CONSTRAINT = "postings_posting_units_existed"
# Fields whose refusal leaves the rules nothing sound to read.
RULE_INPUTS = {"cadre", "start", "planned_end", "actual_end"}


def posting_validate(posting, *, require_reason, data=None):
    """Make a rotation ready to save, or refuse it with messages keyed by field.

    Fills the defaults (planned end, direction), refuses wrong data (the model's checks,
    units that did not exist on the start date, an overlap with another rotation of the
    cadre), takes the snapshot at the start and records the rule warnings. With
    `require_reason`, a rule break without `posting.exception_reason` is refused too;
    without it (rows taken over as they were), the warnings are only recorded.

    Call it inside the transaction that saves: the overlap check locks the cadre's row.
    `data` is what the checks read about the cadre (its rotations, plans and discipline,
    `postings.ruledata.RuleData`): an import loads it once for every cadre of its file and
    locks them; a single save loads it here for its cadre.
    `posting_save` does not check again a posting validated and unchanged since. A rotation
    with a decision record takes its number, date and body from it (postings/decisions.py).
    """
    decision_copy(posting)
    rules.fill_defaults(posting)
    # Related rows already loaded need no existence query each, and the CHECK constraints
    # are checked by `Posting.clean` with better messages (and by the database): an
    # import of thousands of rows saves two queries in three this way.
    loaded = [
        field.name
        for field in posting._meta.concrete_fields
        if field.is_relation and field.is_cached(posting)
    ]
    errors = {}
    if data is None:
        data = RuleData.load([posting.cadre_id])
    posting._rule_data = data  # read by the overlap check of `Posting.clean`
    try:
        posting.full_clean(exclude=loaded, validate_constraints=False)
    except ValidationError as error:
        error.update_error_dict(errors)
    finally:
        del posting._rule_data
    item = posting.plan_item if posting.plan_item_id else None
    if item is not None and item.cadre_id and item.cadre_id != posting.cadre_id:
        errors.setdefault("plan_item", []).append(
            _("This plan item names another cadre. Choose this cadre's item, or none.")
        )
    # Every refusal at once: the rules too, unless the dates they read are refused.
    readable = cadre_key(posting) is not None and posting.start and not errors.keys() & RULE_INPUTS
    warnings = rules.evaluate(posting, data) if readable else []
    if warnings and require_reason and not posting.exception_reason.strip():
        ValidationError(reason_required(warnings)).update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if transaction.get_connection().in_atomic_block:
        # Trusted by `posting_save` in this transaction only: the lock ends with it.
        posting._validated = (require_reason, field_values(posting))


def posting_save(*, posting, require_reason=True, data=None):
    """Save a new or changed rotation; refuse wrong data, and rule breaks without a reason.

    The cadre's row is locked while the overlap check runs (see `Posting.validate_no_overlap`);
    the database enforces the same rules, and its refusal is turned into the same message.
    A posting that `posting_validate` passed in this transaction, unchanged since (the
    admin form's), is saved without a second check.
    """
    with transaction.atomic():
        if getattr(posting, "_validated", None) != (require_reason, field_values(posting)):
            posting_validate(posting, require_reason=require_reason, data=data)
        try:
            # No savepoint of its own: a refusal leaves through the block above, whose
            # savepoint undoes it (an import of thousands of rows saves two statements a row).
            with transaction.atomic(savepoint=False):
                posting.save()
        except IntegrityError as error:
            raise database_refusal(error) from error
        finally:
            posting._validated = None
    return posting


# What `postings_recheck` recomputes: the snapshot at the start and the warnings.
COMPUTED_FIELDS = (
    "age_at_start",
    "working_months_left_at_start",
    "in_planning_at_start",
    "warnings",
)


def postings_recheck(*, cadre_ids, reason=""):
    """Recompute the snapshot and warnings of these cadres' rotations; return how many changed.

    Called when a cadre's record, plans or discipline change (`postings.apps`) and by
    `manage.py recheck_rotations`: the snapshot is computed, never typed, so it follows them.
    A rule now broken is recorded, not refused: the rotation shows among the exceptions
    until someone records its reason.
    """
    changed = 0
    data = RuleData.load(cadre_ids, lock=False)
    postings = Posting.objects.filter(cadre_id__in=cadre_ids).select_related("cadre")
    for posting in postings.order_by("pk"):
        before = [getattr(posting, name) for name in COMPUTED_FIELDS]
        rules.evaluate(posting, data)
        if [getattr(posting, name) for name in COMPUTED_FIELDS] == before:
            continue
        posting._change_reason = reason[:100] or None
        # Not a new version for the editors: they type none of these fields.
        posting.save(update_fields=[*COMPUTED_FIELDS, "updated_at"])
        changed += 1
    return changed


def cadre_record_changed(sender, instance, raw=False, created=False, **kwargs):
    """Signal receiver: a cadre's record, plan entry or discipline period was saved or deleted.

    The cadre's rotations take their snapshot and warnings again (`postings_recheck`).
    """
    if raw or (created and sender is Cadre):
        return  # a fixture being loaded, or a new cadre without rotations
    cadre_id = instance.pk if sender is Cadre else instance.cadre_id
    postings_recheck(
        cadre_ids=[cadre_id],
        reason=_("Recomputed: the cadre's record, plans or discipline changed"),
    )


def field_values(posting):
    """What the posting holds now, to tell whether it changed since it was validated."""
    return [getattr(posting, field.attname) for field in posting._meta.concrete_fields]


def reason_required(warnings):
    """The refusal of a rule break without a reason: the rules broken, and what to do."""
    return {
        NON_FIELD_ERRORS: [
            _("This rotation breaks rules of Regulation 65-QĐ/TW:"),
            *rules.describe(warnings),
        ],
        "exception_reason": [
            _(
                "Record the reason for the exception (who allowed it, by which document) "
                "to save this rotation."
            )
        ],
    }


def database_refusal(error):
    """Turn a constraint the database enforced into the message the form would have shown."""
    text = str(error)
    if OVERLAP_CONSTRAINT in text:
        return ValidationError(
            {
                "start": _(
                    "This cadre already has a rotation that overlaps these dates. "
                    "Change the dates, or end or cancel that rotation first."
                )
            }
        )
    if UNITS_EXISTED_CONSTRAINT in text:
        return ValidationError(
            {
                "start": _(
                    "A unit of this rotation did not exist on the start date. "
                    "Choose the units as they were on that date."
                )
            }
        )
    return ValidationError(_("The record could not be saved: %(error)s") % {"error": text})
