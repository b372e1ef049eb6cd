"""The rotation form: refuses wrong data, and asks for a reason when a rule is broken.

Both checks are `posting_validate`'s, the write path every import and script goes through.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from postings.models import Posting
from postings.services import posting_validate
from registry.locking import VersionCheckMixin, VersionField


class PostingForm(VersionCheckMixin, forms.ModelForm):
    loaded_version = VersionField()

    class Meta:
        model = Posting
        fields = (
            "kind",
            "cadre",
            "decision",
            "plan_item",
            "decision_number",
            "decision_date",
            "deciding_body",
            "from_unit",
            "from_position",
            "to_unit",
            "to_position",
            "direction_override",
            "direction_reason",
            "target_group",
            "management_level",
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
            "exception_reason",
            "note",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            # Left out of the data, a rotation: what the form is for.
            self.fields["kind"].required = False
        if "planned_end" in self.fields:
            self.fields["planned_end"].help_text = _(
                "Defaults to %(months)s months after the start."
            ) % {"months": settings.ROTATION_MIN_MONTHS}

    def _post_clean(self):
        if self.errors:
            # Fields already refused: Django's model checks name what else is wrong; the
            # rules wait for data they can read.
            super()._post_clean()
            return
        # Build the instance as Django does, then check it as every write does, so the
        # form shows the messages an import or a script would get.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        try:
            posting_validate(self.instance, require_reason=True)
        except ValidationError as error:
            self._update_errors(error)


# The columns of a row on the decision page: the cadres one decision moves.
DECISION_ROW_FIELDS = (
    "cadre",
    "from_unit",
    "from_position",
    "to_unit",
    "to_position",
    "start",
    "exception_reason",
)


class DecisionRowForm(PostingForm):
    """One rotation of a decision: the same form, rules, warnings and reasons as the single
    rotation form (`posting_validate`), with the decision's number and date from its record."""

    class Meta(PostingForm.Meta):
        fields = DECISION_ROW_FIELDS


class DecisionRowFormSet(forms.BaseInlineFormSet):
    """The decision's rows: each checked as a rotation; a cadre moved twice is refused."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            cadre = (
                form.cleaned_data.get("cadre") if form.has_changed() or form.instance.pk else None
            )
            if cadre is None:
                continue
            if cadre.pk in seen:
                form.add_error(
                    "cadre",
                    _("%(cadre)s is already on row %(row)s of this decision.")
                    % {"cadre": cadre.full_name, "row": seen[cadre.pk]},
                )
            seen.setdefault(cadre.pk, self.forms.index(form) + 1)
