"""Stored files on a real S3-compatible server: where they land, how readers get them (public:
streamed with long cache lifetimes and byte ranges; restricted: a short-lived signed URL after
the access check), and what a missing object gives."""

from __future__ import annotations

import datetime as dt
import os
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from broadsheet.access.models import AccessPolicy, Subscription
from broadsheet.newspaper.models import Page
from tests.conftest import ISSUE_DATE
from tests.factories import ingest_first_page
from tests.storage.conftest import Bucket

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


@pytest.fixture
def issue(bucket: Bucket, publication: Any, page_pdfs: Any, manifest_for: Any) -> Any:
    return ingest_first_page(page_pdfs, manifest_for)


def test_ingested_files_land_in_the_bucket_and_not_on_disk(bucket: Bucket, issue: Any, data_dir):
    page = Page.objects.get(issue=issue)
    keys = bucket.names()
    for field in (page.pdf, page.image, page.thumbnail, page.source):
        assert field.name in keys, (field.name, keys)
    assert bucket.get(page.image.name).startswith(b"\xff\xd8\xff")
    assert bucket.get(page.pdf.name).startswith(b"%PDF")
    assert not (data_dir / "files").exists()  # nothing kept on local disk


def test_public_pdf_is_streamed_with_long_cache_and_byte_ranges(
    client: Any, bucket: Bucket, issue: Any
) -> None:
    stored = bucket.get(Page.objects.get(issue=issue).pdf.name)
    whole = client.get(f"/jcrb/{DAY}/A01.pdf")
    assert whole.status_code == 200
    assert _body(whole) == stored
    assert whole["Cache-Control"] == "public, max-age=300"  # a replaced page keeps its URL
    assert whole["Content-Security-Policy"] == "sandbox"
    assert whole["Content-Length"] == str(len(stored))
    part = client.get(f"/jcrb/{DAY}/A01.pdf", HTTP_RANGE="bytes=100-1099")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-1099/{len(stored)}"
    assert _body(part) == stored[100:1100]
    tail = client.get(f"/jcrb/{DAY}/A01.pdf", HTTP_RANGE="bytes=-50")
    assert _body(tail) == stored[-50:]
    beyond = client.get(f"/jcrb/{DAY}/A01.pdf", HTTP_RANGE=f"bytes={len(stored)}-")
    assert beyond.status_code == 416
    head = client.head(f"/jcrb/{DAY}/A01.pdf")
    assert head.status_code == 200 and head["Content-Length"] == str(len(stored))
    assert _body(head) == b""
    again = client.get(f"/jcrb/{DAY}/A01.pdf", HTTP_IF_NONE_MATCH=whole["ETag"])
    assert again.status_code == 304
    # A rendition made on first request is stored in the bucket too, then served from it.
    image = client.get(f"/jcrb/{DAY}/A01.w480.webp")
    assert image.status_code == 200 and _body(image).startswith(b"RIFF")
    assert any(k.endswith(".w480.webp") for k in bucket.names() if k)


def test_restricted_pdf_is_a_short_lived_signed_url_after_the_access_check(
    client: Any, bucket: Bucket, issue: Any, publication: Any, settings: Any
) -> None:
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    url = f"/jcrb/{DAY}/A01.pdf"
    denied = client.get(url)
    assert denied.status_code == 403 and "Location" not in denied  # the check comes first
    user = get_user_model().objects.create_user("sub", "sub@example.org", "pw-x9!long")
    Subscription.objects.create(user=user, publication=publication)
    client.force_login(user)
    answer = client.get(url)
    assert answer.status_code == 302
    assert "public" not in answer["Cache-Control"] and "private" in answer["Cache-Control"]
    signed = answer["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert urlsplit(signed).path.endswith(".pdf")
    status, body, headers = _fetch(signed)
    assert status == 200
    assert body == bucket.get(Page.objects.get(issue=issue).pdf.name)
    assert headers["Content-Disposition"] == f'inline; filename="jcrb-{DAY}-A01.pdf"'
    # The object itself is not public: without the signature S3 refuses it.
    assert _fetch(signed.split("?", 1)[0])[0] == 403

    # Signed now, valid for the configured lifetime (SigV4: X-Amz-Date + X-Amz-Expires). The
    # test server does not enforce expiry; S3 and S3-compatible servers do.
    settings.BROADSHEET_S3_SIGNED_URL_SECONDS = 5
    short = parse_qs(urlsplit(client.get(url)["Location"]).query)
    assert short["X-Amz-Expires"] == ["5"]
    signed_at = dt.datetime.strptime(short["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs((now - signed_at).total_seconds()) < 30


def test_a_draft_is_never_public_a_signed_url_for_staff_and_404_for_others(
    client: Any, bucket: Bucket, issue: Any
) -> None:
    issue.status = "draft"
    issue.save()
    assert client.get(f"/jcrb/{DAY}/A01.jpg").status_code == 404
    staff = get_user_model().objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    client.force_login(staff)
    answer = client.get(f"/jcrb/{DAY}/A01.jpg")
    assert answer.status_code == 302 and answer["Cache-Control"] == "private, no-store"
    assert _fetch(answer["Location"])[1].startswith(b"\xff\xd8\xff")


def test_a_missing_object_is_404_not_500(client: Any, bucket: Bucket, issue: Any) -> None:
    page = Page.objects.get(issue=issue)
    for name in (page.pdf.name, page.image.name):
        bucket.client.delete_object(Bucket=bucket.config.bucket, Key=f"{bucket.prefix}/{name}")
    assert client.get(f"/jcrb/{DAY}/A01.pdf").status_code == 404
    assert client.get(f"/jcrb/{DAY}/A01.jpg").status_code == 404
    assert client.get(f"/jcrb/{DAY}/A01.w480.webp").status_code == 404
    assert client.get(f"/jcrb/{DAY}/A01/").status_code == 200  # the page view itself still works


def test_the_ranged_reader_reads_any_part_and_the_whole(bucket: Bucket) -> None:
    """Across the growing range windows (256 KiB, 512 KiB, … ) and after seeks."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from broadsheet.storage.serving import open_stored

    data = os.urandom(1_900_000)
    name = default_storage.save("probe/big.bin", ContentFile(data))
    with open_stored(name) as reader:
        assert reader.read() == data
        reader.seek(1_000_000)
        assert reader.read(70_000) == data[1_000_000:1_070_000]
        reader.seek(-10, os.SEEK_END)
        assert reader.read(100) == data[-10:]
        assert reader.read(1) == b""
    with pytest.raises(FileNotFoundError):
        open_stored("probe/none.bin")
    # Smaller than the first window: the size comes from that first answer; empty: no bytes.
    small = default_storage.save("probe/small.bin", ContentFile(data[:1000]))
    with open_stored(small) as reader:
        assert reader.size == 1000 and reader.read() == data[:1000]
    empty = default_storage.save("probe/empty.bin", ContentFile(b""))
    with open_stored(empty) as reader:
        assert reader.size == 0 and reader.read() == b""
