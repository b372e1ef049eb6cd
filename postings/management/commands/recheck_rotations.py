"""`manage.py recheck_rotations`: every rotation's snapshot and warnings under today's rules."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cadres.models import Cadre
from postings.models import Posting
from postings.services import postings_recheck

BATCH = 500


class Command(BaseCommand):
    help = (
        "Recompute every rotation's snapshot at the start (age, working time left, in the plan) "
        "and its rule warnings, after the rules or their thresholds changed."
    )

    def handle(self, *args, **options):
        cadre_ids = list(
            Cadre.objects.filter(postings__isnull=False).distinct().values_list("pk", flat=True)
        )
        changed = 0
        for first in range(0, len(cadre_ids), BATCH):
            with transaction.atomic():
                changed += postings_recheck(
                    cadre_ids=cadre_ids[first : first + BATCH],
                    reason="Recomputed under the rules in force",
                )
        unexplained = Posting.objects.exclude(warnings=[]).filter(exception_reason="").count()
        self.stdout.write(
            f"{changed} rotations changed. {unexplained} break a rule with no reason recorded: "
            "the summary lists them among the exceptions."
        )
