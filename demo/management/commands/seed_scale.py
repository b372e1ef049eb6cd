"""Load deterministic, country-sized synthetic rotations for benchmarks and load tests."""

from django.core.management.base import BaseCommand, CommandError

from bench.scale.load import RefusedError, load


class Command(BaseCommand):
    help = (
        "Replace the registry with synthetic data shaped like the country: N rotations, "
        "about N/2 cadres, 63 provinces, 696 districts and 10,035 communes at full size. "
        "Refuses a database holding other registry data unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postings", type=int, required=True, help="number of rotations")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete registry data that seed_scale did not write",
        )

    def handle(self, *args, postings, seed, replace, **options):
        if postings < 1:
            raise CommandError("--postings must be at least 1.")
        try:
            counts = load(postings=postings, seed=seed, replace=replace, report=self.stdout.write)
        except RefusedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {counts}"))
