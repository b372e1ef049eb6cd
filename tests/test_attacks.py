"""The penetration test's findings (issue 17), each replayed as the attacker made it.

Every test here failed on the code the attack was found in; each one names its finding.
The walk over every admin form's choices is in test_permissions, malformed input in
test_hostile_input, the start-up checks in test_security.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cadres.models import PlanningEntry, UnitChange
from postings.models import InspectionFinding
from registry import roles
from tests.conftest import make_user
from tests.factories import make_cadre, make_plan, make_position, make_posting, make_term, make_unit
from tests.html import form_data

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_district):
    """Lộc Bình's records: what the attacker from Đình Lập must not reach."""
    board = make_unit("Ban Tổ chức Huyện uỷ Lộc Bình", kind="party", parent=home_district)
    commune = make_unit("Xã Tú Đoạn", parent=home_district)
    cadres = [make_cadre(f"Hoàng Văn Lộc {n}", current_unit=commune) for n in range(4)]
    postings = [
        make_posting(cadre=cadres[0], from_unit=board, to_unit=commune),
        make_posting(cadre=cadres[1], from_unit=board, to_unit=commune),
    ]
    return {"board": board, "commune": commune, "cadres": cadres, "postings": postings}


@pytest.fixture
def own_commune(other_district):
    return make_unit("Xã Bắc Xa", parent=other_district)


def errors_of(response):
    """The main form's errors and every inline's, as one list of field names."""
    names = list(response.context["adminform"].form.errors)
    for formset in response.context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            names += list(form_errors)
    return names


# Finding 1: reading another district through many-to-many fields.


def test_finding_1_an_outsider_cannot_link_home_cadres_and_rotations_to_a_finding(
    outsider_client, home, own_commune
):
    data = {
        "date": "01/03/2012",
        "unit": own_commune.pk,
        "finding": "Thiếu hồ sơ",
        "status": "open",
        "postings": [posting.pk for posting in home["postings"]],
        "cadres": [cadre.pk for cadre in home["cadres"]],
    }
    response = outsider_client.post("/admin/postings/inspectionfinding/add/", data)
    assert response.status_code == 200
    assert {"postings", "cadres"} <= set(errors_of(response))
    assert not InspectionFinding.objects.exists()


def test_finding_1_the_finding_form_offers_no_home_rows_to_an_outsider(
    outsider_client, home, own_commune
):
    form = outsider_client.get("/admin/postings/inspectionfinding/add/").context["adminform"].form
    assert not form.fields["postings"].queryset.filter(pk=home["postings"][0].pk).exists()
    assert not form.fields["cadres"].queryset.filter(pk=home["cadres"][0].pk).exists()


# Finding 2: inline foreign keys outside the scope.


def test_finding_2_an_outsider_cannot_plan_their_cadre_into_a_home_unit(
    outsider_client, home, own_commune
):
    cadre = make_cadre("Lăng Văn Đình", current_unit=own_commune)
    make_plan(cadre, unit=own_commune, term=make_term())
    url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
    data = form_data(outsider_client.get(url).content.decode())
    data.update(
        {
            "planning_entries-TOTAL_FORMS": "2",
            "planning_entries-1-term": make_term("2015–2020", D(2015, 1, 1), D(2020, 12, 31)).pk,
            "planning_entries-1-position": make_position().pk,
            "planning_entries-1-unit": home["commune"].pk,
            "planning_entries-1-status": "approved",
        }
    )
    response = outsider_client.post(url, data)
    assert response.status_code == 200
    assert "unit" in errors_of(response)
    assert not PlanningEntry.objects.filter(unit=home["commune"]).exists()


