"""The daily reminders already sent: one row per user and day, so a second run sends none."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """A reminder digest sent to one user on one day (`manage.py send_reminders`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    rotations = models.PositiveIntegerField(_("rotations listed"), default=0)

    # No summary shows it: sending the reminders leaves the cached summaries fresh.
    shown_in_no_summary = True

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="postings_reminder_once_a_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day:%d/%m/%Y}"
