"""The reader's pages and their JSON twins, through Django's test client."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from broadsheet.newspaper.models import Article
from tests.conftest import ISSUE_DATE

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()


def test_home_lists_latest_issue_of_each_publication(client, issues):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "江城日报" in html
    assert f'href="/jcrb/{DAY}/"' in html  # the latest published, not the draft
    assert "2026-11-28" not in html


def test_publication_redirects_to_latest_published_issue(client, issues):
    response = client.get("/jcrb/")
    assert response.status_code == 302
    assert response["Location"] == f"/jcrb/{DAY}/"


def test_issue_shows_its_first_page_with_the_whole_anatomy(client, issues):
    html = client.get(f"/jcrb/{DAY}/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "2026年11月27日 星期五" in html  # dated issue line with weekday
    assert "第A01版：要闻" in html  # page number and name
    assert f'href="/jcrb/{DAY}/A02/"' in html and 'rel="next"' in html  # next page
    assert f'href="/jcrb/{DAY}/A01.pdf?v=' in html  # page PDF, by its file version
    # previous issue skips the missing day; the draft is not offered as the next issue
    assert f'href="/jcrb/{(ISSUE_DATE - dt.timedelta(days=2)).isoformat()}/"' in html
    assert "2026-11-28" not in html
    # headline list and zones: each zone a real link named by its headline
    first = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order").first()
    assert f'aria-label="{first.headline}"' in html
    assert re.search(rf'<a class="zone" href="/jcrb/{DAY}/a/{first.number}/"', html)
    assert html.count('class="zone"') == 2
    # page navigation with thumbnails
    assert html.count(".thumb.jpg") == 3
    # sister publications in the masthead
    assert "The Riverside Courier" in html


def test_page_view_and_json_twin(client, issues):
    html = client.get(f"/jcrb/{DAY}/A02/").content.decode()
    assert "第A02版：城市" in html
    assert 'rel="prev"' in html
    data = client.get(f"/jcrb/{DAY}/A02.json").json()
    assert data["page"]["number"] == "A02"
    assert data["page"]["name"] == "城市"
    assert [a["headline"] for a in data["articles"]] == ["第2版头条新闻标题", "第2版二条消息"]
    assert data["articles"][0]["zones"] == [[40.0, 110.0, 560.0, 520.0]]
    assert data["previous_page"] == f"http://testserver/jcrb/{DAY}/A01/"


def test_issue_json_twin(client, issues):
    data = client.get(f"/jcrb/{DAY}.json").json()
    assert data["issue"]["date"] == DAY
    assert [p["number"] for p in data["pages"]] == ["A01", "A02", "A03"]
    assert sum(len(p["articles"]) for p in data["pages"]) == 6


def test_article_view_has_its_parts_and_neighbours(client, issues):
    articles = list(Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order"))
    second = articles[1]
    html = client.get(f"/jcrb/{DAY}/a/{articles[0].number}/").content.decode()
    assert '<p class="kicker">引题文字在此</p>' in html
    assert '<h1 class="article-headline">第1版头条新闻标题</h1>' in html
    assert '<p class="subheadline">——副题说明文字</p>' in html
    assert '<p class="byline">本报记者 王小明</p>' in html
    assert html.count("<p>这是第1版头条的正文第一段") == 1
    assert f'href="/jcrb/{DAY}/a/{second.number}/"' in html  # next article
    assert f'href="/jcrb/{DAY}/A01/#article-{articles[0].number}"' in html  # show on page
    assert f'href="/jcrb/{DAY}/a/{articles[0].number}/print/"' in html
    assert 'property="og:title" content="第1版头条新闻标题"' in html


def test_article_json_twin_and_print_view(client, issues):
    article = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order").first()
    data = client.get(f"/jcrb/{DAY}/a/{article.number}.json").json()
    assert data["headline"] == "第1版头条新闻标题"
    assert data["pages"][0]["number"] == "A01"
    assert len(data["body"]) == 2
    html = client.get(f"/jcrb/{DAY}/a/{article.number}/print/").content.decode()
    assert "江城日报" in html and "2026年11月27日 星期五" in html and "第A01版：要闻" in html
    assert "reader/print.js" in html and 'id="print-now"' in html


def test_page_pdf_and_images_are_served(client, issues, page_pdfs):
    response = client.get(f"/jcrb/{DAY}/A01.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    served = b"".join(response.streaming_content)
    # The readers' copy: the same page, rewritten (the original stays in storage as it came).
    assert served.startswith(b"%PDF-") and served != page_pdfs[0].read_bytes()
    from broadsheet.pdf.document import open_pdf

    with open_pdf(page_pdfs[0]) as original:
        size = original.get_page_size(0)
    import pypdfium2 as pdfium

    copy = pdfium.PdfDocument(served)
    assert len(copy) == 1 and copy.get_page_size(0) == size
    copy.close()
    image = client.get(f"/jcrb/{DAY}/A01.jpg")
    assert image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(f"/jcrb/{DAY}/A01.thumb.jpg").status_code == 200


def test_unpublished_issue_is_not_served_to_readers(client, issues):
    draft = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()
    for url in [
        f"/jcrb/{draft}/",
        f"/jcrb/{draft}/A01/",
        f"/jcrb/{draft}/A01.pdf",
        f"/jcrb/{draft}/A01.jpg",
        f"/jcrb/{draft}.json",
    ]:
        assert client.get(url).status_code == 404, url


def test_staff_can_preview_a_draft(client, issues, django_user_model):
    staff = django_user_model.objects.create_user("desk", password="x", is_staff=True)
    client.force_login(staff)
    draft = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()
    response = client.get(f"/jcrb/{draft}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_unknown_things_are_404(client, issues):
    for url in [
        "/nope/",
        f"/jcrb/{DAY}/Z9/",
        f"/jcrb/{DAY}/a/999/",
        "/jcrb/2026-02-31/",
        "/jcrb/1999-01-01/",
    ]:
        assert client.get(url).status_code == 404, url


def test_published_pages_are_cacheable_with_etags(client, issues):
    response = client.get(f"/jcrb/{DAY}/A01/")
    assert "max-age" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(f"/jcrb/{DAY}/A01/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_calendar_marks_issue_days(client, issues):
    html = client.get("/jcrb/2026/").content.decode()
    assert f'href="/jcrb/{DAY}/"' in html
    assert f'href="/jcrb/{(ISSUE_DATE - dt.timedelta(days=2)).isoformat()}/"' in html
    assert "2026-11-28" not in html
    assert "11月" in html


def test_interface_language_follows_the_publication(client, english_publication, page_pdfs):
    from broadsheet.ingest.pipeline import IngestRequest, ingest

    ingest(
        IngestRequest(
            publication="courier", date=ISSUE_DATE, files=page_pdfs[:2], publish=True, workers=1
        )
    )
    html = client.get(f"/courier/{DAY}/").content.decode()
    assert '<html lang="en">' in html
    assert "Friday, 27 November 2026" in html
    assert "Next page" in html
    # a reader's own choice wins over the publication's language
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/courier/{DAY}/").content.decode()
    assert "下一版" in html


def test_edition_urls(client, publication, page_pdfs):
    from broadsheet.ingest.pipeline import IngestRequest, ingest

    ingest(
        IngestRequest(
            publication="jcrb",
            date=ISSUE_DATE,
            edition=2,
            files=page_pdfs[:1],
            publish=True,
            workers=1,
        )
    )
    html = client.get(f"/jcrb/{DAY}/ed-2/").content.decode()
    assert f'href="/jcrb/{DAY}/ed-2/01.pdf"' in html or f"/jcrb/{DAY}/ed-2/A01.pdf" in html
    assert client.get(f"/jcrb/{DAY}/ed-2.json").status_code == 200


@pytest.mark.django_db
def test_an_article_with_nothing_to_read_still_has_a_name(client, issues):
    """A picture without caption or an image-only advert: its zone is still a named link."""
    from broadsheet.newspaper.models import Article

    article = Article.objects.filter(issue__status="published").first()
    Article.objects.filter(pk=article.pk).update(
        headline="", kicker="", subheadline="", body=[], kind="picture"
    )
    article.refresh_from_db()
    from django.utils import translation

    with translation.override("en"):
        assert article.title == f"Picture {article.number}"
    with translation.override("zh-hans"):
        assert article.title == f"图片 {article.number}"
    page = client.get(f"/jcrb/{article.issue.date.isoformat()}/{article.page.number}/")
    assert f"图片 {article.number}" in page.content.decode()
