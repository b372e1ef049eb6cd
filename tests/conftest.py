import datetime
import os
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from cadres.models import Unit, UnitChange, UserScope
from registry import roles
from tests.factories import (
    make_cadre,
    make_district,
    make_plan,
    make_position,
    make_posting,
    make_term,
    make_unit,
)

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests read the Vietnamese the users see, and hash passwords fast."""
    settings.LANGUAGE_CODE = "vi"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _scans_in_a_temporary_folder(settings, tmp_path_factory):
    """Signed scans go to the test run's temporary folder, never to var/scans."""
    settings.STORAGES = {
        **settings.STORAGES,
        "scans": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.getbasetemp() / "scans"},
        },
    }


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background jobs run at once, in the request (tests/test_import_jobs.py runs the worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


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


@pytest.fixture
def an(world):
    """Nguyễn Văn An, whom the import rows name, in the approved plan for 2010–2015 from
    01/01/2010: his rotations from then on are in the plan."""
    cadre = make_cadre("Nguyễn Văn An", date_of_birth=datetime.date(1980, 9, 2))
    cadre.current_unit = world["commune"]
    cadre.save()
    make_plan(
        cadre,
        term=make_term(),
        unit=world["commune"],
        position=world["vice_chair"],
        decision_date=datetime.date(2010, 1, 1),
    )
    return cadre


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a cached summary never leaks into the next test."""
    from django.core.cache import cache

    from registry.cache import recent

    cache.clear()
    recent.clear()
    yield
    cache.clear()
    recent.clear()


# The Lộc Bình register: a small register whose figures the tests work out by hand.
#
# As of 12/08/2012, scope Huyện Lộc Bình, period from 01/01/2003, it holds six counted
# rotations of five persons:
#
# | # | cadre | start | to | state on 12/08/2012 |
# |---|---|---|---|---|
# | p1 | A (m, Tày, 1975) | 01/03/2004 | Tú Đoạn, Phó Bí thư | returned 01/03/2007 |
# | p2 | A again | 01/12/2009 | Mẫu Sơn, Chủ tịch UBND | active, due 01/12/2012 |
# | p3 | B (f, Nùng, 1970) | 29/02/2008 | Lục Thôn (merged), Bí thư | promoted 28/02/2011 |
# | p4 | C (m, Kinh, 1965) | 10/01/2011 | Na Dương | ended early 10/01/2012, reason |
# | p5 | D (f, Kinh, 1980) | 04/05/2009 | Tú Đoạn, Chủ tịch MTTQ | overdue, no decision no. |
# | p7 | F (m, Tày, 1962) | 01/07/2006 | commune → Ban Tổ chức | kept 01/07/2009 |
#
# Not counted: p6 (cancelled), p8 (another district: national scope only), p9 (starts
# 01/09/2012, after the period).


def day(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture
def register(db):
    """The Lộc Bình register above: its units, titles, terms, cadres and rotations by name."""
    r = SimpleNamespace()
    register_units(r)
    make_term("2000–2005", day("01/01/2000"), day("31/12/2004"))
    make_term("2005–2010", day("01/01/2005"), day("31/12/2009"))
    make_term("2010–2015", day("01/01/2010"), day("31/12/2014"))
    r.deputy_party = make_position("Phó Bí thư Đảng uỷ xã", category="party")
    r.head_party = make_position("Bí thư Đảng uỷ xã", category="party", is_head=True)
    r.head_gov = make_position("Chủ tịch UBND xã", category="government", is_head=True)
    r.head_front = make_position("Chủ tịch UBMTTQ xã", category="front", is_head=True)
    register_cadres(r)
    register_district_rotations(r)
    register_other_rotations(r)
    return r


def register_units(r):
    r.province = make_unit("Tỉnh Lạng Sơn", kind=Unit.Kind.PROVINCE)
    r.district = make_unit("Huyện Lộc Bình", kind=Unit.Kind.DISTRICT, parent=r.province)
    r.committee = make_unit("Huyện uỷ Lộc Bình", kind=Unit.Kind.PARTY_BODY, parent=r.district)
    r.board = make_unit("Ban Tổ chức Huyện uỷ", kind=Unit.Kind.PARTY_BODY, parent=r.committee)
    r.tu_doan = make_unit("Xã Tú Đoạn", parent=r.district)
    r.mau_son = make_unit("Xã Mẫu Sơn", parent=r.district)
    r.na_duong = make_unit("Thị trấn Na Dương", kind=Unit.Kind.TOWN, parent=r.district)
    r.luc_thon = make_unit("Xã Lục Thôn", parent=r.district, valid_to=day("31/12/2019"))
    r.town = make_unit(
        "Thị trấn Lộc Bình", kind=Unit.Kind.TOWN, parent=r.district, valid_to=day("30/06/2025")
    )
    r.new_commune = make_unit("Xã Lộc Bình", parent=r.province, valid_from=day("01/07/2025"))
    for old, new, date, basis in (
        (r.luc_thon, r.town, "01/01/2020", "818/NQ-UBTVQH14"),
        (r.town, r.new_commune, "01/07/2025", "1672/NQ-UBTVQH15"),
    ):
        UnitChange.objects.create(
            from_unit=old, to_unit=new, kind="merge", date=day(date), legal_basis=basis
        )
    r.other = make_unit("Huyện Văn Lãng", kind=Unit.Kind.DISTRICT, parent=r.province)
    r.other_board = make_unit("Ban Tổ chức Huyện uỷ Văn Lãng", kind="party", parent=r.other)
    r.other_commune = make_unit("Xã Tân Mỹ", parent=r.other)


def register_cadres(r):
    for key, name, sex, ethnicity, born in (
        ("a", "Hoàng Văn An", "male", "Tày", "10/05/1975"),
        ("b", "Lương Thị Bích", "female", "Nùng", "28/02/1970"),
        ("c", "Nguyễn Văn Cường", "male", "Kinh", "01/01/1965"),
        ("dd", "Trần Thị Dung", "female", "Kinh", "15/06/1980"),
        ("e", "Triệu Văn Én", "male", "Dao", "03/03/1960"),
        ("f", "Vi Văn Phúc", "male", "Tày", "09/09/1962"),
        ("g", "Lý Văn Giang", "male", "Tày", "09/09/1972"),
        ("h", "Hà Văn Hải", "male", "Tày", "09/09/1978"),
    ):
        cadre = make_cadre(name, sex=sex, ethnicity=ethnicity, date_of_birth=day(born))
        setattr(r, key, cadre)


def register_rotation(r, n, **fields):
    fields.setdefault("from_unit", r.board)
    fields.setdefault("decision_number", f"{n}-QĐ/HU")
    fields.setdefault("decision_date", fields["start"] - datetime.timedelta(days=10))
    return make_posting(**fields)


def register_district_rotations(r):
    r.p1 = register_rotation(
        r, 1, cadre=r.a, to_unit=r.tu_doan, to_position=r.deputy_party, start=day("01/03/2004"),
        actual_end=day("01/03/2007"), outcome="returned", joined_party_committee=True,
        party_committee_role="deputy_secretary",
    )  # fmt: skip
    r.p2 = register_rotation(
        r, 2, cadre=r.a, to_unit=r.mau_son, to_position=r.head_gov, start=day("01/12/2009"),
        joined_government=True,
    )  # fmt: skip
    r.p3 = register_rotation(
        r, 3, cadre=r.b, to_unit=r.luc_thon, to_position=r.head_party, start=day("29/02/2008"),
        actual_end=day("28/02/2011"), outcome="promoted", joined_party_committee=True,
    )  # fmt: skip
    r.p4 = register_rotation(
        r, 4, cadre=r.c, to_unit=r.na_duong, start=day("10/01/2011"),
        actual_end=day("10/01/2012"), outcome="ended_early",
        exception_reason="Sức khoẻ không bảo đảm.",
    )  # fmt: skip
    r.p5 = register_rotation(
        r, 5, cadre=r.dd, to_unit=r.tu_doan, to_position=r.head_front, start=day("04/05/2009"),
        in_plan=False, decision_number="",
    )  # fmt: skip


def register_other_rotations(r):
    r.p6 = register_rotation(
        r, 6, cadre=r.e, to_unit=r.mau_son, start=day("01/06/2010"), outcome="cancelled"
    )
    r.p7 = register_rotation(
        r, 7, cadre=r.f, from_unit=r.tu_doan, to_unit=r.board, start=day("01/07/2006"),
        actual_end=day("01/07/2009"), outcome="kept",
    )  # fmt: skip
    r.p8 = register_rotation(
        r, 8, cadre=r.g, from_unit=r.other_board, to_unit=r.other_commune,
        start=day("01/01/2010"),
    )  # fmt: skip
    r.p9 = register_rotation(r, 9, cadre=r.h, to_unit=r.mau_son, start=day("01/09/2012"))


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
