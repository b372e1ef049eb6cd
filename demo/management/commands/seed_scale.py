"""Load deterministic, country-sized synthetic rotations for benchmarks and load tests."""

from django.core.management.base import BaseCommand, CommandError

from bench.scale.load import RefusedError, load


class Command(BaseCommand):
    help = (
        "Replace the registry with the real territorial units (load_admin_units) and N "
        "synthetic rotations of about N/2 cadres between Party and government bodies under "
        "them: a few provinces for small N, the whole country from 100,000 rotations on. "
        "Refuses a database holding other registry data unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postings", type=int, required=True, help="number of rotations")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--provinces",
            type=int,
            help="load this many provinces (of 01/07/2025; 34 is the whole country)",
        )
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="NAME_OR_CODE",
            help="load this province (repeatable); as load_admin_units --province",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete registry data that seed_scale did not write",
        )

    def handle(self, *args, postings, seed, replace, provinces, province, **options):
        if postings < 1:
            raise CommandError("--postings must be at least 1.")
        if provinces is not None and provinces < 1:
            raise CommandError("--provinces must be at least 1.")
        try:
            counts = load(
                postings=postings,
                seed=seed,
                replace=replace,
                provinces=provinces,
                names=province,
                report=self.stdout.write,
            )
        except RefusedError as error:
            raise CommandError(str(error)) from error
        except LookupError as error:
            raise CommandError(f"Unknown province: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {counts}"))
