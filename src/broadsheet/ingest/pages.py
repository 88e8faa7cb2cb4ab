"""Per-page work of the ingest pipeline: render, extract and analyse one page.

Pure (no Django): it runs in worker processes, one page at a time, and returns plain data and
encoded image bytes so the parent process can store everything in one transaction.
"""

from __future__ import annotations

import functools
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadsheet.pdf.document import open_pdf, page_as_pdf, render_page, thumbnail_of
from broadsheet.pdf.extract import Rect
from broadsheet.pdf.sanitize import sanitize_pdf
from broadsheet.pdf.structure import article_threads


@dataclass(frozen=True)
class PageJob:
    """One page to process: page `page_index` (0-based) of the PDF at `path`."""

    path: str
    source_name: str
    page_index: int
    sequence: int
    image_width: int
    thumb_width: int
    analyse: bool = True
    split_pdf: bool = False


@dataclass
class PageResult:
    sequence: int
    source_name: str
    page_index: int
    width: float
    height: float
    image_jpeg: bytes
    image_size: tuple[int, int]
    thumb_jpeg: bytes
    analysis: dict[str, Any]
    # The reader's copy of the page: one page, without scripts, actions, attachments, forms
    # or encryption; `pdf_removed` says what was taken out.
    page_pdf: bytes
    pdf_removed: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


def _jpeg(image: Any, quality: int) -> bytes:
    buffer = io.BytesIO()
    # Baseline JPEG: progressive encoding took 8× longer (120 ms against 16 ms a page).
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


@functools.lru_cache(maxsize=8)
def _threads_of(path: str, size: int, mtime_ns: int) -> dict[int, list[tuple[int, Rect]]]:
    """The article threads of a source file, read once per file and worker process (size and
    modification time in the key, so a replaced file is read again)."""
    return article_threads(Path(path))


def process_page(job: PageJob) -> PageResult:
    """Render, extract and analyse one page; the timings of each step come back in `seconds`."""
    from broadsheet.layout import analyze_page  # imported here: heavy, and only in workers

    seconds: dict[str, float] = {}
    with open_pdf(Path(job.path), job.source_name) as doc:
        page = doc[job.page_index]
        try:
            width, height = page.get_size()
            t0 = time.perf_counter()
            image = render_page(page, job.image_width)
            seconds["render"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            image_jpeg = _jpeg(image, 78)
            thumb_jpeg = _jpeg(thumbnail_of(image, job.thumb_width), 80)
            seconds["encode"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            analysis = {
                "index": job.sequence,
                "width": width,
                "height": height,
                "text_quality": "ok",
                "articles": [],
            }
            if job.analyse:
                try:
                    stat = Path(job.path).stat()
                    threads = _threads_of(job.path, stat.st_size, stat.st_mtime_ns)
                    analysis = analyze_page(page, job.sequence, threads.get(job.page_index))
                except Exception as exc:  # noqa: BLE001 - a page the analyser cannot read
                    # The page is still published (image and PDF); the editor draws its
                    # zones on the desk. Losing the whole issue for one page is worse.
                    analysis["analysis_error"] = f"{type(exc).__name__}: {exc}"[:300]
            seconds["analyse"] = time.perf_counter() - t0
        finally:
            page.close()
        one_page = page_as_pdf(doc, job.page_index) if job.split_pdf else None
    t0 = time.perf_counter()
    reader_copy = sanitize_pdf(
        one_page if one_page is not None else Path(job.path), job.source_name
    )
    seconds["sanitize"] = time.perf_counter() - t0
    return PageResult(
        sequence=job.sequence,
        source_name=job.source_name,
        page_index=job.page_index,
        width=width,
        height=height,
        image_jpeg=image_jpeg,
        image_size=image.size,
        thumb_jpeg=thumb_jpeg,
        analysis=analysis,
        page_pdf=reader_copy.pdf,
        pdf_removed=reader_copy.removed,
        seconds=seconds,
    )
