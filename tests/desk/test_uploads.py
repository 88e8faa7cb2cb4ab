"""Uploading pages in batches, replacing one, bad files rejected with the reason; processing
through the ingest pipeline; failed pages say why and can be retried."""

from __future__ import annotations

import pytest

from broadsheet.desk.models import IssueDesk, PageUpload
from broadsheet.newspaper.models import Article, Page
from tests.conftest import zh_articles
from tests.desk.conftest import upload
from tests.factories import write_page_pdf

pytestmark = pytest.mark.django_db


def test_batches_in_any_order_become_one_issue(client, editor, issue, page_pdfs, settings):
    from broadsheet.desk.processing import request_processing

    client.force_login(editor)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = upload(client, issue, page_pdfs[2])
    assert response.json()["accepted"] == [{"file": "A03.pdf", "label": "A03", "replaced": False}]
    response = upload(client, issue, page_pdfs[1], page_pdfs[0])
    assert {a["label"] for a in response.json()["accepted"]} == {"A01", "A02"}
    # Waiting, in label order, stored under generated names (never the browser's).
    waiting = list(issue.uploads.order_by("position"))
    assert [s.label for s in waiting] == ["A01", "A02", "A03"]
    assert all(s.file.name.startswith("desk/jcrb/") and "A0" not in s.file.name for s in waiting)
    assert not Page.objects.filter(issue=issue).exists()

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    IssueDesk.objects.filter(issue=issue).update(state=IssueDesk.State.IDLE)
    request_processing(issue)
    assert IssueDesk.objects.get(issue=issue).state == "done"
    # Processed uploads are pages now, and wait no more.
    assert not issue.uploads.exists()
    assert list(Page.objects.filter(issue=issue).values_list("number", flat=True)) == [
        "A01",
        "A02",
        "A03",
    ]
    issue.refresh_from_db()
    assert issue.status == "ready"
    progress = client.get(f"/desk/issues/{issue.pk}/progress.json").json()
    assert progress["state"] == "done" and progress["done"] == 3 and progress["total"] == 3
    assert [p["label"] for p in progress["pages"]] == ["A01", "A02", "A03"]
    assert all(p["page_id"] and p["status"] == "processed" for p in progress["pages"])


def test_bad_file_is_rejected_and_the_rest_kept(client, editor, issue, page_pdfs, tmp_path):
    client.force_login(editor)
    bad = tmp_path / "A02.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    two = write_page_pdf(tmp_path / "A05.pdf", zh_articles(1), pages=2)
    response = upload(client, issue, page_pdfs[0], bad, two)
    body = response.json()
    assert [a["label"] for a in body["accepted"]] == ["A01"]
    reasons = {r["file"]: r["reason"] for r in body["rejected"]}
    assert set(reasons) == {"A02.pdf", "A05.pdf"}
    assert "2" in reasons["A05.pdf"]
    assert Page.objects.filter(issue=issue).count() == 1


def test_size_limit(client, editor, issue, page_pdfs, settings):
    settings.BROADSHEET_MAX_PDF_MB = 1
    client.force_login(editor)
    big = page_pdfs[0].parent / "A09.pdf"
    big.write_bytes(page_pdfs[0].read_bytes() + b"\n%" + b"x" * (1024 * 1024))
    response = upload(client, issue, big)
    assert response.status_code == 400
    assert "1 MB" in response.json()["rejected"][0]["reason"]  # "the file is larger than 1 MB"


def test_rejection_reasons_are_in_the_editors_language(client, editor, issue, tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    client.force_login(editor)
    not_pdf = tmp_path / "A01.pdf"
    not_pdf.write_text("hello", encoding="utf-8")
    damaged = tmp_path / "A02.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    locked = tmp_path / "A03.pdf"
    c = canvas.Canvas(
        str(locked), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="o")
    )
    c.drawString(100, 700, "locked")
    c.save()
    response = upload(client, issue, not_pdf, damaged, locked, language="zh-hans")
    reasons = {r["file"]: r["reason"] for r in response.json()["rejected"]}
    assert reasons["A01.pdf"] == "这不是 PDF 文件"
    assert "损坏" in reasons["A02.pdf"]
    assert "密码" in reasons["A03.pdf"]
    response = upload(client, issue, not_pdf, language="en")
    assert response.json()["rejected"][0]["reason"] == "this is not a PDF file"


def test_same_label_replaces_the_page_and_keeps_corrections_elsewhere(
    client, editor, issue, page_pdfs, tmp_path
):
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    # Correct a headline on A01, then the typesetter sends A02 again.
    first = Article.objects.filter(issue=issue, page__number="A01").order_by("order").first()
    client.post(
        f"/desk/issues/{issue.pk}/changes/",
        {"op": "text", "article": first.number, "headline": "改过的标题"},
        content_type="application/json",
    )
    again = tmp_path / "again"
    again.mkdir()
    new_a02 = write_page_pdf(again / "A02.pdf", zh_articles(7), header="江城日报 A02")
    response = upload(client, issue, new_a02)
    assert response.json()["accepted"][0]["replaced"] is True
    assert Page.objects.filter(issue=issue).count() == 3
    headlines = list(Article.objects.filter(issue=issue).values_list("headline", flat=True))
    assert "改过的标题" in headlines
    assert any("第7版" in h for h in headlines)


