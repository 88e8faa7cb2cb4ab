"""Column text as typesetters set it on ruled, tightly set pages (rule families found on the
TeX producer's development pages): a sentence running on across a column rule, a centred
subhead the column's lines run round, a kicker set tight on its headline, and one vertical
headline among a page of horizontal text."""

from __future__ import annotations

from reportlab.pdfgen import canvas
from tests.layout.pagemaker import CJK as CJK_FONT
from tests.layout.pagemaker import register_fonts
from tests.layout.test_typography import BODY, TOP, analyse, column, text_at

ZH = "今年以来全市新增绿地面积较去年明显扩大市民休闲空间更加丰富社区服务中心推出便民措施" * 6


LONG = ZH * 3


def _two_columns_over_a_rule(c: canvas.Canvas, first: str, second: str) -> None:
    """A headline over the first column only; the second column beside it, behind a rule,
    starting level with the first column's top."""
    text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 16)
    column(c, 40, 90, first, 28)
    column(c, 190, 90, second, 28)
    c.setLineWidth(0.8)
    c.line(184, TOP - 88, 184, TOP - 400)


def test_a_sentence_running_on_across_a_column_rule_keeps_the_story_whole():
    first = BODY[:400].rsplit(" ", 1)[0]  # ends in the middle of a sentence
    second = "and the vote is expected before midnight. " + BODY[:300]
    [story] = analyse(lambda c: _two_columns_over_a_rule(c, first, second))
    assert "and the vote is expected" in story["text"]


def test_a_column_that_opens_a_new_sentence_behind_the_rule_stays_apart():
    first = BODY[:400].rsplit(".", 1)[0] + "."  # ends with a full stop
    second = "Another matter entirely came up. " + BODY[:300]
    articles = analyse(lambda c: _two_columns_over_a_rule(c, first, second))
    assert len(articles) == 2


