"""Page rules found on the fourth and fifth rounds of tuning pages (Chromium 209–216,
reportlab 225–231, Typst 319–326, XeLaTeX 411–418), each on a small generated page."""

from __future__ import annotations

from PIL import Image
from reportlab.lib.utils import ImageReader
from tests.layout.pagemaker import CJK, register_fonts
from tests.layout.test_column_rules import _ming
from tests.layout.test_typography import BODY, TOP, analyse, column, text_at


def _headline_deck_and_column_subheads(c, deck: bool) -> None:
    """A headline across three columns, an italic deck under it (or none), then three columns
    that open level with each other, the second and third with a flush-left bold line a
    little bigger than the text."""
    text_at(c, 30, 60, "River festival draws record crowds", "Helvetica-Bold", 28)
    top = 100
    if deck:
        text_at(c, 30, 100, "The show runs until the end of next month", "Times-Italic", 13)
        top = 124
    column(c, 30, top, BODY, 28)
    for x, sub in ((180, "What critics said"), (330, "Free for families")):
        text_at(c, x, top, sub, "Helvetica-Bold", 11)
        column(c, x, top + 14, BODY[:400], 28)


def test_flush_left_subheads_opening_columns_under_a_headline_and_its_deck_stay_in_its_story():
    for deck in (False, True):
        articles = analyse(lambda c, d=deck: _headline_deck_and_column_subheads(c, d))
        assert [a["headline"] for a in articles] == ["River festival draws record crowds"]
        story = articles[0]
        assert "Free for families" in story["text"]
        assert "What critics said" in story["text"]
        assert "Free for families" not in (story["subheadline"] or "")
        if deck:
            assert story["subheadline"] == "The show runs until the end of next month"


def _column_under_a_short_top(c, flush: bool) -> None:
    """A story with its headline over two columns; its sentence runs on into a third column
    beside the headline, whose top is a paragraph's short last line and a bold subhead
    (flush left, or centred), the rest of that column under them."""
    text_at(c, 30, 60, "Budget passes", "Helvetica-Bold", 30)
    column(c, 30, 100, BODY, 24)
    column(c, 160, 100, BODY[:-40] + " and the plan for the", 24)
    text_at(c, 290, 60, "new bridge.", "Helvetica", 10)
    sub = "Behind the scenes"
    text_at(c, 290 if flush else 300, 72, sub, "Helvetica-Bold", 10)
    column(c, 290, 86, BODY * 2, 24)


def test_a_column_under_its_short_flush_left_top_carries_on_the_story():
    articles = analyse(lambda c: _column_under_a_short_top(c, True))
    assert [a["headline"] for a in articles] == ["Budget passes"]
    assert "Behind the scenes" in articles[0]["text"]
    assert articles[0]["text"].count("The council met") == 12


def _ruled_story_with_a_short_last_column(c) -> None:
    """A ruled story: column rules top to bottom between its three columns, its headline over
    the first two only; the third column is short (a new paragraph, indented), and right of
    it, past another rule, a story of its own."""
    text_at(c, 30, 60, "Firms report a busy autumn", "Helvetica-Bold", 18)
    column(c, 30, 92, BODY * 2, 24)
    column(c, 160, 92, BODY * 2, 24)
    text_at(c, 296, 92, "A second exhibition is", "Helvetica", 10)
    column(c, 290, 104, BODY[:120], 24)
    c.setLineWidth(0.5)
    for x in (155, 285):
        c.line(x, TOP - 90, x, TOP - 530)
    c.line(415, TOP - 55, 415, TOP - 530)
    text_at(c, 420, 60, "Harbour opens", "Helvetica-Bold", 16)
    column(c, 420, 84, BODY, 28)


def test_a_ruled_story_s_next_column_behind_its_own_kind_of_rule_is_its_own():
    by_headline = {a["headline"]: a for a in analyse(_ruled_story_with_a_short_last_column)}
    assert set(by_headline) == {"Firms report a busy autumn", "Harbour opens"}
    assert "A second exhibition is" in by_headline["Firms report a busy autumn"]["text"]


