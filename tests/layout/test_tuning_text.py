"""Text rules found on the XeLaTeX and Typst tuning pages (seeds 305–314, 401–410), each on
small synthetic input: lines (a rule drawn through a headline, italic word spaces, CJK gutters
narrowed by hanging punctuation, two headlines on one baseline, digits in a vertical headline),
blocks (squeezed leading, a title in another face, a subhead the column runs round) and
wrapped bylines. Page-level rules are in test_tuning_rules.py."""

from __future__ import annotations

from broadsheet.layout.blocks import build_blocks, font_family
from broadsheet.layout.context import mark_line_roles
from broadsheet.layout.lines import Line, build_lines, join_chars
from broadsheet.pdf.extract import Char, Rect

SERIF = "ABCDEF+LiberationSerif"


def _line_chars(
    text: str,
    x: float,
    baseline: float,
    size: float = 10.0,
    font: str = SERIF,
    advance: float = 0.5,
    overhang: float = 0.0,
    start: int = 0,
) -> list[Char]:
    """Glyphs of one line, written one after another (consecutive stream indices); a space
    leaves a gap of ``advance`` em and is not written. ``overhang``: how far each glyph's
    loose box reaches into its neighbours (italics)."""
    out, pos, index = [], x, start
    for ch in text:
        if ch == " ":
            pos += advance * size
            index += 1
            continue
        w = advance * size
        out.append(
            Char(
                text=ch,
                x0=pos - overhang,
                y0=baseline - 0.88 * size,
                x1=pos + w + overhang,
                y1=baseline + 0.12 * size,
                font_name=font,
                font_size=size,
                bold=False,
                index=index,
            )
        )
        pos += w
        index += 1
    return out


def test_justified_lines_with_leading_squeezed_below_the_type_size_stay_one_block():
    """Lines 7 pt apart in 10 pt type (boxes overlapping by 0.3 em) are one column when they are
    set flush in one measure, and a paragraph's short last line hanging from its left edge too."""
    texts = ["aaaa bbbb cccc dddd", "eeee ffff gggg hhhh", "iiii jjjj kkkk llll", "mmmm"]
    chars: list[Char] = []
    for k, t in enumerate(texts):
        chars += _line_chars(t, 40, 100 + 6.6 * k, start=100 * k)
    lines = build_lines(chars, [])
    assert len(lines) == 4
    blocks = build_blocks(lines, 10.0, [])
    assert len(blocks) == 1


def test_overlapping_lines_that_are_not_aligned_stay_apart():
    """The squeezed-leading allowance holds only for lines in one measure: a line shifted off
    both edges and off the centre does not join a block it overlaps by 0.4 em."""
    chars = _line_chars("aaaa bbbb cccc dddd", 40, 100)
    chars += _line_chars("eeee ffff", 110, 106, start=100)
    blocks = build_blocks(build_lines(chars, []), 10.0, [])
    assert len(blocks) == 2


def test_a_centred_wrapped_deck_with_tight_leading_is_one_block():
    chars = _line_chars("The expansion is the biggest private investment", 40, 100, size=12)
    centre = (chars[0].x0 + chars[-1].x1) / 2
    chars += _line_chars("year", centre - 12, 108.2, size=12, start=200)
    blocks = build_blocks(build_lines(chars, []), 9.0, [])  # a display size over 9 pt text
    assert [len(b.lines) for b in blocks] == [2]


def test_a_title_in_another_face_over_text_is_a_block_of_its_own():
    """A sidebar's "Background" in the sans face at body size, over serif text: its own block
    (then a title), while a serif first line in italics stays in its paragraph."""
    chars = _line_chars("Background", 40, 100, font="LiberationSans")
    chars += _line_chars("Doctors say flu vaccines are still", 40, 112, start=100)
    chars += _line_chars("available at all pharmacies in town", 40, 124, start=200)
    blocks = build_blocks(build_lines(chars, []), 10.0, [])
    assert [b.text() for b in blocks][0] == "Background"
    assert len(blocks) == 2

    chars = _line_chars("Opening words set in", 40, 100, font="LiberationSerif-Italic")
    chars += _line_chars("Doctors say flu vaccines are still", 40, 112, start=100)
    blocks = build_blocks(build_lines(chars, []), 10.0, [])
    assert len(blocks) == 1


