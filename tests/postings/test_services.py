"""The write path of rotations: one check for every way in, and saves under concurrency."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from postings import rules
from postings.imports import PostingImporter
from postings.models import Posting
from postings.services import posting_save, posting_validate
from registry.dates import parse_day
from tests.factories import make_cadre, make_district, make_posting, make_unit
from tests.spreadsheets import POSTING_HEADERS, csv_bytes, posting_row, run

D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_posting_save_lets_one_of_two_concurrent_overlapping_rotations_through():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no two saves can race.")
    district = make_district()
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=district)
    cadre = make_cadre()
    communes = [make_unit(parent=district), make_unit(parent=district)]
    barrier = threading.Barrier(2, timeout=20)
    outcomes = []

    def rotate(to_unit, start):
        try:
            posting = Posting(
                cadre=cadre,
                from_unit=board,
                to_unit=to_unit,
                start=start,
            )
            barrier.wait()  # Both validate at the same moment, each on its own connection.
            posting_save(posting=posting, require_reason=False)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=rotate, args=(communes[0], D(2010, 3, 1))),
        threading.Thread(target=rotate, args=(communes[1], D(2011, 1, 1))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[-1] == "saved"
    assert outcomes.count("saved") == 1, outcomes
    refusal = next(text for text in outcomes if text != "saved")
    assert "trùng thời gian" in refusal
    assert Posting.objects.filter(cadre=cadre).count() == 1


# One write path: the form, the import and `posting_save` refuse the same rotation with the
# same messages, and evaluate the rules once per save.

# Each case: the row's cells, as the import reads them, that make one bad rotation of
# Nguyễn Văn An (tests.spreadsheets.posting_row), and the fields its refusal names.
REFUSALS = [
    ("short duration", {"Ngày kết thúc dự kiến": "15/03/2011"}, ["__all__", "exception_reason"]),
    # Before the plan's approval (01/01/2010, the `an` fixture).
    ("not in plan", {"Ngày bắt đầu": "15/03/2009"}, ["__all__", "exception_reason"]),
    ("overlap", {"Ngày bắt đầu": "01/06/2005"}, ["start"]),
    ("end before start", {"Ngày kết thúc thực tế": "01/01/2009"}, ["actual_end"]),
    ("unit not yet existing", {"Đơn vị đến": "Khánh Xuân"}, ["to_unit"]),
]
FIELDS = {column.header: column.key for column in PostingImporter.columns} | {"": "__all__"}


@pytest.fixture
def an(an, world):
    """Nguyễn Văn An (in the plan from 01/01/2010), back from an earlier rotation (2004–2007)
    that a new one may overlap."""
    make_posting(
        cadre=an,
        from_unit=world["board"],
        to_unit=make_unit("Xã Mẫu Sơn", parent=world["board"].parent),
        start=D(2004, 1, 1),
        actual_end=D(2007, 1, 1),
        outcome="returned",
    )
    return an


def as_posting(cells, world, cadre):
    """The same row as the rotation a script would build."""

    def day(header):
        return parse_day(cells[header]) if cells[header] else None

    return Posting(
        cadre=cadre,
        from_unit=world["board"],
        from_position=world["officer"],
        to_unit=world["new_commune"] if cells["Đơn vị đến"] == "Khánh Xuân" else world["commune"],
        to_position=world["vice_chair"],
        start=day("Ngày bắt đầu"),
        planned_end=day("Ngày kết thúc dự kiến"),
        actual_end=day("Ngày kết thúc thực tế"),
        exception_reason=cells["Lý do ngoại lệ"],
    )


def as_form(posting):
    """The same rotation as the admin's add form posts it."""
    data = {
        name: getattr(posting, f"{name}_id")
        for name in ("cadre", "from_unit", "from_position", "to_unit", "to_position")
    }
    data |= {
        name: f"{getattr(posting, name):%d/%m/%Y}" if getattr(posting, name) else ""
        for name in ("start", "planned_end", "actual_end")
    }
    data |= {"post_relation": "equivalent", "exception_reason": posting.exception_reason}
    inlines = ("evaluations", "placement")
    return data | {
        f"{name}-{count}_FORMS": "0" for name in inlines for count in ("TOTAL", "INITIAL")
    }


def refusals(staff, staff_client, world, cadre, cells):
    """The messages by field of the three ways in, for the same row."""
    result = run("postings", csv_bytes([POSTING_HEADERS, posting_row(**cells)]), staff)
    by_import = {}
    for column, message in result.rows[0].errors:
        by_import.setdefault(FIELDS[column], []).append(message)
    cells = dict(zip(POSTING_HEADERS, posting_row(**cells), strict=True))
    with pytest.raises(ValidationError) as refusal:
        posting_save(posting=as_posting(cells, world, cadre))
    response = staff_client.post(
        "/admin/postings/posting/add/", as_form(as_posting(cells, world, cadre))
    )
    assert response.status_code == 200
    by_form = {
        field: list(errors) for field, errors in response.context["adminform"].form.errors.items()
    }
    return by_import, refusal.value.message_dict, by_form


