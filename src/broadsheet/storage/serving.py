"""Reading stored files for readers and backups, whatever the storage.

On local disk a stored file is opened as a file. On S3 a public file is streamed from a ranged
reader (so `Range` requests fetch only their bytes), and a restricted one is answered, after
the access check, with a redirect to a signed URL that expires after
BROADSHEET_S3_SIGNED_URL_SECONDS; no restricted file ever has a lasting public URL.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage


def s3_storage(storage: Storage | None = None) -> Any:
    """The storage when it is the S3 backend, else None (boto3 is never imported for local
    disk: an S3 storage exists only once its module was imported)."""
    storage = default_storage if storage is None else storage
    storage.exists  # noqa: B018 - makes the lazy default_storage set itself up
    module = sys.modules.get("broadsheet.storage.s3")
    if module is None:
        return None
    wrapped = getattr(storage, "_wrapped", storage)
    return wrapped if isinstance(wrapped, module.BroadsheetS3Storage) else None


def open_stored(name: str) -> IO[bytes]:
    """A seekable binary reader of a stored file; FileNotFoundError when there is none."""
    remote = s3_storage()
    if remote is not None:
        return remote.open_ranged(name)  # type: ignore[no-any-return]
    return default_storage.open(name, "rb")


def signed_url(name: str, filename: str, content_type: str, attachment: bool) -> str | None:
    """A short-lived signed URL of a stored file on S3 (FileNotFoundError when it is missing),
    or None on local disk."""
    remote = s3_storage()
    if remote is None:
        return None
    if not remote.exists(name):
        raise FileNotFoundError(name)
    seconds = int(getattr(settings, "BROADSHEET_S3_SIGNED_URL_SECONDS", 300))
    url: str = remote.signed_url(
        name,
        filename=filename,
        content_type=content_type,
        attachment=attachment,
        seconds=seconds,
    )
    return url


def all_names(storage: Storage | None = None) -> list[str]:
    """Every stored name, sorted (a backup's list of files)."""
    storage = default_storage if storage is None else storage
    remote = s3_storage(storage)
    if remote is not None:
        return remote.all_names()  # type: ignore[no-any-return]
    wrapped = getattr(storage, "_wrapped", storage)
    if isinstance(wrapped, FileSystemStorage):
        root = str(wrapped.location)
        found: list[str] = []
        for folder, _dirs, files in os.walk(root):
            rel = os.path.relpath(folder, root)
            found.extend(f if rel == "." else f"{rel}/{f}".replace(os.sep, "/") for f in files)
        return sorted(found)
    return sorted(_listdir_all(storage, ""))


def _listdir_all(storage: Storage, folder: str) -> list[str]:
    dirs, files = storage.listdir(folder)
    found = [f"{folder}/{f}" if folder else f for f in files]
    for d in dirs:
        found.extend(_listdir_all(storage, f"{folder}/{d}" if folder else d))
    return found
