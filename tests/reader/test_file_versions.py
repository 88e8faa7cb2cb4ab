"""A replaced page keeps its file URLs (/<pub>/<date>/A01.jpg), so no cache may keep them for
long: they carry the pages' own short lifetime and an ETag that changes with the file, and a
revalidation after the replacement gets the new page, never the old one."""

from __future__ import annotations

import pytest

from broadsheet.ingest.pipeline import IngestRequest, ingest
from tests.conftest import ISSUE_DATE, zh_articles
from tests.factories import write_page_pdf

DAY = ISSUE_DATE.isoformat()
SHORT = "public, max-age=300"
FILES = [
    f"/jcrb/{DAY}/A01.pdf",
    f"/jcrb/{DAY}/A01.jpg",
    f"/jcrb/{DAY}/A01.thumb.jpg",
    f"/jcrb/{DAY}/A01.w800.webp",
    f"/jcrb/{DAY}.pdf",
    f"/iiif/image/jcrb/{DAY}/A01/full/max/0/default.jpg",
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_a_replaced_page_is_seen_at_the_same_urls_after_revalidation(client, issues, tmp_path):
    before = {}
    for url in FILES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == SHORT, url
        before[url] = (response["ETag"], _body(response))
    # A cache revalidating an unchanged file gets 304.
    url = FILES[0]
    assert client.get(url, HTTP_IF_NONE_MATCH=before[url][0]).status_code == 304

    replacement = write_page_pdf(tmp_path / "A01.pdf", zh_articles(4), header="江城日报 A01")
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[replacement], workers=1))

    for url in FILES:
        etag, old = before[url]
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, f"{url} answered 304 with the old page's ETag"
        assert response["ETag"] != etag
        assert _body(response) != old, url