def test_label_name_and_position_edits_need_no_processing(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, page_pdfs[0], page_pdfs[1])
    page = Page.objects.get(issue=issue, number="A02")
    numbers = dict(Article.objects.filter(issue=issue).values_list("number", "headline"))
    response = client.post(
        f"/desk/issues/{issue.pk}/pages/{page.pk}/", {"label": "B01", "name": "城市", "position": 1}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.number, page.name, page.sequence) == ("B01", "城市", 1)
    assert dict(Article.objects.filter(issue=issue).values_list("number", "headline")) == numbers
    # The moved page's articles come first in reading order now.
    first = Article.objects.filter(issue=issue).order_by("order").first()
    assert first.page_id == page.pk
    bad = client.post(f"/desk/issues/{issue.pk}/pages/{page.pk}/", {"label": "../x", "name": ""})
    assert bad.status_code == 302
    huge = client.post(
        f"/desk/issues/{issue.pk}/pages/{page.pk}/",
        {"label": "B01", "name": "", "position": "99999999999999999999"},
    )
    assert huge.status_code == 302
    page.refresh_from_db()
    assert page.number == "B01" and page.sequence == 1


def test_replace_button_processes_only_that_page(client, editor, issue, page_pdfs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload(client, issue, page_pdfs[0], page_pdfs[1])
    a01 = Page.objects.get(issue=issue, number="A01")
    a02 = Page.objects.get(issue=issue, number="A02")
    a01_files = (a01.pdf.name, a01.image.name)
    response = client.post(
        f"/desk/issues/{issue.pk}/pages/{a02.pk}/replace/",
        {"file": SimpleUploadedFile("whatever.pdf", page_pdfs[2].read_bytes())},
    )
    assert response.status_code == 302
    a01.refresh_from_db()
    a02.refresh_from_db()
    assert (a01.pdf.name, a01.image.name) == a01_files
    assert a02.source_name == "A02.pdf" and a02.number == "A02"
    assert any("第3版" in h for h in a02.articles.values_list("headline", flat=True))


def test_failed_page_says_why_and_can_be_retried(client, editor, issue, page_pdfs, monkeypatch):
    import broadsheet.ingest.pipeline as pipeline

    client.force_login(editor)
    real = pipeline.process_page

    def broken(job):
        if job.source_name == "A02.pdf":
            raise RuntimeError("the renderer ran out of memory")
        return real(job)

    monkeypatch.setattr(pipeline, "process_page", broken)
    upload(client, issue, *page_pdfs)
    waiting = {s.label: s for s in issue.uploads.all()}
    assert waiting["A02"].status == "failed"
    assert "ran out of memory" in waiting["A02"].error
    assert IssueDesk.objects.get(issue=issue).state == "failed"
    assert not Page.objects.filter(issue=issue).exists()  # nothing half-stored
    page = client.get(f"/desk/issues/{issue.pk}/").content.decode()
    assert "ran out of memory" in page and "/retry/" in page

    monkeypatch.setattr(pipeline, "process_page", real)
    client.post(f"/desk/issues/{issue.pk}/retry/")
    assert not issue.uploads.exists()
    assert Page.objects.filter(issue=issue).count() == 3
    assert set(PageUpload.objects.values_list("status", flat=True)) == set()


def test_issue_creation(client, editor, publication, other_publication):
    client.force_login(editor)
    response = client.post(
        "/desk/", {"publication": publication.pk, "date": "2026-12-01", "edition": 1}
    )
    assert response.status_code == 302
    # Not a publication of this editor.
    response = client.post(
        "/desk/", {"publication": other_publication.pk, "date": "2026-12-01", "edition": 1}
    )
    assert response.status_code == 400


def test_issue_dates_are_checked_and_shown_in_iso(client, editor, publication):
    client.force_login(editor)
    page = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # A date input only shows an ISO value; a Chinese "2026/12/04" would look empty.
    import re

    value = re.search(r'type="date" name="date" value="([^"]*)"', page)
    assert value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1))
    for bad in ("2026-02-30", "2026-13-01", "99999-01-01"):
        response = client.post(
            "/desk/",
            {"publication": publication.pk, "date": bad, "edition": 1},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        assert "YYYY-MM-DD" in response.content.decode()
    response = client.post(
        "/desk/",
        {"publication": publication.pk, "date": "2099-01-01", "edition": 1},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and "之间的日期" in response.content.decode()
