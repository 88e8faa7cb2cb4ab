"""Page rules found on the third round of tuning pages (Typst 315–318, reportlab 221–224,
Chromium 207–208), each on a small generated page: a small headline under white space beside
a bigger story is a story of its own, not that story's subhead; a photo over a story's full
width, above its headline, is that story's once its further columns joined it."""

from __future__ import annotations

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from tests.layout.test_typography import BODY, TOP, analyse, column, text_at


def _small_story_under_white_space(c, gap: float) -> None:
    """At the left, a small story; ``gap`` points of white space under it, a second small
    headline (bold, 1.4× body) over its own column. At the right, a big story whose two
    columns run from above the second headline to below it, a narrow gutter away."""
    text_at(c, 30, 60, "Council votes", "Helvetica-Bold", 14)
    bottom = column(c, 30, 82, BODY[:260], 20)
    text_at(c, 30, bottom + gap, "Bridge reopens", "Helvetica-Bold", 14)
    column(c, 30, bottom + gap + 22, BODY[:400], 20)
    text_at(c, 150, 60, "Budget passes", "Helvetica-Bold", 30)
    column(c, 150, 100, BODY * 2, 28)
    column(c, 292, 100, BODY * 2, 28)


def test_a_small_headline_under_white_space_beside_a_big_story_opens_its_own_story():
    articles = analyse(lambda c: _small_story_under_white_space(c, 80))
    by_headline = {a["headline"]: a for a in articles}
    assert set(by_headline) == {"Council votes", "Bridge reopens", "Budget passes"}
    assert "Bridge reopens" not in by_headline["Budget passes"]["text"]
    assert by_headline["Bridge reopens"]["text"].startswith("The council met")


def test_a_subhead_in_running_text_stays_in_its_story():
    """The same bold line one line space under the big story's own text, in its column: a
    subhead of that story."""

    def draw(c) -> None:
        text_at(c, 150, 60, "Budget passes", "Helvetica-Bold", 30)
        bottom = column(c, 150, 100, BODY, 28)
        text_at(c, 150, bottom + 6, "Bridge reopens", "Helvetica-Bold", 14)
        column(c, 150, bottom + 28, BODY, 28)
        column(c, 292, 100, BODY * 2, 28)

    articles = analyse(draw)
    assert [a["headline"] for a in articles] == ["Budget passes"]
    assert "Bridge reopens" in articles[0]["text"]


