"""Page rules found on the XeLaTeX and Typst tuning pages (seeds 305–314, 401–410), each on a
small generated page: columns beside and between headlines, ruled stories whose first column
stands left of a centred headline, vertical headlines, jump lines, folios, sidebars, adverts,
decks and bylines. Text-level rules are in test_tuning_text.py."""

from __future__ import annotations

from PIL import Image
from reportlab.lib.utils import ImageReader
from tests.layout.pagemaker import CJK as CJK_FONT
from tests.layout.pagemaker import Page, register_fonts
from tests.layout.test_typography import BODY, TOP, analyse, column, text_at

from broadsheet.layout import analyze_page


def _story_above_and_headline_below(c, beside: bool) -> None:
    """A story at the right (headline and one column, ending high up); lower down, a second
    story whose headline spans two columns at the left and whose third column starts level with
    that headline, beside it, right under the first story's column with white space between."""
    text_at(c, 344, 60, "Mural restored", "Helvetica-Bold", 16)
    column(c, 344, 90, BODY[:500], 28)
    text_at(c, 40, 420, "Museum opens doors to history", "Helvetica-Bold", 19)  # 288 pt
    column(c, 40, 450, BODY, 28)
    column(c, 192, 450, BODY, 28)
    if beside:
        column(c, 344, 420, BODY, 28)


def test_a_column_beside_a_lower_headline_is_its_story_not_the_story_above():
    articles = analyse(lambda c: _story_above_and_headline_below(c, beside=True))
    by_headline = {a["headline"]: a for a in articles}
    assert set(by_headline) == {"Mural restored", "Museum opens doors to history"}
    assert by_headline["Museum opens doors to history"]["text"].count("The council met") == 9
    assert by_headline["Mural restored"]["text"].count("The council met") == 3  # its own


def test_a_column_carrying_on_from_above_stays_with_its_story():
    """The same column, but running on closely under the first story's text: that story's."""

    def draw(c) -> None:
        text_at(c, 344, 60, "Mural restored", "Helvetica-Bold", 16)
        bottom = column(c, 344, 90, BODY * 2, 28)
        text_at(c, 40, bottom - 120, "Museum opens doors to history", "Helvetica-Bold", 19)
        column(c, 40, bottom - 90, BODY, 28)
        column(c, 192, bottom - 90, BODY, 28)

    articles = analyse(draw)
    by_headline = {a["headline"]: a for a in articles}
    assert by_headline["Mural restored"]["text"].count("The council met") == 6


def test_a_flush_left_headline_keeps_its_columns_from_the_headline_beside_it():
    """Two stories side by side without rules: a short flush-left headline over the first of
    its four columns, the next story's headline across its two. The fourth column is the first
    story's: its headline stands flush with their left edge (though off their centre), and
    giving it to the second would put that headline off centre too."""

    def draw(c) -> None:
        text_at(c, 26, 60, "Reading", "Helvetica-Bold", 16)
        text_at(c, 387, 60, "Chargers arrive", "Helvetica-Bold", 16)
        for x in (26, 116, 206, 296):
            column(c, x, 78, BODY, 15)
        for x in (387, 477):
            column(c, x, 78, BODY[:400], 15)

    articles = analyse(draw)
    by_headline = {a["headline"]: a for a in articles}
    assert set(by_headline) == {"Reading", "Chargers arrive"}
    assert by_headline["Reading"]["text"].count("The council met") == 12
    assert by_headline["Chargers arrive"]["text"].count("The council met") == 2 * BODY[:400].count(
        "The council met"
    )


def _ruled_story_with_a_first_column_left_of_its_headline(c, run_on: bool) -> None:
    """Three ruled columns; the headline is centred over the right two. The first column's
    text runs on into the second (or ends with a full stop, and the second opens a sentence)."""
    words = BODY.split()
    first = " ".join(words[:60]) + (" and the" if run_on else ".")
    second = ("vote is expected before midnight. " if run_on else "Another matter came up. ") + BODY
    text_at(c, 200, 60, "Footbridge to link the banks", "Helvetica-Bold", 18)
    column(c, 40, 100, first, 28)
    column(c, 190, 100, second, 28)
    column(c, 340, 100, BODY, 28)
    c.setLineWidth(0.8)
    c.line(184, TOP - 95, 184, TOP - 470)
    c.line(334, TOP - 95, 334, TOP - 470)