def _centred_headline_over_a_column_opening_with_a_jump(c) -> None:
    """Two stories stacked; the lower one's headline is centred over its three columns and
    narrower than them; its first column opens with a short jump line, a paragraph's short
    last line and a centred subhead, all well short of the gutter, its text further down."""
    text_at(c, 30, 60, "Upper story", "Helvetica-Bold", 22)
    for x in (30, 160, 290):
        column(c, x, 92, BODY[:300], 24)
    text_at(c, 150, 250, "Lower story", "Helvetica-Bold", 22)
    text_at(c, 30, 282, "From Page 1", "Helvetica-Bold", 10)
    text_at(c, 30, 294, "on Monday.", "Helvetica", 10)
    text_at(c, 55, 310, "Health care", "Helvetica-Bold", 10)
    column(c, 30, 326, BODY, 24)
    for x in (160, 290):
        column(c, x, 282, BODY, 24)


def test_a_column_opening_with_short_lines_still_stands_under_the_centred_headline():
    by_headline = {
        a["headline"]: a for a in analyse(_centred_headline_over_a_column_opening_with_a_jump)
    }
    assert set(by_headline) == {"Upper story", "Lower story"}
    assert "on Monday." in by_headline["Lower story"]["text"]
    assert "on Monday." not in by_headline["Upper story"]["text"]


def _cjk_headline_wrapping_to_figures(c) -> None:
    """A CJK headline whose second line is only figures, set in the Latin font at the same
    size with the leading squeezed (xeCJK's way), over a byline and text. (A regular Ming
    face: the Hei face reads as bold, and bold never chains with regular.)"""
    register_fonts()
    text_at(c, 30, 60, "外贸进出口总额同比增长", _ming(), 26)
    text_at(c, 30, 84, "5.2%", "Helvetica", 26)
    text_at(c, 30, 116, "本报记者 廖强", CJK, 9)
    for k in range(12):
        text_at(c, 30, 132 + k * 13, "石门县有关负责人表示将坚持问题导向把好事办好", CJK, 10)


def test_a_cjk_headline_s_second_line_in_the_latin_font_stays_in_the_headline():
    articles = analyse(_cjk_headline_wrapping_to_figures)
    assert len(articles) == 1
    assert articles[0]["headline"].replace(" ", "") == "外贸进出口总额同比增长5.2%"
    assert not articles[0]["subheadline"]


def _headline_over_columns_with_subheads_and_a_column_beside(c, size: float) -> None:
    """A headline over three columns whose tops are subheads (bold, a little bigger than the
    text), set one line space under it; a fourth column beside the headline's end carries
    the story on, level with the subheads."""
    text_at(c, 30, 60, "Mariners snatch late win at home", "Helvetica-Bold", size)
    top = 60 + size + 10
    for x, sub in ((30, "From Page 1"), (160, "Late drama"), (290, "Table watch")):
        text_at(c, x, top, sub, "Helvetica-Bold", 11.5)
        column(c, x, top + 13, BODY, 24)
    column(c, 420, top, BODY[:200], 24)


def test_subheads_topping_every_column_under_a_headline_twice_their_size_are_no_deck():
    articles = analyse(lambda c: _headline_over_columns_with_subheads_and_a_column_beside(c, 22))
    assert [a["headline"] for a in articles] == ["Mariners snatch late win at home"]
    story = articles[0]
    assert not story["subheadline"]
    assert "Late drama" in story["text"] and "Table watch" in story["text"]


def _story_over_a_rule_over_a_picture(c) -> None:
    """A story's column ends in a bold line (its last subhead, set tight with the leading
    squeezed) right over a full-width rule; under the rule, close, a picture story's
    headline and its photo."""
    text_at(c, 30, 60, "Upper story", "Helvetica-Bold", 22)
    bottom = column(c, 30, 92, BODY, 40)
    text_at(c, 30, bottom + 2, "Culture close to home", "Helvetica-Bold", 10)
    c.setLineWidth(0.8)
    c.line(30, TOP - bottom - 16, 560, TOP - bottom - 16)
    text_at(c, 30, bottom + 19, "Window on the city", "Helvetica-Bold", 18)
    c.drawImage(ImageReader(Image.new("L", (60, 30), 90)), 30, TOP - bottom - 215, 300, 170)


