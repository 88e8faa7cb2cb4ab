"""Typographic devices of real front pages, each on a small generated page: a drop cap, a
byline whose name is set big and bold beside an italic particle, a short ornament rule between
a headline and its byline, Latin-script bylines by their particle, and a photo credit set up
the side of a photo."""

from __future__ import annotations

import io
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from broadsheet.layout import analyze_page
from broadsheet.layout.roles import is_byline, is_whole_jump_line

BODY = (
    "The council met on Monday evening to vote on the plan for the new bridge over the river, "
    "which has been discussed for more than ten years by residents and traders alike. "
) * 3
TOP = 842  # reportlab's y grows upwards; these helpers take y from the top


def analyse(draw: Callable[[canvas.Canvas], None]) -> list[dict]:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, TOP))
    draw(c)
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        return analyze_page(doc[0], 1)["articles"]
    finally:
        doc.close()


def text_at(c: canvas.Canvas, x: float, y: float, s: str, font: str, size: float) -> None:
    c.setFont(font, size)
    c.drawString(x, TOP - y - size * 0.8, s)


def column(c: canvas.Canvas, x: float, y: float, text: str, width: int = 44) -> float:
    """Body text in 10 pt lines of about `width` characters; returns the bottom."""
    words, line, lines = text.split(), "", []
    for w in words:
        if len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    for k, ln in enumerate(lines):
        text_at(c, x, y + k * 12, ln, "Helvetica", 10)
    return y + len(lines) * 12


def two_stories(c: canvas.Canvas, story: Callable[[canvas.Canvas, float, str], None]) -> None:
    story(c, 40, "Bridge vote tonight")
    story(c, 320, "Harbour plans approved")


def test_a_drop_cap_opens_its_word_and_is_no_headline():
    def story(c: canvas.Canvas, x: float, headline: str) -> None:
        text_at(c, x, 60, headline, "Helvetica-Bold", 22)
        text_at(c, x, 100, "T", "Times-Bold", 34)  # three body lines tall
        column(c, x + 24, 100, "he council met on Monday evening to vote on", 38)
        column(c, x + 24, 112, "the plan for the new bridge over the river,", 38)
        column(c, x + 24, 124, "which has been discussed for more than ten", 38)
        column(c, x, 136, BODY)

    articles = analyse(lambda c: two_stories(c, story))
    assert [a["headline"] for a in articles] == ["Bridge vote tonight", "Harbour plans approved"]
    for a in articles:
        assert a["text"].startswith("The council met on Monday")
        # The lines beside the cap are indented by it, not by new paragraphs.
        assert "\n" not in a["text"][:200]


def test_a_big_name_beside_a_byline_particle_is_the_byline():
    def story(c: canvas.Canvas, x: float, headline: str) -> None:
        text_at(c, x, 60, headline, "Helvetica-Bold", 22)
        text_at(c, x + 40, 95, "di", "Helvetica-Oblique", 10)
        text_at(c, x + 53, 91, "Stefano Rossi", "Helvetica-Bold", 15)
        column(c, x, 120, BODY)

    articles = analyse(lambda c: two_stories(c, story))
    assert [a["headline"] for a in articles] == ["Bridge vote tonight", "Harbour plans approved"]
    assert [a["byline"] for a in articles] == ["di Stefano Rossi"] * 2
    assert all("Stefano" not in a["text"] for a in articles)


def test_a_short_rule_centred_under_a_headline_does_not_cut_the_story():
    def story(c: canvas.Canvas, x: float, headline: str) -> None:
        text_at(c, x, 60, headline, "Helvetica-Bold", 22)
        c.setLineWidth(0.6)
        c.line(x + 70, TOP - 92, x + 150, TOP - 92)  # a flourish, not a separator
        text_at(c, x, 100, "By Anna Schmidt and Max Weber", "Helvetica-Oblique", 10)
        column(c, x, 118, BODY)

    articles = analyse(lambda c: two_stories(c, story))
    assert [a["headline"] for a in articles] == ["Bridge vote tonight", "Harbour plans approved"]
    assert [a["byline"] for a in articles] == ["By Anna Schmidt and Max Weber"] * 2
    assert all(a["text"].startswith("The council") for a in articles)


def test_a_full_width_rule_still_separates_two_stories():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        bottom = column(c, 40, 95, BODY)
        c.line(40, TOP - bottom - 6, 300, TOP - bottom - 6)
        column(c, 40, bottom + 12, BODY)

    articles = analyse(draw)
    assert len(articles) == 2 and articles[1]["headline"] == ""


def test_a_credit_up_a_photos_side_is_no_article():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        c.drawImage(ImageReader(Image.new("L", (60, 40), 90)), 40, TOP - 300, 260, 190)
        c.saveState()
        c.translate(306, TOP - 300)
        c.rotate(90)
        c.setFont("Helvetica", 6)
        c.drawString(0, 0, "Photo Giovanni Rossi / Agency")
        c.restoreState()
        column(c, 40, 310, BODY)

    articles = analyse(draw)
    assert len(articles) == 1
    assert "Rossi" not in articles[0]["text"] + articles[0]["byline"]


