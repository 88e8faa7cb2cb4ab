"""validate_pdf names what is wrong with a PDF whatever failed before it in the process:
PDFium's last-error code is process-wide and never cleared."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from broadsheet.pdf.document import PdfError, validate_pdf


def _zero_pages(path: Path) -> Path:
    pdf = pdfium.PdfDocument.new()
    pdf.save(str(path))
    pdf.close()
    return path


def test_a_pdf_without_pages_is_named_so_after_another_file_failed(tmp_path: Path) -> None:
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(b"%PDF-1.4 this is not a PDF")  # leaves a format error behind
    with pytest.raises(PdfError, match="has no pages"):
        validate_pdf(_zero_pages(tmp_path / "A01.pdf"))


def test_a_damaged_file_is_still_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "A01.pdf"
    path.write_bytes(b"%PDF-1.4\n<</Type/Pages/Count 3/Kids[1 0 R]>>\n" + b"\x00" * 200)
    with pytest.raises(PdfError, match="damaged"):
        validate_pdf(path)