def test_no_kicker_across_a_rule():
    by_headline = {a["headline"]: a for a in analyse(_story_over_a_rule_over_a_picture)}
    assert set(by_headline) == {"Upper story", "Window on the city"}
    assert not by_headline["Window on the city"]["kicker"]
    assert "Culture close to home" in by_headline["Upper story"]["text"]


def _two_centred_headlines_and_a_bylined_column_between(c) -> None:
    """Two stories side by side over one row of six narrow columns: the left headline centred
    over columns 1–2, the right one over columns 3–6. Both open with a byline over their first
    column; column 2's text starts level with the bylines, so the left heading's band reaches
    column 3's byline first, then the text under it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    xs = [30 + 90 * k for k in range(6)]
    for head, left, right in (("Heating ready", 0, 1), ("Shared book room opens", 2, 5)):
        w = stringWidth(head, "Helvetica-Bold", 16)
        centre = (xs[left] + xs[right] + 80) / 2
        text_at(c, centre - w / 2, 60, head, "Helvetica-Bold", 16)
    text_at(c, xs[0], 90, "By Li Jia", "Helvetica-Bold", 9)
    text_at(c, xs[2], 90, "By Hu Ping", "Helvetica-Bold", 9)
    for k, x in enumerate(xs):
        column(c, x, 90 if k == 1 else 104, BODY[:320], 16)  # column 2 level with the bylines


def test_a_contested_column_goes_whole_with_its_byline_where_the_headlines_stand_best():
    by_headline = {
        a["headline"]: a for a in analyse(_two_centred_headlines_and_a_bylined_column_between)
    }
    assert set(by_headline) == {"Heating ready", "Shared book room opens"}
    right = by_headline["Shared book room opens"]
    assert right["byline"] == "By Hu Ping"
    assert by_headline["Heating ready"]["byline"] == "By Li Jia"
    assert min(r[0] for r in right["regions"]) <= 211


def _small_bylined_headline_beside_a_photo(c) -> None:
    """A story's headline over three columns, its first column short; under white space in
    that column a small headline (two lines, centred), a byline under it, and text;
    beside it the upper story's photo, which starts above the small headline and ends below."""
    text_at(c, 30, 60, "Winter shelter to open", "Helvetica-Bold", 28)
    text_at(c, 30, 100, "By Anna Berg", "Helvetica-Bold", 9)
    column(c, 30, 114, BODY[:150], 24)
    column(c, 160, 100, BODY[:220], 24)
    column(c, 290, 100, BODY[:220], 24)
    c.drawImage(ImageReader(Image.new("L", (60, 40), 90)), 160, TOP - 380, 250, 160)
    text_at(c, 40, 215, "School garden", "Helvetica-Bold", 13)
    text_at(c, 44, 231, "feeds the town", "Helvetica-Bold", 13)
    text_at(c, 48, 250, "By Leon Vance", "Helvetica-Bold", 9)
    column(c, 30, 264, BODY[:500], 24)


def test_a_small_headline_with_a_byline_under_it_opens_a_story():
    by_headline = {a["headline"]: a for a in analyse(_small_bylined_headline_beside_a_photo)}
    assert set(by_headline) == {"Winter shelter to open", "School garden feeds the town"}
    assert by_headline["School garden feeds the town"]["byline"] == "By Leon Vance"


