"""OCR of stored pages: queue, recognise, store the text and publish what it yields.

The recognised page goes through the one ingest pipeline again with a manifest carrying the
articles the analyser found on the recognised lines (or one page-level text), so numbering,
zones, search indexing and caches work exactly as for every other page. The page keeps its
`text_quality` (`none`/`ocr`): readers are told the text was recognised automatically.
"""

from __future__ import annotations

import functools
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db import transaction

from broadsheet.newspaper.models import IssueEvent, Page
from broadsheet.newspaper.page_files import single_page_pdf
from broadsheet.ocr.content import analyse_lines, usable_articles
from broadsheet.ocr.engine import Line
from broadsheet.ocr.worker import PageOcr, ocr_pdf_page
from broadsheet.ocrtext.models import PageText

log = logging.getLogger(__name__)
SCANNED = ("none", "ocr")


def needs_ocr(page: Page, force: bool = False) -> bool:
    if page.text_quality not in SCANNED:
        return False
    if force:
        return True
    current = PageText.objects.filter(page=page).first()
    return (
        current is None
        or current.status != PageText.Status.DONE
        or (current.input_digest != page.input_digest)
    )


def queue_pages(pages: list[Page]) -> int:
    """Queue OCR of these pages in the background (low priority); returns how many."""
    from broadsheet.ocrtext.tasks import recognise_page_task

    queued = 0
    for page in pages:
        row, _ = PageText.objects.get_or_create(page=page)
        if row.status != PageText.Status.DONE:
            row.status = PageText.Status.QUEUED
            row.save(update_fields=["status", "updated_at"])
        transaction.on_commit(functools.partial(recognise_page_task.enqueue, page.pk))
        queued += 1
    if pages:
        IssueEvent.objects.create(
            issue=pages[0].issue,
            step="ocr",
            message=f"OCR queued for {queued} scanned page(s): "
            + ", ".join(p.number for p in pages),
            data={"labels": [p.number for p in pages]},
        )
    return queued


def recognise(page_id: int) -> str:
    """Recognise one stored page now (the background task's body, and the backfill's)."""
    page = Page.objects.select_related("issue__publication").get(pk=page_id)
    with tempfile.TemporaryDirectory(prefix="broadsheet-ocr-") as tmp:
        path = Path(tmp) / "page.pdf"
        path.write_bytes(single_page_pdf(page))
        result = ocr_pdf_page(str(path), 0)
    return apply(page, result)


def _paragraphs(lines: list[Line], latin: bool) -> list[str]:
    """Lines joined into paragraphs, broken where the next line does not follow on (a gap of
    more than a line's height, or another column)."""
    paragraphs: list[list[str]] = []
    last: Line | None = None
    for line in lines:
        height = line.box[3] - line.box[1]
        follows = (
            last is not None
            and not line.vertical
            and 0 <= line.box[1] - last.box[3] <= height
            and abs(line.box[0] - last.box[0]) <= height * 2
        )
        if follows:
            paragraphs[-1].append(line.text)
        else:
            paragraphs.append([line.text])
        last = line
    sep = " " if latin else ""
    return [sep.join(p) for p in paragraphs if any(t.strip() for t in p)]


def page_level_article(page: Page, lines: list[Line], text: str | None = None) -> dict[str, Any]:
    latin = page.issue.publication.language.startswith("en")
    paragraphs = [text] if text else _paragraphs(lines, latin)
    headline = next((ln.text for ln in lines if len(ln.text.strip()) >= 2), page.number)
    return {
        "id": "ocr-page",
        "kind": "news",
        "headline": headline[:120],
        "text": "\n\n".join(paragraphs),
        "regions": [[0, 0, round(page.width, 1), round(page.height, 1)]],
    }


def _event(
    page: Page, level: str, message: str, seconds: float | None, data: dict[str, Any]
) -> None:
    IssueEvent.objects.create(
        issue=page.issue, step="ocr", level=level, message=message, seconds=seconds, data=data
    )


