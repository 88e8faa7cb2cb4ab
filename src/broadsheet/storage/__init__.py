"""Where stored files live: the data folder on local disk, or an S3 bucket (docs/storage.md).

Everything readers see and everything kept (originals, readers' PDFs, page images, renditions,
desk uploads) goes through Django's storage API, so this module only decides which storage that
is. It reads the environment through `broadsheet.env` and imports neither Django nor boto3:
settings.py calls it before Django is set up.

    BROADSHEET_S3_BUCKET               setting it switches the default storage to S3
    BROADSHEET_S3_ENDPOINT_URL         optional, an S3-compatible server (http(s)://host[:port])
    BROADSHEET_S3_REGION               default us-east-1
    BROADSHEET_S3_PREFIX               optional key prefix, default empty
    BROADSHEET_S3_SIGNED_URL_SECONDS   default 300: lifetime of the signed URLs of restricted files

Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile,
an instance role).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from broadsheet.env import ConfigError

S3_BACKEND = "broadsheet.storage.s3.BroadsheetS3Storage"
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600  # S3's own limit for a SigV4 signed URL

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_PREFIX_PART = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class S3Config:
    bucket: str
    endpoint_url: str | None
    region: str
    prefix: str
    signed_url_seconds: int

    def origin(self) -> str:
        """The scheme and host a browser is sent to by a signed URL (for the CSP)."""
        if self.endpoint_url:
            parts = urlsplit(self.endpoint_url)
            return f"{parts.scheme}://{parts.netloc}"
        if "." in self.bucket:  # no virtual host over TLS: path-style on the regional host
            return f"https://s3.{self.region}.amazonaws.com"
        return f"https://{self.bucket}.s3.{self.region}.amazonaws.com"


def _seconds(raw: str) -> int:
    name = "BROADSHEET_S3_SIGNED_URL_SECONDS"
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from exc
    if not 1 <= value <= MAX_SIGNED_URL_SECONDS:
        raise ConfigError(f"{name}={value} must be between 1 and {MAX_SIGNED_URL_SECONDS}")
    return value


def clean_prefix(raw: str, name: str = "BROADSHEET_S3_PREFIX") -> str:
    """A key prefix of plain path parts ("broadsheet/prod"), without slashes at either end."""
    prefix = raw.strip().strip("/")
    if not prefix:
        return ""
    parts = prefix.split("/")
    if any(p in ("", ".", "..") or not _PREFIX_PART.match(p) for p in parts):
        raise ConfigError(
            f"{name}={raw!r} is not a key prefix (parts of letters, digits, '.', '_' and '-' "
            "separated by '/')"
        )
    return prefix


def s3_config(environ: Mapping[str, str] | None = None) -> S3Config | None:
    """The S3 settings from the environment, or None when BROADSHEET_S3_BUCKET is not set.

    A malformed value raises ConfigError naming the variable."""
    env = os.environ if environ is None else environ
    bucket = env.get("BROADSHEET_S3_BUCKET", "").strip()
    if not bucket:
        return None
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise ConfigError(
            f"BROADSHEET_S3_BUCKET={bucket!r} is not a bucket name (3-63 lower-case letters, "
            "digits, '.' and '-')"
        )
    endpoint = env.get("BROADSHEET_S3_ENDPOINT_URL", "").strip() or None
    if endpoint is not None:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
            raise ConfigError(
                f"BROADSHEET_S3_ENDPOINT_URL={endpoint!r} is not an http(s)://host[:port] URL"
            )
        try:
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError as exc:
            raise ConfigError(f"BROADSHEET_S3_ENDPOINT_URL={endpoint!r}: bad port") from exc
        endpoint = endpoint.rstrip("/")
    region = env.get("BROADSHEET_S3_REGION", "").strip() or "us-east-1"
    if not _REGION.match(region):
        raise ConfigError(f"BROADSHEET_S3_REGION={region!r} is not a region name (us-east-1)")
    seconds_raw = env.get("BROADSHEET_S3_SIGNED_URL_SECONDS", "").strip()
    return S3Config(
        bucket=bucket,
        endpoint_url=endpoint,
        region=region,
        prefix=clean_prefix(env.get("BROADSHEET_S3_PREFIX", "")),
        signed_url_seconds=_seconds(seconds_raw) if seconds_raw else 300,
    )


def s3_options(config: S3Config, prefix: str | None = None) -> dict[str, Any]:
    """OPTIONS of the S3 storage backend; `prefix` replaces the configured key prefix.

    On Amazon S3 the regional endpoint is named, so signed URLs always have the host that
    `S3Config.origin()` gives (the Content-Security-Policy allows that one host)."""
    path_style = bool(config.endpoint_url) or "." in config.bucket
    return {
        "bucket_name": config.bucket,
        "endpoint_url": config.endpoint_url or f"https://s3.{config.region}.amazonaws.com",
        "addressing_style": "path" if path_style else "virtual",
        "region_name": config.region,
        "location": config.prefix if prefix is None else prefix,
        "querystring_expire": config.signed_url_seconds,
    }


def default_storage_setting(data_dir: Path, config: S3Config | None) -> dict[str, Any]:
    """The `STORAGES["default"]` entry: S3 when configured, else DATA_DIR/files."""
    if config is None:
        return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": str(data_dir / "files")}}
    return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(config)}
