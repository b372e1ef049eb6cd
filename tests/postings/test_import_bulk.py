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

from cadres.models import Cadre
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


def rows_of_new_cadres(count, name="Hoàng Văn Thử"):
    return [
        posting_row(
            **{"Họ và tên": f"{name} {n}", "Ngày sinh": f"{1 + n % 28:02d}/01/1975"},
            **REASON,
        )
        for n in range(count)
    ]


def posting_statements(count, staff):
    with CaptureQueriesContext(connection) as queries:
        result = run("postings", csv_bytes([POSTING_HEADERS, *rows_of_new_cadres(count)]), staff)
    assert result.saved, result.error_lines()
    Posting.objects.all().delete()
    # Statements on the rotations' own table (every statement: the test after the next).
    tables = ('FROM "postings_posting"', 'INTO "postings_posting"', 'UPDATE "postings_posting"')
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]


def test_the_rotations_of_a_file_are_written_in_a_fixed_number_of_statements(staff, world):
    # Few enough rows for one INSERT on SQLite too (999 parameters a statement).
    few = posting_statements(4, staff)
    many = posting_statements(16, staff)

    assert len(many) == len(few)
    assert sum(sql.startswith("INSERT") for sql in many) == 1


def import_statements(rows, staff, *, commit=True):
    with CaptureQueriesContext(connection) as queries:
        result = run("postings", csv_bytes([POSTING_HEADERS, *rows]), staff, commit=commit)
    assert result.ok, result.error_lines()
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("commit", [False, True], ids=["preview", "import"])
def test_a_file_of_new_cadres_takes_as_many_statements_whatever_its_length(staff, world, commit):
    # Each row names a person the registry does not know: the new cadres are inserted in
    # bulk with their rotations, and no row has a statement of its own (no savepoint, no
    # insert, no history row, no scope query). Few enough rows for one INSERT on SQLite.
    few = import_statements(rows_of_new_cadres(4, "Hoàng Văn Ít"), staff, commit=commit)
    many = import_statements(rows_of_new_cadres(16, "Hoàng Văn Nhiều"), staff, commit=commit)

    assert len(many) == len(few), "\n".join(many)
    # The savepoints of the file's transaction, of `finish` and of the rollup's sync: none a row.
    assert sum(sql.startswith("SAVEPOINT") for sql in many) <= 3
    assert sum('INSERT INTO "cadres_cadre"' in sql for sql in many) == 1
    assert sum('INSERT INTO "cadres_historicalcadre"' in sql for sql in many) == 1


def test_a_changed_rotation_costs_only_its_own_write(staff, world):
    def changed_statements(count):
        name = f"Hoàng Văn Sửa {count}"
        rows = rows_of_new_cadres(count, name)
        assert run("postings", csv_bytes([POSTING_HEADERS, *rows]), staff).saved
        note = POSTING_HEADERS.index("Ghi chú")
        changed = [[*row[:note], "Sửa lại", *row[note + 1 :]] for row in rows]
        return import_statements(changed, staff)

    few, many = changed_statements(2), changed_statements(5)

    # Each changed row: its savepoint and release (`posting_save`), the UPDATE and its history
    # row; the cadre, units and titles it reads were looked up once for the file.
    assert len(many) - len(few) == 3 * 4, "\n".join(many)


def test_new_cadres_are_inserted_with_a_history_row_naming_the_importer(staff, world):
    hoa = {"Họ và tên": "Vi Thị Hoa", "Giới tính": "Nữ", "Ngày sinh": "01/01/1985", **REASON}
    later = {**hoa, **BACK, "Ngày bắt đầu": "15/03/2013"}
    rows = [POSTING_HEADERS, posting_row(**hoa), posting_row(**later)]

    result = run("postings", csv_bytes(rows), staff, name="dot-2.csv")

    assert result.saved, result.error_lines()
    assert [row.status for row in result.rows] == ["new", "new"]
    # The second row met the cadre the first created: one person, two rotations.
    hoa = Cadre.objects.get(full_name="Vi Thị Hoa")
    assert (hoa.search_key, hoa.sex, hoa.version) == ("vi thi hoa", "female", 1)
    assert hoa.postings.count() == 2
    (record,) = hoa.history.all()
    assert (record.history_type, record.history_user) == ("+", staff)
    assert "dot-2.csv" in record.history_change_reason
    assert any("Cán bộ mới" in note for note in result.rows[0].notes)


def test_a_preview_of_new_cadres_saves_nothing(staff, world):
    result = run(
        "postings", csv_bytes([POSTING_HEADERS, *rows_of_new_cadres(3)]), staff, commit=False
    )

    assert result.ok and not result.saved
    assert [row.status for row in result.rows] == ["new"] * 3
    assert not Cadre.objects.filter(full_name__startswith="Hoàng Văn Thử").exists()
    assert not Cadre.history.exists() and not Posting.objects.exists()


def test_a_refused_row_leaves_its_new_cadre_out_of_the_next_rows(staff, world):
    # Row 2 creates Hoa, then is refused (no reason for its rule warnings); row 3, the same
    # person, creates her again and reports her as new.
    hoa = {"Họ và tên": "Vi Thị Hoa", "Giới tính": "Nữ", "Ngày sinh": "01/01/1985"}
    later = {**hoa, **BACK, "Ngày bắt đầu": "15/03/2013", **REASON}
    rows = [POSTING_HEADERS, posting_row(**hoa), posting_row(**later)]

    result = run("postings", csv_bytes(rows), staff)

    assert [row.status for row in result.rows] == ["error", "new"]
    assert any("Cán bộ mới" in note for note in result.rows[1].notes)
    assert not result.saved and not Cadre.objects.exists()


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
