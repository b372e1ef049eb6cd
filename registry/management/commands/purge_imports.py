"""`manage.py purge_imports`: forget uploaded spreadsheets past the retention time.

Run it every hour (docs/DEPLOYMENT.md). Previews nobody confirmed within
IMPORT_RETENTION_HOURS become "not confirmed in time"; every batch keeps its row, counts
and errors as the import log, without the file.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from registry.models import ImportBatch


class Command(BaseCommand):
    help = "Delete uploaded import files older than IMPORT_RETENTION_HOURS; keep the import log."

    def handle(self, *args, **options):
        abandoned, removed = ImportBatch.objects.purge()
        self.stdout.write(
            f"{abandoned} unconfirmed preview(s) abandoned, {removed} other file(s) removed "
            f"(older than {settings.IMPORT_RETENTION_HOURS} h)."
        )
