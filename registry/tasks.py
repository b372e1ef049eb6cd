"""Spreadsheet imports as background jobs: the worker (`manage.py db_worker`) runs them.

The admin stores the upload on its `ImportBatch`, marks it running and enqueues
`run_import_batch`; the request answers at once with the batch page, which follows the
batch's progress. The task reads and checks the file (a preview: the same run rolled back)
or saves it, all rows in one transaction, and records the outcome on the batch. The Django
tasks API (`django_tasks`, the database backend `django_tasks_db`) is the one Django 6 has
built in, so the code moves to `django.tasks` unchanged.

While the run holds its transaction, a heartbeat thread writes the rows done and the errors
so far on the batch through its own database connection every few seconds: the page sees
them, and a batch whose heartbeat stops (its worker died) is marked interrupted
(`ImportBatchQuerySet.close_interrupted`), its file kept to run it again.
"""

import logging
import threading

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from registry.imports import import_records
from registry.models import ImportBatch

logger = logging.getLogger(__name__)

# Seconds between two writes of the progress.
HEARTBEAT_SECONDS = 2.0


def enqueue_import(batch, importer):
    """Queue the run of a batch just started (`ImportBatch.start`) for the worker."""
    path = f"{importer.__module__}.{importer.__qualname__}"
    run_import_batch.enqueue(batch.pk, path)


@task()
def run_import_batch(batch_id, importer_path):
    """Preview or save the batch's file; its outcome and progress are kept on the batch."""
    batch = ImportBatch.objects.select_related("user").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.RUNNING:
        return "skipped"  # purged, or marked interrupted before a worker took it
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())

    def on_saved(result):
        finish(batch, result)

    with Heartbeat(batch.pk) as heartbeat:
        try:
            result = import_records(
                importer=import_string(importer_path),
                data=bytes(batch.data),
                file_name=batch.file_name,
                user=batch.user,
                commit=batch.saving,
                progress=heartbeat.progress,
                on_saved=on_saved,
            )
        except BaseException:
            logger.exception("Import batch %s stopped with an error", batch.pk)
            batch.interrupt()
            raise
    if not result.saved:
        finish(batch, result)
    return batch.status


def finish(batch, result):
    """Record the run; a save is recorded inside its own transaction (never half-saved)."""
    if result.saved:
        status = ImportBatch.Status.IMPORTED
        batch.finished_at = timezone.now()
    elif result.ok and not batch.saving:
        status = ImportBatch.Status.PREVIEWED
    else:
        status = ImportBatch.Status.FAILED
    batch.record(result, status=status)
    batch.heartbeat_at = timezone.now()
    batch.save()


class Heartbeat:
    """Writes a run's progress on its batch every few seconds, from its own connection.

    Inside an outer transaction (the immediate backend of the tests, which runs the task in
    the request) nothing outside could see the batch yet, so no thread is started.
    """

    def __init__(self, batch_id):
        self.batch_id = batch_id
        self.state = (0, 0, 0)
        self.stopped = threading.Event()
        self.thread = None

    def progress(self, done, total, errors):
        self.state = (done, total, errors)

    def __enter__(self):
        if not transaction.get_connection().in_atomic_block:
            self.thread = threading.Thread(target=self.run, daemon=True, name="import-heartbeat")
            self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        if self.thread:
            self.thread.join()

    def run(self):
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def beat(self):
        done, total, errors = self.state
        try:
            ImportBatch.objects.filter(pk=self.batch_id, status=ImportBatch.Status.RUNNING).update(
                rows_done=done, rows_total=total, rows_error=errors, heartbeat_at=timezone.now()
            )
        except DatabaseError:
            # SQLite lets one writer at a time: the run's own transaction holds the file.
            logger.debug("No heartbeat for import batch %s this time", self.batch_id)