@pytest.mark.parametrize(
    "text",
    [
        "di Elena Rossi, Marco Bianchi e Anna Verdi",
        "par Jean Dupont",
        "von Anna Schmidt und Max Weber",
        "By JANE DOE",
        "By J. R. Smith",
        "di Paolo Conte e Lucio Dalla ● a pagina 9",
        "本报记者 王小明",
        "新华社北京 7 月 24 日电（记者 袁峰春）",  # digits spaced apart, as PDFs give them
        "By Grace Thornbury, Staff Writer",
    ],
)
def test_bylines_in_several_languages(text):
    assert is_byline(text)


@pytest.mark.parametrize(
    "text",
    [
        "di fronte alla stazione",
        "di Roma.",
        "By the river",
        "par exemple",
        "von hier",
        "江城 7 月 24 日，全市的",
        "记者从市文化广电旅",  # a line of a narrow column: the reporter as a sentence's subject
        "本报记者在现场看到",
    ],
)
def test_sentences_that_start_like_bylines_are_not(text):
    assert not is_byline(text)


def test_a_long_byline_level_with_the_tops_of_other_columns_is_the_byline():
    """Whether a byline line stands inside the story is asked of its own column: the next
    columns start a point higher, which says nothing about it."""

    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "City marathon breaks entry record", "Helvetica-Bold", 22)
        text_at(c, 40, 96, "By Grace Thornbury, Staff Writer", "Helvetica-Bold", 9)
        column(c, 40, 108, BODY, 30)
        column(c, 215, 95, BODY, 30)  # a point higher than the byline
        column(c, 390, 95, BODY, 30)

    articles = analyse(draw)
    assert len(articles) == 1
    assert articles[0]["byline"] == "By Grace Thornbury, Staff Writer"


def test_a_list_of_underlined_links_stays_one_sidebar():
    links = [
        "Council agenda for Monday",
        "Bridge plans and drawings",
        "Traders' letter to the mayor",
        "Minutes of the last meeting",
    ]

    def draw(c: canvas.Canvas) -> None:
        text_at(c, 200, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        column(c, 200, 95, BODY * 2)
        text_at(c, 40, 70, "Read more", "Helvetica-Bold", 11)
        c.setLineWidth(0.5)
        for k, link in enumerate(links):
            y = 90 + k * 13
            text_at(c, 40, y, link, "Helvetica", 10)
            width = c.stringWidth(link, "Helvetica", 10)
            c.line(40, TOP - y - 8 - 1.2, 40 + width, TOP - y - 8 - 1.2)  # underlined: a link

    articles = analyse(draw)
    assert len(articles) == 2
    sidebar = next(a for a in articles if a["headline"] != "Bridge vote tonight")
    assert sidebar["headline"] == "Read more"
    assert all(link in sidebar["text"] for link in links)


def test_a_sidebar_takes_its_bold_title_as_headline():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 200, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        column(c, 200, 95, BODY * 2)
        c.setFillGray(0.9)
        c.rect(36, TOP - 400, 140, 340, stroke=0, fill=1)
        c.setFillGray(0)
        top = 70.0
        for title in ("Upcoming events", "From the archive"):
            text_at(c, 40, top, title, "Helvetica-Bold", 10)
            top = column(c, 40, top + 18, BODY[:300], 26) + 24

    articles = analyse(draw)
    titles = sorted(a["headline"] for a in articles)
    assert titles == ["Bridge vote tonight", "From the archive", "Upcoming events"]
    sidebar = [a for a in articles if a["headline"] != "Bridge vote tonight"]
    assert all(a["kind"] == "brief" and a["text"].startswith("The council") for a in sidebar)


def test_a_reference_after_a_bullet_is_a_jump_line_of_its_own():
    def story(c: canvas.Canvas, x: float, headline: str) -> None:
        text_at(c, x, 60, headline, "Helvetica-Bold", 22)
        text_at(c, x, 95, "di Mario Rossi \u25cf a pagina 8", "Helvetica-Oblique", 10)
        column(c, x, 115, BODY)

    articles = analyse(lambda c: two_stories(c, story))
    assert [a["byline"] for a in articles] == ["di Mario Rossi"] * 2
    for a in articles:
        jumps = [b["text"] for b in a["blocks"] if b["role"] == "jump"]
        assert jumps and "pagina 8" in jumps[0]
        assert "pagina" not in a["text"]


def test_a_teaser_with_a_byline_and_a_jump_line_is_an_article():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        column(c, 40, 95, BODY * 2)
        text_at(c, 320, 60, "Harbour plans approved", "Helvetica-Bold", 18)
        text_at(c, 320, 90, "By Anna Schmidt", "Helvetica-Oblique", 10)
        text_at(c, 320, 104, "Continued on page 5", "Helvetica", 10)

    articles = analyse(draw)
    teaser = next(a for a in articles if a["headline"] == "Harbour plans approved")
    assert teaser["byline"] == "By Anna Schmidt" and teaser["text"] == ""


def test_a_footer_address_and_a_corner_logo_are_furniture():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        column(c, 40, 95, BODY * 3)
        text_at(c, 400, 800, "www.riverside-courier.example", "Helvetica", 8)
        c.drawImage(ImageReader(Image.new("L", (40, 20), 60)), 40, 10, 80, 24)  # a logo

    articles = analyse(draw)
    assert [a["headline"] for a in articles] == ["Bridge vote tonight"]


def test_a_short_piece_that_is_not_only_an_address_stays():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        column(c, 40, 95, BODY * 3)
        text_at(c, 400, 500, "Tickets at www.riverside.example", "Helvetica", 10)

    assert len(analyse(draw)) == 2


def _partial_headline_page(c: canvas.Canvas, rule: bool) -> None:
    """A story whose headline spans its first two columns; its third column starts level with
    the headline, beside it (a 通栏 over part of the story)."""
    text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 26)
    text_at(c, 40, 60 + 34, "after ten years", "Helvetica-Bold", 26)
    column(c, 40, 140, BODY, 30)
    column(c, 215, 140, BODY, 30)
    column(c, 380, 60, BODY * 2, 30)
    if rule:
        c.line(373, TOP - 55, 373, TOP - 500)  # a column rule: another story's edge


