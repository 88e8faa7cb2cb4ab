"""Scanned back issues made from sample pages, with exact truth: for OCR tests and benchmarks.

Renders the sample generator's page PDFs with PDFium and degrades them as scanners and old
microfilm do (resolution, grayscale or bilevel, noise, blur, skew, uneven light, scanner
borders, bleed-through, JPEG artefacts), each a named option, seeded and deterministic. The
truth is the page's text in reading order, per article and per block, with every box mapped
onto the scan. numpy and Pillow only; no Django. See docs/ocr.md.
"""

from __future__ import annotations

from .options import PRESETS, ScanOptions, preset
from .scan import ScanArticle, ScanBlock, ScannedPage, scan_page, scan_pages, write_scans
from .skew import measure_skew

__all__ = [
    "PRESETS",
    "ScanArticle",
    "ScanBlock",
    "ScanOptions",
    "ScannedPage",
    "measure_skew",
    "preset",
    "scan_page",
    "scan_pages",
    "write_scans",
]
