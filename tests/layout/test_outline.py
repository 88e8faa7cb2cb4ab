"""One outline per article per page: a rectilinear polygon over its rectangles, gutters and
the gap under its headline included, never over another article's text; and outlines of
different articles never overlap, on every generated page."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from broadsheet.layout import analyze_page
from broadsheet.layout.outline import outline, slices_of


def area(rects: list[list[float]]) -> float:
    return sum((r[2] - r[0]) * (r[3] - r[1]) for r in rects)


def overlap(a: list[float], b: list[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def test_a_centred_headline_over_two_columns_is_one_stepped_outline():
    # Clockwise from the top left corner.
    rects = [[50, 10, 250, 40], [20, 50, 140, 300], [150, 50, 270, 300]]
    points = outline(rects, [])
    assert points == [
        [50, 10], [250, 10], [250, 50], [270, 50], [270, 300], [20, 300], [20, 50], [50, 50]
    ]  # fmt: skip
    # The gutter between the columns and the gap under the headline are inside.
    assert area(slices_of(points)) == 200 * 40 + 250 * 250


def test_another_articles_text_in_the_gutter_means_no_outline():
    rects = [[50, 10, 250, 40], [20, 50, 140, 300], [150, 50, 270, 300]]
    assert outline(rects, [[141, 100, 149, 120]]) is None


def test_a_bylines_row_widens_to_what_headline_and_text_span():
    rects = [[40, 113, 279, 185], [40, 190, 112, 213], [40, 213, 560, 265]]
    assert outline(rects, []) == [
        [40, 113],
        [279, 113],
        [279, 213],
        [560, 213],
        [560, 265],
        [40, 265],
    ]


def test_parts_in_two_places_keep_their_rectangles():
    assert outline([[0, 0, 10, 10], [20, 20, 30, 30]], []) is None


def _page() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(842, 1191))
    body = "The council met on Monday evening to vote on the plan for the new bridge. " * 9
    for k, (x, top, cols) in enumerate([(40, 60, 3), (40, 560, 2), (560, 560, 1)]):
        c.setFont("Helvetica-Bold", 26 - 4 * k)
        c.drawString(x + 30, 1191 - top - 24, f"Story {k + 1} headline across")
        for col in range(cols):
            y = 1191 - top - 60
            words = body.split()
            line = ""
            c.setFont("Helvetica", 10)
            for w in words:
                if len(line) + len(w) > 40:
                    c.drawString(x + col * 250, y, line)
                    y -= 12
                    line = w
                else:
                    line = f"{line} {w}".strip()
            c.drawString(x + col * 250, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_outlines_of_a_page_never_overlap_and_cover_their_rectangles():
    doc = pdfium.PdfDocument(_page())
    try:
        articles = analyze_page(doc[0], 1)["articles"]
    finally:
        doc.close()
    headed = [a for a in articles if a["headline"]]
    assert len(headed) == 3 and all(a["outline"] for a in headed)
    # Every article's area: its outline, or its rectangles where it has none.
    shapes = [slices_of(a["outline"]) if a["outline"] else a["regions"] for a in articles]
    for a, shape in zip(articles, shapes, strict=True):
        covered = sum(overlap(r, s) for r in a["regions"] for s in shape)
        assert covered >= 0.999 * area(a["regions"])
    for i in range(len(shapes)):
        for j in range(i + 1, len(shapes)):
            assert sum(overlap(r, s) for r in shapes[i] for s in shapes[j]) == 0
