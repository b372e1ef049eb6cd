"""The cadre form: carries the version it was opened at, so that no edit is lost."""

from django import forms

from cadres.models import Cadre
from rotation_registry.locking import VersionCheckMixin, VersionField


class CadreForm(VersionCheckMixin, forms.ModelForm):
    loaded_version = VersionField()

    class Meta:
        model = Cadre
        fields = "__all__"
