"""The staff's daily reminder: one e-mail a day with what needs doing in their scope.

`manage.py send_reminders` (postings/management/commands/send_reminders.py) sends each
active staff member (the role `registry.roles.STAFF`) who has an e-mail address, a scope and
has not switched the reminder off (`UserScope.sends_reminders`) a digest of the rotations
they may see (`visible_to`), judged by the state definitions of postings/models.py:

- due: under way with the planned end within 30 days, then in 31 to 90 days (the bands are
  `settings.REMINDER_DUE_DAYS`), each with the unit the cadre returns to;
- overdue: under way with the planned end passed;
- ended rotations missing a review or the placement (`missing_review_q`);
- plan items whose year is over, neither done nor dropped
  (`PlanItemQuerySet.past_their_year`, the plan items' list filtered `?state=late`).

A digest with nothing in it is not sent. Each one sent is recorded (`ReminderSent`, one row
per user and day, unique), in the same transaction as the sending: running the command again
the same day sends nothing more, and a failed send is retried by the next run.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from postings.models import PlanItem, Posting, ReminderSent, ending_within_q
from registry import roles
from registry.scopes import NATIONAL, scope_unit

# Rows listed in each section of the e-mail; the link shows them all.
SHOWN = 30


@dataclass
class DigestSection:
    key: str
    title: str
    count: int
    lines: list
    url: str = ""


@dataclass
class Digest:
    user: object
    day: object
    scope: str
    sections: list = field(default_factory=list)

    @property
    def count(self):
        return sum(section.count for section in self.sections)

    @property
    def subject(self):
        return ngettext(
            "Rotation register, %(day)s: %(count)s item to follow up",
            "Rotation register, %(day)s: %(count)s items to follow up",
            self.count,
        ) % {"day": f"{self.day:%d/%m/%Y}", "count": self.count}

    def body(self):
        settings_url = f"{settings.SITE_URL}{reverse('reminder_settings')}"
        context = {"digest": self, "settings_url": settings_url}
        return render_to_string("postings/email/reminder.txt", context)


def rotation_line(posting, *, returns=False):
    line = _("%(cadre)s: %(from)s → %(to)s, planned end %(end)s") % {
        "cadre": posting.cadre.full_name,
        "from": posting.from_unit.name,
        "to": posting.to_unit.name,
        "end": f"{posting.planned_end:%d/%m/%Y}",
    }
    if returns:
        line += "; " + _("returns to %(unit)s") % {"unit": posting.from_unit.name}
    return line


def changelist_url(query):
    return f"{settings.SITE_URL}{reverse('admin:postings_posting_changelist')}?{query}"


def rotation_section(key, title, rows, url, *, returns=False):
    ordered = rows.select_related("cadre", "from_unit", "to_unit").order_by("planned_end", "pk")
    count = rows.count()
    lines = [rotation_line(posting, returns=returns) for posting in ordered[:SHOWN]]
    return DigestSection(key, title, count, lines, url)


def rotation_sections(user, day):
    """Due (in bands), overdue, and ended without their reviews: the user's rotations."""
    rotations = Posting.objects.visible_to(user).counted()
    sections, first = [], 0
    for last in settings.REMINDER_DUE_DAYS:
        title = _("Due to end in %(first)s to %(last)s days") % {"first": first, "last": last}
        if first == 0:
            title = _("Due to end within %(last)s days") % {"last": last}
        rows = rotations.filter(ending_within_q(day, first, last))
        sections.append(
            rotation_section(f"due_{last}", title, rows, changelist_url("status=due"), returns=True)
        )
        first = last + 1
    overdue = rotations.overdue(day)
    sections.append(
        rotation_section(
            "overdue",
            _("Overdue: planned end passed, not ended"),
            overdue,
            changelist_url("status=overdue"),
            returns=True,
        )
    )
    sections.append(
        rotation_section(
            "no_review",
            _("Ended rotations missing a review or the placement"),
            rotations.missing_review(day),
            changelist_url("review=missing"),
        )
    )
    return sections


def plan_section(user, day):
    """The user's plan items whose year is over, neither done nor dropped."""
    items = PlanItem.objects.visible_to(user).past_their_year(day)
    count = items.count()
    shown = items.select_related("plan", "cadre", "to_unit").order_by("year", "pk")[:SHOWN]
    lines = [f"{item.plan.name}: {item}" for item in shown]
    url = f"{settings.SITE_URL}{reverse('admin:postings_planitem_changelist')}?state=late"
    return DigestSection("plan_items", _("Plan items past their year, not done"), count, lines, url)


def digest(user, day):
    """What `user` is reminded of on `day`."""
    unit = scope_unit(user)
    scope = _("whole country") if unit is NATIONAL else unit.name
    sections = [*rotation_sections(user, day), plan_section(user, day)]
    return Digest(user=user, day=day, scope=scope, sections=sections)


def recipients():
    """Active staff with an address and a scope who have not switched the reminder off."""
    users = get_user_model().objects.filter(
        is_active=True,
        groups__name=roles.STAFF,
        scope__isnull=False,
        scope__sends_reminders=True,
    )
    return users.exclude(email="").select_related("scope__unit").distinct().order_by("pk")


def send_digest(user, day):
    """Send `user` their digest for `day` once: True when sent now, False when there was
    nothing to say or it had been sent already."""
    if ReminderSent.objects.filter(user=user, day=day).exists():
        return False
    with translation.override(settings.LANGUAGE_CODE):
        found = digest(user, day)
        if not found.count:
            return False
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=user, day=day, rotations=found.count)
                send_mail(found.subject, found.body(), None, [user.email])
        except IntegrityError:
            return False  # another run sent it meanwhile
    return True


def send_reminders(day):
    """Each recipient's digest for `day`: (sent, skipped)."""
    sent = skipped = 0
    for user in recipients():
        if send_digest(user, day):
            sent += 1
        else:
            skipped += 1
    return sent, skipped
