"""The METS and ALTO the reader serves: the files `export-mets` writes, named by the reader's own
absolute URLs, under the access rules, linked from the IIIF Manifest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from lxml import etree

from broadsheet.access.models import AccessPolicy, Subscription
from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.library.alto_out import SCHEMA_URL as ALTO_SCHEMA
from broadsheet.library.mets_out import METS_SCHEMA_URL
from broadsheet.newspaper.models import Issue
from tests.conftest import ISSUE_DATE
from tests.library.xml_schemas import assert_valid_alto, assert_valid_mets, needs_schemas

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
BASE = f"http://testserver/jcrb/{DAY}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
NS = {"mets": "http://www.loc.gov/METS/"}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_issue(files, date=ISSUE_DATE, edition=1, publish=True) -> Issue:
    request = IngestRequest(
        publication="jcrb", date=date, edition=edition, files=files, publish=publish, workers=1
    )
    return ingest(request).issue


def hrefs(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    return [e.get(XLINK_HREF) for e in root.iterfind(".//mets:FLocat", NS)]


@needs_schemas
def test_served_files_are_the_exported_ones_with_reader_urls(
    client, publication, page_pdfs, tmp_path
):
    make_issue(page_pdfs[:2])
    out = tmp_path / "export"
    call_command("export_mets", str(out), publication="jcrb", date=DAY, verbosity=0)

    mets = client.get(f"/jcrb/{DAY}/mets.xml")
    assert mets.status_code == 200
    assert mets["Content-Type"] == "application/xml; charset=utf-8"
    assert mets["X-Content-Type-Options"] == "nosniff"
    assert mets["Cache-Control"].startswith("public") and mets["ETag"]
    assert_valid_mets(mets.content)
    served = hrefs(mets.content)
    assert served == [
        f"{BASE}/A01.jpg", f"{BASE}/A02.jpg",
        f"{BASE}/A01.pdf", f"{BASE}/A02.pdf",
        f"{BASE}/A01/alto.xml", f"{BASE}/A02/alto.xml",
    ]  # fmt: skip
    for url in served:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
    # The same document as the export, but for the addresses of the files.
    exported = (out / "mets.xml").read_bytes()
    for relative, absolute in zip(hrefs(exported), served, strict=True):
        exported = exported.replace(f'"{relative}"'.encode(), f'"{absolute}"'.encode())
    assert mets.content == exported

    alto = client.get(f"/jcrb/{DAY}/A02/alto.xml")
    assert alto.status_code == 200
    assert alto["Content-Type"] == "application/xml; charset=utf-8"
    assert alto["Access-Control-Allow-Origin"] == "*"
    assert alto.content == (out / "alto" / "A02.xml").read_bytes()
    assert_valid_alto(alto.content)
    # A reader who has it gets 304; nothing but GET and HEAD.
    again = client.get(f"/jcrb/{DAY}/A02/alto.xml", HTTP_IF_NONE_MATCH=alto["ETag"])
    assert again.status_code == 304
    assert client.head(f"/jcrb/{DAY}/mets.xml").status_code == 200
    assert client.post(f"/jcrb/{DAY}/mets.xml").status_code == 405
    # A correction (a new version) is a new ETag.
    Issue.objects.filter(date=ISSUE_DATE).update(version=99)
    assert client.get(f"/jcrb/{DAY}/A02/alto.xml")["ETag"] != alto["ETag"]


def test_missing_pages_issues_and_drafts_are_not_found(client, publication, page_pdfs):
    make_issue(page_pdfs[:1])
    make_issue(page_pdfs[:1], date=ISSUE_DATE + dt.timedelta(days=1), publish=False)
    assert client.get(f"/jcrb/{DAY}/Z99/alto.xml").status_code == 404
    assert client.get(f"/jcrb/{DAY}/ed-2/mets.xml").status_code == 404
    assert client.get("/nope/2026-11-27/mets.xml").status_code == 404
    # A draft: not there for readers, a private preview for staff.
    for path in ("/jcrb/2026-11-28/mets.xml", "/jcrb/2026-11-28/A01/alto.xml"):
        assert client.get(path).status_code == 404, path
    staff = get_user_model().objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    client.force_login(staff)
    preview = client.get("/jcrb/2026-11-28/A01/alto.xml")
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"


def test_restricted_publications_refuse_in_plain_text(client, publication, page_pdfs):
    make_issue(page_pdfs[:1])
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    for path in (f"/jcrb/{DAY}/mets.xml", f"/jcrb/{DAY}/A01/alto.xml"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert refused["Content-Type"].startswith("text/plain")
        assert refused["Cache-Control"] == "private, no-store"
    reader = get_user_model().objects.create_user("sub", "sub@example.org", "pw")
    Subscription.objects.create(user=reader, publication=publication)
    client.force_login(reader)
    served = client.get(f"/jcrb/{DAY}/A01/alto.xml")
    assert served.status_code == 200 and "public" not in served["Cache-Control"]


@needs_schemas
def test_later_editions_have_their_own_files(client, publication, page_pdfs):
    make_issue(page_pdfs[:1])
    make_issue(page_pdfs[1:2], edition=2)
    mets = client.get(f"/jcrb/{DAY}/ed-2/mets.xml")
    assert mets.status_code == 200
    assert_valid_mets(mets.content)
    assert hrefs(mets.content) == [
        f"{BASE}/ed-2/A02.jpg", f"{BASE}/ed-2/A02.pdf", f"{BASE}/ed-2/A02/alto.xml"
    ]  # fmt: skip
    alto = client.get(f"/jcrb/{DAY}/ed-2/A02/alto.xml")
    assert alto.status_code == 200 and b"\xe7\xac\xac2\xe7\x89\x88" in alto.content  # 第2版


def test_the_iiif_manifest_points_at_them(client, publication, page_pdfs):
    make_issue(page_pdfs[:2])
    manifest = client.get(f"/iiif/jcrb/{DAY}/manifest.json").json()
    mets = [s for s in manifest["seeAlso"] if s["format"] == "application/xml"]
    assert mets == [
        {
            "id": f"{BASE}/mets.xml",
            "type": "Dataset",
            "format": "application/xml",
            "profile": METS_SCHEMA_URL,
            "label": {"zh-Hans": ["METS"]},
        }
    ]
    for canvas, label in zip(manifest["items"], ("A01", "A02"), strict=True):
        (alto,) = [s for s in canvas["seeAlso"] if s["format"] == "application/xml"]
        assert alto["id"] == f"{BASE}/{label}/alto.xml" and alto["profile"] == ALTO_SCHEMA
        assert client.get(alto["id"].removeprefix("http://testserver")).status_code == 200