def _ming() -> str:
    """A Ming (Song) face for body text, beside the Hei face set bold for the subhead."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "UMing" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(
            TTFont("UMing", "/usr/share/fonts/truetype/arphic/uming.ttc", subfontIndex=0)
        )
    return "UMing"


def test_a_centred_subhead_inside_a_column_stays_in_its_text():
    register_fonts()
    body = _ming()
    lines = [f"第{k}行" + ZH[k * 9 : k * 9 + 9] for k in range(24)]  # each line its own

    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "城市绿地面积持续扩大", CJK_FONT, 22)
        for k in range(12):
            text_at(c, 40, 100 + 14 * k, lines[k], body, 10)
        # centred, in the bold Hei face at body size: the column's block runs round it
        text_at(c, 70, 100 + 14 * 12, "全民参与护环境", CJK_FONT, 10)
        for k in range(12, 24):
            text_at(c, 40, 100 + 14 * (k + 1), lines[k], body, 10)

    [story] = analyse(draw)
    text = story["text"].replace("\n", "")
    assert text.index(lines[11]) < text.index("全民参与护环境") < text.index(lines[12])


def test_a_kicker_set_tight_on_a_big_headline_is_its_kicker():
    def draw(c: canvas.Canvas) -> None:
        text_at(c, 40, 60, "TRANSPORT", "Helvetica", 11.7)
        text_at(c, 40, 70, "Roadworks to finish early", "Helvetica-Bold", 32)  # boxes touch
        column(c, 40, 112, BODY, 30)

    [story] = analyse(draw)
    assert story["kicker"] == "TRANSPORT"
    assert story["headline"] == "Roadworks to finish early"


def test_one_vertical_headline_among_horizontal_text_is_read_as_a_line():
    register_fonts()
    import io

    import pypdfium2 as pdfium

    from broadsheet.layout.lines import build_lines
    from broadsheet.pdf.extract import extract_page

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, TOP))
    for k in range(40):  # a page of horizontal text
        text_at(c, 40, 60 + 14 * k, ZH[k * 20 : k * 20 + 20], CJK_FONT, 10)
    for k, ch in enumerate("家庭医生签约服务覆盖36万人"):  # stacked tight: boxes overlap a bit
        text_at(c, 520 + (2 if ch.isdigit() else 0), 60 + 14.2 * k, ch, CJK_FONT, 15.7)
    c.showPage()
    c.save()
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        content = extract_page(doc[0])
    finally:
        doc.close()
    vertical = [ln.text for ln in build_lines(content.chars, content.rules) if ln.vertical]
    assert vertical == ["家庭医生签约服务覆盖36万人"]  # digits upright on the axis too


def test_a_vertical_headline_heads_the_columns_beside_it():
    register_fonts()

    def draw(c: canvas.Canvas) -> None:
        for k, ch in enumerate("江城老街留住城市记忆"):  # at the story's right, top level
            text_at(c, 400, 100 + 17 * k, ch, CJK_FONT, 16)
        for col in range(3):
            x = 40 + col * 118
            for k in range(20):
                text_at(
                    c,
                    x,
                    100 + 14 * k,
                    LONG[col * 200 + k * 10 : col * 200 + k * 10 + 10],
                    CJK_FONT,
                    10,
                )
        text_at(c, 40, 420, "另一篇文章的标题", CJK_FONT, 22)
        for k in range(8):
            text_at(c, 40, 456 + 14 * k, ZH[k * 30 : k * 30 + 30], CJK_FONT, 10)

    articles = analyse(draw)
    story = next(a for a in articles if a["headline"] == "江城老街留住城市记忆")
    assert len(story["text"].replace("\n", "")) >= 3 * 20 * 9
    assert len(articles) == 2


def _line(text: str, x: float, y: float, size: float = 10.0, bold: bool = False):
    from broadsheet.layout.lines import make_line
    from broadsheet.pdf.extract import Char

    chars = [
        Char(ch, x + k * size, y, x + (k + 1) * size, y + size, "Face", size, bold)
        for k, ch in enumerate(text)
    ]
    return make_line(chars)


def test_a_line_the_column_block_runs_round_joins_that_block_in_its_place():
    """Where block building kept a centred bold subhead apart while the column's block holds
    the lines above and below it, the subhead is a line of that block, in its place."""
    from broadsheet.layout.articles import Draft
    from broadsheet.layout.blocks import Block
    from broadsheet.layout.orphans import merge_inner_lines

    above = [_line(f"第{k}行今年以来全市新增", 40, 100 + 14 * k) for k in range(4)]
    below = [_line(f"第{k}行今年以来全市新增", 40, 170 + 14 * k) for k in range(4, 8)]
    host = Block([*above, *below], 40, 100, 170, 226, 10.0, False, "body")
    subhead = _line("全民参与护环境", 70, 156, bold=True)
    orphan = Block([subhead], 70, 156, 140, 166, 10.0, True, "body")
    elsewhere = Block([_line("别处的一段文字", 300, 156)], 300, 156, 370, 166, 10.0, False, "body")
    rest = merge_inner_lines([Draft(heading=None, units=[host])], [orphan, elsewhere])
    assert rest == [elsewhere]
    assert [ln.text for ln in host.lines].index("全民参与护环境") == 4


def test_a_lone_label_line_is_furniture_and_a_short_sentence_is_not():
    """A headline-less piece that is one short line saying nothing (a section's name on its
    bar: "简讯", "FOOTBALL") is no article; a line that says something stays."""
    from broadsheet.layout.articles import Draft, is_furniture_draft
    from broadsheet.layout.blocks import Block

    def piece(text: str) -> Draft:
        line = _line(text, 40, 300)
        return Draft(
            heading=None, units=[Block([line], 40, 300, line.x1, 310, 10.0, False, "body")]
        )

    for label in ("简讯", "FOOTBALL", "Local news"):
        assert is_furniture_draft(piece(label), 595, 842)
    for text in ("Closed on Monday.", "Tickets from 9 May at the box office", "今日起暂停开放。"):
        assert not is_furniture_draft(piece(text), 595, 842)


def test_briefs_titled_in_the_display_face_at_body_size_under_a_section_bar():
    """A news digest: a section's name on a tinted bar, then short items whose titles are set
    in the display face barely larger than the text (no headline size, no bold)."""

    def draw(c: canvas.Canvas) -> None:
        text_at(c, 200, 60, "Bridge vote tonight", "Helvetica-Bold", 26)
        column(c, 200, 96, BODY * 2, 40)
        c.line(190, TOP - 55, 190, TOP - 400)  # the digest's column rule
        c.setFillGray(0.85)
        c.rect(36, TOP - 80, 144, 16, stroke=0, fill=1)
        c.setFillGray(0)
        text_at(c, 60, 67, "NEWS DIGEST", "Helvetica", 12)
        top = 90.0
        for title in ("Young composers take the stage", "Library marks a century"):
            text_at(c, 36, top, title, "Helvetica", 11.5)
            top += 14
            for k, line in enumerate(
                (
                    "The council met on Monday evening",
                    "to vote on the plan for the new",
                    "bridge over the river.",
                )
            ):
                text_at(c, 36, top + 12 * k, line, "Times-Roman", 10)
            top += 3 * 12 + 10
            c.line(36, TOP - top + 4, 180, TOP - top + 4)

    titles = sorted(a["headline"] for a in analyse(draw))
    assert titles == [
        "Bridge vote tonight",
        "Library marks a century",
        "Young composers take the stage",
    ]


def _centred_headline_page(c: canvas.Canvas, title_x: float) -> None:
    """A headline centred over a story of four columns; the third column opens with a bold
    line barely larger than the text, right under the headline, level with the others' tops."""
    register_fonts()
    text_at(c, 150, 72, "社区食堂开张 老人吃上热乎饭", CJK_FONT, 24)
    for col in range(4):
        x = 40 + col * 130
        top = 100
        if col == 2:
            text_at(c, x + title_x, 100, "小事情连着大民生", CJK_FONT, 11.1)
            c.setFont(CJK_FONT, 11.1)
            top = 116
        for k in range(12):
            start = col * 200 + k * 11
            text_at(c, x, top + 14 * k, LONG[start : start + 11], CJK_FONT, 10)


def test_a_centred_subhead_opening_a_column_under_the_headline_is_a_subhead():
    import pytest

    # drawn twice to make it bold (the CJK face has no bold)
    def draw(c: canvas.Canvas) -> None:
        _centred_headline_page(c, 10.6)  # 11 characters wide; the subhead 8, centred
        text_at(c, 40 + 260 + 10.9, 100, "小事情连着大民生", CJK_FONT, 11.1)

    articles = analyse(draw)
    if len(articles) != 1:
        pytest.fail(f"split into {[a['headline'] for a in articles]}")
    assert "小事情连着大民生" in articles[0]["text"]
    assert articles[0]["headline"].replace(" ", "") == "社区食堂开张老人吃上热乎饭"