def test_a_first_column_left_of_a_centred_headline_running_on_is_the_story():
    [story] = analyse(lambda c: _ruled_story_with_a_first_column_left_of_its_headline(c, True))
    assert story["headline"] == "Footbridge to link the banks"
    assert "and the vote is expected" in story["text"]


def test_a_column_left_of_a_ruled_story_that_ends_its_sentence_stays_apart():
    articles = analyse(lambda c: _ruled_story_with_a_first_column_left_of_its_headline(c, False))
    assert len(articles) == 2


def test_display_copy_set_tight_under_a_frame_edge_is_an_advert():
    """The big line's box, rebuilt with a full-em ascent, reaches 5 pt over the frame's top."""

    def draw(c) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        column(c, 40, 100, BODY)
        c.rect(40, TOP - 760, 500, 160)  # frame from y=600 to y=760 (from the top)
        text_at(c, 150, 600 - 5 + 0.08 * 30, "Millbrook Motors", "Times-Roman", 30)
        text_at(c, 110, 645, "Nearly new cars with a two-year warranty.", "Helvetica", 12)

    articles = analyse(draw)
    adverts = [a for a in articles if a["kind"] == "advert"]
    assert [a["headline"] for a in adverts] == ["Millbrook Motors"]
    assert all("Millbrook" not in a["text"] for a in articles if a["kind"] != "advert")


def test_a_hyphen_ending_a_headline_line_is_a_compound_and_stays():
    def draw(c) -> None:
        text_at(c, 40, 60, "Rovers stay top after hard-", "Helvetica-Bold", 20)
        text_at(c, 40, 84, "fought draw", "Helvetica-Bold", 20)
        column(c, 40, 120, BODY)

    [story] = analyse(draw)
    assert story["headline"] == "Rovers stay top after hard-fought draw"


def _photo_at_the_foot(c, caption: bool) -> None:
    text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
    column(c, 40, 100, BODY)
    c.drawImage(ImageReader(Image.new("L", (60, 40), 90)), 40, TOP - 780, 300, 165)  # down to y=780
    if caption:
        text_at(c, 40, 784, "Workers prepare the site on Monday. Photo: J. Ellery", "Helvetica", 7)
    text_at(
        c,
        40,
        820 if caption else 784,
        "The Eastfield Herald · Sunday, February 16, 2025",
        "Helvetica",
        7,
    )


def test_the_folio_right_under_a_photo_at_the_foot_is_no_caption():
    articles = analyse(lambda c: _photo_at_the_foot(c, caption=False))
    assert all("Eastfield Herald" not in str(a["blocks"]) for a in articles)


def test_a_caption_naming_a_weekday_above_the_folio_stays_the_caption():
    articles = analyse(lambda c: _photo_at_the_foot(c, caption=True))
    captions = [b["text"] for a in articles for b in a["blocks"] if b["role"] == "caption"]
    assert captions == ["Workers prepare the site on Monday. Photo: J. Ellery"]
    assert all("Eastfield Herald" not in str(a["blocks"]) for a in articles)


ZH_SIDEBAR = (
    "目前园区已入驻企业八十三家带动就业三千余人为帮助企业解决融资难题全市加大招商引资力度" * 5
)


def _framed_sidebar(c, title: str) -> None:
    """A framed sidebar beside a story: its title set in the body's own face and size, alone on
    its line, over an indented paragraph that mentions 招商 (investment promotion)."""
    register_fonts()
    text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
    column(c, 40, 100, BODY * 2)
    c.rect(330, TOP - 420, 130, 330)  # y 90..420 from the top
    y = 100.0
    if title:
        text_at(c, 336, y, title, CJK_FONT, 10)
        y += 14
    per_line = 11
    text_at(c, 356, y, ZH_SIDEBAR[: per_line - 2], CJK_FONT, 10)
    rest = ZH_SIDEBAR[per_line - 2 :]
    while rest:
        y += 14
        text_at(c, 336, y, rest[:per_line], CJK_FONT, 10)
        rest = rest[per_line:]


def test_a_sidebar_of_running_text_mentioning_advert_words_is_no_advert():
    articles = analyse(lambda c: _framed_sidebar(c, ""))
    assert [a["kind"] for a in articles if "园区" in a["text"] + a["headline"]] == ["news"]


def test_a_sidebar_title_in_the_body_face_alone_on_its_line_is_the_headline():
    articles = analyse(lambda c: _framed_sidebar(c, "背景"))
    [sidebar] = [a for a in articles if "园区" in a["text"]]
    assert sidebar["headline"] == "背景"
    assert sidebar["text"].startswith("目前园区")


