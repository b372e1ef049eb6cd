"""Fold the rollup's appended changes into its totals (run every few minutes)."""

from django.core.management.base import BaseCommand

from postings.rollup import rollup_compact


class Command(BaseCommand):
    help = (
        "Fold the summary rollup's signed changes into its totals (a stale rollup is rebuilt). "
        "Run it every few minutes (docs/DEPLOYMENT.md)."
    )

    def handle(self, *args, **options):
        folded = 0
        while True:
            done = rollup_compact()
            folded += done
            if done < 200_000:
                break
        self.stdout.write(self.style.SUCCESS(f"Folded {folded:,} changes"))