def apply(page: Page, result: PageOcr) -> str:
    """Store a recognition and publish its text; an engine error leaves the page as it was
    (published as its image) with a warning in the event log."""
    row, _ = PageText.objects.get_or_create(page=page)
    if not result.ok:
        row.status, row.error = PageText.Status.FAILED, result.error
        row.input_digest = page.input_digest
        row.save()
        _event(
            page,
            "warning",
            f"OCR of page {page.number} failed ({result.error}); the page stays published "
            "as its image",
            result.seconds or None,
            {"label": page.number, "error": result.error},
        )
        return "failed"
    row.lines, row.engine, row.confidence = result.lines, result.engine, result.confidence
    row.rules = result.rules
    row.rotation, row.skew, row.seconds = result.rotation, result.skew, result.seconds
    row.source, row.choice, row.error = result.source, result.choice, ""
    row.layer_text = result.layer_text
    row.save()
    t0 = time.perf_counter()
    try:
        found, lines = publish_row(page, row)
    except Exception as exc:  # noqa: BLE001 - the page stays as it was, the log says why
        log.warning("publishing the OCR text of page %s failed", page.pk, exc_info=exc)
        error = f"{type(exc).__name__}: {exc}"[:300]
        PageText.objects.filter(pk=row.pk).update(status=PageText.Status.FAILED, error=error)
        _event(
            page,
            "warning",
            f"OCR of page {page.number}: its text could not be published ({error}); the page "
            "stays published as its image",
            None,
            {"label": page.number, "error": error},
        )
        return "failed"
    _event(
        page,
        "info",
        f"OCR of page {page.number}: {len(lines)} lines, confidence {result.confidence:.2f}, "
        + (f"{found} articles" if found else "one page-level text")
        + ("" if result.source == "ocr" else "; the PDF's own text layer was kept")
        + f" ({result.choice})",
        result.seconds + (time.perf_counter() - t0),
        {
            "label": page.number,
            "lines": len(lines),
            "confidence": round(result.confidence, 3),
            "articles": found,
            "engine": result.engine,
            "source": result.source,
            "choice": result.choice,
            "rotation": result.rotation,
            "skew": result.skew,
            "ocr_seconds": round(result.seconds, 3),
        },
    )
    return "done"


def publish_row(page: Page, row: PageText) -> tuple[int, list[Line]]:
    """Publish a page's recognised text (corrections applied): the articles the analyser
    finds on its lines, else one page-level text. Returns the articles found and the lines."""
    lines = [Line.from_json(d) for d in row.corrected_lines()]
    articles: list[dict[str, Any]] = []
    if row.source == "ocr":
        analysis = analyse_lines(lines, page.width, page.height, page.sequence, row.rules)
        articles = usable_articles(analysis)
    layer = row.layer_text if row.source == "pdf" else ""
    found = len(articles)
    if not articles and (lines or layer):
        articles = [page_level_article(page, lines, layer or None)]
    publish_text(page, articles)
    page.refresh_from_db()
    row.text = layer or "\n".join(ln.text for ln in lines)
    row.articles = found
    row.status = PageText.Status.DONE
    row.input_digest = page.input_digest
    row.save()
    return found, lines


def publish_text(page: Page, articles: list[dict[str, Any]]) -> None:
    """Put the page through the ingest pipeline again with these articles (keeping its label,
    name and text quality; the issue keeps its state)."""
    from broadsheet.ingest.pipeline import IngestRequest, ingest

    issue = page.issue
    name = page.source_name or f"{page.number}.pdf"
    quality = page.text_quality
    with tempfile.TemporaryDirectory(prefix="broadsheet-ocr-") as tmp:
        pdf = Path(tmp) / "page.pdf"
        pdf.write_bytes(single_page_pdf(page))
        manifest = Path(tmp) / "manifest.json"
        pages = [{"file": name, "number": page.number, "name": page.name, "articles": articles}]
        manifest.write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
        ingest(
            IngestRequest(
                publication=issue.publication.slug,
                date=issue.date,
                edition=issue.edition,
                files=[pdf],
                names=[name],
                manifest=manifest,
                workers=1,
                ocr=False,
            )
        )
    Page.objects.filter(pk=page.pk).update(text_quality=quality)


def ocr_available() -> bool:
    """Is the OCR engine installed? (The `ocr` extra: rapidocr and onnxruntime.)"""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))
