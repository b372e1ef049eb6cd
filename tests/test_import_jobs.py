"""Imports as background jobs (issue 16, item 4): the request queues, a worker runs.

Most tests run the jobs at once (the immediate backend, tests/conftest.py); these queue them
in the database as production does and run `manage.py db_worker --batch`, which works until
the queue is empty, on SQLite and PostgreSQL alike.
"""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from cadres.models import Unit
from registry.models import ImportBatch
from registry.tasks import Heartbeat
from tests.conftest import logged_in

URL = "/admin/cadres/unit/import/"
HEADERS = "Tên đơn vị,Loại,Trực thuộc\n"
ROWS = "Xã Tú Mịch,Xã,Huyện Lộc Bình\nXã Mẫu Sơn,Xã,Huyện Lộc Bình\nXã Sai,Không có,\n"
GOOD_ROWS = "Xã Tú Mịch,Xã,Huyện Lộc Bình\nXã Mẫu Sơn,Xã,Huyện Lộc Bình\n"


def upload(client, text, name="don-vi.csv"):
    file = SimpleUploadedFile(name, (HEADERS + text).encode("utf-8-sig"), content_type="text/csv")
    return client.post(URL, {"file": file})


@pytest.fixture
def queued(settings):
    """The database backend, as production: nothing runs until a worker takes the job."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", batch=True, interval=0.01, stdout=io.StringIO())


def progress(client, batch):
    return json.loads(client.get(f"{URL}{batch.pk}/progress.json").content)


@pytest.mark.django_db(transaction=True)
def test_the_upload_answers_at_once_and_the_worker_checks_then_saves(
    queued, client, staff, home_district
):
    client = logged_in(client, staff)

    response = upload(client, GOOD_ROWS)

    batch = ImportBatch.objects.get()
    assert response.status_code == 303 and response["Location"] == f"{URL}{batch.pk}/"
    assert batch.status == "running" and not batch.saving
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="0"' in page
    assert progress(client, batch) == {
        "status": "running",
        "running": True,
        "done": 0,
        "total": 0,
        "errors": 0,
    }

    run_worker()

    batch.refresh_from_db()
    assert (batch.status, batch.rows_new, batch.rows_done, batch.rows_total) == (
        "previewed",
        2,
        2,
        2,
    )
    assert progress(client, batch)["running"] is False
    assert not Unit.objects.filter(name="Xã Tú Mịch").exists()  # a preview saves nothing
    page = client.get(f"{URL}{batch.pk}/").content.decode()
    assert 'data-row="2"' in page and 'data-row="3"' in page and "progressbar" not in page

    assert client.post(f"{URL}{batch.pk}/").status_code == 303
    batch.refresh_from_db()
    assert batch.status == "running" and batch.saving
    run_worker()

    batch.refresh_from_db()
    assert batch.status == "imported" and bytes(batch.data) == b""
    assert Unit.objects.filter(parent=home_district, name__in=["Xã Tú Mịch", "Xã Mẫu Sơn"]).count()
    page = client.get(f"{URL}{batch.pk}/").content.decode()
    assert f'data-imported="{batch.pk}"' in page


@pytest.mark.django_db(transaction=True)
def test_errors_found_by_the_worker_are_counted_on_the_batch(queued, client, staff, home_district):
    client = logged_in(client, staff)
    upload(client, ROWS)

    run_worker()

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_done, batch.rows_error) == ("failed", 3, 1)
    assert progress(client, batch)["errors"] == 1
    assert [row["status"] for row in batch.report] == ["new", "new", "error"]


def test_progress_is_the_owners_only(client, staff, outsider, home_district, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = ImportBatch(user=staff, kind="units", file_name="a.csv", data=b"x")
    batch.start()

    logged_in(client, outsider)

    assert client.get(f"{URL}{batch.pk}/progress.json").status_code == 404
    assert client.get(f"{URL}{batch.pk}/").status_code == 404
    logged_in(client, staff)
    assert client.get(f"{URL}{batch.pk}/progress.json").status_code == 200


def test_a_batch_whose_worker_died_is_marked_interrupted_and_runs_again(
    client, staff, home_district, settings
):
    settings.IMPORT_STALE_MINUTES = 10
    data = (HEADERS + GOOD_ROWS).encode()
    batch = ImportBatch(user=staff, kind="units", file_name="don-vi.csv", data=data)
    batch.start(saving=True)
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=long_ago, rows_done=1)
    logged_in(client, staff)

    page = client.get(f"{URL}{batch.pk}/").content.decode()

    batch.refresh_from_db()
    assert batch.status == "failed" and batch.interrupted and bytes(batch.data) == data
    assert 'name="retry"' in page and "progressbar" not in page
    client.post(f"{URL}{batch.pk}/")  # run again: the immediate backend runs it here
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.saving and not batch.interrupted
    assert Unit.objects.filter(name__in=["Xã Tú Mịch", "Xã Mẫu Sơn"]).count() == 2


def test_a_recent_heartbeat_keeps_a_long_run_running(staff, settings):
    settings.IMPORT_STALE_MINUTES = 10
    batch = ImportBatch(user=staff, kind="units", file_name="a.csv", data=b"x")
    batch.start()
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportBatch.objects.filter(pk=batch.pk).update(
        started_at=an_hour_ago, heartbeat_at=timezone.now() - datetime.timedelta(minutes=9)
    )

    assert ImportBatch.objects.close_interrupted() == 0
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=an_hour_ago)
    assert ImportBatch.objects.close_interrupted() == 1


def test_a_run_that_fails_midway_saves_nothing_and_can_run_again(
    client, staff, home_district, monkeypatch
):
    from cadres.imports import UnitImporter

    calls = []
    process = UnitImporter.process

    def dies_on_the_second_row(self, row):
        calls.append(row.number)
        if len(calls) == 2:
            raise SystemExit("the worker was stopped")
        return process(self, row)

    monkeypatch.setattr(UnitImporter, "process", dies_on_the_second_row)
    data = (HEADERS + GOOD_ROWS).encode()
    batch = ImportBatch(user=staff, kind="units", file_name="don-vi.csv", data=data)
    batch.start(saving=True)
    logged_in(client, staff)

    assert client.post(f"{URL}{batch.pk}/").status_code == 404  # running: not startable
    from registry.tasks import run_import_batch

    with pytest.raises(SystemExit):
        run_import_batch.call(batch.pk, "cadres.imports.UnitImporter")

    batch.refresh_from_db()
    assert batch.status == "failed" and batch.interrupted
    assert not Unit.objects.filter(name="Xã Tú Mịch").exists()  # the first row rolled back
    monkeypatch.setattr(UnitImporter, "process", process)
    client.post(f"{URL}{batch.pk}/")
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert Unit.objects.filter(name__in=["Xã Tú Mịch", "Xã Mẫu Sơn"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_writes_the_progress_from_its_own_connection(staff):
    batch = ImportBatch(user=staff, kind="units", file_name="a.csv", data=b"x")
    batch.start()
    heartbeat = Heartbeat(batch.pk)
    heartbeat.progress(40, 100, 3)

    heartbeat.beat()

    batch.refresh_from_db()
    assert (batch.rows_done, batch.rows_total, batch.rows_error) == (40, 100, 3)
    assert batch.heartbeat_at is not None
