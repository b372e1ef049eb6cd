"""Load the Lộc Bình demo and the demo accounts; running it again changes nothing."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.models import Cadre, Position, Term, Unit, UnitChange
from demo.accounts import DEMO_PASSWORD, load_accounts
from demo.loader import load
from demo.units import LOC_BINH
from postings.models import Decision, Evaluation, InspectionFinding, PlanItem, Posting
from registry.scopes import in_subtree

ARTICLE_PERIOD = (datetime.date(2003, 1, 1), datetime.date(2012, 8, 12))


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the Lộc Bình demo (real units and their history, titles, terms, fictional cadres "
        "and rotations) and one demo account per role. Safe to run more than once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Create the demo accounts even when DEBUG is off."),
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like production: the demo accounts share a "
                    "published password. Nothing was changed. Use --force to load the demo anyway."
                )
            )
        with transaction.atomic():
            loader = load()
            accounts = load_accounts(loader.units)
        self.write_counts(loader)
        self.write_accounts(accounts)
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))

    def write_counts(self, loader):
        for model in (
            Unit,
            UnitChange,
            Position,
            Term,
            Cadre,
            Posting,
            Decision,
            PlanItem,
            Evaluation,
        ):
            self.stdout.write(
                _("%(label)s: %(total)s (%(new)s new)")
                % {
                    "label": str(model._meta.verbose_name_plural).capitalize(),
                    "total": model.objects.count(),
                    "new": loader.created[model._meta.verbose_name_plural],
                }
            )
        self.stdout.write(
            _("Inspection findings: %(total)s") % {"total": InspectionFinding.objects.count()}
        )
        district = loader.units[LOC_BINH]
        # From or to the district's subtree: the same rule as a district user's scope.
        in_period = Posting.objects.counted().filter(start__range=ARTICLE_PERIOD)
        touching = in_subtree(in_period, district, ("from_unit__", "to_unit__"))
        counted = Posting.objects.filter(pk__in=touching).count()
        self.stdout.write(
            _("Rotations in %(district)s from 01/01/2003 to 12/08/2012: %(count)s")
            % {"district": district.name, "count": counted}
        )

    def write_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (password: %(password)s)") % {"password": DEMO_PASSWORD})
        for username, group, unit in accounts:
            scope = unit.name if unit else _("whole country")
            self.stdout.write(f"  {username:<22} {group:<18} {scope}")
