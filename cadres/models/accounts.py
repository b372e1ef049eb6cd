"""Which part of the country each user works in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadres.models.catalogue import Unit
from registry.models import VisibleQuerySet


class UserScopeQuerySet(VisibleQuerySet):
    # A national scope (no unit) is seen only by national users.
    scope_lookups = ("unit__",)


class UserScope(models.Model):
    """The unit subtree a user works in; empty unit means the whole country."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="scope",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("scope unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The user sees this unit and everything under it. Empty: the whole country."),
    )
    # Set when an administrator creates the account or sets its password: the password is
    # one someone else knows, so every page leads to the password change until it is changed.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    sends_reminders = models.BooleanField(
        _("daily reminder e-mail"),
        default=True,
        db_default=True,
        help_text=_(
            "Staff receive each morning the rotations of their scope that are due, overdue or "
            "missing a review. Untick to stop the e-mail."
        ),
    )

    objects = UserScopeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user scope")
        verbose_name_plural = _("user scopes")

    def __str__(self):
        return str(self.unit) if self.unit_id else str(_("whole country"))
