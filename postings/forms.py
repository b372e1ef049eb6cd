"""The rotation form: refuses wrong data, and asks for a reason when a rule is broken."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from postings import rules
from postings.models import Posting, derive_direction
from registry.dates import add_months
from registry.locking import VersionCheckMixin, VersionField


class PostingForm(VersionCheckMixin, forms.ModelForm):
    loaded_version = VersionField()

    class Meta:
        model = Posting
        fields = (
            "cadre",
            "decision_number",
            "decision_date",
            "deciding_body",
            "from_unit",
            "from_position",
            "to_unit",
            "to_position",
            "direction",
            "post_relation",
            "purpose",
            "start",
            "planned_end",
            "actual_end",
            "outcome",
            "position_after",
            "unit_after",
            "joined_party_committee",
            "party_committee_role",
            "joined_government",
            "in_planning_at_start",
            "exception_reason",
            "note",
        )

    def clean(self):
        data = super().clean()
        start = data.get("start")
        if start and not data.get("planned_end"):
            data["planned_end"] = add_months(start, settings.ROTATION_MIN_MONTHS)
        from_unit, to_unit = data.get("from_unit"), data.get("to_unit")
        if from_unit and to_unit and from_unit != to_unit and not data.get("direction"):
            data["direction"] = derive_direction(from_unit, to_unit)
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.cadre_id:
            return
        warnings = rules.evaluate(self.instance)
        self.rule_warnings = rules.describe(warnings)
        if warnings and not self.instance.exception_reason:
            self.add_error(
                None,
                ValidationError(
                    [_("This rotation breaks rules of Regulation 65-QĐ/TW:")] + self.rule_warnings
                ),
            )
            self.add_error(
                "exception_reason",
                _(
                    "Record the reason for the exception (who allowed it, by which document) "
                    "to save this rotation."
                ),
            )
