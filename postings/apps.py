from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingsConfig(AppConfig):
    name = "postings"
    verbose_name = _("Rotations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cadres.apps import cadre_name
        from cadres.models import Cadre, DisciplinePeriod, PlanningEntry
        from postings.models import Evaluation, Placement, Posting
        from postings.services import cadre_record_changed
        from registry import history

        # A rotation's snapshot at the start follows the cadre's record, plans and discipline.
        for model in (PlanningEntry, DisciplinePeriod):
            uid = f"postings-recheck-{model._meta.model_name}"
            post_save.connect(cadre_record_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(cadre_record_changed, sender=model, dispatch_uid=f"{uid}-deleted")
        post_save.connect(cadre_record_changed, sender=Cadre, dispatch_uid="postings-recheck-cadre")

        from postings.rollup_signals import connect_rollup

        connect_rollup()

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
        history.register(
            Placement,
            related=("posting__cadre", "position", "unit"),
            label=lambda r: (
                f"{cadre_name(r.posting.cadre if r.posting else None)}: "
                f"{r.position} · {r.unit} ({r.date:%d/%m/%Y})"
            ),
        )
