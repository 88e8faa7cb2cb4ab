"""The OCR step of the ingest pipeline: queued in the background, recognised, published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article, IssueEvent, Page
from broadsheet.ocrtext.models import PageText
from broadsheet.ocrtext.service import recognise
from tests.conftest import ISSUE_DATE
from tests.factories import ArticleSpec, write_page_pdf
from tests.ocr.support import image_pdf, text_image

pytest.importorskip("rapidocr", reason="the ocr extra is not installed")

LINES = ["老城区二十条街巷焕新亮相", "市民出行更便捷街区活力再提升", "本报记者林晓通讯员周明报道"]


def scan_issue(tmp_path: Path, publication: Any, lines: list[str] = LINES) -> Page:
    pdf = image_pdf(text_image(lines), tmp_path / "A01.pdf")
    outcome = ingest(IngestRequest(publication.slug, ISSUE_DATE, [pdf], publish=True))
    assert any("recognised in the background" in w for w in outcome.warnings)
    return outcome.issue.pages.get()


@pytest.mark.django_db(transaction=True)
def test_scan_is_queued_then_recognised_published_and_searchable(
    tmp_path: Path, publication: Any, client: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    page = scan_issue(tmp_path, publication)
    assert page.text_quality == "none" and not page.articles.exists()
    assert PageText.objects.get(page=page).status == "queued"
    queued = DBTaskResult.objects.get(task_path__endswith="recognise_page_task")
    assert queued.args_kwargs["args"] == [page.pk] and queued.priority < 0

    assert recognise(page.pk) == "done"
    page.refresh_from_db()
    row = PageText.objects.get(page=page)
    assert row.status == "done" and row.confidence > 0.9
    assert "老城区二十条街巷焕新亮相" in row.text
    assert all(len(line["box"]) == 4 and line["words"] for line in row.lines)
    x0, y0, x1, y1 = row.lines[0]["box"]  # points of the 600 × 400 pt page, top left origin
    assert 10 < x0 < 60 and 10 < y0 < 40 and 300 < x1 < 400
    assert page.text_quality == "none"  # readers are still told it is a scan
    article = Article.objects.get(page=page)
    assert "市民出行更便捷" in " ".join(p["text"] for p in article.body)
    event = IssueEvent.objects.filter(step="ocr", level="info", seconds__isnull=False).last()
    assert event is not None and "3 lines" in event.message and event.data["engine"]

    response = client.get(reverse("search:search"), {"q": "街巷焕新"})
    assert response.status_code == 200
    assert article.headline[:4] in response.content.decode()
    # Recognising again with the same input does nothing new: the page is current.
    from broadsheet.ocrtext.service import needs_ocr

    assert not needs_ocr(page)


@pytest.mark.django_db(transaction=True)
def test_engine_error_keeps_page_published_and_logs_warning(
    tmp_path: Path, publication: Any, monkeypatch: Any
) -> None:
    import broadsheet.ocr.worker as worker

    page = scan_issue(tmp_path, publication)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("onnxruntime: bad model")

    monkeypatch.setattr(worker, "recognise_page", broken)
    assert recognise(page.pk) == "failed"
    page.refresh_from_db()
    assert page.issue.status == "published" and page.image.name
    row = PageText.objects.get(page=page)
    assert row.status == "failed" and "bad model" in row.error
    warning = IssueEvent.objects.get(step="ocr", level="warning")
    assert "A01" in warning.message and "image" in warning.message


@pytest.mark.django_db(transaction=True)
def test_born_digital_page_is_not_queued(tmp_path: Path, publication: Any) -> None:
    spec = ArticleSpec("标题新闻", ["正文" * 80], (40, 40, 500, 600))
    pdf = write_page_pdf(tmp_path / "A01.pdf", [spec])
    ingest(IngestRequest(publication.slug, ISSUE_DATE, [pdf]))
    assert not PageText.objects.exists()
    assert not IssueEvent.objects.filter(step="ocr").exists()


@pytest.mark.django_db(transaction=True)
def test_without_the_engine_scans_are_published_as_images_with_a_warning(
    tmp_path: Path, publication: Any, monkeypatch: Any
) -> None:
    import broadsheet.ocrtext.service as service

    monkeypatch.setattr(service, "ocr_available", lambda: False)
    pdf = image_pdf(text_image(LINES), tmp_path / "A01.pdf")
    outcome = ingest(IngestRequest(publication.slug, ISSUE_DATE, [pdf], publish=True))
    assert any("OCR is not installed" in w for w in outcome.warnings)
    assert outcome.issue.status == "published" and not PageText.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_desk_checklist_says_the_text_was_recognised(tmp_path: Path, publication: Any) -> None:
    from django.utils import translation

    from broadsheet.desk.publishing import checklist

    page = scan_issue(tmp_path, publication)
    with translation.override("en"):
        assert any("being recognised (OCR)" in w for w in checklist(page.issue))
        PageText.objects.filter(page=page).update(status=PageText.Status.FAILED)
        assert any("image and PDF only" in w for w in checklist(page.issue))
        PageText.objects.filter(page=page).update(status=PageText.Status.QUEUED)
        recognise(page.pk)
        notes = checklist(page.issue)
    assert any("recognised automatically (OCR)" in w for w in notes)
    assert not any("image and PDF only" in w for w in notes)


JUNK = "Ã¤ ÞþÐ xq#@ ¤¤ ~~ ΞΞ ▯▯ Ã¶Ã"


def poor_layer_pdf(image: Any, dest: Path) -> Path:
    """A scan whose PDF carries an old project's poor OCR layer: invisible junk text over it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(dest), pagesize=image.size)
    c.drawImage(ImageReader(image.convert("RGB")), 0, 0, *image.size)
    for row in range(8):
        t = c.beginText(20, image.size[1] - 30 - row * 40)
        t.setTextRenderMode(3)  # invisible, as OCR software writes it
        t.setFont("Helvetica", 14)
        t.textLine(JUNK)
        c.drawText(t)
    c.showPage()
    c.save()
    return dest


