"""Load the country's territorial units before and after 01/07/2025 from the dataset."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.admin_units import load_admin_units


class Command(BaseCommand):
    help = gettext_lazy(
        "Load provinces, districts and communes as they stood until 30/06/2025, the communes "
        "from 01/07/2025 and the links between them, from the vietnamadminunits dataset. "
        "Units already entered are matched and completed, never duplicated. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="NAME_OR_CODE",
            help=gettext_lazy(
                "Load only this province (old or new name, without diacritics if you like, "
                "or official code), with the provinces merged with it. Repeatable."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Show what would change, and change nothing."),
        )

    def handle(self, *args, province, dry_run, **options):
        started = time.monotonic()
        try:
            loaders = load_admin_units(
                provinces=province, dry_run=dry_run, progress=self.write_progress
            )
        except LookupError as error:
            raise CommandError(
                _("No province in the dataset is called %(names)s. Nothing was changed.")
                % {"names": error.args[0]}
            ) from error
        total = sum((loader.counts for loader in loaders), start=type(loaders[0].counts)())
        self.stdout.write(self.summary(total))
        seconds = time.monotonic() - started
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        self.stdout.write(self.style.SUCCESS(_("Done in %(seconds).1f s.") % {"seconds": seconds}))

    def write_progress(self, number, total, loader):
        self.stdout.write(
            f"[{number:>2}/{total}] {loader.group.province.name}: {self.summary(loader.counts)}"
        )
        for problem in loader.problems:
            self.stderr.write("  " + _("Ambiguous, not loaded: %(problem)s") % {"problem": problem})

    def summary(self, counts):
        text = _(
            "units %(added)s added, %(updated)s updated, %(skipped)s skipped; "
            "links %(links_added)s added, %(links_skipped)s skipped"
        ) % {
            "added": counts["units_added"],
            "updated": counts["units_updated"],
            "skipped": counts["units_skipped"],
            "links_added": counts["links_added"],
            "links_skipped": counts["links_skipped"],
        }
        problems = counts["ambiguous"] + counts["not_placed"]
        if problems:
            text += "; " + _("%(count)s ambiguous or not placed") % {"count": problems}
        return text
