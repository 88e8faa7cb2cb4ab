"""Frames on small generated pages: a box's edge is an article's edge, a boxed story's zone is
its frame, a frame of drawings alone is an advert, and a clipped picture is as big as it shows."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from tests.layout.test_typography import BODY, TOP, analyse, column, text_at

from broadsheet.pdf.extract import extract_page


def _sidebar_beside_a_story(c: canvas.Canvas, framed: bool) -> None:
    # A two-line headline over the story's columns, level with the box's title; the box's text
    # starts beside the headline, a gutter's width from it, and runs on below it: just what a
    # story's further column beside a headline over part of its columns looks like.
    text_at(c, 200, 95, "Recycling rates climb", "Helvetica-Bold", 24)
    text_at(c, 200, 123, "across the city", "Helvetica-Bold", 24)
    column(c, 200, 160, BODY * 2, 30)
    if framed:
        c.setLineWidth(0.8)
        c.rect(54, TOP - 330, 138, 245, stroke=1, fill=0)  # x 54..192, y 85..330 from the top
    text_at(c, 60, 95, "What happens next", "Helvetica-Bold", 10)
    column(c, 60, 108, BODY[:300], 27)


def test_a_frame_keeps_a_sidebar_whole_and_apart_from_the_story_beside_it():
    articles = analyse(lambda c: _sidebar_beside_a_story(c, framed=True))
    assert sorted(a["headline"] for a in articles) == [
        "Recycling rates climb across the city",
        "What happens next",
    ]
    story = next(a for a in articles if a["headline"] == "Recycling rates climb across the city")
    sidebar = next(a for a in articles if a["headline"] == "What happens next")
    assert sidebar["text"].startswith("The council")
    # Nothing of the box went to the story: all of the story's blocks lie right of the box.
    assert all(r[0] >= 190 for r in story["regions"])


def test_the_frame_is_what_kept_them_apart():
    """The same page without the frame: the sidebar's text reads as the story's next column
    (so the test above fails without the frame rule)."""
    articles = analyse(lambda c: _sidebar_beside_a_story(c, framed=False))
    story = next(a for a in articles if a["headline"] == "Recycling rates climb across the city")
    assert any(r[0] < 190 for r in story["regions"])


def test_a_boxed_storys_zone_is_its_frame():
    def draw(c: canvas.Canvas) -> None:
        c.setLineWidth(1)
        c.rect(36, TOP - 380, 330, 340, stroke=1, fill=0)  # x 36..366, y 40..380 from the top
        text_at(c, 48, 52, "Harbour traffic reaches a record", "Helvetica-Bold", 18)
        column(c, 48, 84, BODY, 24)
        column(c, 200, 84, BODY[:200], 24)  # a short second column: whitespace under it
        text_at(c, 400, 52, "Other news", "Helvetica-Bold", 18)
        column(c, 400, 84, BODY[:300], 24)

    articles = analyse(draw)
    boxed = next(a for a in articles if a["headline"].startswith("Harbour"))
    [(x0, y0, x1, y1)] = boxed["regions"]
    assert abs(x0 - 36) <= 1.5 and abs(x1 - 366) <= 1.5
    assert abs(y0 - 40) <= 1.5 and abs(y1 - 380) <= 1.5
    other = next(a for a in articles if a["headline"] == "Other news")
    assert all(r[0] >= 390 for r in other["regions"])  # the frame is no other article's zone


def _shapes_in_a_frame(c: canvas.Canvas, shapes: int) -> None:
    text_at(c, 40, 60, "Council backs the new bridge", "Helvetica-Bold", 20)
    column(c, 40, 92, BODY, 30)
    c.setLineWidth(1)
    c.rect(300, TOP - 300, 250, 200, stroke=1, fill=0)  # y 100..300 from the top
    c.setFillGray(0.3)
    for k in range(shapes):
        c.circle(350 + 70 * k, TOP - 200, 25, stroke=0, fill=1)
    c.setFillGray(0)


def test_a_frame_of_drawings_without_text_is_an_advert():
    articles = analyse(lambda c: _shapes_in_a_frame(c, 3))
    adverts = [a for a in articles if a["kind"] == "advert"]
    assert len(adverts) == 1
    [(x0, y0, x1, y1)] = adverts[0]["regions"]
    assert abs(x0 - 300) <= 1.5 and abs(y0 - 100) <= 1.5 and abs(x1 - 550) <= 1.5
    assert [a["headline"] for a in articles if a["kind"] != "advert"] == [
        "Council backs the new bridge"
    ]


def test_an_empty_box_or_a_single_drawing_is_no_advert():
    for shapes in (0, 1):
        articles = analyse(lambda c, n=shapes: _shapes_in_a_frame(c, n))
        assert [a["kind"] for a in articles if a["kind"] == "advert"] == []


def _png(width: int, height: int) -> ImageReader:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (120, 140, 160)).save(buf, "PNG")
    buf.seek(0)
    return ImageReader(buf)


def test_a_clipped_picture_is_as_big_as_it_shows():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.saveState()
    path = c.beginPath()
    path.rect(200, 400, 150, 100)  # the frame the picture shows in
    c.clipPath(path, stroke=0, fill=0)
    c.drawImage(_png(40, 30), 100, 350, width=400, height=300)  # placed whole, cropped by the clip
    c.restoreState()
    c.drawImage(_png(40, 30), 500, -50, width=200, height=150)  # runs off the page's corner
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        content = extract_page(doc[0])
    finally:
        doc.close()
    shown = sorted((round(r.x0), round(r.y0), round(r.x1), round(r.y1)) for r in content.images)
    # y from the top: the clip runs 842-500 = 342 to 842-400 = 442
    assert shown == [(200, 342, 350, 442), (500, 742, 595, 842)]


def _clipped_shapes_in_a_frame(c: canvas.Canvas) -> None:
    """An advert's frame with two discs clipped to it, one running past its bottom edge as
    placed (a typesetter clips the drawing to the frame)."""
    text_at(c, 40, 60, "Council backs the new bridge", "Helvetica-Bold", 20)
    column(c, 40, 92, BODY, 30)
    c.setLineWidth(1)
    c.rect(300, TOP - 300, 250, 200, stroke=1, fill=0)  # y 100..300 from the top
    c.saveState()
    frame = c.beginPath()
    frame.rect(300, TOP - 300, 250, 200)
    c.clipPath(frame, stroke=0, fill=0)
    c.setFillGray(0.3)
    c.circle(380, TOP - 200, 30, stroke=0, fill=1)
    c.circle(480, TOP - 290, 40, stroke=0, fill=1)  # reaches 30 pt below the frame as placed
    c.restoreState()


def test_drawings_clipped_to_a_frame_make_it_an_advert():
    articles = analyse(_clipped_shapes_in_a_frame)
    adverts = [a for a in articles if a["kind"] == "advert"]
    assert len(adverts) == 1
    [(x0, y0, x1, y1)] = adverts[0]["regions"]
    assert abs(x0 - 300) <= 1.5 and abs(y1 - 300) <= 1.5
