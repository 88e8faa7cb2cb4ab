"""A stored page's files, read back: the page alone as a one-page PDF (the desk's re-analysis
and OCR both start from it)."""

from __future__ import annotations

import pypdfium2 as pdfium

from broadsheet.newspaper.models import Page
from broadsheet.pdf.document import page_as_pdf


def single_page_pdf(page: Page) -> bytes:
    """The page as a one-page PDF, from its original file (or the reader's copy if none)."""
    field = page.source if page.source and page.source.name else page.pdf
    with field.open("rb") as fh:
        data = fh.read()
    doc = pdfium.PdfDocument(data)
    try:
        if len(doc) == 1:
            return data
        return page_as_pdf(doc, min(page.source_page, len(doc) - 1))
    finally:
        doc.close()