def _story_whose_last_column_opens_with_a_short_subhead(c) -> None:
    """A headline over four columns, ending short of the fourth's right edge; the fourth
    column opens with a short subhead under the headline's end, its text starting under it;
    the story's jump line stands right-aligned at the foot of the fourth column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    head = "New clinic opens in Cedar Heights this week"
    text_at(c, 30, 60, head, "Helvetica-Bold", 20)
    right = 30 + stringWidth(head, "Helvetica-Bold", 20)
    assert 420 < right < 470
    for x in (30, 160, 290):
        column(c, x, 100, BODY[:500], 24)
    text_at(c, 420, 100, "Open to all", "Helvetica-Bold", 10)
    bottom = column(c, 420, 118, BODY[:300], 24)
    jump = "Continued on Page 3"
    text_at(c, 540 - stringWidth(jump, "Helvetica-Bold", 9), bottom + 60, jump, "Helvetica-Bold", 9)


def test_a_jump_line_under_a_column_opened_by_a_short_subhead_is_the_story_s():
    articles = analyse(_story_whose_last_column_opens_with_a_short_subhead)
    assert [a["headline"] for a in articles] == ["New clinic opens in Cedar Heights this week"]
    assert "jump" in {b["role"] for b in articles[0]["blocks"]}


def _headlines_a_gutter_apart(c, cjk: bool) -> None:
    """Two stories side by side whose headlines stand on one baseline a gutter apart (0.58
    em), each written with its own story (other text between them in the content stream)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = _ming() if cjk else "Times-Bold"
    left = "江城老街壁画修复完成" if cjk else "Old Town mural restored"
    right = "剧院新季开幕" if cjk else "Theatre season"
    text_at(c, 30, 60, left, font, 20)
    column(c, 30, 92, BODY, 40)
    x = 30 + stringWidth(left, font, 20) + 0.58 * 20
    text_at(c, x, 60, right, font, 20)
    column(c, x, 92, BODY[:300], 24)


def test_headlines_on_one_baseline_a_gutter_apart_stay_apart():
    register_fonts()
    for cjk in (False, True):
        articles = analyse(lambda c, k=cjk: _headlines_a_gutter_apart(c, k))
        heads = sorted(a["headline"].replace(" ", "") for a in articles)
        want = (
            ["江城老街壁画修复完成", "剧院新季开幕"]
            if cjk
            else ["OldTownmuralrestored", "Theatreseason"]
        )
        assert heads == sorted(want)


def _column_beside_two_headlines(c) -> None:
    """Under a story across the page, white space, then a story whose headline is narrower
    than its two columns; right of them, a gutter away, a third column starting level with
    that headline's top and running down past it; right of that, a second story's headline
    and column. The third column's nearer story edge is the first lower story's columns, not
    its headline's end (and not the story far above, whose band reaches it)."""
    text_at(c, 30, 40, "Council approves the harbour budget at last", "Helvetica-Bold", 22)
    for x in (30, 160, 290, 420):
        column(c, x, 72, BODY[:150], 24)
    text_at(c, 40, 240, "Shelter opens", "Helvetica-Bold", 20)
    column(c, 30, 272, BODY, 24)
    column(c, 160, 272, BODY, 24)
    column(c, 290, 240, BODY[:400], 24)
    text_at(c, 420, 240, "Bridge", "Helvetica-Bold", 20)
    column(c, 420, 272, BODY[:300], 24)


def test_a_column_beside_two_headlines_goes_to_the_story_whose_columns_it_adjoins():
    by_headline = {a["headline"]: a for a in analyse(_column_beside_two_headlines)}
    assert set(by_headline) == {
        "Council approves the harbour budget at last",
        "Shelter opens",
        "Bridge",
    }
    assert by_headline["Shelter opens"]["text"].count("The council met") == 9


def _ruled_neighbour_and_a_picture_under_the_column_foot(c) -> None:
    """Left, a story over two columns; a column rule; right, a story whose photo stands under
    its headline and whose byline and text start under the photo, lower than the left story's
    heading. Right under the left story's first column, a picture as wide as three columns."""
    text_at(c, 30, 60, "Local bakery opens", "Helvetica-Bold", 20)
    text_at(c, 30, 86, "By Marco Rossi", "Helvetica-Bold", 9)
    bottom = column(c, 30, 100, BODY, 22)
    column(c, 150, 100, BODY, 22)
    c.setLineWidth(0.5)
    c.line(276, TOP - 55, 276, TOP - 560)
    text_at(c, 285, 60, "Harbour traffic record", "Helvetica-Bold", 20)
    c.drawImage(ImageReader(Image.new("L", (60, 40), 90)), 285, TOP - 250, 275, 160)
    text_at(c, 285, 254, "The harbour at dawn. (Staff)", "Helvetica", 7)
    text_at(c, 285, 270, "By Felix Osei", "Helvetica-Bold", 9)
    column(c, 285, 284, BODY[:200], 22)
    column(c, 420, 284, BODY[:200], 22)
    c.drawImage(ImageReader(Image.new("L", (60, 40), 60)), 30, TOP - bottom - 100, 370, 90)


