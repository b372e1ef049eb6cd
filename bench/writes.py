"""Writers that must not wait on each other: saves in one district during another's import.

    BENCH_DATABASE_URL=postgres://…/rr_bench python bench/writes.py   # both, on the bench DB
    WRITES=writers_8 python bench/writes.py                           # one of them

- `write_during_import`: one process imports a 1,000-row rotation spreadsheet into a new
  district (one transaction, as the import page runs it; rolled back at the end so the bench
  database keeps its data); another saves one rotation of an existing district at a time,
  each in its own transaction, until the import ends. Reports the saves' p50, p95 and max.
- `writers_8`: eight processes, each in its own district, each committing transactions of
  five rotation saves. Reports the transactions' p50, p95 and max.

Every save goes through `posting_save` (the single write path); a save edits the note of an
existing rotation, so the figures of the bench database do not change. Processes are
started with `spawn`, each with its own database connection. `bench/run.py` calls `measure`.
"""

import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORT_ROWS = int(os.environ.get("IMPORT_ROWS", "1000"))
WRITERS = int(os.environ.get("WRITERS", "8"))
TRANSACTIONS = int(os.environ.get("WRITER_TRANSACTIONS", "8"))
SAVES_PER_TRANSACTION = 5


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def district_postings(index, count):
    """Keys of `count` rotations into the `index`-th district (by key) that has enough."""
    from cadres.models import Unit
    from postings.models import Posting

    seen = 0
    for district in Unit.objects.filter(kind="district").order_by("pk").iterator():
        keys = list(
            Posting.objects.filter(to_unit__path__startswith=district.path)
            .order_by("pk")
            .values_list("pk", flat=True)[:count]
        )
        if len(keys) == count:
            if seen == index:
                return keys
            seen += 1
    raise SystemExit(f"no {index + 1} districts with {count} rotations each: seed more")


def save_note(pk, text):
    from postings.models import Posting
    from postings.services import posting_save

    posting = Posting.objects.select_related("from_unit", "to_unit", "cadre").get(pk=pk)
    posting.note = text
    posting_save(posting=posting, require_reason=False)


def run_import(started, finished, report):
    """The 1,000-row import, in one transaction, rolled back at the end."""
    setup()
    from django.db import transaction

    from bench.import_5000 import build_file, make_place
    from postings.imports import PostingImporter
    from registry.imports import import_records

    with transaction.atomic():
        user, communes = make_place()
        data = build_file(communes, IMPORT_ROWS)
        began = time.monotonic()
        started.set()
        result = import_records(
            importer=PostingImporter, data=data, file_name="bench.xlsx", user=user, commit=True
        )
        report["import_seconds"] = round(time.monotonic() - began, 1)
        report["import_saved"] = result.saved
        report["import_counts"] = dict(result.counts)
        transaction.set_rollback(True)
    finished.set()


def run_single_saves(started, finished, keys, report):
    """One save at a time in another district until the import ends."""
    setup()
    from django.db import connection, transaction

    connection.ensure_connection()
    save_note(keys[0], "bench warm-up")
    started.wait()
    samples = []
    n = 0
    while not finished.is_set():
        began = time.perf_counter()
        with transaction.atomic():
            save_note(keys[n % len(keys)], f"bench save {n}")
        samples.append(time.perf_counter() - began)
        n += 1
    report["samples"] = samples


def run_writer(index, ready, go, report):
    """One writer: TRANSACTIONS transactions of five saves each, in its own district."""
    setup()
    from django.db import transaction

    keys = district_postings(index, SAVES_PER_TRANSACTION)
    save_note(keys[0], "bench warm-up")
    ready.release()
    go.wait()
    samples = []
    for t in range(TRANSACTIONS):
        began = time.perf_counter()
        with transaction.atomic():
            for pk in keys:
                save_note(pk, f"bench writer {index} transaction {t}")
        samples.append(time.perf_counter() - began)
    report[index] = samples


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "samples": len(ordered),
    }


def write_during_import(context):
    from django.db import connection

    keys = district_postings(0, 20)
    connection.close()
    with context.Manager() as manager:
        started, finished = context.Event(), context.Event()
        report = manager.dict()
        saver = context.Process(target=run_single_saves, args=(started, finished, keys, report))
        importer = context.Process(target=run_import, args=(started, finished, report))
        saver.start()
        importer.start()
        importer.join()
        finished.set()
        saver.join()
        report = dict(report)
    result = percentiles(report.pop("samples"))
    result.update(report)
    return result


def writers_8(context):
    from django.db import connection

    connection.close()
    with context.Manager() as manager:
        ready, go = context.Semaphore(0), context.Event()
        report = manager.dict()
        writers = [
            context.Process(target=run_writer, args=(i, ready, go, report)) for i in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        for _ in writers:
            ready.acquire()
        began = time.monotonic()
        go.set()
        for writer in writers:
            writer.join()
        wall = time.monotonic() - began
        samples = [s for index in range(WRITERS) for s in report[index]]
    result = percentiles(samples)
    result["transactions_per_s"] = round(len(samples) / wall, 1)
    return result


MEASURES = {"write_during_import": write_during_import, "writers_8": writers_8}


def measure(names):
    """Run the named measurements; {name: figures}."""
    context = multiprocessing.get_context("spawn")
    results = {}
    for name in names:
        print(f"  {name}", flush=True)
        results[name] = MEASURES[name](context)
        print(f"  measured {name}: {results[name]}", flush=True)
    return results


if __name__ == "__main__":
    setup()
    only = [name for name in os.environ.get("WRITES", "").split(",") if name]
    measure(only or list(MEASURES))
