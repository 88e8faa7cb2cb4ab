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


# Scans with an OCR text layer: two ways scanning software lays the text, and the born-digital
# pages with big images that must not be taken for them.

WORDS = ["THE", "EVENING", "HERALD", "MAYOR", "OPENS", "NEW", "BRIDGE", "OVER", "RIVER"]


def _scan_pdf(order: str, mode: int = 0, cover: float = 1.0) -> bytes:
    """A page image covering `cover` of each side, and nine lines of recognised words.
    order "text-over": the image first, then the text in render mode `mode`;
    "text-under": the text first, then the image painted over it."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))

    def image() -> None:
        w, h = 595 * cover, 842 * cover
        c.drawImage(ImageReader(Image.new("L", (200, 280), 230)), 0, 842 - h, w, h)

    def text() -> None:
        for row in range(40):
            t = c.beginText(40, 800 - row * 18)
            t.setTextRenderMode(mode)
            t.setFont("Helvetica", 10)
            t.textLine(" ".join(WORDS[(row + k) % len(WORDS)] for k in range(8)))
            c.drawText(t)

    if order == "text-over":
        image()
        text()
    else:
        text()
        image()
    c.showPage()
    c.save()
    return buf.getvalue()


def test_invisible_text_over_a_page_image_is_an_ocr_layer() -> None:
    result = _analyse(_scan_pdf("text-over", mode=3))
    assert result["text_quality"] == "ocr"
    assert result["articles"] == []  # born-digital rules are not applied to a recognition


def test_text_painted_under_a_page_image_is_an_ocr_layer() -> None:
    result = _analyse(_scan_pdf("text-under", mode=0))
    assert result["text_quality"] == "ocr"
    assert result["articles"] == []


def test_visible_text_over_a_background_image_is_typeset_text() -> None:
    # A born-digital page may paint a full-page tint or texture first and its text over it.
    assert _analyse(_scan_pdf("text-over", mode=0))["text_quality"] == "ok"


def test_a_big_photo_is_not_a_page_image() -> None:
    # Text under a photo that covers 70 % of each side (half the page) is no scan.
    assert _analyse(_scan_pdf("text-under", mode=0, cover=0.7))["text_quality"] == "ok"
    assert _analyse(_scan_pdf("text-over", mode=3, cover=0.7))["text_quality"] == "ok"
