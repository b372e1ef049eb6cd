from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Cadres and units")

    def ready(self):
        from django.contrib.auth.models import User

        from cadres.admin_accounts import full_name_in_vietnamese_order
        from cadres.models import Cadre, PlanningEntry, Unit
        from registry import history

        # Every page names a person as Vietnamese is written: family name first.
        User.get_full_name = full_name_in_vietnamese_order

        # The recent changes feed (registry/history.py): which records, labelled how.
        history.register(Cadre, label=lambda r: f"{r.full_name} ({r.date_of_birth:%Y})")
        history.register(Unit, label=lambda r: r.name)
        history.register(
            PlanningEntry,
            related=("cadre", "position", "term"),
            label=lambda r: f"{cadre_name(r.cadre)}: {r.position} ({r.term})",
        )


def cadre_name(cadre):
    """A cadre's name in a history label; "?" when the version names none."""
    return cadre.full_name if cadre else "?"