def test_columns_beside_a_headline_over_part_of_its_story_are_its_own():
    articles = analyse(lambda c: _partial_headline_page(c, rule=False))
    assert len(articles) == 1
    assert articles[0]["text"].count("The council met") == 12  # every column of it


def test_a_column_beside_a_headline_keeps_its_subheads_and_the_text_under_them():
    """The column beside the headline is cut by a subhead above the headline's foot: the
    column's first block ends there, and the subhead and the paragraphs under it go with it."""

    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 26)
        text_at(c, 40, 60 + 34, "after ten years", "Helvetica-Bold", 26)
        column(c, 40, 140, BODY, 30)
        column(c, 215, 140, BODY, 30)
        column(c, 380, 60, BODY[:80], 30)  # three lines, ending above the headline's foot
        text_at(c, 380, 100, "What comes next", "Helvetica-Bold", 10)
        column(c, 380, 114, BODY * 2, 30)

    articles = analyse(draw)
    assert len(articles) == 1
    assert "What comes next" in articles[0]["text"]


def test_a_rule_keeps_a_column_beside_a_headline_apart():
    articles = analyse(lambda c: _partial_headline_page(c, rule=True))
    assert len(articles) == 2


def test_a_jump_line_over_a_subhead_of_its_own_weight_is_the_jump_line():
    """ "Continued from page 2" set bold right above a bold subhead: the two lines look like a
    short paragraph, but a line that is nothing but a jump phrase opens no paragraph."""

    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "Cold snap expected to last", "Helvetica-Bold", 22)
        text_at(c, 40, 92, "Continued from page 2", "Helvetica-Bold", 10)
        text_at(c, 40, 104, "Open to all", "Helvetica-Bold", 10)
        column(c, 40, 118, BODY, 30)

    [story] = analyse(draw)
    jumps = [b["text"] for b in story["blocks"] if b["role"] == "jump"]
    assert jumps == ["Continued from page 2"]
    assert "Open to all" in story["text"] and "Continued" not in story["text"]


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("Continued from page 2", True),
        ("（下转第5版）", True),
        ("Segue a pagina 9", True),
        ("the story continued on page 4", False),
        ("Continued on page 4 of", False),
    ],
)
def test_whole_jump_lines(text, whole):
    assert is_whole_jump_line(text) is whole


def _ruled_story_page(c: canvas.Canvas, rule_inside: bool) -> None:
    """A story in three ruled columns whose headline spans the first two; its third column
    starts beside the headline, behind a column rule. The rule between its first two columns
    (behind the headline too, as multicol draws them) says the rules are the story's grid."""
    text_at(c, 40, 60, "Footbridge to link the two banks", "Helvetica-Bold", 18)
    column(c, 40, 100, BODY, 28)
    column(c, 190, 100, BODY, 28)
    column(c, 340, 60, BODY * 2, 28)
    c.setLineWidth(0.8)
    if rule_inside:
        c.line(184, TOP - 58, 184, TOP - 470)
    c.line(334, TOP - 58, 334, TOP - 470)


def test_column_rules_inside_a_story_do_not_split_it():
    [story] = analyse(lambda c: _ruled_story_page(c, rule_inside=True))
    assert story["text"].count("The council met") == 12


def test_a_rule_alone_beside_the_headline_still_parts_two_stories():
    assert len(analyse(lambda c: _ruled_story_page(c, rule_inside=False))) == 2
