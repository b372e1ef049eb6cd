"""The rotation import's bulk path: the same checks per row, one insert per file.

Each row is checked by `posting_validate` against data loaded once for the file
(`postings.ruledata.RuleData`); rows accepted earlier in the file count for the overlap check
of later ones; the new rotations are inserted together, with a history row each naming the
person who imported them.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from postings import rules
from postings.imports import PostingImporter
from postings.models import Posting
from postings.services import posting_save
from tests.spreadsheets import POSTING_HEADERS, csv_bytes, errors, posting_row, run

D = datetime.date
pytestmark = pytest.mark.django_db

BACK = {"Đơn vị đi": "Xã Tú Đoạn", "Đơn vị đến": "Ban Tổ chức Huyện uỷ Lộc Bình"}
REASON = {"Lý do ngoại lệ": "Ban Thường vụ đồng ý"}


def test_two_rows_of_one_cadre_overlapping_each_other_are_refused(staff, world, an):
    # Row 2 runs from 15/03/2010 to 15/03/2013 (the default planned end); row 3 starts inside.
    rows = [POSTING_HEADERS, posting_row(), posting_row(**BACK, **{"Ngày bắt đầu": "01/06/2011"})]

    result = run("postings", csv_bytes(rows), staff)

    assert errors(result) == [(3, "Ngày bắt đầu")]
    assert "trùng thời gian" in result.error_lines()[0]
    assert not result.saved and Posting.objects.count() == 0


def test_a_new_cadres_two_overlapping_rows_are_refused_too(staff, world):
    hoa = {"Họ và tên": "Vi Thị Hoa", "Giới tính": "Nữ", "Ngày sinh": "01/01/1985", **REASON}
    rows = [
        POSTING_HEADERS,
        posting_row(**hoa),
        posting_row(**hoa, **BACK, **{"Ngày bắt đầu": "01/01/2012"}),
    ]

    result = run("postings", csv_bytes(rows), staff)

    assert errors(result) == [(3, "Ngày bắt đầu")]
    assert Posting.objects.count() == 0


def test_rows_of_one_cadre_one_after_the_other_are_all_saved(staff, world, an):
    later = {**BACK, "Ngày bắt đầu": "15/03/2013", **REASON}
    rows = [POSTING_HEADERS, posting_row(), posting_row(**later)]

    result = run("postings", csv_bytes(rows), staff)

    assert result.saved, result.error_lines()
    starts = list(Posting.objects.order_by("start").values_list("start", flat=True))
    assert starts == [D(2010, 3, 15), D(2013, 3, 15)]


def test_each_inserted_rotation_has_one_history_row_naming_the_importer(staff, world, an):
    bao = {"Họ và tên": "Lộc Văn Bảo", **REASON}
    rows = [POSTING_HEADERS, posting_row(), posting_row(**bao)]

    result = run("postings", csv_bytes(rows), staff, name="dot-1.csv")

    assert result.saved, result.error_lines()
    for posting in Posting.objects.all():
        (record,) = posting.history.all()
        assert (record.history_type, record.history_user) == ("+", staff)
        assert "dot-1.csv" in record.history_change_reason
        assert (record.start, record.to_unit_id) == (posting.start, posting.to_unit_id)
    # The row saved with warnings links to its rotation, known once inserted.
    assert result.warned == [Posting.objects.get(cadre__full_name="Lộc Văn Bảo").pk]


def test_the_rules_are_evaluated_once_per_row(staff, world, an, monkeypatch):
    calls = []
    real = rules.evaluate

    def counted(posting, *args, **kwargs):
        calls.append(posting.start)
        return real(posting, *args, **kwargs)

    monkeypatch.setattr(rules, "evaluate", counted)
    later = {**BACK, "Ngày bắt đầu": "15/03/2013", **REASON}
    rows = [POSTING_HEADERS, posting_row(), posting_row(**later)]
    rows.append(posting_row(**{"Họ và tên": "Lộc Văn Bảo", **REASON}))

    result = run("postings", csv_bytes(rows), staff)

    assert result.saved, result.error_lines()
    assert sorted(calls) == [D(2010, 3, 15), D(2010, 3, 15), D(2013, 3, 15)]


def rows_of_new_cadres(count):
    return [
        posting_row(
            **{"Họ và tên": f"Hoàng Văn Thử {n}", "Ngày sinh": f"{1 + n % 28:02d}/01/1975"},
            **REASON,
        )
        for n in range(count)
    ]


def posting_statements(count, staff):
    with CaptureQueriesContext(connection) as queries:
        result = run("postings", csv_bytes([POSTING_HEADERS, *rows_of_new_cadres(count)]), staff)
    assert result.saved, result.error_lines()
    Posting.objects.all().delete()
    # Statements on the rotations' own table (the new cadres' rows are written one by one).
    tables = ('FROM "postings_posting"', 'INTO "postings_posting"', 'UPDATE "postings_posting"')
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]


def test_the_rotations_of_a_file_are_written_in_a_fixed_number_of_statements(staff, world):
    # Few enough rows for one INSERT on SQLite too (999 parameters a statement).
    few = posting_statements(4, staff)
    many = posting_statements(16, staff)

    assert len(many) == len(few)
    assert sum(sql.startswith("INSERT") for sql in many) == 1


@pytest.mark.django_db(transaction=True)
def test_an_import_holds_its_cadres_so_a_concurrent_save_sees_its_rows(
    staff, world, an, monkeypatch
):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no two saves can race.")
    checked = threading.Event()
    real_finish = PostingImporter.finish

    def finish_slowly(importer, result):
        checked.set()  # every row checked, nothing inserted yet
        time.sleep(1)
        real_finish(importer, result)

    monkeypatch.setattr(PostingImporter, "finish", finish_slowly)
    outcomes = {}

    def import_file():
        try:
            outcomes["import"] = run("postings", csv_bytes([POSTING_HEADERS, posting_row()]), staff)
        finally:
            connections.close_all()

    def save_one():
        try:
            assert checked.wait(30)
            overlapping = Posting(
                cadre=an, from_unit=world["board"], to_unit=world["commune"], start=D(2011, 1, 1)
            )
            posting_save(posting=overlapping, require_reason=False)
            outcomes["save"] = "saved"
        except ValidationError as error:
            outcomes["save"] = " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=import_file), threading.Thread(target=save_one)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes["import"].saved, outcomes["import"].error_lines()
    # The save waited for the import's lock on the cadre, then found its rotation.
    assert "trùng thời gian" in outcomes["save"]
    assert list(Posting.objects.values_list("start", flat=True)) == [D(2010, 3, 15)]
