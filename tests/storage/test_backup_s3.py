"""`broadsheet backup` and `restore` with the files in a bucket: the backup reads them through
the storage, and a restore writes them into a fresh machine's bucket prefix, as real processes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from broadsheet.backup import backup
from broadsheet.newspaper.models import Page
from tests.conftest import ISSUE_DATE
from tests.factories import ingest_first_page
from tests.ops.test_backup import new_site  # noqa: F401  (fixture)
from tests.storage.conftest import Bucket


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_through_the_bucket(
    bucket: Bucket, publication: Any, page_pdfs: Any, manifest_for: Any, client: Any,
    tmp_path: Path, new_site: Any,  # noqa: F811
) -> None:  # fmt: skip
    issue = ingest_first_page(page_pdfs, manifest_for)
    assert client.get(f"/jcrb/{ISSUE_DATE.isoformat()}/A01.w480.webp").status_code == 200
    page = Page.objects.get(issue=issue)
    referenced = {page.pdf.name, page.image.name, page.thumbnail.name, page.source.name}

    report = backup(tmp_path / "backup")
    files = {
        name.removeprefix("files/"): entry
        for name, entry in report.manifest["files"].items()
        if name.startswith("files/")
    }
    assert set(files) == referenced
    assert [n for n in report.skipped if n.endswith(".w480.webp")]  # made again on demand
    for name, entry in files.items():
        data = bucket.get(name)
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (entry["sha256"], entry["size"])
        assert (tmp_path / "backup" / "files" / name).read_bytes() == data

    # A fresh machine: an empty database and an empty prefix of the bucket.
    site = new_site("s3-restore")
    target = f"{bucket.prefix}-restored"
    site.env.update(
        BROADSHEET_S3_BUCKET=bucket.config.bucket,
        BROADSHEET_S3_ENDPOINT_URL=bucket.config.endpoint_url or "",
        BROADSHEET_S3_REGION=bucket.config.region,
        BROADSHEET_S3_PREFIX=target,
    )
    site.env.update(bucket.credentials)
    site.ok("restore", str(tmp_path / "backup"))
    restored = Bucket(bucket.config, target, bucket.client, bucket.credentials)
    assert restored.names() == sorted(files)
    for name, entry in files.items():
        assert hashlib.sha256(restored.get(name)).hexdigest() == entry["sha256"]
    assert not (site.data / "files").exists()  # nothing went to local disk

    # Over a store that changed since: refused without --force; with it, the backup's files
    # come back and what the backup does not hold is gone.
    key = f"{target}/{page.image.name}"
    bucket.client.delete_object(Bucket=bucket.config.bucket, Key=key)
    bucket.client.put_object(Bucket=bucket.config.bucket, Key=f"{target}/stray.bin", Body=b"x")
    refused = site.run("restore", str(tmp_path / "backup"))
    assert refused.returncode != 0 and "--force" in refused.stderr
    site.ok("restore", "--force", str(tmp_path / "backup"))
    assert restored.names() == sorted(files)
    assert restored.get(page.image.name) == bucket.get(page.image.name)
