"""The cadre form: carries the version it was opened at, so that no edit is lost."""

from django import forms

from cadres.models import Cadre
from registry.locking import VersionCheckMixin, VersionField


class CadreForm(VersionCheckMixin, forms.ModelForm):
    loaded_version = VersionField()

    class Meta:
        model = Cadre
        fields = (
            "full_name",
            "other_names",
            "sex",
            "date_of_birth",
            "ethnicity",
            "place_of_birth",
            "home_town",
            "religion",
            "party_admission_date",
            "party_full_member_date",
            "general_education",
            "qualification",
            "political_theory",
            "state_management",
            "current_unit",
            "current_position",
            "id_number",
            "note",
        )
