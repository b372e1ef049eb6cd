"""`manage.py send_reminders`: the staff's daily reminder e-mail (postings/reminders.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from postings.reminders import send_reminders
from registry import dates


class Command(BaseCommand):
    help = (
        "Send each staff member who has not switched it off the day's reminder: rotations due "
        "within 30 and 90 days, overdue ones, ended ones missing a review. Once a day per "
        "person: running it again the same day sends nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--day", help="The day to remind of (dd/mm/yyyy or yyyy-mm-dd); today by default."
        )

    def handle(self, *args, **options):
        day = timezone.localdate()
        if options["day"]:
            try:
                day = dates.parse_day(options["day"])
            except ValueError as error:
                raise CommandError(f"--day: {error}") from error
        sent, skipped = send_reminders(day)
        self.stdout.write(f"{day:%d/%m/%Y}: {sent} reminder(s) sent, {skipped} skipped.")