@pytest.mark.django_db(transaction=True)
def test_a_poor_ocr_layer_is_replaced_and_the_choice_recorded(
    tmp_path: Path, publication: Any
) -> None:
    pdf = poor_layer_pdf(text_image(LINES), tmp_path / "A01.pdf")
    outcome = ingest(IngestRequest(publication.slug, ISSUE_DATE, [pdf], publish=True))
    page = outcome.issue.pages.get()
    assert page.text_quality == "ocr"
    assert recognise(page.pk) == "done"
    row = PageText.objects.get(page=page)
    assert row.source == "ocr" and "PDF layer" in row.choice and "老城区" in row.text
    event = IssueEvent.objects.filter(step="ocr", level="info").last()
    assert event is not None and event.data["source"] == "ocr" and event.data["choice"]
    body = " ".join(p["text"] for a in Article.objects.filter(issue=page.issue) for p in a.body)
    assert "街巷焕新" in body and "ÞþÐ" not in body


@pytest.mark.django_db(transaction=True)
def test_desk_shows_where_the_recognition_of_the_scans_stands(
    tmp_path: Path, publication: Any, client: Any
) -> None:
    from tests.desk.conftest import make_user

    page = scan_issue(tmp_path, publication)
    client.force_login(make_user("editor", "editor", [publication]))
    progress = reverse("desk:progress", args=[page.issue_id])
    data = client.get(progress, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["ocr"].startswith("Text recognition (OCR): 0 of 1 scanned page done, 1 waiting")
    assert [p["ocr_status"] for p in data["pages"]] == ["queued"]
    html = client.get(reverse("desk:issue", args=[page.issue_id])).content.decode()
    assert "status-ocr-queued" in html and 'id="ocr-progress"' in html

    recognise(page.pk)
    data = client.get(progress, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [p["ocr_status"] for p in data["pages"]] == ["done"]
    assert "1 of 1 scanned page done" in data["ocr"] and "waiting" not in data["ocr"]
    assert "共 1 个扫描版面，已完成 1 个" in client.get(progress).json()["ocr"]  # the paper's
    # Queued again: the estimate comes from the recognition just made.
    PageText.objects.filter(page=page).update(status=PageText.Status.QUEUED)
    assert "min left" in client.get(progress, HTTP_ACCEPT_LANGUAGE="en").json()["ocr"]
    PageText.objects.filter(page=page).update(status=PageText.Status.FAILED)
    assert "1 failed" in client.get(progress, HTTP_ACCEPT_LANGUAGE="en").json()["ocr"]
