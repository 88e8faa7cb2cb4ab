"""Page analysis: from a page PDF to articles (pure Python, no Django).

See docs/page-analysis.md for the method and the JSON contract.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from broadsheet.layout.jumps import link_jumps
from broadsheet.layout.page import analyze_content
from broadsheet.pdf.extract import PageContent, extract_page


def analyze_page(page: pdfium.PdfPage, index: int) -> dict[str, Any]:
    """The contract page dict for one pypdfium2 page; ``index`` is the page's 1-based number."""
    return analyze_content(extract_page(page), index)


def analyze_pdf(path: str | Path, pages: list[int] | None = None) -> dict[str, Any]:
    """Analyse a whole PDF (or the given 1-based pages) and link jumps between its pages."""
    doc = pdfium.PdfDocument(str(path))
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        out = []
        for number in wanted:
            if not 1 <= number <= len(doc):
                raise ValueError(f"page {number} does not exist (the PDF has {len(doc)} pages)")
            page = doc[number - 1]
            try:
                out.append(analyze_page(page, number))
            finally:
                page.close()
    finally:
        doc.close()
    link_jumps(out)
    return {"pages": out}


__all__ = [
    "PageContent",
    "analyze_content",
    "analyze_page",
    "analyze_pdf",
    "extract_page",
    "link_jumps",
]
