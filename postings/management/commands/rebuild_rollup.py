"""Rebuild the summary's rollup from the rotations (after a bulk load or a catalogue change)."""

import time

from django.core.management.base import BaseCommand

from postings.rollup import rollup_rebuild
from postings.rollup_tables import RollupEntry, RollupTotal


class Command(BaseCommand):
    help = (
        "Compute the summary's rollup again from every rotation (entries and totals), in one "
        "transaction; rotation writes wait while it runs."
    )

    def handle(self, *args, **options):
        began = time.monotonic()
        rollup_rebuild(report=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rollup rebuilt: {RollupEntry.objects.count():,} entries, "
                f"{RollupTotal.objects.count():,} totals in {time.monotonic() - began:.1f} s"
            )
        )
