"""Garbled text layers (fonts without a Unicode map) and pages without text."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from pagemaker import CJK, Page, register_fonts
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from broadsheet.layout import analyze_page


def _analyse(pdf: bytes) -> dict:
    doc = pdfium.PdfDocument(pdf)
    try:
        return analyze_page(doc[0], 1)
    finally:
        doc.close()


def test_private_use_text_is_garbled_with_no_articles() -> None:
    p = Page()
    p.text(40, 40, "".join(chr(0xE000 + i) for i in range(12)), 22)
    for row in range(20):
        p.text(40, 80 + row * 14, "".join(chr(0xE100 + row * 20 + i) for i in range(20)), 9)
    result = _analyse(p.pdf())
    assert result["text_quality"] == "garbled"
    assert result["articles"] == []


def test_empty_page_has_no_text() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.showPage()
    c.save()
    result = _analyse(buf.getvalue())
    assert result["text_quality"] == "none"
    assert result["articles"] == []


def test_scanned_page_has_no_text() -> None:
    register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.drawImage(ImageReader(Image.new("L", (200, 280), 200)), 0, 0, 595, 842)
    c.showPage()
    c.save()
    result = _analyse(buf.getvalue())
    assert result["text_quality"] == "none"
    assert (result["width"], result["height"]) == (595.0, 842.0)


def test_a_few_odd_characters_do_not_garble_a_page() -> None:
    p = Page()
    p.text(40, 40, "正常的新闻标题", 22)
    p.column(40, 80, 240, "正常正文内容" * 30 + "\ue000")
    result = _analyse(p.pdf())
    assert result["text_quality"] == "ok"
    assert "\ue000" not in result["articles"][0]["text"]
    assert CJK
