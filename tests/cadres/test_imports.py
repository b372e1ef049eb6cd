"""Importing units, titles, cadres and succession plans; what any spreadsheet may do wrong."""

import datetime
import io
import re
import zipfile

import pytest

from cadres.models import Cadre, PlanningEntry, Position, Unit
from tests.factories import make_cadre, make_term
from tests.spreadsheets import UNIT_HEADERS, csv_bytes, run, xlsx

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encoding", ["xlsx", "utf-8", "utf-8-sig", "cp1258"])
def test_units_import_reads_every_format_and_creates_every_row(staff, home_district, encoding):
    rows = [
        [" tên ĐƠN VI ", "loai", "TRUC THUOC", "mã", "Hiệu lực từ", "hieu luc den", "Ghi chú"],
        ["Xã Tú Đoạn", "Xã", "Huyện Lộc Bình", "06280", "", "30/06/2025", "Giáp Trung Quốc"],
        ["", "", "", "", "", "", ""],
        ["Xã Khánh Xuân", "xa", "huyen loc binh", "", "1/1/2020", "", ""],
        ["Đảng uỷ xã Khánh Xuân", "Cơ quan Đảng", "Khánh Xuân", "", "2020-01-01", "", ""],
    ]
    data = xlsx(rows) if encoding == "xlsx" else csv_bytes(rows, encoding)

    result = run("units", data, staff)

    assert result.saved, result.error_lines()
    assert [(row.number, row.status) for row in result.rows] == [(2, "new"), (4, "new"), (5, "new")]
    tu_doan = Unit.objects.get(name="Xã Tú Đoạn")
    assert (tu_doan.kind, tu_doan.parent, tu_doan.code) == ("commune", home_district, "06280")
    assert (tu_doan.valid_to, tu_doan.note, tu_doan.level) == (
        D(2025, 6, 30),
        "Giáp Trung Quốc",
        "commune",
    )
    khanh_xuan = Unit.objects.get(name="Xã Khánh Xuân")
    assert (khanh_xuan.valid_from, khanh_xuan.parent) == (D(2020, 1, 1), home_district)
    party = Unit.objects.get(name="Đảng uỷ xã Khánh Xuân")
    assert (party.kind, party.parent, party.locality_id) == ("party", khanh_xuan, khanh_xuan.pk)
    assert party.history.get().history_user == staff


def test_positions_import_creates_titles_and_reimport_changes_nothing(staff):
    data = csv_bytes(
        [
            ["Tên chức vụ", "Cấp", "Nhóm", "Cấp trưởng"],
            ["Bí thư Đảng uỷ xã", "Xã", "Đảng", "Có"],
            ["Phó Chủ tịch HĐND xã", "Xã", "Chính quyền", "Không"],
            ["Chủ tịch Uỷ ban MTTQ xã", "xa", "mat tran doan the", "co"],
        ]
    )

    assert run("positions", data, staff).saved
    again = run("positions", data, staff)

    assert [row.status for row in again.rows] == ["unchanged"] * 3
    titles = {p.name: (p.level, p.category, p.is_head) for p in Position.objects.all()}
    assert titles == {
        "Bí thư Đảng uỷ xã": ("commune", "party", True),
        "Phó Chủ tịch HĐND xã": ("commune", "government", False),
        "Chủ tịch Uỷ ban MTTQ xã": ("commune", "front", True),
    }


def test_cadres_import_reads_excel_date_cells_and_updates_by_name_and_birth(staff, world):
    headers = ["Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Ngày vào Đảng"]
    headers += ["Lý luận chính trị", "Đơn vị hiện nay", "Chức vụ hiện nay"]
    first = xlsx(
        [
            headers,
            [
                "Hoàng Thị Mai",
                "Nữ",
                D(1982, 4, 30),
                "Nung",
                D(2005, 5, 19),
                "Trung cấp",
                "Tú Đoạn",
                "Phó Chủ tịch UBND xã",
            ],
        ]
    )
    assert run("cadres", first, staff).saved
    renamed = xlsx([headers, ["HOANG THI MAI", "Nữ", "30/04/1982", "Nùng", "", "Cao cấp", "", ""]])

    result = run("cadres", renamed, staff)

    cadre = Cadre.objects.get()
    assert result.rows[0].status == "updated"
    assert (cadre.full_name, cadre.sex, cadre.ethnicity) == ("Hoàng Thị Mai", "female", "Nùng")
    assert (cadre.party_admission_date, cadre.political_theory) == (None, "advanced")
    assert cadre.current_unit is None and cadre.current_position is None


