"""Time a 5,000-row rotation import (preview, then save), rolled back at the end.

Run it with DEBUG off, as production does: DEBUG logs every query and costs ~40% here.

SECRET_KEY=bench python bench/import_5000.py                      # SQLite
SECRET_KEY=bench DATABASE_URL=postgres://... python bench/import_5000.py
"""

import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotation_registry.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cadres.models import Position, Unit  # noqa: E402
from postings.imports import PostingImporter  # noqa: E402
from registry.imports import import_records  # noqa: E402

ROWS = int(os.environ.get("ROWS", 5000))


def build_file(communes, rows=ROWS):
    workbook = Workbook()
    sheet = workbook.active
    headers = None
    for n in range(rows):
        row = dict(
            {
                "Họ và tên": f"Nguyễn Văn Thử {n}",
                "Ngày sinh": datetime.date(1970 + n % 20, 1 + n % 12, 1 + n % 28),
                "Giới tính": "Nam" if n % 3 else "Nữ",
                "Dân tộc": ["Tày", "Nùng", "Kinh", "Dao"][n % 4],
                "Số quyết định": f"{n}-QĐ/HU",
                "Đơn vị đi": "Ban Tổ chức Huyện uỷ Thử",
                "Chức vụ trước": "Chuyên viên Thử",
                "Đơn vị đến": communes[n % len(communes)].name,
                "Chức vụ luân chuyển": "Phó Chủ tịch UBND xã Thử",
                "Ngày bắt đầu": f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2004 + n % 20}",
                "Kết quả": "Trở về đơn vị cũ" if n % 2 else "",
                "Ngày kết thúc thực tế": f"01/01/{2008 + n % 20}" if n % 2 else "",
                "Tham gia cấp uỷ": "Có" if n % 5 == 0 else "Không",
                "Trong quy hoạch": "Có",
                # The made-up cadres are in no plan: a rule warning, saved with its reason.
                "Lý do ngoại lệ": "Ban Thường vụ Tỉnh ủy đồng ý (thử tải)",
            }
        )
        if headers is None:
            headers = list(row)
            sheet.append(headers)
        sheet.append([row[header] for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_place():
    """A district with its Organisation Board and 40 communes, and the two titles the file uses."""
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-import", "bench@example.vn", "bench-password-1"
    )
    province = Unit.objects.create(name="Tỉnh Thử", kind="province")
    district = Unit.objects.create(name="Huyện Thử", kind="district", parent=province)
    Unit.objects.create(name="Ban Tổ chức Huyện uỷ Thử", kind="party", parent=district)
    communes = [
        Unit.objects.create(name=f"Xã Thử Nghiệm {n}", kind="commune", parent=district)
        for n in range(40)
    ]
    Position.objects.create(name="Chuyên viên Thử", level="district", category="party")
    Position.objects.create(name="Phó Chủ tịch UBND xã Thử", level="commune", category="government")
    return user, communes


def measure(rows=ROWS):
    """`import_5000` of bench/out/latest.json: seconds the worker takes to save the rows, and
    the median time of the web request that uploads the file and queues that work, rolled
    back after."""
    with transaction.atomic():
        user, communes = make_place()
        data = build_file(communes, rows)
        upload = upload_ms(user, data)
        began = time.monotonic()
        result = import_records(
            importer=PostingImporter, data=data, file_name="bench.xlsx", user=user, commit=True
        )
        seconds = time.monotonic() - began
        transaction.set_rollback(True)
    assert result.saved, result.error_lines()[:5]
    return {"seconds": round(seconds, 1), "rows": rows, "upload_ms": upload}


def upload_ms(user, data, runs=3):
    """The upload's request: it stores the file on a batch, queues the worker's job in the
    database (`django-tasks-db`, as in production) and answers with the batch's page."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django_tasks import task_backends

    from registry.models import ImportBatch

    backend = task_backends["default"]
    assert type(backend).__name__ == "DatabaseBackend", backend
    client = Client()
    client.force_login(user)
    samples = []
    for _ in range(runs):
        upload = SimpleUploadedFile("bench.xlsx", data)
        began = time.perf_counter()
        response = client.post("/admin/postings/posting/import/", {"file": upload})
        samples.append(time.perf_counter() - began)
        assert response.status_code == 303, response.status_code
        ImportBatch.objects.filter(user=user).delete()  # the next upload is not "busy"
    return round(statistics.median(samples) * 1000, 1)


def main():
    with transaction.atomic():
        user, communes = make_place()
        data = build_file(communes)
        print(f"{ROWS} rows, {len(data) / 1024:.0f} KB .xlsx")
        for commit in (False, True):
            began = time.monotonic()
            result = import_records(
                importer=PostingImporter,
                data=data,
                file_name="bench.xlsx",
                user=user,
                commit=commit,
                progress=lambda done, total, _errors: print(
                    f"  {done}/{total}", end="\r", flush=True
                ),
            )
            print(
                f"{'import' if commit else 'preview'}: {time.monotonic() - began:.1f} s, "
                f"{result.counts}, saved={result.saved}"
            )
            if result.counts["error"]:
                print("\n".join(result.error_lines()[:5]))
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