@pytest.mark.parametrize(("case", "cells", "fields"), REFUSALS, ids=[c[0] for c in REFUSALS])
def test_form_import_and_service_refuse_a_bad_rotation_with_the_same_messages(
    staff, staff_client, world, an, case, cells, fields
):
    by_import, by_service, by_form = refusals(staff, staff_client, world, an, cells)

    assert sorted(by_service) == fields
    assert by_import == by_service
    assert by_form == by_service
    assert Posting.objects.count() == 1


def test_a_rule_break_refusal_names_the_rules_and_asks_for_the_reason_once(
    staff, staff_client, world, an
):
    cells = {"Ngày bắt đầu": "15/03/2009", "Ngày kết thúc dự kiến": "15/03/2011"}
    by_import, by_service, by_form = refusals(staff, staff_client, world, an, cells)

    assert by_service == {
        "__all__": [
            "Lượt luân chuyển này chưa đúng Quy định 65-QĐ/TW:",
            "Thời gian luân chuyển dưới 36 tháng.",
            "Cán bộ không có trong quy hoạch được phê duyệt vào ngày bắt đầu.",
        ],
        "exception_reason": [
            "Ghi lý do ngoại lệ (ai cho phép, theo văn bản nào) để lưu lượt luân chuyển này."
        ],
    }
    assert by_import == by_service and by_form == by_service


def test_an_imported_rule_break_with_a_reason_is_saved_as_the_form_saves_it(
    staff, staff_client, world
):
    reason = "Ban Thường vụ đồng ý (CV 12-CV/HU)"
    # Neither cadre has a plan: not in the plan, and short.
    cells = {"Ngày kết thúc dự kiến": "15/03/2011"}
    cells |= {"Lý do ngoại lệ": reason, "Họ và tên": "Lộc Văn Bảo"}
    assert run("postings", csv_bytes([POSTING_HEADERS, posting_row(**cells)]), staff).saved
    cadre = make_cadre("Nguyễn Văn An", date_of_birth=D(1980, 9, 2), current_unit=world["commune"])
    row = dict(zip(POSTING_HEADERS, posting_row(**cells), strict=True))
    form = as_form(as_posting(row, world, cadre))
    assert staff_client.post("/admin/postings/posting/add/", form).status_code == 302

    imported, entered = Posting.objects.order_by("pk")
    fields = ("warnings", "planned_end", "direction", "in_planning_at_start", "age_at_start")
    fields += ("working_months_left_at_start", "exception_reason")
    assert [getattr(imported, name) for name in fields] == [
        getattr(entered, name) for name in fields
    ]
    assert imported.warnings == ["short_duration", "not_in_plan"]
    assert imported.exception_reason == reason


@pytest.fixture
def evaluations(monkeypatch):
    """Every call of the rules, counted around the real function."""
    calls = []
    real = rules.evaluate

    def counted(posting, *args, **kwargs):
        calls.append(posting)
        return real(posting, *args, **kwargs)

    monkeypatch.setattr(rules, "evaluate", counted)
    return calls


def test_the_admin_form_evaluates_the_rules_once_per_save(staff_client, world, an, evaluations):
    cells = dict(zip(POSTING_HEADERS, posting_row(), strict=True))
    posting = as_posting(cells, world, an)
    posting.post_relation = "higher"
    evaluations.clear()

    form = as_form(posting) | {"post_relation": "higher", "exception_reason": "Cán bộ xuất sắc"}
    response = staff_client.post("/admin/postings/posting/add/", form)

    assert response.status_code == 302
    assert len(evaluations) == 1
    assert Posting.objects.get(to_unit=world["commune"]).warnings == ["higher_post"]


def test_posting_save_and_the_import_evaluate_once_per_rotation(staff, world, an, evaluations):
    evaluations.clear()
    cells = dict(zip(POSTING_HEADERS, posting_row(), strict=True))
    posting_save(posting=as_posting(cells, world, an))
    assert len(evaluations) == 1

    # A new cadre: no plan yet, so the row carries its reason.
    cells = {"Họ và tên": "Lộc Văn Bảo", "Lý do ngoại lệ": "Ban Thường vụ đồng ý"}
    data = csv_bytes([POSTING_HEADERS, posting_row(**cells)])
    assert run("postings", data, staff).saved
    assert len(evaluations) == 2


def test_a_posting_changed_after_validation_is_checked_again_on_save(world, an, evaluations):
    cells = dict(zip(POSTING_HEADERS, posting_row(), strict=True))
    posting = as_posting(cells, world, an)
    posting_validate(posting, require_reason=False)
    posting.post_relation = "higher"

    with pytest.raises(ValidationError) as refusal:
        posting_save(posting=posting)

    assert "exception_reason" in refusal.value.message_dict
    assert len(evaluations) == 2