def test_planning_import_links_cadre_title_unit_and_term(staff, world):
    make_term()
    cadre = make_cadre("Lý Văn Bình", date_of_birth=D(1979, 1, 5), current_unit=world["commune"])
    data = csv_bytes(
        [
            [
                "Họ và tên",
                "Ngày sinh",
                "Chức danh quy hoạch",
                "Đơn vị quy hoạch",
                "Nhiệm kỳ",
                "Số quyết định",
                "Ngày quyết định",
                "Trạng thái",
            ],
            [
                "Ly Van Binh",
                "05/01/1979",
                "Phó Chủ tịch UBND xã",
                "Xã Tú Đoạn",
                "2010-2015",
                "99-QĐ/HU",
                "10/01/2010",
                "Đã phê duyệt",
            ],
        ]
    )

    assert run("planning", data, staff).saved

    entry = PlanningEntry.objects.get()
    assert (entry.cadre, entry.position, entry.unit) == (
        cadre,
        world["vice_chair"],
        world["commune"],
    )
    assert (entry.term.name, entry.decision_number, entry.decision_date) == (
        "2010–2015",
        "99-QĐ/HU",
        D(2010, 1, 10),
    )
    assert cadre.in_plan_on(D(2011, 1, 1))


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "a.csv", "tệp trống"),
        ("Tên đơn vị,Loại\n".encode(), "a.csv", "không có dữ liệu"),
        ("Đơn vị,Kiểu\nXã A,Xã\n".encode(), "a.csv", "Tên đơn vị, Loại"),
        (b"\x00" * (20 * 1024 * 1024), "a.xlsx", "giới hạn là 10 MB"),
        (b"not a spreadsheet at all", "a.xlsx", "không phải là tệp .xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "a.xls", ".xls"),
        (b"hello", "a.pdf", "Chỉ nhập được"),
    ],
)
def test_hostile_files_are_refused_with_a_message(staff, data, name, words):
    result = run("units", data, staff, name=name)

    assert not result.saved and words in result.refused


def test_a_zip_of_something_else_is_refused(staff):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "not excel")

    result = run("units", buffer.getvalue(), staff, name="units.xlsx")

    assert "không phải sổ tính Excel" in result.refused


CACHED = "Xã Tú Mịch".encode()


def formula_workbook(*, cached):
    data = xlsx([UNIT_HEADERS, ['="Xã " & "Tú Mịch"', "Xã", "Huyện Lộc Bình"]])
    if not cached:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # What Excel saves: the formula and its computed value.
                content = re.sub(
                    rb'<c r="A2"[^>]*><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                    lambda m: b'<c r="A2" t="str"><f>' + m[1] + b"</f><v>" + CACHED + b"</v></c>",
                    content,
                )
            target.writestr(item, content)
    return out.getvalue()


def test_formulas_are_read_as_their_saved_values(staff, home_district):
    result = run("units", formula_workbook(cached=True), staff)

    assert result.saved, result.error_lines()
    assert Unit.objects.filter(name="Xã Tú Mịch", parent=home_district).exists()


def test_formulas_without_saved_values_are_refused(staff, home_district):
    result = run("units", formula_workbook(cached=False), staff)

    assert "A2" in result.refused and "công thức" in result.refused


def test_merged_cells_give_their_value_to_every_row_they_cover(staff, home_district):
    data = xlsx(
        [UNIT_HEADERS, ["Xã Tú Mịch", "Xã", "Huyện Lộc Bình"], ["Xã Mẫu Sơn", "Xã", None]],
        merge="C2:C3",
    )

    assert run("units", data, staff).saved

    assert set(Unit.objects.filter(parent=home_district).values_list("name", flat=True)) == {
        "Xã Tú Mịch",
        "Xã Mẫu Sơn",
    }
