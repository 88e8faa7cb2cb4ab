"""Readers: the recognised text on the page view, its notice, and search hits highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Page
from broadsheet.ocrtext.models import PageText
from broadsheet.ocrtext.service import recognise
from broadsheet.reader.links import page_url
from tests.conftest import ISSUE_DATE
from tests.ocr.support import image_pdf, text_image

pytest.importorskip("rapidocr", reason="the ocr extra is not installed")

LINES = ["老城区二十条街巷焕新亮相", "市民出行更便捷街区活力再提升"]


def recognised_page(tmp_path: Path, publication: Any) -> Page:
    pdf = image_pdf(text_image(LINES), tmp_path / "A01.pdf")
    page = ingest(
        IngestRequest(publication.slug, ISSUE_DATE, [pdf], publish=True)
    ).issue.pages.get()
    assert recognise(page.pk) == "done"
    return Page.objects.select_related("issue__publication").get(pk=page.pk)


@pytest.mark.django_db(transaction=True)
def test_page_view_offers_the_recognised_text_with_a_notice(
    tmp_path: Path, publication: Any, client: Any
) -> None:
    page = recognised_page(tmp_path, publication)
    html = client.get(page_url(page)).content.decode()
    assert "自动识别" in html or "recognised automatically" in html
    assert "老城区二十条街巷焕新亮相" in html and 'id="ocr-words"' in html
    assert "could not be read" not in html and "无法读取" not in html
    assert 'class="uncertain"' not in html

    PageText.objects.filter(page=page).update(
        confidence=0.5, lines=[{**ln, "conf": 0.4} for ln in PageText.objects.get(page=page).lines]
    )
    from django.core.cache import cache

    cache.clear()
    html = client.get(page_url(page), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="uncertain"' in html


@pytest.mark.django_db(transaction=True)
def test_search_hit_opens_the_page_with_the_words_highlighted(
    tmp_path: Path, publication: Any, live_server: Any, tabs: Any
) -> None:
    page = recognised_page(tmp_path, publication)
    row = PageText.objects.get(page=page)
    tab = tabs.open(live_server.url + reverse("search:search") + "?q=街巷焕新")
    tab.locator(f'a[href*="/{page.number}/"]').first.click()
    tab.wait_for_selector(".ocr-hit", state="attached")
    hits = tab.eval_on_selector_all(
        ".ocr-hit",
        "els => els.map(e => [e.x.baseVal.value, e.y.baseVal.value, e.width.baseVal.value])",
    )
    assert len(hits) == 4  # 街, 巷, 焕, 新: one box each
    words = {w["text"]: w["box"] for w in row.lines[0]["words"]}
    assert abs(hits[0][0] - words["街"][0]) < 1 and abs(hits[0][1] - words["街"][1]) < 1
    assert "4" in tab.inner_text("#ocr-hits")

    tab.goto(live_server.url + page_url(page) + "?hl=出行")
    tab.wait_for_selector(".ocr-hit", state="attached")
    assert tab.locator(".ocr-hit").count() == 2
