"""The pure writers (`broadsheet.library.alto_out`, `alto_layout`, `mets_out`) on small made-up
pages: words to blocks, hyphens, estimated lines, IDs; no database, no PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from broadsheet.library.alto_layout import RegionIn, block_ids, estimate_lines, page_layout
from broadsheet.library.alto_out import AltoPage, Block, Line, Style, Word, alto_document
from broadsheet.library.mets_out import Area, MetsArticle, MetsIssue, MetsPage, mets_document
from broadsheet.pdf.extract import Char, PageContent, Rect
from tests.library.xml_schemas import assert_valid_alto, assert_valid_mets, needs_schemas

ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"


def typeset(text: str, x: float, baseline: float, size: float = 10.0, start: int = 0) -> list[Char]:
    """Glyphs of a line as a PDF would give them: half an em wide, a space as a gap."""
    chars, index = [], start
    for ch in text:
        if ch == " ":
            x += 0.35 * size
            continue
        width = size if "\u4e00" <= ch <= "\u9fff" else 0.5 * size
        chars.append(
            Char(
                ch,
                x,
                baseline - 0.8 * size,
                x + width,
                baseline + 0.2 * size,
                "Serif",
                size,
                False,
                index=index,
            )  # fmt: skip
        )
        x += width
        index += 1
    return chars


def content(*lines: list[Char], rules: list[Rect] | None = None) -> PageContent:
    return PageContent(
        width=600.0,
        height=800.0,
        chars=[c for line in lines for c in line],
        rules=rules or [],
    )


def layout(regions: list[RegionIn], page_content: PageContent | None, **options) -> AltoPage:
    return page_layout(
        1, "A01", (600.0, 800.0), regions, page_content, language="en", image_name="A01.jpg",
        **options,
    )  # fmt: skip


def strings(page: AltoPage, block_id: str) -> list[str]:
    block = next(b for b in page.blocks if b.id == block_id)
    return [w.text for line in block.lines for w in line.words]


def test_words_go_to_the_region_holding_them_and_the_rest_is_furniture():
    body = RegionIn("r1", "body", (40, 100, 300, 140))
    head = RegionIn("r2", "headline", (40, 60, 560, 90))
    page = layout(
        [head, body],
        content(
            typeset("Bridge opens", 40, 80, size=20),
            typeset("The council voted", 40, 110),
            typeset("on Tuesday.", 40, 125),
            typeset("Page 3", 500, 780),
        ),
    )
    ids = block_ids(1, [head, body])
    assert ids == {"r2": "P1_TB1", "r1": "P1_TB2"}
    assert strings(page, "P1_TB1") == ["Bridge", "opens"]
    assert strings(page, "P1_TB2") == ["The", "council", "voted", "on", "Tuesday."]
    furniture = [b for b in page.blocks if b.role == "furniture"]
    assert [strings(page, b.id) for b in furniture] == [["Page", "3"]]
    assert furniture[0].id == "P1_TB3"  # numbered after the regions
    spaced = [w.space_before for line in page.blocks[1].lines for w in line.words]
    assert spaced == [False, True, True, False, True]


def test_a_line_across_two_regions_is_split_between_them():
    left = RegionIn("a", "body", (40, 100, 200, 140))
    right = RegionIn("b", "caption", (205, 100, 400, 140))
    page = layout([left, right], content(typeset("left words right words", 140, 120)))
    assert strings(page, "P1_TB1") == ["left", "words"]
    assert strings(page, "P1_TB2") == ["right", "words"]
    assert page.blocks[1].lines[0].words[0].space_before is False  # a block starts no space


def test_a_zone_polygon_decides_where_its_box_does_not():
    # An L-shaped zone: its box holds the word at the bottom right, its outline does not.
    zone = RegionIn(
        "z", "body", (0, 0, 300, 300), polygon=[[0, 0], [300, 0], [300, 100], [100, 100],
                                                [100, 300], [0, 300]],
    )  # fmt: skip
    page = layout([zone], content(typeset("inside", 10, 50), typeset("outside", 200, 250)))
    assert strings(page, "P1_TB1") == ["inside"]
    assert [b.role for b in page.blocks] == ["body", "furniture"]


@needs_schemas
def test_a_word_broken_at_a_line_end_is_hyp_and_its_two_parts():
    body = RegionIn("r1", "body", (40, 100, 300, 160))
    page = layout(
        [body], content(typeset("an exam-", 40, 110), typeset("ple of it", 40, 125, start=10))
    )
    first, second = page.blocks[0].lines
    assert [w.text for w in first.words] == ["an", "exam"]
    assert (first.words[-1].hyphen_part, first.words[-1].whole) == (1, "example")
    assert (second.words[0].hyphen_part, second.words[0].whole) == (2, "example")
    root = assert_valid_alto(alto_document(page)).getroot()
    hyp = root.find(f".//{ALTO}HYP")
    assert hyp is not None and hyp.get("CONTENT") == "-"
    assert hyp.getprevious().get("SUBS_TYPE") == "HypPart1"
    # A hyphen that is part of the word (a capital follows) stays.
    page = layout(
        [body], content(typeset("the Sino-", 40, 110), typeset("British talks", 40, 125, start=10))
    )
    assert [w.text for w in page.blocks[0].lines[0].words] == ["the", "Sino-"]


def test_fonts_and_sizes_become_styles_and_split_words():
    chars = typeset("Bold", 40, 110) + typeset("plain", 60, 110, start=4)
    for c in chars[:4]:
        c.bold, c.font_name = True, "Serif-BoldItalic"
    page = layout([RegionIn("r", "body", (30, 90, 300, 130))], content(chars))
    words = page.blocks[0].lines[0].words
    assert [w.text for w in words] == ["Bold", "plain"]
    assert words[0].style == Style("Serif-BoldItalic", 10.0, bold=True, italic=True)
    assert words[1].space_before is False  # a change of font, no space
    root = etree.fromstring(alto_document(page))
    styles = {s.get("ID"): s.get("FONTSTYLE") for s in root.iter(f"{ALTO}TextStyle")}
    assert styles == {"TS1": "bold italics", "TS2": None}


def test_estimated_lines_fill_the_box_with_the_text():
    box = (100.0, 100.0, 300.0, 200.0)
    lines = estimate_lines(box, "城市建设的最新进展，" * 8 + "\n第二段")
    text = "".join(w.text for line in lines for w in line)
    assert text == "城市建设的最新进展，" * 8 + "第二段"
    assert len(lines) >= 3
    for line in lines:
        for word in line:
            x0, y0, x1, y1 = word.box
            assert 100 <= x0 <= x1 <= 300 and 100 <= y0 < y1 <= 200.01
    latin = estimate_lines(box, "The council voted on Tuesday to build a bridge.")
    assert [w.text for line in latin for w in line][:3] == ["The", "council", "voted"]
    assert estimate_lines(box, "  \n ") == []


@needs_schemas
def test_a_page_without_text_and_without_a_pdf_is_still_valid_alto():
    regions = [
        RegionIn("r1", "headline", (40, 60, 560, 90), text="Bridge opens"),
        RegionIn("r2", "photo", (40, 100, 300, 300)),
        RegionIn("r3", "body", (310, 100, 560, 300), text="First paragraph.\nSecond one."),
    ]
    for page_content in (None, content(typeset("garbled", 40, 80))):
        page = layout(regions, page_content, read_text=False)
        assert [b.kind for b in page.blocks][:3] == ["text", "illustration", "text"]
        assert all(b.estimated for b in page.blocks if b.kind == "text")
        root = assert_valid_alto(alto_document(page)).getroot()
        assert root.find(f".//{ALTO}Illustration").get("TYPE") == "photo"
    empty = layout([], None)
    assert_valid_alto(alto_document(empty))


@needs_schemas
def test_rules_and_images_outside_photos_are_kept():
    page_content = content(typeset("text", 40, 110), rules=[Rect(40, 150, 560, 151)])
    page_content.images = [Rect(40, 200, 300, 400), Rect(310, 200, 560, 400), Rect(0, 0, 5, 5)]
    page = layout([RegionIn("p", "photo", (40, 200, 300, 400))], page_content)
    kinds = [(b.kind, b.illustration_type) for b in page.blocks]
    assert kinds == [
        ("illustration", "photo"), ("text", ""), ("illustration", "image"), ("rule", "")
    ]  # fmt: skip
    root = assert_valid_alto(alto_document(page)).getroot()
    rule = root.find(f".//{ALTO}GraphicalElement")
    assert (rule.get("HPOS"), rule.get("VPOS"), rule.get("WIDTH")) == ("667", "2500", "8666")


def test_repeated_ids_are_refused():
    word = Word("x", (0, 0, 1, 1), Style("", 10.0))
    page = AltoPage("P1", 1, "A01", 10, 10, "en", "A01.jpg")
    page.blocks = [Block("P1_TB1", "text", (0, 0, 1, 1), lines=[Line("P1_TB1", [word])])]
    with pytest.raises(ValueError, match="repeated"):
        alto_document(page)


@needs_schemas
def test_mets_of_an_issue_without_articles_and_of_one_with_a_part_over_two_pages():
    moment = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
    pages = [
        MetsPage(n, f"A0{n}", "", {k: f"{k}/A0{n}" for k in ("image", "pdf", "alto")})
        for n in (1, 2)
    ]
    issue = MetsIssue("The Courier", "courier", dt.date(2026, 11, 27), 2, "en", moment, moment,
                      pages=pages)  # fmt: skip
    assert_valid_mets(mets_document(issue))
    issue.articles = [
        MetsArticle(
            7, "advert", "Sale", headline="Sale",
            parts={"body": [Area(1, "P1_TB3"), Area(2, "P2_TB1")], "headline": [Area(1, "P1_TB2")]},
        )
    ]  # fmt: skip
    root = assert_valid_mets(mets_document(issue)).getroot()
    ns = {"mets": "http://www.loc.gov/METS/"}
    article = root.find(".//mets:div[@ID='LOG_A7']", ns)
    assert article.get("TYPE") == "advertisement"
    assert [d.get("TYPE") for d in article.findall("mets:div", ns)] == ["headline", "body"]
    areas = article.findall("mets:div[@TYPE='body']/mets:fptr/mets:seq/mets:area", ns)
    assert [(a.get("FILEID"), a.get("BEGIN")) for a in areas] == [
        ("ALTO_0001", "P1_TB3"), ("ALTO_0002", "P2_TB1")
    ]  # fmt: skip
    links = [e.get("{http://www.w3.org/1999/xlink}to") for e in root.iter("{*}smLink")]
    assert links == ["PHYS_0001", "PHYS_0002"]


@needs_schemas
def test_the_schemas_do_reject_a_broken_document():
    """The validation in these tests has teeth: MODS inside METS is checked too."""
    moment = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    issue = MetsIssue("X", "x", dt.date(2026, 11, 27), 1, "en", moment, moment)
    good = mets_document(issue)
    with pytest.raises(AssertionError, match="mets-mods"):
        assert_valid_mets(good.replace(b"<mods:genre", b"<mods:genreX", 1).replace(
            b"</mods:genre>", b"</mods:genreX>", 1))  # fmt: skip
    page = layout([], None)
    with pytest.raises(AssertionError, match="alto-4-4"):
        assert_valid_alto(alto_document(page).replace(b"inch1200", b"points"))


@needs_schemas
def test_characters_xml_cannot_hold_are_left_out():
    """Stored text may carry a control character (a pasted form feed): the files stay XML."""
    moment = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    page = MetsPage(1, "A01", "要闻\x0c", {k: f"{k}/A01" for k in ("image", "pdf", "alto")})
    article = MetsArticle(1, "news", "Head\x07line", headline="Head\x07line")
    issue = MetsIssue("Paper\x00", "p", dt.date(2026, 11, 27), 1, "en", moment, moment,
                      pages=[page], articles=[article])  # fmt: skip
    root = assert_valid_mets(mets_document(issue)).getroot()
    assert root.get("LABEL") == "Paper 2026-11-27"
    regions = [RegionIn("r", "body", (40, 100, 300, 200), text="a\x07b c")]
    alto = assert_valid_alto(alto_document(layout(regions, None))).getroot()
    assert [s.get("CONTENT") for s in alto.iter(f"{ALTO}String")] == ["ab", "c"]
