"""Hostile spreadsheets (issue 17, finding 4): each refused fast and in little memory.

    python bench/hostile_imports.py            # builds the files in a temporary folder
    python bench/hostile_imports.py --keep DIR # … and keeps them in DIR

Each file is previewed, as the admin's upload does (`import_records`, commit=False), in a
fresh process, against a migrated scratch SQLite database, with
production settings (DEBUG off). It prints the seconds, the peak resident memory of the
whole process (Python and Django included: an idle one is measured first) and the answer.
The limit the issue sets: under 5 s and under 200 MB each.
"""

import argparse
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def posting_headers():
    from postings.imports import PostingImporter

    return [column.header for column in PostingImporter.columns]


def template_parts(headers):
    """The parts of a one-row workbook as openpyxl writes it, by name."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(headers)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def header_row(headers):
    cells = "".join(f'<c t="inlineStr"><is><t>{header}</t></is></c>' for header in headers)
    return f"<row>{cells}</row>".encode()


def write_workbook(path, headers, body_chunks):
    """A workbook whose first sheet's rows come from `body_chunks` (bytes), streamed."""
    parts = template_parts(headers)
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as sheet:
            sheet.write(head + header_row(headers))
            for chunk in body_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")


def repeated(block, total):
    """`block` repeated to about `total` bytes, in 1 MB chunks."""
    chunk = block * max(1, MB // len(block))
    for _ in range(max(1, total // len(chunk))):
        yield chunk


def lie_about_sizes(content, name, declared=1024):
    """The zip with its local and central headers saying `name` unpacks to `declared` bytes."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        offset = archive.getinfo(name).header_offset
    struct.pack_into("<I", data, offset + 22, declared)  # local header: uncompressed size
    encoded = name.encode()
    for match in re.finditer(rb"PK\x01\x02", data):
        start = match.start()
        length = struct.unpack_from("<H", data, start + 28)[0]
        if bytes(data[start + 46 : start + 46 + length]) == encoded:
            struct.pack_into("<I", data, start + 24, declared)  # central directory entry
    return bytes(data)


def build(folder):
    """The hostile files, by name: (path, what it is)."""
    headers = posting_headers()
    files = {}

    path = folder / "csv-1m-rows.csv"
    path.write_bytes((",".join(headers) + "\n").encode() + b"x\n" * 1_000_000)
    files["csv-1m-rows"] = (path, "CSV of 1,000,000 one-cell rows")

    path = folder / "csv-1m-cells.csv"
    path.write_bytes((",".join(headers) + "\n").encode() + b"x," * 1_000_000 + b"\n")
    files["csv-1m-cells"] = (path, "CSV with one row of 1,000,000 cells")

    row = (
        b'<row><c t="inlineStr"><is><t>Nguy\xe1\xbb\x85n V\xc4\x83n Th\xe1\xbb\xad</t></is></c>'
        b'<c t="inlineStr"><is><t>02/09/1980</t></is></c></row>'
    )
    path = folder / "xlsx-bomb-300mb.xlsx"
    write_workbook(path, headers, repeated(row, 299 * MB))
    files["xlsx-bomb-300mb"] = (path, "xlsx of identical rows unpacking to ~300 MB")

    path = folder / "xlsx-one-cell-300mb.xlsx"
    big_cell = b'<row><c t="inlineStr"><is><t>'
    write_workbook(
        path, headers, [big_cell, *repeated(b"A" * 4096, 299 * MB), b"</t></is></c></row>"]
    )
    files["xlsx-one-cell-300mb"] = (path, "xlsx with one cell of ~300 MB of text")

    path = folder / "xlsx-declared-small.xlsx"
    write_workbook(path, headers, repeated(row, 299 * MB))
    path.write_bytes(lie_about_sizes(path.read_bytes(), "xl/worksheets/sheet1.xml"))
    files["xlsx-declared-small"] = (path, "xlsx of ~300 MB declaring its sheet as 1 KB")

    numbered = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Nguyễn Văn {n}</t></is></c></row>'
        for n in range(2, 1_000_002)
    ).encode()
    path = folder / "xlsx-1m-rows.xlsx"
    write_workbook(path, headers, [numbered[i : i + MB] for i in range(0, len(numbered), MB)])
    files["xlsx-1m-rows"] = (path, "xlsx of 1,000,000 numbered rows")
    return files


def child_env(database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rotation_registry.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-hostile-imports-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def preview_one(path):
    """In the child: preview the file as a superuser and print what came of it, as JSON."""
    import django

    django.setup()
    from django.contrib.auth.models import User

    from postings.imports import PostingImporter
    from registry.imports import import_records

    user = User.objects.get(username="bench-hostile")
    if path == "-":
        print(json.dumps({"seconds": 0, "answer": "idle process", "rss_kb": peak_kb()}))
        return
    data = Path(path).read_bytes()
    began = time.monotonic()
    try:
        result = import_records(
            importer=PostingImporter, data=data, file_name=Path(path).name, user=user, commit=False
        )
        answer = result.refused or f"{len(result.rows)} rows read, {result.counts}"
    except Exception as error:  # what a request would have answered with a 500
        answer = f"crashed: {type(error).__name__}: {str(error)[:80]}"
    seconds = round(time.monotonic() - began, 2)
    print(json.dumps({"seconds": seconds, "answer": answer, "rss_kb": peak_kb()}))


def peak_kb():
    """This process's peak resident memory since it started (VmHWM, kB; Linux).

    Not ru_maxrss: a child forked from this big parent inherits the parent's peak in it.
    """
    return high_water_mark(os.getpid()) or 0


def measure(path, env, timeout):
    """Preview `path` in a fresh process: its wall time, peak memory and what it answered.

    The peak is the process's maximum resident set size (VmHWM, what `/usr/bin/time -v`
    reports for a process not forked from a big one), which the process reports itself
    at its end; a process still running at the timeout is measured from /proc and killed.
    """
    command = [sys.executable, __file__, "--one", str(path)]
    began = time.monotonic()
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    while child.poll() is None and time.monotonic() - began < timeout:
        peak_kb = high_water_mark(child.pid) or 0
        time.sleep(0.2)
    if child.poll() is None:
        peak_kb = high_water_mark(child.pid) or peak_kb
        child.kill()
        child.communicate()
        return {"wall": timeout, "rss_mb": round(peak_kb / 1024), "answer": "still running"}
    stdout, stderr = child.communicate()
    wall = time.monotonic() - began
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    outcome = json.loads(lines[-1]) if lines else {"answer": (stderr.strip() or "?")[-200:]}
    peak_kb = max(peak_kb, outcome.pop("rss_kb", 0))
    return {"wall": round(wall, 2), "rss_mb": round(peak_kb / 1024), **outcome}


def high_water_mark(pid):
    """The peak resident memory of a running process, in kB (Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) if found else None


def prepare_database(database, env):
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    script = (
        "import django; django.setup();"
        "from django.contrib.auth.models import User;"
        "User.objects.filter(username='bench-hostile').exists() or "
        "User.objects.create_superuser('bench-hostile', 'b@example.vn', 'bench-password-1')"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--one")
    parser.add_argument("--keep")
    parser.add_argument("--timeout", type=int, default=120)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if options.one:
        preview_one(options.one)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotation_registry.settings")
    os.environ.setdefault("SECRET_KEY", "bench-hostile-imports-not-a-secret")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(options.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        database = Path(scratch) / "hostile.sqlite3"
        env = child_env(database)
        prepare_database(database, env)
        files = build(folder)
        header = f"{'file':22} {'size':>9} {'unpacked':>9} {'import s':>8} {'wall s':>7}"
        print(f"{header} {'peak MB':>7}  answer")
        idle = measure("-", env, options.timeout)
        print(f"{'(idle Django process)':22} {'':>9} {'':>9} {'':>8} {'':>7} {idle['rss_mb']:>7}")
        for name, (path, _what) in files.items():
            size = path.stat().st_size
            unpacked = ""
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as archive:
                    declared = sum(info.file_size for info in archive.infolist())
                unpacked = f"{declared / MB:.0f} MB*"
            outcome = measure(path, env, options.timeout)
            print(
                f"{name:22} {size / 1024:>7.0f} K {unpacked:>9} {outcome.get('seconds', '?'):>8} "
                f"{outcome['wall']:>7} {outcome['rss_mb'] or '?':>7}  {outcome['answer'][:100]}",
                flush=True,
            )
        print("* as the zip declares it (the declared-small file lies).")


if __name__ == "__main__":
    main()
