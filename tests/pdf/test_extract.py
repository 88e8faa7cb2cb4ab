from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from broadsheet.pdf.extract import clean_text, extract_page


def _page() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(600, 800))
    c.setFont("Helvetica-Bold", 20)
    c.drawString(50, 700, "Headline")
    c.setFont("Helvetica", 10)
    c.drawString(50, 650, "body text")
    c.setLineWidth(1)
    c.line(40, 600, 560, 600)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_chars_have_top_left_boxes_sizes_and_weight() -> None:
    doc = pdfium.PdfDocument(_page())
    content = extract_page(doc[0])
    assert (content.width, content.height) == (600.0, 800.0)
    head = [c for c in content.chars if c.font_size > 15]
    body = [c for c in content.chars if c.font_size < 15]
    assert "".join(c.text for c in head) == "Headline"
    assert "".join(c.text for c in body) == "bodytext"  # spaces are rebuilt from gaps later
    assert all(c.bold for c in head) and not any(c.bold for c in body)
    assert head[0].y1 < body[0].y0  # origin at the top: the headline is above
    assert abs(head[0].y1 - 100 - 0.12 * 20) < 1.0
    (rule,) = content.rules
    assert rule.y0 < 201 < rule.y1 + 1 and rule.width > 500
    doc.close()


def test_kangxi_radicals_map_to_ideographs() -> None:
    assert clean_text("\u2f08\u2f2f") == "人工"
    assert clean_text("a\x00b\x07") == "ab"


def test_thick_rules_stay_rules() -> None:
    """pdfium's bounds include the stroke: a 1.6 pt header rule is about 3.2 pt tall."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(600, 800))
    c.setLineWidth(1.6)
    c.line(40, 760, 560, 760)
    c.setLineWidth(3.5)
    c.line(300, 100, 300, 700)
    c.rect(100, 300, 200, 120)  # a frame, not a rule
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    content = extract_page(doc[0])
    widths = sorted(round(r.width) for r in content.rules)
    assert len(content.rules) == 2 and widths[-1] >= 520
    assert any(r.height > 590 for r in content.rules)
    assert len(content.boxes) == 1
    doc.close()