def test_a_paragraph_end_alone_on_the_first_line_is_no_title():
    """The last line of a paragraph carried over from elsewhere ends its sentence: body."""
    articles = analyse(lambda c: _framed_sidebar(c, "各项工作有序推进。"))
    [sidebar] = [a for a in articles if "园区" in a["text"]]
    assert sidebar["headline"] == ""
    assert sidebar["text"].startswith("各项工作有序推进。")


def _deck_in_the_body_face(c, deck: str) -> None:
    """A deck set under the headline in the body's own face, 1.22 times its size (the PDF
    names an italic deck's face like the body's)."""
    text_at(c, 40, 60, "Recycling rates climb", "Helvetica-Bold", 22)
    text_at(c, 40, 88, deck, "Times-Roman", 12.2)
    for k, x in enumerate((40, 200)):
        c.setFont("Times-Roman", 10)
        words = BODY.split()
        for n in range(20):
            line = " ".join(words[(n * 6 + k * 3) % 40 : (n * 6 + k * 3) % 40 + 6])
            c.drawString(x, TOP - 112 - 12 * n, line)


def test_a_larger_line_in_the_body_face_under_the_headline_is_the_deck():
    [story] = analyse(
        lambda c: _deck_in_the_body_face(c, "Forecasters warn of frost and icy roads")
    )
    assert story["subheadline"] == "Forecasters warn of frost and icy roads"


def test_a_larger_sentence_under_the_headline_is_no_deck():
    [story] = analyse(lambda c: _deck_in_the_body_face(c, "Forecasters warn of frost tonight."))
    assert story["subheadline"] == ""
    assert "Forecasters warn of frost tonight." in story["text"]


def test_a_centred_byline_wrapped_after_and_is_one_byline():
    def draw(c) -> None:
        text_at(c, 40, 60, "Recycling rates climb", "Helvetica-Bold", 16)
        text_at(c, 42, 84, "By Clara Delgado and", "Helvetica-Bold", 9)  # 93 pt wide
        text_at(c, 51, 95, "Hannah Lindqvist", "Helvetica-Bold", 9)  # centred under it
        column(c, 40, 110, BODY, 20)  # about 100 pt wide

    [story] = analyse(draw)
    assert story["byline"] == "By Clara Delgado and Hannah Lindqvist"
    assert "Hannah" not in story["text"]


def test_a_jump_line_in_the_top_margin_is_the_story_s_not_a_page_label():
    """上接第4版 names a page like a folio does; right under a headline at the top of the page
    it is the story's jump line."""
    p = Page()
    p.text(40, 22, "菜价平稳 市民菜篮子供应充足", 19)
    p.text(40, 46, "上接第4版", 9)
    p.paragraphs(40, 62, 250, [ZH_SIDEBAR, ZH_SIDEBAR])
    doc = p.document()
    try:
        [story] = analyze_page(doc[0], 5)["articles"]
    finally:
        doc.close()
    assert [b["text"] for b in story["blocks"] if b["role"] == "jump"] == ["上接第4版"]


def test_a_column_beside_a_partial_headline_carries_on_under_its_centred_subhead():
    """The column beside a headline over two of its story's three columns is cut by a subhead
    centred in it, narrower than the column: the text under the subhead is the story's too."""

    def draw(c) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 26)
        text_at(c, 40, 60 + 34, "after ten years", "Helvetica-Bold", 26)
        column(c, 40, 140, BODY, 30)
        column(c, 215, 140, BODY, 30)
        bottom = column(c, 380, 60, BODY, 30)
        text_at(c, 410, bottom + 8, "What comes next", "Helvetica-Bold", 10)  # centred
        column(c, 380, bottom + 26, BODY, 30)

    [story] = analyse(draw)
    assert story["text"].count("The council met") == 12
    assert "What comes next" in story["text"]


