"""Signed scans (registry/scans.py): PDFs only, by content; a size limit; served only through
the record's scope; a replaced scan kept, with its version still readable.

Every model with a scan is one more entry of SCANNED: a factory that makes a record in the
home district, and the name of its scan field.
"""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from postings.models import Decision, Evaluation, RotationPlan
from registry.scans import ScanField, validate_pdf
from tests.factories import make_posting, make_term, make_unit


def real_pdf(text="Quyết định"):
    """A small but complete PDF: header, one page, cross-reference table and trailer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    body, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    body += f"% {text}\n".encode()
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(content, name="quyet-dinh.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_evaluation(district):
    posting = make_posting(
        from_unit=make_unit("Ban Tổ chức Huyện uỷ", kind="party", parent=district),
        to_unit=make_unit(parent=district),
    )
    return Evaluation.objects.create(
        posting=posting, kind=Evaluation.Kind.SELF_REVIEW, date=datetime.date(2013, 3, 1)
    )


def make_decision(district):
    return Decision.objects.create(unit=district, number="12-QĐ/HU", date=datetime.date(2011, 3, 1))


def make_rotation_plan(district):
    return RotationPlan.objects.create(unit=district, term=make_term(), name="Kế hoạch 2010–2015")


# (factory making a record in a district, its scan field): one entry per model with a scan.
SCANNED = [
    pytest.param(make_evaluation, "scan", id="evaluation"),
    pytest.param(make_decision, "scan", id="decision"),
    pytest.param(make_rotation_plan, "scan", id="rotation plan"),
]


def attach(record, field, content):
    """Upload `content` as the record's scan the way a form does: validated, then saved."""
    setattr(record, field, upload(content))
    record.full_clean()
    record.save()
    record.refresh_from_db()
    return getattr(record, field).name


def scan_url(record, field):
    opts = record._meta
    return reverse("scan", args=[f"{opts.app_label}.{opts.model_name}", record.pk, field])


def test_scan_accepts_a_real_pdf():
    validate_pdf(upload(real_pdf()))


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<!DOCTYPE html><html><body>%PDF-1.4</body></html>\n%%EOF", id="html"),
        pytest.param(zip_bytes(), id="zip"),
        pytest.param(real_pdf()[: len(real_pdf()) // 2], id="truncated-pdf"),
        pytest.param(b"", id="empty"),
    ],
)
def test_scan_refuses_what_is_not_a_pdf_by_its_content(content):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content, name="scan.pdf"))
    assert refused.value.code == "scan_not_pdf"


def test_scan_refuses_a_file_over_the_size_limit(settings):
    content = real_pdf()
    settings.SCAN_MAX_BYTES = len(content) - 1
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content))
    assert refused.value.code == "scan_too_large"
    settings.SCAN_MAX_BYTES = len(content)
    validate_pdf(upload(content))


def test_scan_field_declares_nothing_a_migration_must_repeat():
    _name, path, args, kwargs = ScanField("signed scan").deconstruct()
    assert path == "registry.scans.ScanField"
    assert kwargs == {"verbose_name": "signed scan"}


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_is_stored_under_a_random_name_in_the_private_storage(home_district, factory, field):
    record = factory(home_district)
    name = attach(record, field, real_pdf())
    opts = record._meta
    assert name.startswith(f"{opts.app_label}/{opts.model_name}/")
    assert name.endswith(".pdf") and "quyet-dinh" not in name
    with storages["scans"].open(name, "rb") as stored:
        assert stored.read() == real_pdf()


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_refuses_an_html_page_renamed_pdf_on_the_record(home_district, factory, field):
    record = factory(home_district)
    setattr(record, field, upload(b"<html><body>not a scan</body></html>"))
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert field in refused.value.message_dict


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_owner_reads_the_pdf_inline(leader_client, home_district, factory, field):
    record = factory(home_district)
    attach(record, field, real_pdf())
    url = getattr(record, field).url
    assert url == scan_url(record, field)
    response = leader_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert b"".join(response.streaming_content) == real_pdf()


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_is_404_to_another_districts_staff(outsider_client, home_district, factory, field):
    record = factory(home_district)
    attach(record, field, real_pdf())
    assert outsider_client.get(scan_url(record, field)).status_code == 404
    assert outsider_client.get(f"{scan_url(record, field)}?history_id=1").status_code == 404


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_needs_a_login(client, home_district, factory, field):
    record = factory(home_district)
    attach(record, field, real_pdf())
    response = client.get(scan_url(record, field))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_scan_view_is_404_for_a_field_that_is_not_a_scan(leader_client, home_district):
    record = make_evaluation(home_district)
    url = reverse("scan", args=["postings.evaluation", record.pk, "text"])
    assert leader_client.get(url).status_code == 404
    url = reverse("scan", args=["auth.user", 1, "password"])
    assert leader_client.get(url).status_code == 404


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_replaced_keeps_the_old_file_and_its_version(
    leader_client, home_district, factory, field
):
    record = factory(home_district)
    old = attach(record, field, real_pdf("bản cũ"))
    new = attach(record, field, real_pdf("bản mới"))
    assert new != old
    assert storages["scans"].exists(old) and storages["scans"].exists(new)
    versions = {getattr(version, field): version for version in record.history.all()}
    assert set(versions) >= {old, new}
    # The version page builds the old record from its history row: its link opens the old file.
    old_version = versions[old].instance
    response = leader_client.get(getattr(old_version, field).url)
    assert b"".join(response.streaming_content) == real_pdf("bản cũ")
    response = leader_client.get(scan_url(record, field))
    assert b"".join(response.streaming_content) == real_pdf("bản mới")


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_cleared_on_the_record_stays_in_storage(home_district, factory, field):
    record = factory(home_district)
    name = attach(record, field, real_pdf())
    getattr(record, field).delete()
    record.refresh_from_db()
    assert not getattr(record, field)
    assert storages["scans"].exists(name)


