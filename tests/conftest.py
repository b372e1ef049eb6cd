import datetime
import os

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from cadres.models import UserScope
from registry import roles
from tests.factories import make_district, make_position, make_unit

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests read the Vietnamese the users see, and hash passwords fast."""
    settings.LANGUAGE_CODE = "vi"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks HTTP; production's HTTPS redirect is tested in test_security."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def home_district(db):
    return make_district("Huyện Lộc Bình")


@pytest.fixture
def other_district(db, home_district):
    return make_unit("Huyện Đình Lập", kind="district", parent=home_district.parent)


def role_group(name):
    """The role's group; recreated as the migration makes it after a transactional flush."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        wanted = Q(pk__in=[])
        for perm in roles.ROLE_PERMISSIONS[name]:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


def make_user(username, *, scope=None, role=None, perms=(), **fields):
    """An account with a scope (None: the whole country) and a role from the migration."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    UserScope.objects.create(user=user, unit=scope)
    if role:
        user.groups.add(role_group(role))
    if perms:
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["cadres", "postings"]).filter(
                codename__regex=rf"^({'|'.join(perms)})_"
            )
        )
    return user


@pytest.fixture
def staff(db, home_district):
    """Organisation Board staff of the home district: enters and corrects records."""
    return make_user("staff", scope=home_district, role=roles.STAFF)


@pytest.fixture
def leader(db, home_district):
    """A leader of the home district: reads everything in scope, changes nothing."""
    return make_user("leader", scope=home_district, role=roles.LEADER)


@pytest.fixture
def administrator(db, home_district):
    """The home district's administrator: accounts, roles, scopes and catalogues."""
    return make_user("administrator", scope=home_district, role=roles.ADMINISTRATOR)


@pytest.fixture
def outsider(db, other_district):
    """Staff of another district: must see nothing of the home district."""
    return make_user("outsider", scope=other_district, role=roles.STAFF)


def logged_in(client, user):
    # force_login skips django-axes; login tests post to the login page instead.
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, staff):
    return logged_in(client, staff)


@pytest.fixture
def leader_client(client, leader):
    return logged_in(client, leader)


@pytest.fixture
def administrator_client(client, administrator):
    return logged_in(client, administrator)


@pytest.fixture
def outsider_client(client, outsider):
    return logged_in(client, outsider)


@pytest.fixture
def root(db):
    """A superuser, as `manage.py import_records` imports by default."""
    return User.objects.create_superuser("root", "root@example.vn", PASSWORD)


@pytest.fixture
def world(home_district):
    """What the import tests' rows name: a board, two communes and two titles."""
    return {
        "board": make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district),
        "commune": make_unit("Xã Tú Đoạn", parent=home_district, code="06280"),
        "new_commune": make_unit(
            "Xã Khánh Xuân", parent=home_district, valid_from=datetime.date(2020, 1, 1)
        ),
        "vice_chair": make_position("Phó Chủ tịch UBND xã", category="government"),
        "officer": make_position("Chuyên viên Ban Tổ chức", level="district"),
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a cached summary never leaks into the next test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Property-based tests: few examples, no deadline and the same examples on every run (CI
# must not flake), so the suite stays fast on two cores; HYPOTHESIS_PROFILE=thorough hunts
# longer with fresh random examples.
hypothesis_settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