def test_a_picture_under_a_column_s_foot_does_not_widen_its_story_across_a_rule():
    by_headline = {
        a["headline"]: a
        for a in analyse(_ruled_neighbour_and_a_picture_under_the_column_foot)
        if a["headline"]
    }
    assert by_headline["Harbour traffic record"]["byline"] == "By Felix Osei"
    assert by_headline["Local bakery opens"]["byline"] == "By Marco Rossi"


def _ruled_story_beside_its_vertical_headline(c) -> None:
    """At the right a vertical headline; left of it three columns of its story with column
    rules between them all: the first opens with a two-line dateline, the second with an
    indented paragraph and ends mid-sentence, the third (beside the headline) carries that
    sentence on. Left of the first, behind a rule of the same length, another story."""
    from tests.layout.test_tuning_rules import ZH_SIDEBAR

    register_fonts()
    text = ZH_SIDEBAR.replace("。", "，") * 4  # no full stops: every column ends mid-sentence
    for k, ch in enumerate("原创话剧在江城首演"):
        text_at(c, 522, 100 + 17 * k, ch, CJK, 16)
    text_at(c, 250, 100, "新华社北京6月12日电", CJK, 7)
    text_at(c, 250, 110, "（记者 谭东霞）", CJK, 7)

    def col(x: float, y: float, start: int, indent: bool = False) -> None:
        for n in range(16):
            pad = 18 if indent and n == 0 else 0
            piece = text[start + n * 8 : start + n * 8 + 8]
            text_at(c, x + pad, y + 12.6 * n, piece[:6] if pad else piece, CJK, 9)

    col(250, 124, 0)
    col(340, 100, 200, indent=True)
    col(430, 100, 400)
    text_at(c, 40, 60, "青少年足球联赛开赛", CJK, 18)
    col(40, 100, 0)
    col(130, 100, 300)
    c.setLineWidth(0.8)
    for x in (244, 334, 424):
        c.line(x, TOP - 98, x, TOP - 330)


def test_a_vertical_headline_s_ruled_story_reaches_its_dateline_column():
    by_headline = {a["headline"]: a for a in analyse(_ruled_story_beside_its_vertical_headline)}
    assert set(by_headline) == {"原创话剧在江城首演", "青少年足球联赛开赛"}
    vertical = by_headline["原创话剧在江城首演"]
    assert vertical["byline"].replace(" ", "").startswith("新华社北京6月12日电")
    columns = {round(b["bbox"][0]) for b in vertical["blocks"] if b["role"] == "body"}
    assert columns == {250, 340, 430}


def _column_set_tight_in_two_sizes(c) -> None:
    """A headline over two columns; a third column beside it, level with its top, carries
    the story on; its last paragraphs are set smaller, with the leading squeezed to fit: their
    first line starts 6 pt into the line box above."""
    text_at(c, 30, 60, "Budget passes", "Helvetica-Bold", 30)
    column(c, 30, 100, BODY, 24)
    column(c, 160, 100, BODY, 24)
    bottom = column(c, 290, 60, BODY, 24)
    for k, line in enumerate(
        ["Volunteers are still needed", "for the next clean-up in", "the spring, said the council."]
        * 3
    ):
        text_at(c, 290, bottom - 6 + 10 * k, line, "Helvetica", 8.4)


def test_a_column_whose_leading_is_squeezed_carries_on_under_its_top():
    articles = analyse(_column_set_tight_in_two_sizes)
    assert [a["headline"] for a in articles] == ["Budget passes"]
    assert articles[0]["text"].count("Volunteers are still needed") == 3
