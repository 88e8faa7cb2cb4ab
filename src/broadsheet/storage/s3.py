"""The S3 storage backend (django-storages) with Broadsheet's defaults, and what the reader
needs beyond Django's storage API: ranged reads for streaming, signed URLs, listing."""

from __future__ import annotations

import io
import threading
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


def _missing(exc: ClientError) -> bool:
    error = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or error.get("Code") in {"404", "NoSuchKey", "NotFound"}


_SESSIONS: dict[tuple[Any, ...], Any] = {}
_LOCK = threading.Lock()


class BroadsheetS3Storage(S3Storage):
    """Objects are private (no ACL: the bucket's own policy, which should block public access),
    never overwritten by a save (a second file of the same name gets another name, as on
    local disk), and reached by path-style URLs on an S3-compatible server."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("default_acl", None)
        options.setdefault("file_overwrite", False)
        options.setdefault("querystring_auth", True)
        options.setdefault("signature_version", "s3v4")
        if options.get("endpoint_url"):
            options.setdefault("addressing_style", "path")
        super().__init__(**options)
        # Checksums only where S3 requires them: botocore's default CRC32 of every upload runs
        # in Python (no awscrt), and older S3-compatible servers refuse its headers.
        base: Any = getattr(self, "client_config")  # noqa: B009 - set by S3Storage, untyped
        self.client_config = base.merge(
            Config(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )
        )

    def _create_session(self) -> Any:
        # One boto3 session per process and credentials: making one loads the service
        # descriptions again (~0.3 s), and Django makes a storage per settings change.
        ident = (self.session_profile, self.access_key, self.secret_key, self.security_token)
        if ident not in _SESSIONS:
            _SESSIONS[ident] = super()._create_session()
        return _SESSIONS[ident]

    @property
    def connection(self) -> Any:
        # A boto3 session is not thread-safe; each thread still gets its own resource.
        with _LOCK:
            return super().connection

    def key(self, name: str) -> str:
        return str(self._normalize_name(clean_name(name)))

    @property
    def client(self) -> Any:
        return self.connection.meta.client

    def open_ranged(self, name: str) -> RangedObject:
        """A seekable reader of one object that fetches only from where it is read: a byte
        range of a 100 MB issue PDF costs that range, not the whole object."""
        return RangedObject(self.client, self.bucket_name, self.key(name), name)

    def signed_url(
        self, name: str, *, filename: str, content_type: str, attachment: bool, seconds: int
    ) -> str:
        disposition = "attachment" if attachment else "inline"
        params = {
            "Bucket": self.bucket_name,
            "Key": self.key(name),
            "ResponseContentType": content_type,
            "ResponseContentDisposition": f'{disposition}; filename="{filename}"',
            "ResponseCacheControl": "private, no-store",
        }
        return str(
            self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=seconds)
        )

    def all_names(self) -> list[str]:
        """Every stored name under this storage's prefix, sorted."""
        base = self.key("")
        base = base if not base or base.endswith("/") else base + "/"
        names: list[str] = []
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket_name, Prefix=base):
            names.extend(item["Key"][len(base) :] for item in page.get("Contents", []))
        return sorted(n for n in names if n)


FIRST_WINDOW = 256 * 1024
LAST_WINDOW = 8 * 1024 * 1024


class RangedObject(io.RawIOBase):
    """One S3 object as a read-only, seekable file, read by GETs of byte ranges from where it
    is read. The first range (256 KiB) is asked for at once and its answer gives the object's
    size, so a page image or thumbnail costs one request (no HEAD first); a reader's `Range`
    request elsewhere costs about its own bytes; each following range doubles, up to 8 MiB, so
    a whole file streams in few requests. A seek elsewhere starts over."""

    def __init__(self, client: Any, bucket: str, key: str, name: str) -> None:
        super().__init__()
        self.name = name
        self._client, self._bucket, self._key = client, bucket, key
        self._pos = 0
        self._body: Any = None
        self._body_pos = self._body_end = 0
        self._window = FIRST_WINDOW
        try:
            got = client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{FIRST_WINDOW - 1}")
        except ClientError as exc:
            if _missing(exc):
                raise FileNotFoundError(f"no stored file {name}") from None
            if exc.response.get("Error", {}).get("Code") != "InvalidRange":
                raise
            self.size = 0  # an empty object has no byte 0
            return
        content_range = str(got.get("ContentRange") or "")
        length = int(got["ContentLength"])
        # "bytes 0-262143/1234567"; a server that ignores Range sends the whole object.
        self.size = int(content_range.rsplit("/", 1)[1]) if "/" in content_range else length
        self._body, self._body_end = got["Body"], length

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def _drop(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def _fetch(self, wanted: int) -> None:
        if self._body is not None and self._body_pos == self._pos:  # went on to the next one
            self._window = min(self._window * 2, LAST_WINDOW)
        else:
            self._window = FIRST_WINDOW
        self._drop()
        end = min(self.size, self._pos + max(wanted, self._window)) - 1
        try:
            got = self._client.get_object(
                Bucket=self._bucket, Key=self._key, Range=f"bytes={self._pos}-{end}"
            )
        except ClientError as exc:
            if _missing(exc):
                raise FileNotFoundError(f"no stored file {self.name}") from None
            raise
        self._body, self._body_pos, self._body_end = got["Body"], self._pos, end + 1

    def readinto(self, buffer: Any) -> int:
        if self._pos >= self.size or len(buffer) == 0:
            return 0
        if self._body is None or self._body_pos != self._pos or self._pos >= self._body_end:
            self._fetch(len(buffer))
        data = self._body.read(min(len(buffer), self._body_end - self._pos))
        if not data:  # the object ended early (replaced meanwhile): no busy loop
            self._drop()
            return 0
        n = len(data)
        buffer[:n] = data
        self._pos += n
        self._body_pos += n
        return n

    def close(self) -> None:
        self._drop()
        super().close()
