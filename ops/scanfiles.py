"""The signed scans in a backup: every file of the `scans` storage in one tar archive.

Read and written through the storage API, so the same code backs up a local folder and an
S3-compatible bucket. The archive sits beside the database dump (`<dump>.scans.tar`);
`ops/restore.py` puts back every file the storage does not hold yet (scans are never
overwritten: each name is random and a replaced scan keeps its own file).
"""

import tarfile
from pathlib import Path


def scans_archive(dump):
    """The scans' archive that goes with a database dump."""
    dump = Path(dump)
    return dump.with_name(f"{dump.name}.scans.tar")


def stored_names(storage, folder=""):
    """Every file name in `storage` under `folder`, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never created
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from stored_names(storage, f"{folder}/{name}" if folder else name)


def backup_scans(archive):
    """Write every scan into `archive`; returns how many."""
    from django.core.files.storage import storages

    storage = storages["scans"]
    count = 0
    with tarfile.open(archive, "w") as tar:
        for name in stored_names(storage):
            with storage.open(name, "rb") as file:
                info = tarfile.TarInfo(name)
                info.size = storage.size(name)
                tar.addfile(info, file)
            count += 1
    return count


def restore_scans(archive):
    """Put back each scan of `archive` the storage lacks; returns how many were put back."""
    from django.core.files import File
    from django.core.files.storage import storages

    archive = Path(archive)
    if not archive.is_file():
        return 0
    storage = storages["scans"]
    count = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            # The storage refuses absolute names and "..", so nothing lands outside it.
            if not member.isfile() or storage.exists(member.name):
                continue
            saved = storage.save(member.name, File(tar.extractfile(member), name=member.name))
            if saved != member.name:
                raise RuntimeError(f"scan restored under another name: {member.name} → {saved}")
            count += 1
    return count