def test_finding_2_a_district_administrator_cannot_make_a_home_unit_a_successor(
    client, home, own_commune, other_district
):
    client.force_login(make_user("admin-dinhlap", scope=other_district, role=roles.ADMINISTRATOR))
    url = reverse("admin:cadres_unit_change", args=[own_commune.pk])
    data = form_data(client.get(url).content.decode())
    data.update(
        {
            "changes_out-TOTAL_FORMS": "1",
            "changes_out-0-kind": "merge",
            "changes_out-0-to_unit": home["commune"].pk,
            "changes_out-0-date": "01/01/2020",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "to_unit" in errors_of(response)
    assert not UnitChange.objects.filter(to_unit=home["commune"]).exists()


def test_finding_1_and_2_a_record_that_rightly_links_outside_the_scope_still_saves(
    staff_client, home, other_district, home_district
):
    # Entered by the province: a rotation into Đình Lập, and a commune merged into one
    # under the province. Lộc Bình's staff may correct them without touching those links.
    outside = make_unit("Xã Bắc Xa", parent=other_district)
    posting = make_posting(cadre=home["cadres"][2], from_unit=home["board"], to_unit=outside)
    merged = make_unit("Xã Lộc Bình", parent=home_district.parent)
    UnitChange.objects.create(
        from_unit=home["commune"], to_unit=merged, kind="merge", date=D(2025, 7, 1)
    )
    for url in (
        reverse("admin:postings_posting_change", args=[posting.pk]),
        reverse("admin:cadres_unit_change", args=[home["commune"].pk]),
    ):
        data = form_data(staff_client.get(url).content.decode())
        response = staff_client.post(url, {**data, "note": "Đã đối chiếu hồ sơ."})
        assert response.status_code == 302, errors_of(response)
    posting.refresh_from_db()
    assert posting.to_unit == outside and posting.note == "Đã đối chiếu hồ sơ."
    assert home["commune"].changes_out.get().to_unit == merged


# Finding 3: formula injection in every export.

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-1+2", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def poisoned(home_district):
    """Units and cadres named as formulas, with rotations between them."""
    board = make_unit(PAYLOADS[0], kind="party", parent=home_district)
    for payload in PAYLOADS:
        unit = make_unit(payload, parent=home_district, code=payload[:20])
        cadre = make_cadre(payload, current_unit=unit, other_names=payload)
        make_posting(
            cadre=cadre, from_unit=board, to_unit=unit, decision_number=payload, note=payload
        )
        make_plan(cadre, unit=unit, decision_number=payload)
    return board


def export_urls():
    urls = [
        f"/admin/{model}/export.{fmt}"
        for model in ("cadres/cadre", "cadres/unit", "postings/posting", "cadres/planningentry")
        for fmt in ("csv", "xlsx")
    ]
    # The summary's one table of names: rotations by receiving unit.
    urls += [f"/reports/export/theo-don-vi-nhan.{fmt}?as_of=2012-08-12" for fmt in ("csv", "xlsx")]
    return urls


def cells_of(response):
    """Every cell of the download: (value, is a formula, is marked as text) for .xlsx."""
    import csv
    import io

    import openpyxl

    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8").removeprefix("\ufeff")
        return [(value, False, None) for row in csv.reader(io.StringIO(text)) for value in row]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [
        (cell.value, cell.data_type == "f", cell.quotePrefix)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def test_finding_3_no_export_holds_a_live_formula(staff_client, poisoned):
    for url in export_urls():
        response = staff_client.get(url)
        assert response.status_code == 200, url
        cells = cells_of(response)
        csv_file = url.split("?")[0].endswith(".csv")
        assert not [value for value, formula, _ in cells if formula], url
        risky = [
            (value, marked)
            for value, _, marked in cells
            if isinstance(value, str)
            and value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
        ]
        if csv_file:
            # In a CSV nothing says "text": a single quote in front makes Excel read it so.
            assert not risky, (url, risky)
            assert any(value.startswith("'=HYPERLINK") for value, _, _ in cells), url
        else:
            # In Excel the name stays as typed, a text cell marked to stay text when edited.
            assert risky and all(marked for _, marked in risky), (url, risky)


def test_finding_3_numbers_stay_numbers_and_plain_text_is_untouched():
    import csv
    import io

    import openpyxl

    from registry.spreadsheets import write_sheet

    rows = [["Xã Tú Đoạn", -5, 2.5, "-12", "Số 1-QĐ/HU", "  Xã Mẫu Sơn"]]
    data = write_sheet(headers=list("abcdef"), rows=rows, file_format="xlsx")
    cells = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))[0]
    assert [cell.value for cell in cells] == rows[0]
    assert cells[1].data_type == "n" and cells[2].data_type == "n"
    assert not any(cell.quotePrefix for cell in cells)
    text = write_sheet(headers=list("abcdef"), rows=rows, file_format="csv").decode("utf-8")
    assert list(csv.reader(io.StringIO(text[1:])))[1] == [
        "Xã Tú Đoạn", "-5", "2.5", "-12", "Số 1-QĐ/HU", "  Xã Mẫu Sơn"
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_finding_3_a_guarded_export_imports_back_unchanged(staff_client, staff, home, fmt):
    from tests.spreadsheets import run

    for payload in PAYLOADS[:4]:
        make_cadre(payload, other_names=payload, current_unit=home["commune"])
    exported = staff_client.get(f"/admin/cadres/cadre/export.{fmt}").content
    result = run("cadres", exported, staff, name=f"can-bo.{fmt}")
    assert result.ok, result.error_lines()
    assert {row.status for row in result.rows} == {"unchanged"}


# Finding 6: ID numbers shown to leaders.

ID_NUMBER = "012345678901"
NEW_ID_NUMBER = "098765432109"


@pytest.fixture
def identified(home, staff_client):
    """A cadre whose ID number staff entered and then corrected (so the history holds both)."""
    cadre = home["cadres"][0]
    cadre.id_number = ID_NUMBER
    cadre.save()
    cadre.id_number = NEW_ID_NUMBER
    cadre.save()
    return cadre


def id_number_pages(cadre):
    version = cadre.history.latest().history_id
    return [
        reverse("admin:cadres_cadre_change", args=[cadre.pk]),
        reverse("admin:cadres_cadre_history", args=[cadre.pk]),
        reverse("admin:cadres_cadre_simple_history", args=[cadre.pk, version]),
        "/admin/cadres/cadre/export.csv",
        "/admin/cadres/cadre/export.xlsx",
        reverse("records:cadre", args=[cadre.pk]),
    ]


def holds_id_number(response):
    import io

    import openpyxl

    if response["Content-Type"].startswith("application/vnd.openxml"):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        body = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    else:
        body = response.content.decode()
    return ID_NUMBER in body or NEW_ID_NUMBER in body or "Số định danh" in body


PAGES = ["change page", "history", "a version", "CSV export", "Excel export", "record page"]


@pytest.mark.parametrize("page", PAGES)
def test_finding_6_leaders_and_administrators_never_see_an_id_number(
    client, leader, administrator, identified, page
):
    url = id_number_pages(identified)[PAGES.index(page)]
    for user in (leader, administrator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert not holds_id_number(response), (user.username, url)


def test_finding_6_staff_who_change_cadres_still_see_it(staff_client, identified):
    pages = id_number_pages(identified)
    for url in pages[:5]:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert holds_id_number(response), url


# Finding 7: a unit its own ancestor.

CYCLE_MESSAGE = (
    "A unit cannot belong to itself or to a unit under it. Choose a unit above it or beside it."
)


@pytest.mark.parametrize("parent", ["itself", "a unit under it"])
def test_finding_7_a_unit_cannot_be_put_under_itself(staff_client, home, parent):
    commune = home["commune"]
    below = make_unit("Đảng uỷ xã Tú Đoạn", kind="party", parent=commune)
    url = reverse("admin:cadres_unit_change", args=[commune.pk])
    data = form_data(staff_client.get(url).content.decode())
    data["parent"] = commune.pk if parent == "itself" else below.pk
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["parent"]
    assert errors == [gettext(CYCLE_MESSAGE)]
    commune.refresh_from_db()
    assert commune.parent == home["board"].parent


def test_finding_7_validation_refuses_it_wherever_a_unit_is_saved(home):
    from django.core.exceptions import ValidationError

    commune = home["commune"]
    below = make_unit("Đảng uỷ xã Tú Đoạn", kind="party", parent=commune)
    for parent in (commune, below):
        commune.parent = parent
        with pytest.raises(ValidationError) as refused:
            commune.full_clean()  # what the import runs for every row (Importer.save)
        assert "parent" in refused.value.message_dict
        with pytest.raises(ValidationError):
            commune.save()  # a script that skips validation is refused too, at once


def test_finding_7_the_import_cannot_make_a_unit_its_own_ancestor(staff, home):
    from cadres.models import Unit
    from tests.spreadsheets import UNIT_HEADERS, csv_bytes, run

    rows = [UNIT_HEADERS, ["Xã Tú Đoạn", "Xã", "Xã Tú Đoạn", "", "", "", ""]]
    run("units", csv_bytes(rows), staff)
    for unit in Unit.objects.all():
        ancestors = [pk for pk in unit.path.strip("/").split("/")[:-1]]
        assert str(unit.pk) not in ancestors, unit


# Finding 8: 500s on malformed input. Each is a form error or a 4xx; the test client
# re-raises what a view lets escape, so a 500 fails here loudly.


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "9" * 30, "\x00"])
def test_finding_8_a_malformed_id_in_a_picker_is_a_form_error(staff_client, home, value):
    data = {
        "full_name": "Hà Thị Lan",
        "sex": "female",
        "date_of_birth": "10/05/1980",
        "ethnicity": "Tày",
        "current_unit": value,
        "planning_entries-TOTAL_FORMS": "0",
        "planning_entries-INITIAL_FORMS": "0",
        "discipline_periods-TOTAL_FORMS": "0",
        "discipline_periods-INITIAL_FORMS": "0",
    }
    response = staff_client.post("/admin/cadres/cadre/add/", data)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "current_unit" in response.context["adminform"].form.errors


@pytest.mark.parametrize("year", ["0", "99999", "1", "10000", "9" * 20])
def test_finding_8_an_impossible_year_on_the_rotation_list_is_answered(staff_client, home, year):
    response = staff_client.get("/admin/postings/posting/", {"year": year})
    assert response.status_code in (200, 302, 400, 404)


@pytest.mark.parametrize("page", ["9" * 20, "99999999999", "-5", "x"])
def test_finding_8_a_huge_page_of_recent_changes_is_answered(staff_client, home, page):
    response = staff_client.get("/changes/", {"page": page})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("value", ["abc", "9" * 30, "²"])
def test_finding_8_a_malformed_id_in_a_many_to_many_picker_is_a_form_error(
    staff_client, home, value
):
    data = {"date": "01/03/2012", "unit": home["commune"].pk, "finding": "Thiếu hồ sơ"}
    data |= {"status": "open", "postings": [home["postings"][0].pk, value], "cadres": value}
    response = staff_client.post("/admin/postings/inspectionfinding/add/", data)
    assert response.status_code == 200
    assert {"postings", "cadres"} <= set(response.context["adminform"].form.errors)


# Finding 9: the lost-update guard skipped by omitting loaded_version.


@pytest.mark.parametrize("record", ["cadre", "posting"])
def test_finding_9_an_edit_without_the_loaded_version_is_refused(staff_client, home, record):
    from cadres.models import Cadre
    from postings.models import Posting

    obj = home["postings"][0] if record == "posting" else home["cadres"][0]
    url = reverse(f"admin:{obj._meta.app_label}_{record}_change", args=[obj.pk])
    data = form_data(staff_client.get(url).content.decode())
    # Someone else saves meanwhile; the attacker's form leaves out the version it was opened at.
    model = Posting if record == "posting" else Cadre
    other = model.objects.get(pk=obj.pk)
    other.note = "Sửa của người khác"
    other.save()
    del data["loaded_version"]
    response = staff_client.post(url, {**data, "note": "Ghi đè"})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert model.objects.get(pk=obj.pk).note == "Sửa của người khác"


# Finding 11: pages with personal data have no Cache-Control.


def test_finding_11_pages_and_files_with_personal_data_are_never_stored(staff_client, home):
    cadre, commune = home["cadres"][0], home["commune"]
    for url in (
        "/reports/?as_of=2012-08-12",
        "/reports/export/theo-don-vi-nhan.csv?as_of=2012-08-12",
        "/reports/export/theo-don-vi-nhan.xlsx?as_of=2012-08-12",
        reverse("records:cadre", args=[cadre.pk]),
        reverse("records:unit", args=[commune.pk]),
        "/changes/",
        "/admin/cadres/cadre/export.csv",
        "/admin/cadres/cadre/",
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= directives, (url, response.get("Cache-Control"))


# Finding 12: a district administrator sees and clears the whole country's login attempts.


@pytest.fixture
def login_records(staff):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    records = {}
    for username in ("staff", "ke-tan-cong"):
        fields = {"username": username, "ip_address": "10.0.0.9", "user_agent": "x"}
        fields |= {"http_accept": "", "path_info": "/accounts/login/"}
        records[username] = [
            AccessAttempt.objects.create(
                **fields, get_data="", post_data="", failures_since_start=5
            ),
            AccessLog.objects.create(**fields),
            AccessFailureLog.objects.create(**fields),
        ]
    return records


def test_finding_12_a_district_administrator_sees_and_clears_only_their_accounts_records(
    client, login_records, other_district, administrator
):
    from axes.models import AccessAttempt

    client.force_login(make_user("admin-dinhlap", scope=other_district, role=roles.ADMINISTRATOR))
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        response = client.get(f"/admin/axes/{model}/")
        assert response.status_code == 200
        shown = {record.username for record in response.context["cl"].result_list}
        assert shown <= {"admin-dinhlap"}, model  # their own login, nobody else's
    attempt = login_records["staff"][0]
    assert client.get(f"/admin/axes/accessattempt/{attempt.pk}/change/").status_code == 404
    client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    # The home district's administrator sees (and may clear) the lock on their staff member,
    # not the attempts on a name that is nobody's account.
    client.force_login(administrator)
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        shown = client.get(f"/admin/axes/{model}/").context["cl"].result_list
        assert {record.username for record in shown} - {"administrator"} == {"staff"}, model


def test_finding_12_a_national_administrator_sees_every_record(client, login_records):
    national = make_user("admin-quocgia", scope=None, role=roles.ADMINISTRATOR)
    client.force_login(national)
    shown = client.get("/admin/axes/accessattempt/").context["cl"].result_list
    assert sorted(record.username for record in shown) == ["ke-tan-cong", "staff"]


# Finding 5: anyone can lock any account behind the documented proxy.


@pytest.fixture
def behind_the_proxy(settings):
    """Production behind the TLS proxy of docs/DEPLOYMENT.md: one proxy, on 127.0.0.1."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def through_the_proxy(client, username, password, *, client_address, spoofed=""):
    """A login as nginx forwards it: it appends the address it saw to X-Forwarded-For."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_X_FORWARDED_PROTO="https",
    )


def test_finding_5_five_wrong_passwords_from_one_address_do_not_lock_out_another(
    client, leader, behind_the_proxy
):
    from django.test import Client

    from tests.conftest import PASSWORD

    for _ in range(5):
        through_the_proxy(client, "leader", "sai-mật-khẩu", client_address="203.0.113.5")
    locked = through_the_proxy(client, "leader", PASSWORD, client_address="203.0.113.5")
    assert locked.status_code == 429  # the attacker's address is locked for that name
    response = through_the_proxy(Client(), "leader", PASSWORD, client_address="198.51.100.7")
    assert response.status_code == 302  # the real user, elsewhere, logs in


def test_finding_5_a_spoofed_forwarded_address_does_not_escape_the_lock(
    client, leader, behind_the_proxy
):
    from tests.conftest import PASSWORD

    # The attacker writes a new address of their own each time; the proxy appends the real one.
    for n in range(5):
        through_the_proxy(
            client, "leader", "sai", client_address="203.0.113.5", spoofed=f"10.9.9.{n}"
        )
    response = through_the_proxy(
        client, "leader", PASSWORD, client_address="203.0.113.5", spoofed="10.9.9.99"
    )
    assert response.status_code == 429


# Finding 10: uploads kept forever.


def upload(client, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.spreadsheets import csv_bytes

    file = SimpleUploadedFile("don-vi.csv", csv_bytes(rows), content_type="text/csv")
    return client.post("/admin/cadres/unit/import/", {"file": file})


UNIT_ROWS = [
    ["Tên đơn vị", "Loại", "Trực thuộc"],
    ["Xã Hữu Khánh", "Xã", "Huyện Lộc Bình"],
]


def test_finding_10_a_refused_upload_keeps_its_log_but_not_its_file(staff_client, home):
    from registry.models import ImportBatch

    upload(staff_client, [UNIT_ROWS[0], ["Xã Hữu Khánh", "Không có loại này", ""]])
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert bytes(batch.data) == b""
    assert batch.rows_error == 1 and batch.errors and batch.file_name == "don-vi.csv"


def test_finding_10_a_saved_upload_keeps_its_log_but_not_its_file(staff_client, home):
    from registry.models import ImportBatch

    upload(staff_client, UNIT_ROWS)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED and bytes(batch.data)
    staff_client.post(f"/admin/cadres/unit/import/{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert bytes(batch.data) == b"" and batch.rows_new == 1


def test_finding_10_an_unconfirmed_preview_is_forgotten_after_a_day(staff_client, home):
    from django.core.management import call_command

    from registry.models import ImportBatch

    upload(staff_client, UNIT_ROWS)
    upload(staff_client, UNIT_ROWS)
    old, fresh = ImportBatch.objects.order_by("pk")
    ImportBatch.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(hours=25)
    )
    # Past its time a preview can no longer be confirmed, even before the purge runs.
    assert staff_client.post(f"/admin/cadres/unit/import/{old.pk}/").status_code == 404
    call_command("purge_imports", stdout=io.StringIO())
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ImportBatch.Status.ABANDONED and bytes(old.data) == b""
    assert old.rows_new == 1 and old.file_name == "don-vi.csv"  # the log stays
    assert fresh.status == ImportBatch.Status.PREVIEWED and bytes(fresh.data)


# Finding 4: one staff member can take the site down with an import. The hostile files
# themselves are measured in bench/hostile_imports.py (time and memory); here, what the
# limits answer, and at most one running import per person.


def limited(settings, **limits):
    for name, value in limits.items():
        setattr(settings, f"IMPORT_MAX_{name.upper()}", value)


def test_finding_4_a_csv_past_the_row_limit_is_refused_before_any_row_is_checked(
    staff, home, settings
):
    from tests.spreadsheets import POSTING_HEADERS, csv_bytes, run

    limited(settings, rows=1000)
    data = csv_bytes([POSTING_HEADERS]) + b"x\n" * 1_000_000
    result = run("postings", data, staff, commit=False)
    assert "1.000" in result.refused and not result.rows


def test_finding_4_a_row_of_too_many_cells_is_refused(staff, home, settings):
    from tests.spreadsheets import POSTING_HEADERS, csv_bytes, run

    limited(settings, cells=10_000)
    data = csv_bytes([POSTING_HEADERS]) + b"x," * 100_000 + b"\n"
    result = run("postings", data, staff, commit=False)
    assert "10.000" in result.refused and not result.rows


def bomb(rows, *, declared=None):
    """An .xlsx whose sheet repeats `rows` rows, optionally declaring a false size."""
    import zipfile

    from tests.spreadsheets import POSTING_HEADERS, xlsx

    template = xlsx([POSTING_HEADERS])
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>Nguyen Van A</t></is></c></row>'
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", row * rows + b"</sheetData>")
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    if declared is not None:
        from bench.hostile_imports import lie_about_sizes

        return lie_about_sizes(data, "xl/worksheets/sheet1.xml", declared)
    return data


def test_finding_4_an_xlsx_unpacking_past_the_limit_is_refused_whatever_it_declares(
    staff, home, settings
):
    from tests.spreadsheets import run

    limited(settings, unpacked_bytes=1024 * 1024)
    for data in (bomb(40_000), bomb(40_000, declared=1024)):
        assert len(data) < 100_000  # a small upload that unpacks to over 2 MB
        result = run("postings", data, staff, commit=False)
        assert result.refused and not result.rows


def test_finding_4_an_xlsx_past_the_row_limit_is_refused(staff, home, settings):
    from tests.spreadsheets import run

    limited(settings, rows=1000)
    result = run("postings", bomb(5000), staff, commit=False)
    assert "1.000" in result.refused and not result.rows


def test_finding_4_a_second_import_while_one_runs_is_refused(staff_client, staff, home):
    from django.utils import timezone

    from registry.models import ImportBatch

    running = ImportBatch.objects.create(
        user=staff, kind="units", file_name="dang-chay.xlsx", data=b"x",
        status=ImportBatch.Status.RUNNING, started_at=timezone.now(),
    )  # fmt: skip
    response = upload(staff_client, UNIT_ROWS)
    assert response.status_code == 409
    assert response.context["refusal"]
    assert list(ImportBatch.objects.all()) == [running]
    # Once it has finished, the next one runs.
    running.status = ImportBatch.Status.IMPORTED
    running.save()
    assert upload(staff_client, UNIT_ROWS).status_code == 200
    assert ImportBatch.objects.get(file_name="don-vi.csv").status == "previewed"


def test_finding_4_confirming_while_another_import_runs_is_refused(staff_client, staff, home):
    from django.utils import timezone

    from registry.models import ImportBatch

    upload(staff_client, UNIT_ROWS)
    preview = ImportBatch.objects.get()
    ImportBatch.objects.create(
        user=staff, kind="cadres", file_name="can-bo.xlsx", data=b"x",
        status=ImportBatch.Status.RUNNING, started_at=timezone.now(),
    )  # fmt: skip
    response = staff_client.post(f"/admin/cadres/unit/import/{preview.pk}/")
    assert response.status_code == 409
    preview.refresh_from_db()
    assert preview.status == ImportBatch.Status.PREVIEWED


def test_finding_4_another_persons_import_or_an_interrupted_one_does_not_block(
    staff_client, staff, outsider, home
):
    from django.utils import timezone

    from registry.models import ImportBatch

    now = timezone.now()
    ImportBatch.objects.create(
        user=outsider, kind="units", file_name="dinh-lap.xlsx", data=b"x",
        status=ImportBatch.Status.RUNNING, started_at=now,
    )  # fmt: skip
    stuck = ImportBatch.objects.create(
        user=staff, kind="units", file_name="bi-ngat.xlsx", data=b"x",
        status=ImportBatch.Status.RUNNING, started_at=now - datetime.timedelta(minutes=20),
    )  # fmt: skip
    assert upload(staff_client, UNIT_ROWS).status_code == 200
    stuck.refresh_from_db()
    assert stuck.status == ImportBatch.Status.FAILED and bytes(stuck.data) == b""


def test_finding_4_the_database_allows_one_running_import_per_person(staff):
    from django.db import IntegrityError, transaction

    from registry.models import ImportBatch

    fields = {
        "user": staff,
        "kind": "units",
        "file_name": "a.csv",
        "data": b"",
        "status": "running",
    }
    ImportBatch.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportBatch.objects.create(**fields)
