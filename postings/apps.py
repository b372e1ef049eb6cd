from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = _("Rotations")

    def ready(self):
        from cadres.apps import cadre_name
        from postings.models import Evaluation, Posting
        from registry import history

        # The recent changes feed (registry/history.py): which records, labelled how.
        history.register(
            Posting,
            related=("cadre", "from_unit", "to_unit"),
            label=lambda r: (
                f"{cadre_name(r.cadre)}: {r.from_unit} → {r.to_unit} ({r.start:%d/%m/%Y})"
            ),
        )
        history.register(
            Evaluation,
            related=("posting__cadre",),
            label=lambda r: (
                f"{cadre_name(r.posting.cadre if r.posting else None)}: "
                f"{r.get_kind_display()} {r.date:%d/%m/%Y}"
            ),
        )
