"""Findings 4 and 10: imports as a denial of service, and uploads kept forever (issue 17)."""

import datetime
import io

import pytest

pytestmark = pytest.mark.django_db


# Finding 10: uploads kept forever.


def upload(client, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.spreadsheets import csv_bytes

    file = SimpleUploadedFile("don-vi.csv", csv_bytes(rows), content_type="text/csv")
    # The upload answers with the batch's page (303); the tests' worker runs at once.
    return client.post("/admin/cadres/unit/import/", {"file": file}, follow=True)


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
    # Interrupted, its file kept to run it again until the retention purges it (finding 10).
    assert stuck.status == ImportBatch.Status.FAILED and stuck.interrupted
    assert ImportBatch.objects.retryable().filter(pk=stuck.pk).exists()


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
