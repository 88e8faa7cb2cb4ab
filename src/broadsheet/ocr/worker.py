"""OCR of one page of a PDF, as plain data: what a worker process returns (no Django)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from broadsheet.ocr.engine import EngineUnavailable, rapidocr_engine
from broadsheet.ocr.judge import choose
from broadsheet.ocr.page import recognise_page
from broadsheet.pdf.document import open_pdf, render_page
from broadsheet.pdf.extract import extract_page

# Rendering resolution of scans for recognition; a broadsheet page is capped at MAX_PIXELS.
DPI = 200
MAX_SIDE = 5000


@dataclass
class PageOcr:
    ok: bool
    width: float = 0.0
    height: float = 0.0
    lines: list[dict[str, Any]] = field(default_factory=list)
    rules: list[list[float]] = field(default_factory=list)  # [x0, y0, x1, y1] in points
    confidence: float = 0.0
    engine: str = ""
    rotation: int = 0
    skew: float = 0.0
    seconds: float = 0.0
    source: str = "ocr"  # or "pdf": the PDF's own layer was kept
    choice: str = ""
    layer_text: str = ""
    error: str = ""


def render_width(page: pdfium.PdfPage, width: float, height: float, dpi: int) -> int:
    """Pixels across to render a scan at: its largest image's own resolution when it is an
    image page (no resampling up or down), else `dpi`; at most MAX_SIDE on the longer side."""
    px = width / 72 * dpi
    try:
        images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        best = max(images, key=lambda o: o.get_px_size()[0] * o.get_px_size()[1], default=None)
        if best is not None:
            left, _bottom, right, _top = best.get_pos()
            share = max(0.05, (right - left) / width)
            px = best.get_px_size()[0] / share
    except (pdfium.PdfiumError, AttributeError, ValueError):
        pass
    return max(1, round(min(px, MAX_SIDE / max(width, height) * width)))


def ocr_pdf_page(path: str, page_index: int, dpi: int = DPI) -> PageOcr:
    """Render page `page_index` of the PDF at `path` and recognise it. Engine errors come back
    as `ok=False` with the error, never as an exception (the page stays published)."""
    t0 = time.perf_counter()
    try:
        engine = rapidocr_engine()
    except EngineUnavailable as exc:
        return PageOcr(ok=False, error=str(exc))
    try:
        with open_pdf(Path(path)) as doc:
            page = doc[page_index]
            try:
                width, height = page.get_size()
                image = render_page(page, render_width(page, width, height, dpi))
                content = extract_page(page)
            finally:
                page.close()
        layer = "".join(ch.text for ch in content.chars)
        rec = recognise_page(image, engine, (width, height))
    except Exception as exc:  # noqa: BLE001 - one page's failure is reported, not raised
        return PageOcr(ok=False, error=f"{type(exc).__name__}: {exc}"[:300])
    choice = choose(rec.text, rec.confidence, layer)
    return PageOcr(
        ok=True,
        width=width,
        height=height,
        lines=[ln.to_json() for ln in rec.lines],
        rules=[[round(v, 1) for v in r] for r in rec.rules],
        confidence=rec.confidence,
        engine=rec.engine,
        rotation=rec.rotation,
        skew=rec.skew,
        seconds=time.perf_counter() - t0,
        source=choice.source,
        choice=choice.reason,
        layer_text=layer[:100000] if choice.source == "pdf" else "",
    )