def evaluation_form(record, content, name="quyet-dinh.pdf"):
    return {
        "posting": record.posting_id,
        "kind": record.kind,
        "date": record.date.strftime("%d/%m/%Y"),
        "rating": "",
        "text": "",
        "scan": upload(content, name),
    }


def test_admin_uploads_a_scan_and_links_it_through_the_scoped_view(staff_client, home_district):
    record = make_evaluation(home_district)
    change = reverse("admin:postings_evaluation_change", args=[record.pk])
    page = staff_client.get(change).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="scan"' in page
    response = staff_client.post(change, evaluation_form(record, real_pdf()))
    assert response.status_code == 302, response.context["adminform"].form.errors
    record.refresh_from_db()
    assert record.scan.name.endswith(".pdf")
    page = staff_client.get(change).content.decode()
    assert f'href="{scan_url(record, "scan")}"' in page
    # No address of the file itself, only the scoped view's.
    assert f'href="{record.scan.name}' not in page and f'/{record.scan.name}"' not in page


def test_admin_refuses_a_zip_renamed_pdf_and_saves_nothing(staff_client, home_district):
    record = make_evaluation(home_district)
    change = reverse("admin:postings_evaluation_change", args=[record.pk])
    response = staff_client.post(change, evaluation_form(record, zip_bytes()))
    assert response.status_code == 200
    assert "scan" in response.context["adminform"].form.errors
    record.refresh_from_db()
    assert not record.scan


def test_admin_version_page_links_the_scan_of_that_version(staff_client, home_district):
    record = make_evaluation(home_district)
    old = attach(record, "scan", real_pdf("bản cũ"))
    attach(record, "scan", real_pdf("bản mới"))
    version = record.history.get(scan=old)
    page = staff_client.get(
        reverse("admin:postings_evaluation_simple_history", args=[record.pk, version.history_id])
    ).content.decode()
    link = f"{scan_url(record, 'scan')}?history_id={version.history_id}"
    assert f'href="{link}"' in page
    response = staff_client.get(link)
    assert b"".join(response.streaming_content) == real_pdf("bản cũ")


def test_cadre_page_links_a_reviews_scan_through_the_scoped_view(leader_client, home_district):
    record = make_evaluation(home_district)
    attach(record, "scan", real_pdf())
    page = leader_client.get(reverse("records:cadre", args=[record.posting.cadre_id]))
    assert f'<a href="{scan_url(record, "scan")}" data-scan>' in page.content.decode()


@pytest.mark.parametrize(("factory", "field"), SCANNED)
def test_scan_stored_is_not_read_again_when_the_record_is_changed(
    home_district, factory, field, monkeypatch
):
    record = factory(home_district)
    name = attach(record, field, real_pdf())
    monkeypatch.setattr(
        type(storages["scans"]), "open", lambda *a, **k: pytest.fail("scan read again")
    )
    record.full_clean()
    record.save()
    record.refresh_from_db()
    assert getattr(record, field).name == name