def test_column_text_above_and_below_a_centred_subhead_are_blocks_of_their_own():
    """The column's lines run round a bold subhead centred in it, a line space apart: the text
    above and under it do not chain across it, so the subhead is read in its place."""
    chars = _line_chars("aaaa bbbb cccc dddd", 40, 100)
    chars += _line_chars("cccc dddd aaaa bbbb", 40, 110, start=100)
    sub = _line_chars("Next up", 70, 120, start=200)
    chars += [
        Char(c.text, c.x0, c.y0, c.x1, c.y1, "LiberationSans-Bold", 10.0, True, index=c.index)
        for c in sub
    ]
    chars += _line_chars("eeee ffff gggg hhhh", 40, 130, start=300)
    chars += _line_chars("iiii jjjj kkkk llll", 40, 140, start=400)
    blocks = build_blocks(build_lines(chars, []), 10.0, [])
    assert sorted((round(b.y0), b.text()) for b in blocks) == [
        (91, "aaaa bbbb cccc dddd cccc dddd aaaa bbbb"),
        (111, "Next up"),
        (121, "eeee ffff gggg hhhh iiii jjjj kkkk llll"),
    ]


def test_font_family_drops_subset_tag_and_style():
    assert font_family("ABCDEF+LiberationSerif-Italic") == "liberationserif"
    assert font_family("LiberationSerif") == font_family("LiberationSerif-BoldItalic")
    assert font_family("LiberationSans") != font_family("LiberationSerif")


def test_a_column_rule_drawn_through_a_headline_does_not_cut_it():
    chars = _line_chars("Bus routes redrawn after months", 40, 100, size=23, advance=0.4)
    x_rule = chars[8].x1 + 0.5 * 23 * 0.4  # in the word space after "routes"
    rule = Rect(x_rule - 0.4, 80, x_rule + 0.4, 400)
    lines = build_lines(chars, [rule])
    assert [ln.text for ln in lines] == ["Bus routes redrawn after months"]


def test_a_column_rule_still_parts_two_columns_on_one_baseline():
    """Two columns' lines on one baseline, written apart in the stream, a rule in the gutter."""
    left = _line_chars("the end of one", 40, 100)
    right = _line_chars("start of other", left[-1].x1 + 12, 100, start=500)
    rule = Rect(left[-1].x1 + 5.6, 80, left[-1].x1 + 6.4, 400)
    lines = build_lines(left + right, [rule])
    assert sorted(ln.text for ln in lines) == ["start of other", "the end of one"]


def test_word_spaces_in_italics_whose_boxes_overhang():
    chars = _line_chars(
        "The expansion is the biggest private investment", 40, 100, size=12, overhang=2.2
    )
    assert join_chars(chars, 12) == "The expansion is the biggest private investment"


def test_upright_text_keeps_its_spaces_and_tight_words():
    chars = _line_chars("vote on the bridge", 40, 100)
    assert join_chars(chars, 10) == "vote on the bridge"


def test_cjk_columns_part_at_a_gutter_narrowed_by_a_hanging_full_stop():
    """Two CJK columns 12 pt apart; the left line ends in a full stop hanging 3 pt into the
    gutter (a gap of 0.9 em): the lines stay apart. Glyphs written one after another stay
    together however tracked."""
    zh, font = "工作正在有序推进中。", "WenQuanYiMicroHei"
    left = _line_chars(zh, 40, 100, font=font, advance=1.0)
    right = _line_chars(
        "在群众家门口据悉这是", 40 + 100 + 9, 100, font=font, advance=1.0, start=900
    )
    lines = build_lines(left + right, [])
    assert sorted(ln.text for ln in lines) == sorted([zh, "在群众家门口据悉这是"])
    # 0.8 em apart, but written one after another: one tracked line
    tracked = _line_chars(
        "在群众家门口", 40, 200, font=font, advance=1.0, overhang=-4.0, start=2000
    )
    assert [ln.text for ln in build_lines(tracked, [])] == ["在群众家门口"]