def test_a_column_between_two_level_headlines_goes_to_the_one_at_its_left():
    """Under a story across the page, two stories side by side: the left one's headline over
    two of its three columns, the third column starting level with it, right beside the right
    story's flush-left headline (nearer to it than to its own)."""

    def draw(c) -> None:
        text_at(c, 40, 40, "Harbour plans approved after a long debate", "Helvetica-Bold", 20)
        for x in (40, 150, 260, 370, 480):
            column(c, x, 70, BODY[:150], 20)  # columns about 100 pt wide
        text_at(c, 40, 300, "Hospital wing opens", "Helvetica-Bold", 21.5)  # to x = 249
        column(c, 40, 330, BODY, 20)
        column(c, 150, 330, BODY, 20)
        column(c, 260, 300, BODY * 2, 20)  # level with both headlines, 11 pt from each
        # larger, so first in the page's order of headings
        text_at(c, 370, 300, "Surgeons succeed", "Helvetica-Bold", 24)
        column(c, 370, 330, BODY[:300], 20)
        column(c, 480, 330, BODY[:300], 20)

    articles = analyse(draw)
    by_headline = {a["headline"]: a for a in articles}
    assert set(by_headline) == {
        "Harbour plans approved after a long debate",
        "Hospital wing opens",
        "Surgeons succeed",
    }
    assert by_headline["Hospital wing opens"]["text"].count("The council met") == 12
    assert by_headline["Surgeons succeed"]["text"].count("The council met") == 4


def test_a_column_between_two_stories_joins_the_one_whose_headline_is_at_its_left():
    """No story above: the column starting level with both headlines, a gutter from the
    left story's columns and nearer still to the right story's flush-left headline, is the
    left story's third column (its headline is centred over the other two)."""

    def draw(c) -> None:
        text_at(c, 52, 300, "Volunteers clean", "Helvetica-Bold", 16)
        column(c, 40, 330, BODY, 20)
        column(c, 150, 330, BODY, 20)
        column(c, 262, 300, BODY * 2, 20)
        text_at(c, 368, 300, "Council backs plan", "Helvetica-Bold", 16)
        column(c, 368, 324, BODY[:300], 20)
        column(c, 478, 324, BODY[:300], 20)

    articles = analyse(draw)
    by_headline = {a["headline"]: a for a in articles}
    assert set(by_headline) == {"Volunteers clean", "Council backs plan"}
    assert by_headline["Volunteers clean"]["text"].count("The council met") == 12


def _five_ruled_columns_under_a_centred_headline(c, rules_alike: bool) -> None:
    """A story in five ruled columns under a headline centred over the middle three; its first
    column ends with a full stop, its fourth runs on into its fifth mid-sentence."""
    words = BODY.split()
    text_at(c, 190, 60, "Old street keeps memories", "Helvetica-Bold", 18)  # 190-420
    column(c, 40, 100, " ".join(words[:50]) + ".", 20)
    column(c, 150, 100, "work goes on. " + BODY, 20)
    column(c, 260, 100, BODY, 20)
    column(c, 370, 100, " ".join(words[:50]) + " and the", 20)
    column(c, 480, 100, "vote is expected before midnight. " + BODY, 20)
    c.setLineWidth(0.8)
    for x in (145, 255, 365, 475):
        top = 95 if rules_alike or x != 145 else 60
        c.line(x, TOP - top, x, TOP - 520)


def test_a_first_column_that_centres_the_headline_over_a_ruled_story_is_the_story():
    [story] = analyse(lambda c: _five_ruled_columns_under_a_centred_headline(c, True))
    assert story["text"].count("The council met") == 13  # every column


def test_a_column_behind_a_rule_unlike_the_story_s_own_stays_apart():
    """The rule before the first column runs higher than the story's column rules: another
    story's edge, so the column is not the story's though it would centre the headline."""
    articles = analyse(lambda c: _five_ruled_columns_under_a_centred_headline(c, False))
    assert len(articles) == 2


def _photo_story_with_a_column_behind_a_rule(c, run_on: bool) -> None:
    """A headline and a photo over two columns; a third column behind a column rule starts
    level with the photo's top. The second column stops mid-sentence (or with a full stop)."""
    words = BODY.split()
    text_at(c, 40, 60, "Dead-end roads opened", "Helvetica-Bold", 22)
    c.drawImage(ImageReader(Image.new("L", (60, 40), 90)), 40, TOP - 250, 275, 160)
    column(c, 40, 262, BODY, 28)
    column(c, 190, 262, " ".join(words[:50]) + (" and the" if run_on else "."), 28)
    column(c, 328, 92, ("vote is due. " if run_on else "Another matter. ") + BODY * 2, 28)
    c.setLineWidth(0.8)
    c.line(322, TOP - 88, 322, TOP - 560)


