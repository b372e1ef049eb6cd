"""Writes that touch a rotation: validate, check the rules, save, all in one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from postings import rules

OVERLAP_CONSTRAINT = "postings_posting_no_overlap"
UNITS_EXISTED_CONSTRAINT = "postings_posting_units_existed"


def posting_save(*, posting, require_reason=True):
    """Save a new or changed rotation; refuse wrong data, and rule breaks without a reason.

    The cadre's row is locked while the overlap check runs (see `Posting.validate_no_overlap`);
    the database enforces the same rules, and its refusal is turned into the same message.
    """
    with transaction.atomic():
        warnings = rules.evaluate(posting)
        # Related rows already loaded need no existence query each, and the CHECK constraints
        # are checked by `Posting.clean` with better messages (and by the database): an
        # import of thousands of rows saves two queries in three this way.
        loaded = [
            field.name
            for field in posting._meta.concrete_fields
            if field.is_relation and field.is_cached(posting)
        ]
        posting.full_clean(exclude=loaded, validate_constraints=False)
        if warnings and require_reason and not posting.exception_reason:
            raise ValidationError({"exception_reason": reason_required_message(warnings)})
        if posting.pk:
            posting.version += 1
        try:
            # No savepoint of its own: a refusal leaves through the block above, whose
            # savepoint undoes it (an import of thousands of rows saves two statements a row).
            with transaction.atomic(savepoint=False):
                posting.save()
        except IntegrityError as error:
            raise database_refusal(error) from error
    return posting


def reason_required_message(warnings):
    return _(
        "This rotation breaks rules of Regulation 65-QĐ/TW: %(rules)s Record the reason "
        "for the exception to save it."
    ) % {"rules": " ".join(rules.describe(warnings))}


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
