import os

import pytest
from django.contrib.auth.models import Permission, User
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from cadres.models import UserScope
from tests.factories import make_district, make_unit


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    """Tests read the Vietnamese the users see."""
    settings.LANGUAGE_CODE = "vi"


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


def make_user(username, *, scope=None, perms=(), **fields):
    user = User.objects.create_user(username, password="mật-khẩu-thử-1", is_staff=True, **fields)
    UserScope.objects.create(user=user, unit=scope)
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
    return make_user("staff", scope=home_district, perms=("add", "change", "view"))


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


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
