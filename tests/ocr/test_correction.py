"""The desk: correcting recognised lines next to the image, with history, undo and reindex."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from broadsheet.newspaper.models import Article, Page
from broadsheet.ocr.worker import ocr_pdf_page
from broadsheet.ocrtext.models import LineCorrection, PageText
from broadsheet.ocrtext.service import apply, single_page_pdf
from tests.desk.conftest import make_user
from tests.ocr.test_reader import recognised_page

pytest.importorskip("rapidocr", reason="the ocr extra is not installed")


def search(client: Any, q: str) -> str:
    return client.get(reverse("search:search"), {"q": q}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_correct_a_line_undo_and_keep_it_through_a_new_recognition(
    tmp_path: Path, publication: Any, client: Any
) -> None:
    page = recognised_page(tmp_path, publication)
    url = reverse("desk:ocr_text", args=[page.issue_id, page.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user("editor", "editor", [publication]))
    html = client.get(url).content.decode()
    assert "老城区二十条街巷焕新亮相" in html and "csrfmiddlewaretoken" in html
    image = client.get(reverse("desk:ocr_line_image", args=[page.issue_id, page.pk, 0]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"

    response = client.post(url, {"line": "1", "text": "市民出行更便捷旧城区活力再提升"})
    assert response.status_code == 302
    assert "旧城区活力" in " ".join(p["text"] for a in Article.objects.all() for p in a.body)
    assert "旧城区活力" in search(client, "旧城区活力")  # reindexed at once
    fix = LineCorrection.objects.get()
    assert fix.previous == "市民出行更便捷街区活力再提升" and fix.user is not None
    history = client.get(url).content.decode()
    assert "<del>市民出行更便捷街区活力再提升</del>" in history

    # Bad input: a clear message, nothing changed.
    client.post(url, {"line": "9", "text": "x"})
    client.post(url, {"line": "0", "text": "   "})
    assert LineCorrection.objects.count() == 1

    # Recognised again (e.g. `broadsheet ocr --force`): the correction stays.
    page = Page.objects.select_related("issue__publication").get(pk=page.pk)
    pdf = tmp_path / "again.pdf"
    pdf.write_bytes(single_page_pdf(page))
    assert apply(page, ocr_pdf_page(str(pdf), 0)) == "done"
    assert "旧城区活力" in PageText.objects.get(page=page).text

    client.post(url, {"action": "undo"})
    assert not LineCorrection.objects.exists()
    text = PageText.objects.get(page=page).text
    assert "街区活力" in text and "旧城区" not in text
    assert "旧城区活力" not in " ".join(p["text"] for a in Article.objects.all() for p in a.body)


@pytest.mark.django_db(transaction=True)
def test_editor_of_another_publication_cannot_correct(
    tmp_path: Path, publication: Any, client: Any
) -> None:
    from broadsheet.newspaper.models import Publication

    page = recognised_page(tmp_path, publication)
    other = Publication.objects.create(slug="jcwb", name="江城晚报")
    client.force_login(make_user("outsider", "editor", [other]))
    url = reverse("desk:ocr_text", args=[page.issue_id, page.pk])
    assert client.post(url, {"line": "0", "text": "篡改"}).status_code == 403
    assert not LineCorrection.objects.exists()