def _photo_over_a_story(c) -> None:
    """A photo across the page at the top, its caption under it; then a story whose headline
    spans its first two columns and whose text runs on through four columns, mid-sentence
    from column to column, across column rules after the second: the last two columns join
    the story only as leftover blocks, after the photo was first offered to it."""
    c.drawImage(ImageReader(Image.new("L", (80, 30), 90)), 30, TOP - 230, 535, 180)  # y 50–230
    text_at(c, 30, 236, "The bridge at dusk. Photo: Staff", "Helvetica", 8)
    text_at(c, 30, 256, "Budget passes", "Helvetica-Bold", 26)
    words = (BODY * 3).split()
    lines, line = [], ""
    for w in words:
        if len(line) + len(w) + 1 > 24:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    per = -(-len(lines) // 4)
    c.setLineWidth(0.5)
    for x in (263, 383):  # column rules between the last three columns
        c.line(x, TOP - 290, x, TOP - 500)
    for k, x in enumerate((30, 150, 270, 390)):
        for n, ln in enumerate(lines[k * per : (k + 1) * per]):
            text_at(c, x, 296 + n * 12, ln, "Helvetica", 10)


def test_a_photo_over_a_story_s_full_width_is_that_story_s():
    articles = analyse(_photo_over_a_story)
    assert [a["headline"] for a in articles] == ["Budget passes"]
    assert articles[0]["text"].count("The council met") == 9
    roles = {b["role"] for b in articles[0]["blocks"]}
    assert {"photo", "caption"} <= roles


def _headline_over_columns_opening_with_subheads(c, size: float) -> None:
    """A headline across three columns; the second and third columns open, level with the
    first, with a flush-left bold line a little bigger than the text."""
    text_at(c, 30, 60, "River festival draws record crowds", "Helvetica-Bold", size)
    column(c, 30, 60 + size + 14, BODY, 28)
    for x, sub in ((180, "What critics said"), (330, "Free for families")):
        text_at(c, x, 60 + size + 14, sub, "Helvetica-Bold", 11)
        column(c, x, 60 + size + 28, BODY[:400], 28)


def test_flush_left_subheads_opening_columns_under_a_big_headline_stay_in_its_story():
    articles = analyse(lambda c: _headline_over_columns_opening_with_subheads(c, 28))
    assert [a["headline"] for a in articles] == ["River festival draws record crowds"]
    assert "Free for families" in articles[0]["text"]


def test_a_flush_left_title_under_a_label_not_far_bigger_opens_a_brief():
    """Under a label not much bigger than it, the same line is a brief's title."""
    articles = analyse(lambda c: _headline_over_columns_opening_with_subheads(c, 16))
    assert "Free for families" in {a["headline"] for a in articles}


def _photo_on_a_headline(c, caption: bool) -> None:
    """A story across two columns; under it, past some white space, a photo (with a caption
    or not) standing right on the next story's headline, as wide as that story."""
    text_at(c, 30, 60, "Shelter to open", "Helvetica-Bold", 24)
    column(c, 30, 96, BODY[:300], 28)
    bottom = column(c, 180, 96, BODY[:300], 28)
    c.drawImage(ImageReader(Image.new("L", (60, 30), 90)), 30, TOP - bottom - 150, 270, 130)
    if caption:
        text_at(c, 30, bottom + 153, "Volunteers at work on Sunday. Photo: Staff", "Helvetica", 8)
        bottom += 16
    text_at(c, 30, bottom + 153, "Volunteers clean up river", "Helvetica-Bold", 20)
    column(c, 30, bottom + 184, BODY, 28)
    column(c, 180, bottom + 184, BODY, 28)


@pytest.mark.parametrize("caption", [False, True])
def test_a_photo_standing_on_a_headline_leads_that_story(caption: bool):
    by_headline = {a["headline"]: a for a in analyse(lambda c: _photo_on_a_headline(c, caption))}
    assert set(by_headline) == {"Shelter to open", "Volunteers clean up river"}
    roles = [b["role"] for b in by_headline["Volunteers clean up river"]["blocks"]]
    assert "photo" in roles
    assert ("caption" in roles) is caption
    assert "photo" not in {b["role"] for b in by_headline["Shelter to open"]["blocks"]}


def _second_heading_in_a_column(c, kicker: bool) -> None:
    """A story over two columns whose first column ends early; under white space in that
    column, a small bold heading (with a kicker over it or not), text under it, while the
    second column runs on beside."""
    text_at(c, 30, 60, "Budget passes", "Helvetica-Bold", 24)
    bottom = column(c, 30, 96, BODY[:200], 28)
    column(c, 180, 96, BODY * 2, 28)
    if kicker:
        text_at(c, 30, bottom + 34, "CITY HALL", "Helvetica", 8)
    text_at(c, 30, bottom + 46, "Bridge reopens", "Helvetica-Bold", 14)
    column(c, 30, bottom + 66, BODY[:300], 28)


def test_a_heading_with_a_kicker_under_white_space_opens_a_story():
    articles = analyse(lambda c: _second_heading_in_a_column(c, kicker=True))
    assert {a["headline"] for a in articles} == {"Budget passes", "Bridge reopens"}


def test_a_heading_without_a_kicker_under_white_space_in_running_columns_is_a_subhead():
    articles = analyse(lambda c: _second_heading_in_a_column(c, kicker=False))
    assert [a["headline"] for a in articles] == ["Budget passes"]
