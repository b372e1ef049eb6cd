"""The Board's own words on every page: one meaning per msgid, the Party's spelling, the
outcomes of Decree 170, places not dates, names and numbers written the Vietnamese way."""

import inspect
import re
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Permission
from django.db import models
from django.utils import translation

from cadres.admin_accounts import permission_label
from postings.models import Posting
from postings.reviews import InspectionFinding
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[1]
APPS = ("cadres", "postings", "registry")
VI = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SUMMARY = "/reports/?as_of=2014-01-01"


def choice_classes():
    """Every set of choices (TextChoices…) our apps define."""
    found, stack = [], list(models.Choices.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return found


def msgid(label):
    """(context, msgid) of a lazily translated label."""
    args = label._args
    return (None, args[0]) if len(args) == 1 else tuple(args)


def test_no_choice_shares_an_untranslated_msgid_with_other_wording():
    """A choice label without a context is used by its own set of choices and nowhere else:
    the inspection finding's "closed" is not the unit filter's "closed" (another word in
    Vietnamese), the kind of move "rotation" not the record's name."""
    places = {}
    for entry in polib.pofile(VI):
        if entry.msgctxt is None:
            places[entry.msgid] = [
                (path, int(line)) for path, line in entry.occurrences if line.isdigit()
            ]
    shared = []
    for cls in choice_classes():
        lines, first = inspect.getsourcelines(cls)
        path = str(Path(inspect.getsourcefile(cls)).relative_to(ROOT))
        own = range(first, first + len(lines))
        for label in cls.labels:
            context, text = msgid(label)
            elsewhere = [f"{p}:{n}" for p, n in places.get(text, []) if p != path or n not in own]
            if context is None and elsewhere:
                shared.append(f"{cls.__qualname__} “{text}” also at {', '.join(elsewhere)}")
    assert shared == []


def test_a_closed_finding_and_a_closed_unit_read_differently():
    from cadres.admin import ValidityFilter

    unit_closed = dict(ValidityFilter.lookups(None, None, None))["closed"]
    with translation.override("vi"):
        assert str(InspectionFinding.Status.CLOSED.label) == "đã kết thúc"
        assert str(unit_closed) == "đã giải thể, sáp nhập"


def test_outcomes_and_counts_use_the_words_of_decree_170():
    with translation.override("vi"):
        assert str(Posting.Outcome.KEPT.label) == "bố trí ổn định công tác tại nơi đến"
        assert str(Posting.Outcome.ENDED_EARLY.label) == "kết thúc trước thời hạn"
        assert str(Posting.Outcome.CANCELLED.label) == "hủy quyết định luân chuyển"
        assert str(Posting.Kind.ROTATION.label) == "luân chuyển"
        assert str(Posting._meta.verbose_name) == "lượt luân chuyển"


def test_the_catalogue_and_templates_write_uy_as_the_party_does():
    old = re.compile(r"(?<![qQ])[uU][ỳýỷỹỵ](?!\w)")
    catalogue = [entry.msgstr for entry in polib.pofile(VI) if old.search(entry.msgstr)]
    templates = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if old.search(path.read_text())
    ]
    assert (catalogue, templates) == ([], [])


@pytest.mark.django_db
def test_unit_columns_of_the_lists_name_places(admin_client, register):
    html = admin_client.get(SUMMARY).content.decode()
    assert '<th scope="col">Nơi đi</th>' in html and '<th scope="col">Nơi đến</th>' in html
    page = admin_client.get(f"/units/{register.tu_doan.pk}/").content.decode()
    assert "Nơi đi" in page and "Từ ngày" not in page


@pytest.mark.django_db
def test_people_and_users_are_named_family_name_first(client, home_district):
    user = make_user("lan", scope=home_district, first_name="Lan", last_name="Hoàng Thị")
    assert user.get_full_name() == "Hoàng Thị Lan"
    client.force_login(make_user("chief", is_superuser=True))
    listed = client.get("/admin/auth/user/").content.decode()
    assert "Hoàng Thị Lan" in listed and "Lan Hoàng Thị" not in listed
    # One box, "Họ và tên", holding the name as it is written.
    form = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert 'name="full_name" value="Hoàng Thị Lan"' in form
    assert 'name="last_name"' not in form and 'name="first_name"' not in form


@pytest.mark.django_db
def test_permissions_are_named_in_vietnamese_without_the_history_tables(admin_client):
    view = Permission.objects.get(codename="view_posting")
    with translation.override("vi"):
        assert permission_label(view) == "Luân chuyển cán bộ | lượt luân chuyển | xem"
    form = admin_client.get("/admin/auth/group/add/").content.decode()
    assert "lượt luân chuyển | xem" in form
    assert "Can view" not in form and "historical" not in form


@pytest.mark.django_db
def test_numbers_are_written_the_vietnamese_way_and_machines_read_them_alike(
    admin_client, register
):
    html = admin_client.get(SUMMARY).content.decode()
    # 5 of 8 counted rotations in the plan: 62.5 % (p5 is not; the register's others are).
    shown = re.search(
        r'<span class="figure-value">([^<]*)</span><span hidden><span '
        r'data-metric="in_planning_pct">([^<]*)</span>',
        html,
    )
    assert shown.groups() == ("87,5\u00a0%", "87.5")
    admin_client.cookies["django_language"] = "en"
    html = admin_client.get(SUMMARY).content.decode()
    assert '<span class="figure-value">87.5%</span>' in html


def test_counts_have_thousands_separators_in_vietnamese():
    from postings.templatetags.summary import number, percent

    with translation.override("vi"):
        assert (number(1234), percent(93.1)) == ("1.234", "93,1\u00a0%")
    with translation.override("en"):
        assert (number(1234), percent(93.1)) == ("1,234", "93.1%")