def test_cjk_columns_part_where_an_opening_quote_hangs_into_the_gutter():
    font = "NotoSerifCJKsc-Regular"
    left = _line_chars("生可以随时向上级医院专家请", 40, 100, font=font, advance=1.0)
    right = _line_chars(
        "“以前一下雨路面就积水", left[-1].x1 + 6.8, 100, font=font, advance=1.0, start=700
    )
    assert len(build_lines(left + right, [])) == 2


def test_two_headlines_on_one_baseline_written_one_after_the_other_stay_apart():
    """Display lines are not justified: a 3.6 em gap between glyphs written in a row parts
    two headlines; body-size text written in a row keeps its wide justified word gaps."""
    left = _line_chars("River festival", 40, 100, size=26.6, advance=0.6)
    right = _line_chars("Kingsford", left[-1].x1 + 96, 100, size=26.6, advance=0.6, start=14)
    assert len(build_lines(left + right, [])) == 2
    body = _line_chars("wide", 40, 200, size=9.5)
    body += _line_chars("gaps", body[-1].x1 + 35, 200, size=9.5, start=5)
    assert [ln.text for ln in build_lines(body, [])] == ["wide gaps"]


def test_headlines_of_two_sizes_side_by_side_are_two_lines():
    left = _line_chars("draws", 40, 100, size=23.7, advance=0.6)
    right = _line_chars("Kingsford", left[-1].x1 + 20, 100, size=26.6, advance=0.6, start=900)
    assert sorted(ln.text for ln in build_lines(left + right, [])) == ["Kingsford", "draws"]


def test_digits_opening_a_vertical_headline_are_part_of_it():
    chars = []
    y = 100.0
    for n, ch in enumerate("861个便民服务点覆盖全市"):
        w = 8.0 if ch.isdigit() else 16.0
        x = 300 + (16 - w) / 2
        h = 12.0 if ch.isdigit() else 16.0
        chars.append(Char(ch, x, y, x + w, y + h, "X", 16.0, False, index=n))
        y += h + 0.5
    [line] = build_lines(chars, [])
    assert line.vertical and line.text == "861个便民服务点覆盖全市"


def _zh_lines(rows: list[tuple[float, str]], size: float = 9.0) -> list[Line]:
    """CJK lines, one (x, text) a row, 1.3 em apart; digits and spaces half an em wide."""
    chars: list[Char] = []
    for k, (x, text) in enumerate(rows):
        pos = x
        for n, ch in enumerate(text):
            w = size * (0.5 if ch.isascii() else 1.0)
            if ch != " ":
                base = 100 + 1.3 * size * k
                chars.append(
                    Char(
                        ch,
                        pos,
                        base - 0.88 * size,
                        pos + w,
                        base + 0.12 * size,
                        "WenQuanYiMicroHei",
                        size,
                        False,
                        index=1000 * k + n,
                    )
                )
            pos += w
    return build_lines(chars, [])


def test_a_dateline_wrapped_where_neither_part_reads_as_a_byline_is_one():
    lines = _zh_lines(
        [
            (40, "新华社北京7月24日"),
            (40, "电（记者 范卫浩）"),
            (58, "在白石镇类似的变"),
            (40, "化正在一点一滴地发生"),
        ]
    )
    mark_line_roles(lines, 9.0)
    assert [ln.role for ln in lines] == ["byline", "byline", "", ""]


def test_a_caption_ending_in_its_credit_on_the_next_line_is_no_dateline():
    lines = _zh_lines(
        [
            (40, "落实完善，落实，建设数据"),
            (40, "环境活动。（周涛华 摄）"),
            (58, "在白石镇类似的变化正在一"),
        ]
    )
    mark_line_roles(lines, 9.0)
    assert lines[0].role == ""


def test_a_byline_tail_whose_bracket_hangs_left_is_taken():
    lines = _zh_lines(
        [(44, "新华社北京7月24日电"), (39.5, "（记者 袁峰春）"), (58, "一组组数据的背后")]
    )
    mark_line_roles(lines, 9.0)
    assert [ln.role for ln in lines] == ["byline", "byline", ""]
