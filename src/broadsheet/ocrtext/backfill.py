"""`broadsheet ocr`: recognise the scanned pages already in the archive, resumably.

Each page is committed as soon as it is done, and a page whose recognition is current is
skipped, so an interrupted run simply goes on where it stopped. Recognition runs in worker
processes at a lower CPU priority (`nice`), one by default, so the live site keeps its speed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from broadsheet.newspaper.models import Page
from broadsheet.ocr import worker
from broadsheet.ocr.worker import PageOcr
from broadsheet.ocrtext.service import SCANNED, apply, needs_ocr, single_page_pdf

Report = Callable[[int, int, float | None], None]  # done, total, seconds left (None: unknown)


@dataclass
class Selection:
    publication: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    force: bool = False


@dataclass
class BackfillResult:
    recognised: int = 0
    failed: int = 0
    skipped: int = 0


def pages_to_do(selection: Selection) -> tuple[list[int], int]:
    """Ids of the scanned pages to recognise (oldest issue first), and how many are current."""
    pages = Page.objects.filter(text_quality__in=SCANNED).select_related("issue")
    if selection.publication:
        pages = pages.filter(issue__publication__slug=selection.publication)
    if selection.start:
        pages = pages.filter(issue__date__gte=selection.start)
    if selection.end:
        pages = pages.filter(issue__date__lte=selection.end)
    todo, current = [], 0
    for page in pages.order_by("issue__date", "issue__edition", "sequence"):
        if needs_ocr(page, selection.force):
            todo.append(page.pk)
        else:
            current += 1
    return todo, current


def _recognise_file(path: str) -> PageOcr:
    with contextlib.suppress(OSError):
        os.nice(10)  # behind the web workers for the CPU
    try:
        return worker.ocr_pdf_page(path, 0)
    finally:
        Path(path).unlink(missing_ok=True)


def _write(page_id: int, folder: str) -> str:
    page = Page.objects.get(pk=page_id)
    fd, name = tempfile.mkstemp(suffix=".pdf", dir=folder)
    with os.fdopen(fd, "wb") as fh:
        fh.write(single_page_pdf(page))
    return name


def _results(ids: list[int], workers: int, folder: str) -> Iterator[tuple[int, PageOcr]]:
    if workers <= 1:
        for page_id in ids:
            path = _write(page_id, folder)
            try:
                yield page_id, worker.ocr_pdf_page(path, 0)
            finally:
                Path(path).unlink(missing_ok=True)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        ahead = workers * 2  # files written ahead of the workers, not the whole archive
        pending: list[tuple[int, Future[PageOcr]]] = []
        queue = list(ids)
        while queue or pending:
            while queue and len(pending) < ahead:
                page_id = queue.pop(0)
                pending.append((page_id, pool.submit(_recognise_file, _write(page_id, folder))))
            page_id, future = pending.pop(0)
            yield page_id, future.result()


def backfill(
    selection: Selection, workers: int = 1, report: Report | None = None
) -> BackfillResult:
    ids, current = pages_to_do(selection)
    result = BackfillResult(skipped=current)
    started = time.monotonic()
    if report:
        report(0, len(ids), None)
    with tempfile.TemporaryDirectory(prefix="broadsheet-ocr-") as folder:
        for done, (page_id, ocr) in enumerate(_results(ids, workers, folder), 1):
            page = Page.objects.select_related("issue__publication").get(pk=page_id)
            if apply(page, ocr) == "done":
                result.recognised += 1
            else:
                result.failed += 1
            if report:
                elapsed = time.monotonic() - started
                report(done, len(ids), elapsed / done * (len(ids) - done))
    return result
