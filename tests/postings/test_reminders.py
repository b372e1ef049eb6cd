"""The staff's daily reminder (issue 14, item 7): what it says, once a day, only to those
who want it, and only of their scope."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from postings import reminders
from postings.models import PlanItem, Posting, RotationPlan
from postings.reminders import send_reminders
from registry import roles
from tests.conftest import make_user
from tests.factories import make_cadre, make_term, make_unit

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 3)
D = datetime.date


@pytest.fixture
def rotations(home_district, other_district):
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    other_board = make_unit("Ban Tổ chức Huyện uỷ Đình Lập", kind="party", parent=other_district)
    elsewhere = make_unit("Xã Bắc Xa", parent=other_district)
    rows = [
        # due within 30 days, in 31–90 days, in 6 months (neither), overdue, ended unreviewed
        ("Nông Văn Ba Mươi", board, commune, D(2023, 12, 20), D(2026, 12, 20), None, ""),
        ("Hoàng Thị Chín Mươi", board, commune, D(2024, 2, 1), D(2027, 2, 1), None, ""),
        ("Lăng Văn Sáu Tháng", board, commune, D(2024, 5, 1), D(2027, 5, 1), None, ""),
        ("Vi Văn Quá Hạn", board, commune, D(2023, 1, 1), D(2026, 1, 1), None, ""),
        ("Triệu Văn Kết Thúc", board, commune, D(2020, 1, 1), D(2023, 1, 1), D(2023, 1, 1),
         "returned"),
        # another district's: due within 30 days, but not the home district's staff's
        ("Lương Văn Đình Lập", other_board, elsewhere, D(2023, 12, 20), D(2026, 12, 20), None,
         ""),
    ]  # fmt: skip
    Posting.objects.bulk_create(
        Posting(
            cadre=make_cadre(name),
            from_unit=source,
            to_unit=target,
            start=start,
            planned_end=end,
            actual_end=actual,
            outcome=outcome,
        )
        for name, source, target, start, end, actual, outcome in rows
    )


@pytest.fixture
def staff_with_email(home_district):
    return make_user("staff", scope=home_district, role=roles.STAFF, email="staff@example.vn")


def test_the_digest_lists_due_overdue_and_unreviewed_rotations_of_the_scope(
    staff_with_email, rotations
):
    assert send_reminders(DAY) == (1, 0)
    (message,) = mail.outbox
    assert message.to == ["staff@example.vn"]
    body = message.body
    for name in ("Nông Văn Ba Mươi", "Hoàng Thị Chín Mươi", "Vi Văn Quá Hạn", "Triệu Văn Kết Thúc"):
        assert name in body
    assert "Lăng Văn Sáu Tháng" not in body  # due in 5 months: beyond 90 days
    assert "Lương Văn Đình Lập" not in body  # another district's
    # Each due rotation says where the cadre returns: the sending unit.
    due_line = next(line for line in body.splitlines() if "Nông Văn Ba Mươi" in line)
    assert due_line.count("Ban Tổ chức Huyện uỷ Lộc Bình") == 2
    assert "/admin/postings/posting/?review=missing" in body
    assert "/accounts/reminders/" in body
    digest = reminders.digest(staff_with_email, DAY)
    counts = {section.key: section.count for section in digest.sections}
    assert counts == {"due_30": 1, "due_90": 1, "overdue": 1, "no_review": 1, "plan_items": 0}
    assert "4" in message.subject


def test_sending_leaves_the_cached_summaries_fresh(
    staff_with_email, rotations, django_capture_on_commit_callbacks
):
    from registry import cache

    before = cache.versions(cache.EVERYTHING, cache.COUNTRY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_reminders(DAY)
    assert len(mail.outbox) == 1
    assert callbacks == []  # no summary made stale
    assert cache.versions(cache.EVERYTHING, cache.COUNTRY) == before


def test_a_second_run_the_same_day_sends_nothing(staff_with_email, rotations):
    call_command("send_reminders", "--day", "03/12/2026")
    call_command("send_reminders", "--day", "03/12/2026")
    assert len(mail.outbox) == 1
    call_command("send_reminders", "--day", "04/12/2026")
    assert len(mail.outbox) == 2


def test_a_failed_send_is_not_recorded_and_is_retried(staff_with_email, rotations, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(OSError):
        send_reminders(DAY)
    monkeypatch.undo()
    assert send_reminders(DAY) == (1, 0)
    assert len(mail.outbox) == 1


def test_switched_off_leaders_and_people_without_an_address_get_nothing(
    staff_with_email, home_district, rotations
):
    staff_with_email.scope.sends_reminders = False
    staff_with_email.scope.save()
    make_user("leader", scope=home_district, role=roles.LEADER, email="leader@example.vn")
    make_user("no-mail", scope=home_district, role=roles.STAFF)
    send_reminders(DAY)
    assert mail.outbox == []


def test_each_staff_member_gets_their_own_scope(staff_with_email, other_district, rotations):
    make_user("dinh-lap", scope=other_district, role=roles.STAFF, email="dl@example.vn")
    send_reminders(DAY)
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "Lương Văn Đình Lập" in by_address["dl@example.vn"]
    assert "Nông Văn Ba Mươi" not in by_address["dl@example.vn"]
    assert "Lương Văn Đình Lập" not in by_address["staff@example.vn"]


def test_plan_items_past_their_year_are_listed_with_the_filtered_list_behind_them(
    staff_with_email, home_district, other_district, client
):
    cadre = make_cadre("Lục Văn Kế Hoạch", current_unit=make_unit(parent=home_district))
    term = make_term(start=D(2020, 1, 1), end=D(2025, 12, 31))
    plan = RotationPlan.objects.create(unit=home_district, term=term, name="Kế hoạch 2020–2025")
    late = PlanItem.objects.create(plan=plan, year=2024, cadre=cadre)
    PlanItem.objects.create(plan=plan, year=2025, target_count=2, direction="district_to_commune")
    PlanItem.objects.create(plan=plan, year=2023, cadre=cadre, dropped=True, drop_reason="Nghỉ")
    elsewhere = RotationPlan.objects.create(unit=other_district, term=term, name="Kế hoạch khác")
    PlanItem.objects.create(plan=elsewhere, year=2021, target_count=1)
    # On 03/12/2026 the 2024 and 2025 items are late; the dropped one and Đình Lập's are not
    # this user's to follow.
    section = reminders.plan_section(staff_with_email, DAY)
    assert section.count == 2
    assert f"Kế hoạch 2020–2025: {late}" in section.lines
    send_reminders(DAY)
    (message,) = mail.outbox
    assert f"Kế hoạch 2020–2025: {late}" in message.body
    # The e-mail's link opens the list of exactly these items.
    client.force_login(staff_with_email)
    path = section.url.removeprefix(settings.SITE_URL)
    changelist = client.get(path)
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == section.count


def test_users_switch_their_reminder_off_on_their_account_page(client, staff_with_email):
    client.force_login(staff_with_email)
    page = client.get("/accounts/reminders/")
    assert page.status_code == 200 and b"data-reminder-form" in page.content
    client.post("/accounts/reminders/", {})  # the box unticked
    staff_with_email.scope.refresh_from_db()
    assert staff_with_email.scope.sends_reminders is False
    client.post("/accounts/reminders/", {"sends_reminders": "on"})
    staff_with_email.scope.refresh_from_db()
    assert staff_with_email.scope.sends_reminders is True
