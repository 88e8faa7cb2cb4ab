"""Page analysis: from a page PDF to articles (pure Python, no Django).

See docs/page-analysis.md for the method and the JSON contract.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from broadsheet.layout.jumps import link_jumps
from broadsheet.layout.page import analyze_content
from broadsheet.pdf.extract import PageContent, Rect, extract_page
from broadsheet.pdf.structure import article_threads, story_tags


def analyze_page(
    page: pdfium.PdfPage, index: int, threads: list[tuple[int, Rect]] | None = None
) -> dict[str, Any]:
    """The contract page dict for one pypdfium2 page; ``index`` is the page's 1-based number.
    ``threads``: the beads of the document's article threads on this page
    (``broadsheet.pdf.structure.article_threads``), when the caller read them."""
    content = extract_page(page)
    content.story_tags = story_tags(page)
    content.threads = list(threads or [])
    return analyze_content(content, index)


def analyze_pdf(path: str | Path, pages: list[int] | None = None) -> dict[str, Any]:
    """Analyse a whole PDF (or the given 1-based pages) and link jumps between its pages."""
    threads = article_threads(Path(path))
    doc = pdfium.PdfDocument(str(path))
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        out = []
        for number in wanted:
            if not 1 <= number <= len(doc):
                raise ValueError(f"page {number} does not exist (the PDF has {len(doc)} pages)")
            page = doc[number - 1]
            try:
                out.append(analyze_page(page, number, threads.get(number - 1)))
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
