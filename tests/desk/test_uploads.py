"""Uploading pages in batches, replacing one, bad files rejected with the reason; processing
through the ingest pipeline with per-page progress; failed pages say why and can be retried."""

from __future__ import annotations

import pytest

from broadsheet.desk.models import IssueDesk, PageUpload
from broadsheet.newspaper.models import Article, Page
from tests.conftest import zh_articles
from tests.desk.conftest import upload
from tests.factories import write_page_pdf

pytestmark = pytest.mark.django_db


def test_batches_in_any_order_become_one_issue(client, editor, issue, page_pdfs):
    client.force_login(editor)
    response = upload(client, issue, page_pdfs[2])
    assert response.json()["accepted"] == [{"file": "A03.pdf", "label": "A03", "replaced": False}]
    response = upload(client, issue, page_pdfs[1], page_pdfs[0])
    assert {a["label"] for a in response.json()["accepted"]} == {"A01", "A02"}
    slots = list(issue.uploads.order_by("position"))
    assert [s.label for s in slots] == ["A01", "A02", "A03"]
    # Stored under generated names, never the browser's.
    assert all(s.file.name.startswith("desk/jcrb/") and "A0" not in s.file.name for s in slots)
    # Processed (immediately, in tests) by the ingest pipeline.
    assert IssueDesk.objects.get(issue=issue).state == "done"
    assert all(s.status == "done" for s in slots)
    assert list(Page.objects.filter(issue=issue).values_list("number", flat=True)) == [
        "A01",
        "A02",
        "A03",
    ]
    issue.refresh_from_db()
    assert issue.status == "ready"
    progress = client.get(f"/desk/issues/{issue.pk}/progress.json").json()
    assert progress["state"] == "done" and progress["done"] == 3 and progress["total"] == 3
    assert all(p["page_id"] for p in progress["pages"])


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
    assert issue.uploads.count() == 1
    assert Page.objects.filter(issue=issue).count() == 1


def test_size_limit(client, editor, issue, page_pdfs, settings):
    settings.BROADSHEET_MAX_PDF_MB = 1
    client.force_login(editor)
    big = page_pdfs[0].parent / "A09.pdf"
    big.write_bytes(page_pdfs[0].read_bytes() + b"\n%" + b"x" * (1024 * 1024))
    response = upload(client, issue, big)
    assert response.status_code == 400
    assert "1 MB" in response.json()["rejected"][0]["reason"]  # "the file is larger than 1 MB"


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
    assert issue.uploads.count() == 3
    headlines = list(Article.objects.filter(issue=issue).values_list("headline", flat=True))
    assert "改过的标题" in headlines
    assert any("第7版" in h for h in headlines)


def test_label_edit_and_replace_one_page(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, page_pdfs[0], page_pdfs[1])
    slot = issue.uploads.get(label="A02")
    response = client.post(
        f"/desk/issues/{issue.pk}/slots/{slot.pk}/", {"label": "B01", "name": "城市", "position": 2}
    )
    assert response.status_code == 302
    assert Page.objects.get(issue=issue, number="B01").name == "城市"
    bad = client.post(f"/desk/issues/{issue.pk}/slots/{slot.pk}/", {"label": "../x", "name": ""})
    assert bad.status_code == 302
    assert issue.uploads.get(pk=slot.pk).label == "B01"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/desk/issues/{issue.pk}/slots/{slot.pk}/replace/",
        {"file": SimpleUploadedFile("whatever.pdf", page_pdfs[2].read_bytes())},
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.original_name == "whatever.pdf" and slot.label == "B01" and slot.status == "done"


def test_failed_page_says_why_and_can_be_retried(client, editor, issue, page_pdfs, monkeypatch):
    import broadsheet.ingest.pipeline as pipeline

    client.force_login(editor)
    real = pipeline.process_page

    def broken(job):
        if job.sequence == 2:
            raise RuntimeError("the renderer ran out of memory")
        return real(job)

    monkeypatch.setattr(pipeline, "process_page", broken)
    upload(client, issue, *page_pdfs)
    slots = {s.label: s for s in issue.uploads.all()}
    assert slots["A02"].status == "failed"
    assert "ran out of memory" in slots["A02"].error
    assert IssueDesk.objects.get(issue=issue).state == "failed"
    page = client.get(f"/desk/issues/{issue.pk}/").content.decode()
    assert "ran out of memory" in page and "/process/" in page

    monkeypatch.setattr(pipeline, "process_page", real)
    client.post(f"/desk/issues/{issue.pk}/process/")
    assert set(issue.uploads.values_list("status", flat=True)) == {PageUpload.Status.DONE}
    assert Page.objects.filter(issue=issue).count() == 3


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