def test_a_sentence_runs_on_across_a_rule_into_a_column_beside_the_photo():
    articles = analyse(lambda c: _photo_story_with_a_column_behind_a_rule(c, True))
    [story] = [a for a in articles if a["headline"]]
    assert len(articles) == 1
    assert "and the vote is due" in story["text"]


def test_a_column_beside_the_photo_opening_a_sentence_behind_a_rule_stays_apart():
    articles = analyse(lambda c: _photo_story_with_a_column_behind_a_rule(c, False))
    assert len(articles) == 2


def test_a_vertical_headline_takes_every_column_of_its_story():
    """A vertical headline at the right of its two columns: the column beside it joins it, and
    so does the first column, whose byline reaches a little over the gutter."""
    p = Page()
    for k, ch in enumerate("中小学开展安全教育周活动"):
        p.text(282, 100 + 16 * k, ch, 16)
    p.text(40, 100, "新华社北京3月4日电（记者 钱民琳）", 7.5)  # to x = 162.7
    p.paragraphs(40, 114, 110, [ZH_SIDEBAR[:150], ZH_SIDEBAR[:120]])
    p.paragraphs(160, 100, 110, [ZH_SIDEBAR[:200], ZH_SIDEBAR[:130]])
    doc = p.document()
    try:
        articles = analyze_page(doc[0], 1)["articles"]
    finally:
        doc.close()
    assert [a["headline"] for a in articles] == ["中小学开展安全教育周活动"]
    assert articles[0]["byline"].replace(" ", "") == "新华社北京3月4日电（记者钱民琳）"


def test_what_stands_under_a_continued_on_line_is_not_its_story_s():
    """A story's column ends in its "Continued on page 4" line; the photo under it opens the
    next story, whose headline is under the photo."""

    def draw(c) -> None:
        text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
        bottom = column(c, 40, 100, BODY, 40)
        text_at(c, 120, bottom + 2, "Continued on page 4", "Helvetica-Bold", 9)
        c.drawImage(ImageReader(Image.new("L", (60, 40), 90)), 40, TOP - bottom - 150, 200, 130)
        text_at(c, 40, bottom + 160, "Runners cheered home", "Helvetica-Bold", 20)
        column(c, 40, bottom + 190, BODY, 40)

    articles = analyse(draw)
    by_headline = {a["headline"]: a for a in articles}
    roles = {h: [b["role"] for b in a["blocks"]] for h, a in by_headline.items()}
    assert "photo" not in roles["Bridge vote tonight"]
    assert "jump" in roles["Bridge vote tonight"]
    assert "photo" in roles["Runners cheered home"]


def _vertical_story_beside_a_ruled_story(c) -> None:
    """At the right a vertical headline, its byline and two columns at its left; left of a rule,
    the last column of another story, starting lower and ending mid-sentence."""
    register_fonts()
    for k, ch in enumerate("便民服务点覆盖全市"):
        text_at(c, 540, 100 + 17 * k, ch, CJK_FONT, 16)
    text_at(c, 300, 100, "本报记者 白明", CJK_FONT, 9)
    for x, y, text in ((300, 114, ZH_SIDEBAR[:160]), (420, 100, ZH_SIDEBAR[:180])):
        for n in range(0, len(text), 12):
            text_at(c, x, y + 1.4 * 9 * (n // 12), text[n : n + 12], CJK_FONT, 9)
    # centred as if over the columns from 40 to 408: the vertical story's first column would
    # centre it, and the rule before that column is like the story's own
    text_at(c, 143, 100, "青少年足球联赛开赛", CJK_FONT, 18)
    for x in (40, 170):
        for n in range(20):
            text_at(c, x, 126 + 12.6 * n, ZH_SIDEBAR[n * 12 : n * 12 + 12], CJK_FONT, 9)
    c.setLineWidth(0.8)
    for x in (164, 292):
        c.line(x, TOP - 122, x, TOP - 380)


def test_a_vertical_headline_claims_its_byline_and_columns_first():
    articles = analyse(_vertical_story_beside_a_ruled_story)
    by_headline = {a["headline"]: a for a in articles}
    assert set(by_headline) == {"便民服务点覆盖全市", "青少年足球联赛开赛"}
    vertical = by_headline["便民服务点覆盖全市"]
    assert vertical["byline"].replace(" ", "") == "本报记者白明"
    assert {round(r[0]) for r in vertical["regions"]} >= {300, 420}
    assert all(r[0] < 292 for r in by_headline["青少年足球联赛开赛"]["regions"])
