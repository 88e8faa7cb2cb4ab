"""Whole files between the storage (local disk or S3) and a backup folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage

CHUNK = 1 << 20


def digest_of(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def copy_out(storage: Storage, name: str, dst: Path) -> tuple[str, int]:
    """Copy a stored file to `dst` (synced, with the stored modification time); its SHA-256
    and size. FileNotFoundError when it is gone."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as fin, dst.open("wb") as fout:
        while chunk := fin.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    try:
        stamp = storage.get_modified_time(name).timestamp()
        os.utime(dst, (stamp, stamp))
    except (OSError, NotImplementedError):
        pass
    return digest.hexdigest(), size


def put(storage: Storage, name: str, path: Path, sha256: str, size: int) -> None:
    """Store the file at `path` under exactly `name` (replacing what is there), once its
    SHA-256 and size still match; ValueError otherwise."""
    if digest_of(path) != (sha256, size):
        raise ValueError(f"{path}: changed while it was restored")
    if storage.exists(name):
        storage.delete(name)
    with path.open("rb") as fh:
        stored = storage.save(name, File(fh, name=name))
    if stored != name:
        storage.delete(stored)
        raise ValueError(f"{name}: the storage kept it as {stored}")


def remove_except(storage: Storage, keep: set[str], names: list[str]) -> int:
    """Delete the stored `names` not in `keep`; how many were deleted."""
    removed = 0
    for name in names:
        if name not in keep:
            storage.delete(name)
            removed += 1
    return removed
