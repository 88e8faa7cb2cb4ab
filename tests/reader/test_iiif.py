"""IIIF: the Image API 3 per page and the Presentation API 3 manifests and collections."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article, Page, Region
from broadsheet.reader import iiif_image
from tests.conftest import ISSUE_DATE
from tests.factories import ingest_first_page

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "real" / "schemas" / "iiif_3_0.json"
TEST_IMAGE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "real"
    / "library"
    / "iiif"
    / "image-api"
    / "67352ccc-d1b0-11e1-89ae-279075081939.png"
)
BASE = f"/iiif/image/jcrb/{DAY}/A01"


def validate(data: dict) -> None:
    """Check against the IIIF Presentation 3 JSON Schema when it is at hand."""
    if not SCHEMA.exists():
        return
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)


def test_schema_rejects_a_broken_manifest():
    if not SCHEMA.exists():
        pytest.skip("the IIIF schema is not at hand (../shared/real)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "https://x/m", "type": "Manifest", "items": []}, schema)


def one_page_issue(page_pdfs, manifest_for, date=ISSUE_DATE, edition=1):
    return ingest_first_page(page_pdfs, manifest_for, date=date, edition=edition)


def picture(response) -> Image.Image:
    return Image.open(io.BytesIO(response.content))


# --- Presentation API -------------------------------------------------------------------------


def test_manifest_of_a_one_page_issue(client, publication, page_pdfs, manifest_for):
    issue = one_page_issue(page_pdfs, manifest_for)
    response = client.get(f"/iiif/jcrb/{DAY}/manifest.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    validate(data)
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert data["id"] == f"http://testserver/iiif/jcrb/{DAY}/manifest.json"
    assert data["label"] == {"zh-Hans": [f"江城日报 {DAY}"]}
    assert "zh-Hans" in data["summary"]
    assert data["navDate"] == "2026-11-26T16:00:00Z"  # midnight in Shanghai
    [canvas] = data["items"]
    page = issue.pages.get()
    full = iiif_image.full_size(page)
    assert (canvas["width"], canvas["height"]) == (full.width, full.height)
    assert full.width == round(page.width * iiif_image.FULL_SCALE)
    body = canvas["items"][0]["items"][0]["body"]
    assert body["service"][0] == {
        "id": f"http://testserver{BASE}",
        "type": "ImageService3",
        "profile": "level2",
    }
    assert canvas["items"][0]["items"][0]["motivation"] == "painting"
    renderings = [r["id"] for r in canvas["rendering"]]
    assert renderings == [
        f"http://testserver/jcrb/{DAY}/A01.pdf",
        f"http://testserver/jcrb/{DAY}.pdf",
    ]
    assert canvas["seeAlso"][0]["id"] == f"http://testserver/jcrb/{DAY}/A01.json"
    assert canvas["thumbnail"][0]["id"] == f"http://testserver/jcrb/{DAY}/A01.thumb.jpg"
    ranges = data["structures"][0]["items"]
    assert [r["label"]["zh-Hans"][0] for r in ranges] == ["第1版头条新闻标题", "第1版二条消息"]
    assert ranges[0]["items"][0] == {"id": canvas["id"], "type": "Canvas"}
    first = ranges[0]["items"][1]
    assert first["source"] == {"id": canvas["id"], "type": "Canvas"}
    # Zone (40, 110)–(560, 520) pt at 3 px a point.
    assert first["selector"] == {"type": "FragmentSelector", "value": "xywh=120,330,1560,1230"}
    assert ranges[0]["start"] == {"id": canvas["id"], "type": "Canvas"}
    # The image the body names is served.
    assert client.get(body["id"].replace("http://testserver", "")).status_code == 200


def test_manifest_of_many_pages_with_a_continued_article(client, issues):
    issue = issues[ISSUE_DATE]
    article = Article.objects.filter(issue=issue, page__number="A01").order_by("order").first()
    page2 = issue.pages.get(number="A02")
    Region.objects.create(
        article=article,
        page=page2,
        role=Region.Role.ZONE,
        x0=40,
        y0=940,
        x1=300,
        y1=1100,
        polygon=[[40, 940], [300, 940], [300, 1000], [200, 1000], [200, 1100], [40, 1100]],
    )
    data = client.get(f"/iiif/jcrb/{DAY}/manifest.json").json()
    validate(data)
    assert [c["label"]["zh-Hans"][0] for c in data["items"]] == ["A01 要闻", "A02 城市", "A03 文化"]
    ranges = {r["id"].rsplit("/a", 1)[1]: r for r in data["structures"][0]["items"]}
    continued = ranges[str(article.number)]
    # per page: the canvas, then the article's zones on it
    kinds = [(item["type"], (item.get("source") or item)["id"]) for item in continued["items"]]
    assert [(kind, at.rsplit("/", 1)[1]) for kind, at in kinds] == [
        ("Canvas", "A01"),
        ("SpecificResource", "A01"),
        ("Canvas", "A02"),
        ("SpecificResource", "A02"),
    ]
    selector = continued["items"][3]["selector"]
    assert selector["type"] == "SvgSelector"
    assert "points='120,2820 900,2820 900,3000 600,3000 600,3300 120,3300'" in selector["value"]
    assert continued["start"]["id"].endswith("/canvas/A01")
    assert len(data["structures"][0]["items"]) == 6


def test_edition_two_manifest_and_image_service(client, publication, page_pdfs, manifest_for):
    one_page_issue(page_pdfs, manifest_for)
    one_page_issue(page_pdfs, manifest_for, edition=2)
    data = client.get(f"/iiif/jcrb/{DAY}/ed-2/manifest.json").json()
    validate(data)
    assert data["id"].endswith(f"/iiif/jcrb/{DAY}/ed-2/manifest.json")
    assert data["label"]["zh-Hans"] == [f"江城日报 {DAY} (2)"]
    service = data["items"][0]["items"][0]["items"][0]["body"]["service"][0]["id"]
    assert service == f"http://testserver/iiif/image/jcrb/{DAY}/ed-2/A01"
    assert data["items"][0]["rendering"][1]["id"].endswith(f"/jcrb/{DAY}/ed-2.pdf")
    info = client.get(f"/iiif/image/jcrb/{DAY}/ed-2/A01/info.json")
    assert info.status_code == 200 and info.json()["id"] == service
    twin = client.get(f"/jcrb/{DAY}/ed-2.json").json()
    assert twin["iiif_manifest"] == data["id"]
    assert twin["pages"][0]["iiif_image"] == service


def test_json_twins_link_iiif(client, issues):
    twin = client.get(f"/jcrb/{DAY}.json").json()
    assert twin["iiif_manifest"] == f"http://testserver/iiif/jcrb/{DAY}/manifest.json"
    assert twin["pages"][0]["iiif_image"] == f"http://testserver{BASE}"
    page = client.get(f"/jcrb/{DAY}/A02.json").json()
    assert page["page"]["iiif_image"] == f"http://testserver/iiif/image/jcrb/{DAY}/A02"


def test_collections(client, issues, english_publication):
    top = client.get("/iiif/collection.json")
    assert top["Access-Control-Allow-Origin"] == "*"
    data = top.json()
    validate(data)
    assert [c["id"] for c in data["items"]] == [
        "http://testserver/iiif/jcrb/collection.json",
        "http://testserver/iiif/courier/collection.json",
    ]
    assert data["items"][1]["label"] == {"en": ["The Riverside Courier"]}
    pub = client.get("/iiif/jcrb/collection.json").json()
    validate(pub)
    # The draft (the day after) is not listed; oldest first.
    assert [m["navDate"][:10] for m in pub["items"]] == ["2026-11-24", "2026-11-26"]
    assert all(m["type"] == "Manifest" for m in pub["items"])
    year = client.get("/iiif/jcrb/2026/collection.json").json()
    validate(year)
    assert len(year["items"]) == 2
    assert client.get("/iiif/jcrb/1999/collection.json").status_code == 404
    assert client.get("/iiif/nope/collection.json").status_code == 404


def test_a_large_publication_is_a_collection_of_years(rf, publication):
    from broadsheet.newspaper.models import Issue
    from broadsheet.reader import iiif_presentation

    issues = [
        Issue(publication=publication, date=ISSUE_DATE.replace(year=2024 + n % 3), edition=1)
        for n in range(iiif_presentation.YEARS_ABOVE + 1)
    ]
    data = iiif_presentation.publication_collection(rf.get("/"), publication, issues)
    validate(data)
    assert [c["id"].rsplit("/", 2)[1] for c in data["items"]] == ["2024", "2025", "2026"]


def test_drafts_and_unknown_issues(client, issues, django_user_model):
    draft_day = "2026-11-28"
    assert client.get(f"/iiif/jcrb/{draft_day}/manifest.json").status_code == 404
    assert client.get(f"/iiif/image/jcrb/{draft_day}/A01/info.json").status_code == 404
    assert client.get(f"/iiif/jcrb/{DAY}/ed-3/manifest.json").status_code == 404
    assert client.get(f"/iiif/image/jcrb/{DAY}/Z99/info.json").status_code == 404
    staff = django_user_model.objects.create_user("ed", "ed@example.org", "pw", is_staff=True)
    client.force_login(staff)
    response = client.get(f"/iiif/jcrb/{draft_day}/manifest.json")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_restricted_publication_refuses_anonymous(client, publication, page_pdfs, manifest_for):
    from broadsheet.access.models import AccessPolicy, Subscription

    issue = one_page_issue(page_pdfs, manifest_for, date=timezone.localdate())
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    day = issue.date.isoformat()
    base = f"/iiif/image/jcrb/{day}/A01"
    paths = [
        f"/iiif/jcrb/{day}/manifest.json",
        f"{base}/info.json",
        f"{base}/full/max/0/default.jpg",
        f"/jcrb/{day}/A01.jpg",
    ]
    assert [client.get(p).status_code for p in paths] == [403, 403, 403, 403]
    assert client.get(paths[0]).json()["access"] == "subscribers"
    user = __import__("django.contrib.auth", fromlist=["x"]).get_user_model()
    subscriber = user.objects.create_user("sub", "s@example.org", "pw-x9!long")
    Subscription.objects.create(user=subscriber, publication=publication)
    client.force_login(subscriber)
    got = [client.get(p) for p in paths]
    assert [r.status_code for r in got] == [200, 200, 200, 200]
    assert all("public" not in r["Cache-Control"] for r in got)


# --- Image API --------------------------------------------------------------------------------


def test_info_json(client, issues):
    response = client.get(f"{BASE}/info.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    assert "ETag" in response and "public" in response["Cache-Control"]
    info = response.json()
    page = Page.objects.get(issue=issues[ISSUE_DATE], number="A01")
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"http://testserver{BASE}"
    assert info["type"] == "ImageService3"
    assert info["protocol"] == "http://iiif.io/api/image"
    assert info["profile"] == "level2"
    assert (info["width"], info["height"]) == (round(page.width * 3), round(page.height * 3))
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4, 8]}]
    assert info["sizes"][-1] == {"width": info["width"], "height": info["height"]}
    assert info["extraFormats"] == ["webp"]
    ld = client.get(f"{BASE}/info.json", HTTP_ACCEPT="application/ld+json")
    assert ld["Content-Type"].startswith("application/ld+json")
    assert 'profile="http://iiif.io/api/image/3/context.json"' in ld["Content-Type"]
    redirect = client.get(BASE)
    assert redirect.status_code == 303 and redirect["Location"].endswith(f"{BASE}/info.json")


def test_full_image_and_sizes(client, issues):
    info = client.get(f"{BASE}/info.json").json()
    width, height = info["width"], info["height"]
    full = client.get(f"{BASE}/full/max/0/default.jpg")
    assert full.status_code == 200
    assert full["Content-Type"] == "image/jpeg"
    assert full["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in full and full["Cache-Control"] == "public, max-age=300"
    assert picture(full).size == (width, height)
    assert "level2.json" in full["Link"] and 'rel="canonical"' in full["Link"]
    cases = {
        "300,": (300, round(height * 300 / width)),
        ",400": (round(width * 400 / height), 400),
        "200,200": (200, 200),
        "!300,300": (round(width * 300 / height), 300),
        "pct:10": (round(width / 10), round(height / 10)),
    }
    for size, expected in cases.items():
        got = client.get(f"{BASE}/full/{size}/0/default.jpg")
        assert got.status_code == 200, size
        assert picture(got).size == expected, size
    square = picture(client.get(f"{BASE}/square/100,/0/default.png"))
    assert square.size == (100, 100) and square.format == "PNG"
    gray = picture(client.get(f"{BASE}/full/120,/0/gray.webp"))
    assert gray.format == "WEBP"
    assert picture(client.get(f"{BASE}/full/120,/0/bitonal.png")).mode in ("1", "L", "P")
    turned = picture(client.get(f"{BASE}/full/120,/90/default.jpg"))
    assert turned.size == (round(height * 120 / width), 120)
    assert client.get(f"{BASE}/full/120,/!180/color.jpg").status_code == 200
    # Upscaling only with ^, which a PDF page renders sharp.
    assert client.get(f"{BASE}/0,0,100,100/200,/0/default.jpg").status_code == 400
    up = client.get(f"{BASE}/0,0,100,100/^200,/0/default.jpg")
    assert up.status_code == 200 and picture(up).size == (200, 200)


def test_region_tile_at_a_scale_factor(client, issues):
    """The tile at scale factor 2, column 1, row 0: region 1024,0,1024,1024 at 512 wide."""
    tile = client.get(f"{BASE}/1024,0,1024,1024/512,/0/default.jpg")
    assert tile.status_code == 200
    assert picture(tile).size == (512, 512)
    pct = client.get(f"{BASE}/pct:50,50,25,25/100,/0/default.jpg")
    assert pct.status_code == 200 and picture(pct).width == 100
    # A region that runs over the edge is cut at the edge.
    info = client.get(f"{BASE}/info.json").json()
    edge = client.get(f"{BASE}/{info['width'] - 100},0,512,512/max/0/default.jpg")
    assert picture(edge).size == (100, 512)


def test_rendering_is_sharp_and_in_place(client, issues):
    """A region tile at full resolution matches the same part of the whole page image."""
    whole = picture(client.get(f"{BASE}/full/max/0/default.png")).convert("L")
    tile = picture(client.get(f"{BASE}/0,0,512,512/max/0/default.png")).convert("L")
    part = whole.crop((0, 0, 512, 512))
    diff = sum(abs(a - b) for a, b in zip(tile.tobytes(), part.tobytes(), strict=True))
    assert diff / (512 * 512) < 4
    assert min(tile.tobytes()) < 100  # the page's header and rule are in it


@pytest.mark.parametrize(
    "path",
    [
        "full/max/45/default.jpg",
        "full/max/x/default.jpg",
        "full/max/0/sepia.jpg",
        "full/max/0/default.gif",
        "full/max/0/default.tif",
        "nonsense/max/0/default.jpg",
        "0,0,0,10/max/0/default.jpg",
        "99999,0,10,10/max/0/default.jpg",
        "full/0,/0/default.jpg",
        "full/,/0/default.jpg",
        "full/pct:0/0/default.jpg",
        "full/pct:120/0/default.jpg",
        "full/!100,/0/default.jpg",
        "full/99999,/0/default.jpg",
        "full/^99999,99999/0/default.jpg",
        "full/abc/0/default.jpg",
        "pct:a,b,c,d/max/0/default.jpg",
    ],
)
def test_malformed_requests_are_400(client, issues, path):
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 400, path
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_pages_and_shapes_are_404(client, issues):
    assert client.get(f"/iiif/image/jcrb/{DAY}/Z9/full/max/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/image/nope/{DAY}/A01/info.json").status_code == 404
    assert client.get(f"{BASE}/full/max/0/default").status_code == 404
    assert client.get(f"{BASE}/full/max/default.jpg").status_code == 404
    assert client.get("/iiif/image/jcrb/2026-02-31/A01/info.json").status_code == 404


def test_tiles_are_cached(client, issues, monkeypatch):
    calls = []
    real = iiif_image.render
    monkeypatch.setattr(iiif_image, "render", lambda *a: calls.append(1) or real(*a))
    path = f"{BASE}/0,0,1024,1024/512,/0/default.jpg"
    first = client.get(path)
    assert first.status_code == 200 and len(calls) == 1
    second = client.get(path)
    assert second.content == first.content and len(calls) == 1
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # A grid tile is kept in storage: it survives the cache being emptied.
    from django.core.cache import cache

    cache.clear()
    assert client.get(path).content == first.content and len(calls) == 1
    # Any other request is rendered once and kept in the cache.
    odd = f"{BASE}/10,10,300,300/150,/0/default.jpg"
    client.get(odd)
    client.get(odd)
    assert len(calls) == 2


def test_a_page_made_from_an_image_has_its_pixel_size(client, publication, tmp_path):
    from broadsheet.pdf.from_image import image_to_pdf

    source = tmp_path / "scan.png"
    if TEST_IMAGE.exists():
        source.write_bytes(TEST_IMAGE.read_bytes())
    else:
        Image.new("RGB", (1000, 1000), (200, 30, 30)).save(source)
    pdf = tmp_path / "A01.pdf"
    assert image_to_pdf(source, pdf) == (1000, 1000)
    wide = tmp_path / "wide.jpg"
    Image.new("RGB", (3000, 1500), (250, 250, 240)).save(wide, quality=90)
    pdf2 = tmp_path / "A02.pdf"
    image_to_pdf(wide, pdf2)  # larger than 2000 pt: placed at a finer resolution
    ingest(
        IngestRequest(
            publication="jcrb", date=ISSUE_DATE, files=[pdf, pdf2], publish=True, workers=1
        )
    )
    page = Page.objects.get(number__in=["A01", "1", "01"], issue__date=ISSUE_DATE)
    assert page.text_quality == "none"
    base = f"/iiif/image/jcrb/{DAY}/{page.number}"
    info = client.get(f"{base}/info.json").json()
    assert (info["width"], info["height"]) == (1000, 1000)
    assert info["tiles"][0]["scaleFactors"] == [1, 2]
    full = picture(client.get(f"{base}/full/max/0/default.png"))
    assert full.size == (1000, 1000)
    other = Page.objects.exclude(pk=page.pk).get(issue__date=ISSUE_DATE)
    assert (other.width, other.height) == (2000, 1000)
    info2 = client.get(f"/iiif/image/jcrb/{DAY}/{other.number}/info.json").json()
    assert (info2["width"], info2["height"]) == (3000, 1500)
    manifest = client.get(f"/iiif/jcrb/{DAY}/manifest.json").json()
    validate(manifest)
    assert [(c["width"], c["height"]) for c in manifest["items"]] == [(1000, 1000), (3000, 1500)]


def test_a_drawn_page_is_not_taken_for_an_image(tmp_path):
    import pypdfium2 as pdfium

    from tests.conftest import zh_articles
    from tests.factories import write_page_pdf

    path = write_page_pdf(tmp_path / "p.pdf", zh_articles(1), header="x")
    doc = pdfium.PdfDocument(str(path))
    try:
        assert iiif_image.image_only_pixels(doc[0]) is None
    finally:
        doc.close()
