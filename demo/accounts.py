"""The demo accounts: one per role and scope, sharing a published password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cadres.models import UserScope
from demo.units import DINH_LAP, LOC_BINH, PROVINCE
from registry import roles

DEMO_PASSWORD = "luanchuyen2003"

# (username, group, scope unit or None for the whole country, superuser)
ACCOUNTS = [
    ("demo-admin", roles.ADMINISTRATOR, None, True),
    ("demo-staff", roles.STAFF, LOC_BINH, False),
    ("demo-leader", roles.LEADER, LOC_BINH, False),
    ("demo-staff-dinhlap", roles.STAFF, DINH_LAP, False),
    ("demo-leader-province", roles.LEADER, PROVINCE, False),
]

# Made-up people, family name first (`User.last_name`, then `first_name`).
NAMES = {
    "demo-admin": ("Nông Văn", "Quản"),
    "demo-staff": ("Hoàng Thị", "Nghiệp"),
    "demo-leader": ("Lương Văn", "Đạo"),
    "demo-staff-dinhlap": ("Vi Thị", "Lập"),
    "demo-leader-province": ("Lăng Văn", "Tỉnh"),
}


def load_accounts(units):
    """The demo accounts, one per role and scope, all with DEMO_PASSWORD; returns the list."""
    User = get_user_model()
    for name in (roles.STAFF, roles.LEADER, roles.ADMINISTRATOR):
        Group.objects.get_or_create(name=name)
    result = []
    for username, group_name, scope_key, superuser in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "is_superuser": superuser,
                "last_name": NAMES[username][0],
                "first_name": NAMES[username][1],
            },
        )
        if created:
            # Only new accounts: hashing is slow by design, and a re-run must change nothing.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group_name))
        unit = units[scope_key] if scope_key else None
        scope = UserScope.objects.filter(user=user).first()
        if scope is None:
            UserScope.objects.create(user=user, unit=unit)
        elif scope.unit_id != (unit.pk if unit else None):
            scope.unit = unit
            scope.save()
        result.append((username, group_name, unit))
    return result
