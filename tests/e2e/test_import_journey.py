"""Staff upload a spreadsheet; the worker checks it while the page's progress bar follows it."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cadres.models import Unit
from registry.models import ImportBatch
from tests.e2e.conftest import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = 30


def test_staff_upload_see_the_progress_then_the_rows_and_save_them(
    page, live_server, staff, home_district, settings, tmp_path
):
    # Queued in the database, as in production: nothing runs until the worker below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lines = ["Tên đơn vị,Loại,Trực thuộc"]
    lines += [f"Xã Thử {n},Xã,Huyện Lộc Bình" for n in range(ROWS)]
    file = tmp_path / "don-vi.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log_in(page, live_server, "staff")

    page.goto(f"{live_server.url}/admin/cadres/unit/import/")
    page.set_input_files("#id_file", str(file))
    page.click(".import-page form [type=submit]")

    bar = page.get_by_role("progressbar")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("aria-valuenow", "0")
    assert axe_violations(page) == []
    batch = ImportBatch.objects.get()
    assert page.url.endswith(f"/admin/cadres/unit/import/{batch.pk}/")

    call_command("db_worker", batch=True, interval=0.01, stdout=io.StringIO())

    # The page's script sees the run end and shows its rows, without a click.
    expect(page.locator("tr[data-row]")).to_have_count(ROWS, timeout=15_000)
    expect(bar).to_have_count(0)
    assert page.locator('[data-count="new"]').inner_text().endswith(str(ROWS))

    page.click(".import-page form [type=submit]")  # confirm: queued again
    expect(page.get_by_role("progressbar")).to_be_visible()
    call_command("db_worker", batch=True, interval=0.01, stdout=io.StringIO())
    expect(page.locator("[data-imported]")).to_be_visible(timeout=15_000)
    assert Unit.objects.filter(name__startswith="Xã Thử ", parent=home_district).count() == ROWS
