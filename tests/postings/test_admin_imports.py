import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import Unit
from registry.models import ImportBatch
from tests.conftest import make_user
from tests.factories import make_posting, make_unit

pytestmark = pytest.mark.django_db

URL = "/admin/cadres/unit/import/"
HEADERS = "Tên đơn vị,Loại,Trực thuộc,Mã,Hiệu lực từ,Hiệu lực đến,Ghi chú\n"


def upload(text, name="don-vi.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def leader(db, home_district):
    return make_user("leader", scope=home_district, perms=("view",))


def test_import_preview_lists_every_row_and_saves_nothing_until_confirmed(
    staff_client, home_district
):
    text = HEADERS + "Xã Tú Mịch,Xã,Huyện Lộc Bình,,,,\nXã Mẫu Sơn,Xã,Huyện Lộc Bình,,,,\n"

    response = staff_client.post(URL, {"file": upload(text)}, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-row="2"' in page and 'data-row="3"' in page
    assert "thêm mới: 2" in page and "Xác nhận và lưu tất cả các dòng" in page
    assert not Unit.objects.filter(name="Xã Tú Mịch").exists()
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_new, bytes(batch.data)) == (
        "previewed",
        2,
        upload(text).read(),
    )

    confirmed = staff_client.post(f"{URL}{batch.pk}/", follow=True)

    assert (
        Unit.objects.filter(parent=home_district, name__in=["Xã Tú Mịch", "Xã Mẫu Sơn"]).count()
        == 2
    )
    assert "Đã nhập tệp don-vi.csv: 2 dòng thêm mới" in confirmed.content.decode()
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.finished_at is not None
    assert staff_client.post(f"{URL}{batch.pk}/").status_code == 404


def test_import_preview_with_errors_offers_no_confirmation(staff_client, home_district):
    text = HEADERS + "Xã Tú Mịch,Xã,Huyện Lộc Bình,,31/02/2012,,\n"

    page = staff_client.post(URL, {"file": upload(text)}, follow=True).content.decode()

    assert 'data-row="2"' in page
    assert "Hiệu lực từ" in page and "không phải là ngày hợp lệ" in page
    assert "Xác nhận" not in page and "Chưa lưu dòng nào" in page
    assert ImportBatch.objects.get().status == "failed"


def test_import_refuses_a_file_over_the_size_limit(staff_client, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024

    response = staff_client.post(URL, {"file": upload(HEADERS + "x" * 2 * 1024 * 1024)})

    assert response.status_code == 200
    assert "giới hạn là 1 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_import_shows_a_message_for_a_broken_xlsx(staff_client):
    broken = SimpleUploadedFile("don-vi.xlsx", b"PK\x03\x04 broken", content_type="application/zip")

    response = staff_client.post(URL, {"file": broken}, follow=True)

    assert response.status_code == 200 and "bị hỏng" in response.content.decode()


def test_import_pages_are_refused_to_leaders(client, leader):
    client.force_login(leader)

    assert client.get(URL).status_code == 403
    assert (
        client.post(URL, {"file": upload(HEADERS + "Xã A,Xã,Huyện Lộc Bình,,,,\n")}).status_code
        == 403
    )
    assert client.get("/admin/postings/posting/import/").status_code == 403
    assert "Nhập từ tệp" not in client.get("/admin/cadres/unit/").content.decode()
    assert not Unit.objects.filter(name="Xã A").exists()


def test_changelists_offer_import_and_export_to_staff(staff_client):
    for model in ["cadres/unit", "cadres/cadre", "cadres/planningentry", "postings/posting"]:
        page = staff_client.get(f"/admin/{model}/").content.decode()
        assert "Nhập từ tệp" in page and "Xuất ra Excel" in page, model
        assert staff_client.get(f"/admin/{model}/import/").status_code == 200


def test_titles_are_imported_by_administrators_and_only_exported_by_staff(
    staff_client, client, administrator
):
    page = staff_client.get("/admin/cadres/position/").content.decode()
    assert "Nhập từ tệp" not in page and "Xuất ra Excel" in page
    assert staff_client.get("/admin/cadres/position/import/").status_code == 403
    client.force_login(administrator)
    assert "Nhập từ tệp" in client.get("/admin/cadres/position/").content.decode()
    assert client.get("/admin/cadres/position/import/").status_code == 200


def test_template_download_has_the_vietnamese_headers(staff_client):
    response = staff_client.get("/admin/postings/posting/import/template.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Ngày sinh", "Giới tính"] and "Lý do ngoại lệ" in headers
    csv_template = staff_client.get("/admin/cadres/unit/import/template.csv").content
    assert csv_template.decode("utf-8-sig").startswith("Tên đơn vị,Loại,Trực thuộc,Mã")


def test_export_honours_scope_and_filters(client, leader, home_district, other_district):
    make_unit("Xã Tú Đoạn", parent=home_district)
    make_unit("Phường Trong Huyện", kind="ward", parent=home_district)
    make_unit("Xã Ngoài Phạm Vi", parent=other_district)
    client.force_login(leader)

    response = client.get("/admin/cadres/unit/export.csv?kind__exact=commune")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith('attachment; filename="units-')
    assert [row[0] for row in rows[1:]] == ["Xã Tú Đoạn"]


def test_export_action_exports_the_selected_rows(staff_client, home_district):
    wanted = make_unit("Xã Tú Đoạn", parent=home_district)
    make_unit("Xã Mẫu Sơn", parent=home_district)

    response = staff_client.post(
        reverse("admin:cadres_unit_changelist"),
        {"action": "export_xlsx", "_selected_action": [wanted.pk]},
    )

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Xã Tú Đoạn"]


def test_confirming_someone_elses_batch_is_not_found(client, staff, home_district):
    other = make_user("other", scope=home_district, perms=("add", "change", "view"))
    batch = ImportBatch.objects.create(user=other, kind="units", file_name="a.csv", data=b"")
    client.force_login(staff)

    assert client.post(f"{URL}{batch.pk}/").status_code == 404


def test_rotation_export_has_the_template_headers_and_writes_words_not_codes(
    staff_client, home_district
):
    board = make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    make_posting(from_unit=board, to_unit=commune, outcome="cancelled", joined_government=True)

    template = staff_client.get("/admin/postings/posting/import/template.csv")
    export = staff_client.get("/admin/postings/posting/export.csv")

    header, *rows = csv.reader(io.StringIO(export.content.decode("utf-8-sig")))
    assert header == next(csv.reader(io.StringIO(template.content.decode("utf-8-sig"))))
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Đơn vị đi"], row["Đơn vị đến"], row["Ngày bắt đầu"]) == (
        "Ban Tổ chức Huyện uỷ",
        "Xã Tú Đoạn",
        "01/03/2010",
    )
    assert (row["Kết quả"], row["Tham gia chính quyền"], row["Hướng luân chuyển"]) == (
        "Hủy quyết định luân chuyển",
        "Có",
        "Huyện → xã",
    )
    assert (row["Chức vụ trước"], row["Giới tính"]) == ("", "Nam")
