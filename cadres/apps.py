from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Cadres and units")

    def ready(self):
        from django.contrib.auth.models import User
        from django.contrib.auth.signals import user_logged_in

        from cadres.admin_accounts import full_name_in_vietnamese_order
        from cadres.models import Cadre, PlanningEntry, Unit
        from cadres.passwords import must_change_on_login
        from registry import history

        # Every page names a person as Vietnamese is written: family name first.
        User.get_full_name = full_name_in_vietnamese_order
        user_logged_in.connect(must_change_on_login, dispatch_uid="must_change_on_login")

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
