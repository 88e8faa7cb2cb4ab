"""The ingest pipeline end to end on real PDFs made by the tests."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest
from django.core.files.storage import default_storage

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article, Issue, IssueEvent, Page, Region
from tests.conftest import ISSUE_DATE, zh_articles
from tests.factories import write_page_pdf

pytestmark = pytest.mark.django_db


def test_ingest_stores_pages_articles_and_files(publication, page_pdfs, manifest_for):
    outcome = ingest(
        IngestRequest(
            publication="jcrb",
            date=ISSUE_DATE,
            files=page_pdfs,
            manifest=manifest_for(page_pdfs),
            workers=2,
        )
    )
    issue = outcome.issue
    assert issue.status == Issue.Status.READY  # not published without --publish
    pages = list(issue.pages.order_by("sequence"))
    assert [p.number for p in pages] == ["A01", "A02", "A03"]
    assert [p.name for p in pages] == ["要闻", "城市", "文化"]
    assert pages[0].width == pytest.approx(841.89, abs=0.1)
    for page, source in zip(pages, page_pdfs, strict=True):
        # The original is kept byte for byte; readers get a rewritten copy of the same page.
        assert default_storage.open(page.source.name).read() == source.read_bytes()
        assert page.pdf.name != page.source.name
        copy = pdfium.PdfDocument(default_storage.open(page.pdf.name).read())
        assert len(copy) == 1 and copy.get_page_size(0) == pytest.approx((841.89, 1190.55), abs=0.1)
        copy.close()
        assert default_storage.exists(page.image.name)
        assert default_storage.exists(page.thumbnail.name)
        assert page.image_width == 800
    articles = list(issue.articles.order_by("order"))
    assert [a.headline for a in articles] == [s.headline for n in (1, 2, 3) for s in zh_articles(n)]
    first = articles[0]
    assert first.kicker == "引题文字在此"
    assert first.subheadline == "——副题说明文字"
    assert first.byline == "本报记者 王小明"
    assert len(first.paragraphs) == 2
    assert Region.objects.filter(article=first, role="zone").count() == 1
    steps = set(IssueEvent.objects.filter(issue=issue).values_list("step", flat=True))
    assert {"receive", "validate", "pages", "store"} <= steps


def test_publish_flag_publishes_in_the_same_step(publication, page_pdfs):
    outcome = ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, publish=True, workers=1)
    )
    assert outcome.issue.status == Issue.Status.PUBLISHED
    assert outcome.issue.published_at is not None
    assert IssueEvent.objects.filter(issue=outcome.issue, step="publish").exists()


def test_analysis_finds_articles_without_a_manifest(publication, page_pdfs):
    outcome = ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs[:1], workers=1)
    )
    headlines = list(outcome.issue.articles.values_list("headline", flat=True))
    assert outcome.articles >= 1
    assert any("头条新闻标题" in h for h in headlines), headlines


def test_running_again_with_replace_makes_the_issue_the_run(
    publication, page_pdfs, manifest_for, django_capture_on_commit_callbacks
):
    first = ingest(
        IngestRequest(
            publication="jcrb",
            date=ISSUE_DATE,
            files=page_pdfs,
            manifest=manifest_for(page_pdfs),
            workers=1,
        )
    )
    old_files = [p.image.name for p in first.issue.pages.all()]
    with django_capture_on_commit_callbacks(execute=True):
        second = ingest(
            IngestRequest(
                publication="jcrb", date=ISSUE_DATE, files=page_pdfs[:2], workers=1, replace=True
            )
        )
    assert second.replaced
    assert second.issue.pk == first.issue.pk
    assert Issue.objects.count() == 1
    assert Page.objects.filter(issue=second.issue).count() == 2
    assert not any(default_storage.exists(name) for name in old_files)
    assert Article.objects.filter(issue=second.issue, page__number="A03").count() == 0
    # The removed page's articles are retired, never renumbered into other stories.
    retired = set(second.issue.retired_articles.values_list("number", flat=True))
    assert retired == {5, 6}
    assert set(Article.objects.filter(issue=second.issue).values_list("number", flat=True)) == {
        1,
        2,
        3,
        4,
    }


def test_running_again_without_replace_keeps_the_other_pages(publication, page_pdfs, tmp_path):
    first = ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, workers=1))
    numbers = dict(Article.objects.filter(issue=first.issue).values_list("number", "headline"))
    again = write_page_pdf(tmp_path / "A02.pdf", zh_articles(2), header="江城日报 A02")
    second = ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[again], workers=1))
    assert [p.number for p in second.issue.pages.order_by("sequence")] == ["A01", "A02", "A03"]
    assert second.stored is not None and second.stored.pages_processed == 1
    assert dict(Article.objects.filter(issue=first.issue).values_list("number", "headline")) == (
        numbers
    )
    # The same files again: nothing to do, nothing written.
    version = Issue.objects.get(pk=first.issue.pk).version
    same = [page_pdfs[0], again, page_pdfs[2]]
    third = ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=same, workers=1))
    assert third.stored is not None and not third.stored.changed
    assert Issue.objects.get(pk=first.issue.pk).version == version


def test_multi_page_pdf_is_split_into_pages(publication, tmp_path):
    path = write_page_pdf(tmp_path / "issue.pdf", zh_articles(1), header="江城日报", pages=4)
    outcome = ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[path], workers=2))
    pages = list(outcome.issue.pages.order_by("sequence"))
    assert [p.number for p in pages] == ["01", "02", "03", "04"]
    for page in pages:
        pdf = pdfium.PdfDocument(default_storage.open(page.pdf.name).read())
        assert len(pdf) == 1
        pdf.close()


def test_page_labels_from_file_names(publication, tmp_path):
    files = [write_page_pdf(tmp_path / f"jcrb20261127{n:03d}.pdf", zh_articles(n)) for n in (1, 2)]
    outcome = ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=files, workers=1))
    assert sorted(outcome.issue.pages.values_list("number", flat=True)) == ["001", "002"]


def test_edition_two_is_a_separate_issue(publication, page_pdfs):
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs[:1], workers=1))
    ingest(
        IngestRequest(
            publication="jcrb", date=ISSUE_DATE, edition=2, files=page_pdfs[:1], workers=1
        )
    )
    assert sorted(Issue.objects.values_list("edition", flat=True)) == [1, 2]


def test_manifest_continuation_joins_article_parts(publication, page_pdfs, tmp_path):
    manifest = {
        "pages": [
            {
                "file": "A01.pdf",
                "articles": [
                    {
                        "id": "lead",
                        "headline": "跨版长篇报道",
                        "text": "上半部分正文。",
                        "regions": [[40, 110, 560, 520]],
                        "continued_to": {"page": 2, "article": "rest"},
                    }
                ],
            },
            {
                "file": "A02.pdf",
                "articles": [
                    {
                        "id": "rest",
                        "headline": "跨版长篇报道",
                        "text": "下半部分正文。",
                        "regions": [[40, 560, 560, 900]],
                        "continued_from": {"page": 1, "article": "lead"},
                    }
                ],
            },
        ]
    }
    path = tmp_path / "m.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    outcome = ingest(
        IngestRequest(
            publication="jcrb", date=ISSUE_DATE, files=page_pdfs[:2], manifest=path, workers=1
        )
    )
    articles = list(outcome.issue.articles.all())
    assert len(articles) == 1
    article = articles[0]
    assert article.body_text == "上半部分正文。\n\n下半部分正文。"
    zone_pages = sorted(article.regions.filter(role="zone").values_list("page__number", flat=True))
    assert zone_pages == ["A01", "A02"]


def test_readers_get_a_cleaned_pdf_and_the_original_is_kept(publication, tmp_path, client):
    """A page PDF with JavaScript, an open action, an embedded file and owner-password
    encryption: readers download a copy without any of them; the original is stored as it
    came, byte for byte."""
    import pikepdf

    from tests.pdf.test_sanitize import BAD_KEYS, every_object, hostile

    original = hostile()
    path = tmp_path / "A01.pdf"
    path.write_bytes(original)
    outcome = ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[path], publish=True, workers=1)
    )
    page = outcome.issue.pages.get()
    assert default_storage.open(page.source.name).read() == original
    assert "encryption" in page.pdf_removed and "JavaScript" in " ".join(page.pdf_removed)
    response = client.get(f"/jcrb/{ISSUE_DATE.isoformat()}/A01.pdf")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    clean = pikepdf.open(io.BytesIO(served))
    assert not clean.is_encrypted
    assert not any(BAD_KEYS & set(obj.keys()) for obj in every_object(clean))


def test_analysed_zones_are_stored_as_one_outline_per_page(publication, page_pdfs):
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, workers=1))
    zones = Region.objects.filter(role="zone", article__issue__date=ISSUE_DATE)
    assert zones.exists()
    outlined = [z for z in zones if z.polygon]
    assert outlined, "the analyser's outlines reach the database"
    for z in outlined:
        xs, ys = [p[0] for p in z.polygon], [p[1] for p in z.polygon]
        assert [min(xs), min(ys), max(xs), max(ys)] == z.bbox
        assert z.points() == z.polygon  # what the reader and the desk draw
        # one zone per article and page where the article has an outline
        assert zones.filter(article=z.article, page=z.page).count() == 1
