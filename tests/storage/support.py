"""Which storage a test's files go to: the test's own data folder, or, when the environment
names a bucket (`env $(scripts/test-s3.sh start) pytest …`, `make test-s3`), a key prefix of
its own in that bucket, so every test starts from an empty store either way."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from broadsheet.storage import LOCAL_BACKEND, S3_BACKEND, s3_config, s3_options


def storage_for_test(root: Path) -> dict[str, Any]:
    """The `STORAGES["default"]` entry for a test whose data folder is `root`."""
    config = s3_config()
    if config is None:
        return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": str(root / "files")}}
    # Unique per test, and named after the pytest-xdist worker (gw0, gw1 …) that made it.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = "/".join(p for p in (config.prefix, f"test-{worker}-{uuid.uuid4().hex[:12]}") if p)
    return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(config, prefix=prefix)}
