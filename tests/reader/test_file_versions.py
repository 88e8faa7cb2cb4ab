"""A replaced page keeps its file URLs (/<pub>/<date>/A01.jpg), so no cache may keep them for
long: they carry the pages' own short lifetime and an ETag that changes with the file, and a
revalidation after the replacement gets the new page, never the old one."""

from __future__ import annotations

import re

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


YEAR = "public, max-age=31536000, immutable"


def _versioned_file_urls(client, page_path: str) -> list[str]:
    html = client.get(page_path).content.decode()
    urls = sorted(set(re.findall(r'(/jcrb/[^"\s,]+\?v=[0-9a-f]{12})', html)))
    return [u.replace("&amp;", "&") for u in urls]


@pytest.mark.django_db
def test_the_page_view_links_files_by_version_and_those_are_kept_a_year(client, issues, tmp_path):
    page_path = f"/jcrb/{DAY}/A01/"
    urls = _versioned_file_urls(client, page_path)
    kinds = {re.sub(r"\?v=.*", "", u).rsplit(".", 1)[-1] for u in urls}
    assert {"webp", "jpg", "pdf"} <= kinds, urls  # renditions, zoom, thumbnails, page PDF
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == YEAR, url
    # The same file without its version, or with another one, keeps the short lifetime.
    plain = urls[0].split("?")[0]
    assert client.get(plain)["Cache-Control"] == SHORT
    assert client.get(plain + "?v=000000000000")["Cache-Control"] == SHORT

    image = next(u for u in urls if ".w800.webp" in u or ".w1000.jpg" in u)
    old_bytes = _body(client.get(image))
    replacement = write_page_pdf(tmp_path / "A01.pdf", zh_articles(4), header="江城日报 A01")
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[replacement], workers=1))

    new_urls = _versioned_file_urls(client, page_path)
    assert not set(new_urls) & set(urls), "a replaced page kept a versioned URL of the old one"
    # The old versioned URL, asked again, is today's file for minutes, never a year of it.
    stale = client.get(image)
    assert stale["Cache-Control"] == SHORT and _body(stale) != old_bytes
    fresh = next(u for u in new_urls if u.split("?")[0] == image.split("?")[0])
    response = client.get(fresh)
    assert response["Cache-Control"] == YEAR and _body(response) != old_bytes


@pytest.mark.django_db
def test_a_restricted_file_is_never_kept_a_year(client, issues):
    from django.contrib.auth import get_user_model

    from broadsheet.access.models import AccessPolicy

    page_path = f"/jcrb/{DAY}/A01/"
    urls = _versioned_file_urls(client, page_path)
    AccessPolicy.objects.create(publication=issues[ISSUE_DATE].publication, level="registered")
    assert client.get(urls[0]).status_code == 403  # anonymous
    reader = get_user_model().objects.create_user("reader", password="x-long-password-1")
    client.force_login(reader)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert "immutable" not in response.get("Cache-Control", ""), url
        assert "public" not in response.get("Cache-Control", ""), url
