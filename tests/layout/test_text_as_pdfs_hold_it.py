"""Text as real PDFs hold it: the word spaces a PDF writes are kept even where the gap is too
narrow to see one (condensed headline faces), spaces are still found from gaps where a PDF
writes none, and a word hyphenated at a line's end is joined again."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from broadsheet.layout import analyze_page

BODY = (
    "The council met on Monday evening to vote on the plan for the new bridge over the river, "
    "which has been discussed for more than ten years by residents and traders alike. "
)


def _analyse(draw) -> dict:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    draw(c)
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        return analyze_page(doc[0], 1)
    finally:
        doc.close()


def _body(c: canvas.Canvas, top: float, lines: list[str]) -> None:
    t = c.beginText(40, top)
    t.setFont("Helvetica", 10)
    t.setLeading(12)
    for line in lines:
        t.textLine(line)
    c.drawText(t)


def _wrapped(text: str, width: int = 70) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def _headline_page(c: canvas.Canvas, word_space: float, with_spaces: bool) -> None:
    t = c.beginText(40, 780)
    t.setFont("Helvetica-Bold", 36)
    t.setWordSpace(word_space)
    if with_spaces:
        t.textOut("Mayor opens the bridge")
    else:
        # As TeX writes it: every word placed by itself, no space glyph anywhere.
        for word in ("Mayor", "opens", "the", "bridge"):
            t.textOut(word)
            t.moveCursor(c.stringWidth(word + " ", "Helvetica-Bold", 36), 0)
    c.drawText(t)
    _body(c, 740, _wrapped(BODY * 3))


def test_a_written_space_is_kept_in_a_condensed_headline():
    # Word spacing of -7 pt leaves a 3 pt space at 36 pt (0.08 em), as tight as in the
    # condensed faces of real front pages: too narrow to tell from the gaps alone.
    result = _analyse(lambda c: _headline_page(c, -7, with_spaces=True))
    assert [a["headline"] for a in result["articles"]] == ["Mayor opens the bridge"]


def test_spaces_come_from_gaps_where_the_pdf_writes_none():
    result = _analyse(lambda c: _headline_page(c, 0, with_spaces=False))
    assert [a["headline"] for a in result["articles"]] == ["Mayor opens the bridge"]


def test_a_word_hyphenated_at_a_line_end_is_joined():
    lines = _wrapped(BODY * 2, 60)
    lines[1] = lines[1] + " con-"
    lines[2] = "sidered " + lines[2]

    def draw(c: canvas.Canvas) -> None:
        t = c.beginText(40, 780)
        t.setFont("Helvetica-Bold", 24)
        t.textOut("Bridge vote tonight")
        c.drawText(t)
        _body(c, 750, lines)

    text = _analyse(draw)["articles"][0]["text"]
    assert "considered" in text and "con-" not in text and "con sidered" not in text


def test_a_hyphen_inside_a_line_stays():
    def draw(c: canvas.Canvas) -> None:
        t = c.beginText(40, 780)
        t.setFont("Helvetica-Bold", 24)
        t.textOut("Bridge vote tonight")
        c.drawText(t)
        _body(c, 750, ["A well-known trader spoke first.", *_wrapped(BODY * 2)])

    assert "well-known" in _analyse(draw)["articles"][0]["text"]


def test_a_headline_drawn_twice_for_fake_bold_reads_once():
    """Some typesetters embolden a face by painting the text again a fraction of a point to the
    side: every glyph is there twice, and the text must not be ("MMaayyoorr")."""

    def draw(c: canvas.Canvas) -> None:
        for dx in (0.0, 0.35):
            t = c.beginText(40 + dx, 780)
            t.setFont("Helvetica", 30)
            t.textOut("Mayor opens the bridge")
            c.drawText(t)
        _body(c, 740, _wrapped(BODY * 3))

    [article] = _analyse(draw)["articles"]
    assert article["headline"] == "Mayor opens the bridge"


def test_small_caps_stay_in_their_line():
    """Small capitals are capitals set smaller on the same baseline: one line, in order."""

    def draw(c: canvas.Canvas) -> None:
        t = c.beginText(40, 780)
        t.setFont("Helvetica-Bold", 30)
        t.textOut("Mayor opens the bridge")
        c.drawText(t)
        t = c.beginText(40, 740)
        t.setFont("Helvetica", 10)
        t.textOut("The ")
        t.setFont("Helvetica", 8)
        t.textOut("COUNCIL MET")
        t.setFont("Helvetica", 10)
        t.textOut(" on Monday evening to vote on the plan for the new")
        c.drawText(t)
        _body(c, 728, _wrapped(BODY * 3))

    [article] = _analyse(draw)["articles"]
    assert article["text"].startswith("The COUNCIL MET on Monday evening to vote on the plan")


def test_fake_bold_in_a_cjk_face_reads_once_and_doubled_letters_stay():
    from tests.layout.pagemaker import CJK, register_fonts

    register_fonts()

    def draw(c: canvas.Canvas) -> None:
        for dx in (0.0, 0.3):  # the CJK face has no bold: painted twice
            t = c.beginText(40 + dx, 780)
            t.setFont(CJK, 24)
            t.textOut("小事情连着大民生")
            c.drawText(t)
        t = c.beginText(40, 760)  # a bold subhead in the text: painted now …
        t.setFont(CJK, 11)
        t.textOut("社区食堂开张")
        c.drawText(t)
        t = c.beginText(40, 740)
        t.setFont("Helvetica", 10)
        t.textOut("Ill will kills all silly illusions in Hull")
        c.drawText(t)
        _body(c, 728, _wrapped(BODY * 3))
        t = c.beginText(40.3, 760)  # … and again, after other text (PDFium drops only a copy
        t.setFont(CJK, 11)  # that follows its original directly)
        t.textOut("社区食堂开张")
        c.drawText(t)

    [article] = _analyse(draw)["articles"]
    assert article["headline"] == "小事情连着大民生"
    everything = " ".join(article[k] for k in ("kicker", "subheadline", "byline", "text"))
    assert "社区食堂开张" in everything and "社社" not in everything
    assert "Ill will kills all silly illusions in Hull" in article["text"]


def test_the_two_letters_of_a_ligature_glyph_are_both_kept():
    """An "ff" ligature expands to two letters with the same box, one index apart: not a
    glyph painted twice."""
    from broadsheet.layout.quality import usable_chars
    from broadsheet.pdf.extract import Char

    def glyph(text: str, x: float, index: int) -> Char:
        return Char(text, x, 90, x + 6, 100, "Serif", 10.0, False, index=index)

    chars = [glyph("S", 0, 1), glyph("t", 6, 2), glyph("a", 12, 3), glyph("f", 18, 4)]
    chars += [glyph("f", 18, 5), glyph("x", 40, 6), glyph("S", 0.3, 40)]  # the last: a repaint
    assert "".join(c.text for c in usable_chars(chars)) == "Staffx"
