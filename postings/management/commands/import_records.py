"""`manage.py import_records KIND FILE [--dry-run] [--user NAME]`: the admin import, in a shell."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from postings.imports import IMPORTERS, KINDS
from registry.imports import import_records
from registry.models import ImportBatch
from registry.spreadsheets import size_refusal


class Command(BaseCommand):
    help = "Import units, titles, cadres, planning entries or rotations from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, save nothing.")
        parser.add_argument(
            "--user", help="Import as this user (scope and history); default: the first superuser."
        )

    def handle(self, *args, kind, file, dry_run, user, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.run(kind=kind, path=Path(file), dry_run=dry_run, username=user)

    def run(self, *, kind, path, dry_run, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            importer = users.filter(username=username).first()
        else:
            importer = users.filter(is_superuser=True).order_by("pk").first()
        if importer is None:
            raise CommandError(f"No active user {username or '(superuser)'} to import as.")
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        refusal = size_refusal(path.stat().st_size)
        if refusal:
            raise CommandError(refusal)
        data = path.read_bytes()

        def progress(done, total, errors):
            if done % 500 == 0 or done == total:
                self.stderr.write(f"  {done}/{total}")

        result = import_records(
            importer=IMPORTERS[kind],
            data=data,
            file_name=path.name,
            user=importer,
            commit=not dry_run,
            progress=progress,
        )
        status = ImportBatch.Status.IMPORTED if result.saved else ImportBatch.Status.FAILED
        if not dry_run:
            batch = ImportBatch(user=importer, kind=kind, file_name=path.name, data=data)
            batch.record(result, status=status)
            batch.finished_at = timezone.now() if result.saved else None
            batch.save()
        for line in result.error_lines():
            self.stdout.write(line)
        counts = result.counts
        summary = (
            f"{len(result.rows)} rows in {result.seconds:.1f} s: {counts['new']} new, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
            f"{counts['error']} with errors."
        )
        if not result.ok:
            raise CommandError(f"{summary} Nothing was saved.")
        self.stdout.write(summary + (" Dry run: nothing was saved." if dry_run else " Saved."))
