"""Issue at a glance, the archive calendars and the files derived on demand."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from broadsheet.newspaper.models import Article, Region
from tests.conftest import ISSUE_DATE

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
EARLIER = (ISSUE_DATE - dt.timedelta(days=2)).isoformat()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_whole_issue_pdf_joins_the_pages(client, issues):
    response = client.get(f"/jcrb/{DAY}.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    pdf = pdfium.PdfDocument(_body(response))
    assert len(pdf) == 3
    pdf.close()


def test_contents_lists_every_page_with_its_headlines(client, issues):
    html = client.get(f"/jcrb/{DAY}/contents/").content.decode()
    for n in (1, 2, 3):
        assert f"第A0{n}版" in html
        assert f"第{n}版头条新闻标题" in html
    assert f'href="/jcrb/{DAY}.pdf?v=' in html


@pytest.mark.parametrize(
    ("width", "fmt", "magic"),
    [(800, "jpg", b"\xff\xd8\xff"), (480, "webp", b"RIFF"), (1600, "webp", b"RIFF")],
)
def test_page_renditions(client, issues, width, fmt, magic):
    response = client.get(f"/jcrb/{DAY}/A01.w{width}.{fmt}")
    assert response.status_code == 200
    data = _body(response)
    assert data.startswith(magic)
    assert Image.open(io.BytesIO(data)).width == width
    # made once, then served from storage with the same bytes
    assert _body(client.get(f"/jcrb/{DAY}/A01.w{width}.{fmt}")) == data


def test_zoom_rendition_is_rendered_from_the_pdf(client, issues):
    data = _body(client.get(f"/jcrb/{DAY}/A01.w2400.jpg"))
    assert Image.open(io.BytesIO(data)).width == 2400


def test_unknown_rendition_width_is_404(client, issues):
    assert client.get(f"/jcrb/{DAY}/A01.w999.jpg").status_code == 404


def test_article_photo_and_share_card(client, issues):
    article = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order").first()
    Region.objects.create(
        article=article, page=article.page, role="photo", x0=40, y0=200, x1=300, y1=400
    )
    Region.objects.create(
        article=article,
        page=article.page,
        role="caption",
        x0=40,
        y0=402,
        x1=300,
        y1=420,
        text="图为施工现场",
    )
    html = client.get(f"/jcrb/{DAY}/a/{article.number}/").content.decode()
    assert f'src="/jcrb/{DAY}/a/{article.number}/photo-0.jpg"' in html
    assert "<figcaption>图为施工现场</figcaption>" in html
    assert f'content="http://testserver/jcrb/{DAY}/a/{article.number}/card.jpg"' in html
    photo = Image.open(io.BytesIO(_body(client.get(f"/jcrb/{DAY}/a/{article.number}/photo-0.jpg"))))
    assert photo.width / photo.height == pytest.approx(260 / 200, rel=0.05)
    card = client.get(f"/jcrb/{DAY}/a/{article.number}/card.jpg")
    assert card.status_code == 200
    assert client.get(f"/jcrb/{DAY}/a/{article.number}/photo-5.jpg").status_code == 404


def test_month_view_links_issue_days_and_neighbour_months(client, issues):
    html = client.get("/jcrb/2026/11/").content.decode()
    assert f'href="/jcrb/{DAY}/"' in html
    assert f'href="/jcrb/{EARLIER}/"' in html
    assert 'href="/jcrb/2026/10/"' in html and 'href="/jcrb/2026/12/"' in html
    assert "2026-11-28" not in html  # the draft


def test_year_view_links_months(client, issues):
    html = client.get("/jcrb/2026/").content.decode()
    assert 'href="/jcrb/2026/11/"' in html
    assert 'type="date"' in html


def test_calendar_query_count_does_not_grow_with_the_archive(client, issues, publication):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.newspaper.models import Issue

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/jcrb/2026/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    Issue.objects.bulk_create(
        Issue(
            publication=publication,
            date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            status="published",
        )
        for n in range(300)
    )
    assert count() == before


def test_date_picker_goes_to_that_day_or_the_one_before(client, issues):
    assert client.get(f"/jcrb/?date={DAY}")["Location"] == f"/jcrb/{DAY}/"
    day_between = (ISSUE_DATE - dt.timedelta(days=1)).isoformat()
    assert client.get(f"/jcrb/?date={day_between}")["Location"] == f"/jcrb/{EARLIER}/"
    assert client.get("/jcrb/?date=1990-01-01")["Location"] == f"/jcrb/{EARLIER}/"
    assert client.get("/jcrb/?date=garbage")["Location"] == f"/jcrb/{DAY}/"


def test_language_link_sets_the_cookie_and_returns(client, issues):
    response = client.get(f"/lang/?language=en&next=/jcrb/{DAY}/")
    assert response["Location"] == f"/jcrb/{DAY}/"
    assert response.cookies["django_language"].value == "en"
    assert "Next page" in client.get(f"/jcrb/{DAY}/").content.decode()
    evil = client.get("/lang/?language=en&next=https://evil.example/")
    assert evil["Location"] == "/"


def test_pages_carry_no_csrf_token_so_they_can_be_cached(client, issues):
    response = client.get(f"/jcrb/{DAY}/A01/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies
    assert response["Cache-Control"].startswith("public")
