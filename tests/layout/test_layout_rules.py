"""One small generated page per rule family: bylines in context, furniture, heading bands,
inline subheads, photos above headlines, label bars, display adverts, paragraphs and zones."""

from __future__ import annotations

from pagemaker import BODY_A, BODY_B, Page

from broadsheet.layout import analyze_page

PARA_1 = "城市公园今年新增绿地面积较去年明显扩大，市民休闲空间更加丰富。"
PARA_2 = "社区服务中心推出便民措施，老年居民办理业务更加方便快捷。"


def analyse(page: Page) -> dict:
    doc = page.document()
    try:
        return analyze_page(doc[0], 1)
    finally:
        doc.close()


def only(result: dict) -> dict:
    (article,) = result["articles"]
    return article


def squeeze(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


# -- bylines in context --------------------------------------------------------------------


def test_body_lines_starting_with_jizhe_or_ending_in_she_are_body() -> None:
    p = Page()
    p.text(40, 40, "新区建设全面提速", 24)
    p.text(40, 74, "本报记者 王明", 9)
    # 18 characters a line: the second and fourth lines start with 记者 / end in 摄 inside
    # running paragraphs.
    text = "今天白天晴转多云，最高气温十二摄氏度" + "记者从市发展改革委获悉今年全市新增绿地" * 3
    text += "最低气温五摄氏度左右，早晚温差较大" + "记者在现场看到塔吊林立车辆往来一派繁忙" * 3
    p.column(40, 90, 162, text)
    article = only(analyse(p))
    assert squeeze(article["byline"]) == "本报记者王明"
    assert squeeze(article["text"]) == text


def test_agency_dateline_wrapped_in_a_narrow_column_is_the_byline() -> None:
    p = Page()
    p.text(40, 40, "古村落焕发新活力", 20)
    p.text(40, 70, "新华社北京5月5日电（记", 9)
    p.text(40, 83.5, "者 林敏生）", 9)
    p.paragraphs(40, 97, 108, [PARA_1 * 2, PARA_2 * 2])
    article = only(analyse(p))
    assert squeeze(article["byline"]) == "新华社北京5月5日电（记者林敏生）"
    assert "新华社" not in article["text"]


# -- page furniture ----------------------------------------------------------------------


def test_masthead_info_box_is_not_an_article() -> None:
    p = Page()
    p.text(40, 20, "江城日报", 40)
    for n, line in enumerate(
        [
            "2024年5月6日 星期一",
            "第12545期 今日4版",
            "国内统一连续出版物号 CN00-0000",
            "江城天气：晴 1℃～12℃",
        ]
    ):
        p.text(420, 22 + 14 * n, line, 9)
    p.rule(30, 84, 565, 84, width=1.6)
    p.text(40, 100, "公园建设迎来新进展", 22)
    p.column(40, 134, 250, BODY_A)
    result = analyse(p)
    article = only(result)
    assert article["headline"] == "公园建设迎来新进展"
    assert "第12545期" not in article["text"]


# -- headings and their columns ----------------------------------------------------------


def three_columns(p: Page, top: float, texts: list[str], x: float = 40, width: float = 150) -> None:
    for n, t in enumerate(texts):
        p.column(x + n * (width + 12), top, width, t)


def test_centred_headline_owns_the_columns_beside_it() -> None:
    p = Page()
    p.text(170, 40, "社区服务更贴心", 24)  # centred over three columns, narrower than them
    p.text(40, 76, "本报记者 李华", 9)
    three_columns(p, 92, [BODY_A, BODY_B, BODY_A])
    article = only(analyse(p))
    assert article["headline"] == "社区服务更贴心"
    assert squeeze(article["byline"]) == "本报记者李华"
    assert squeeze(article["text"]) == BODY_A + BODY_B + BODY_A


def test_stacked_subheads_inside_running_columns_are_subheads() -> None:
    p = Page()
    p.text(40, 40, "新区建设全面提速 项目落地", 24)
    p.column(40, 80, 150, BODY_A)
    p.column(202, 80, 150, BODY_B[:60])
    p.text(220, 200, "温暖送到心坎上", 12)
    p.text(220, 216, "服务延伸到家门口", 12)
    p.column(202, 234, 150, BODY_B[60:])
    p.column(364, 80, 150, BODY_A)
    result = analyse(p)
    article = only(result)
    assert article["headline"] == "新区建设全面提速 项目落地"
    paragraphs = [squeeze(x) for x in article["text"].split("\n\n")]
    assert "温暖送到心坎上" in paragraphs and "服务延伸到家门口" in paragraphs
    subheads = [b["text"] for b in article["blocks"] if b["role"] == "subhead"]
    assert subheads


def test_photo_right_above_a_headline_opens_that_article() -> None:
    p = Page()
    p.image(40, 40, 300, 150)
    p.text(40, 194, "市民在公园里散步。（王明 摄）", 7)
    p.text(40, 214, "公园建设迎来新进展", 22)
    p.column(40, 248, 300, BODY_A)
    article = only(analyse(p))
    roles = [b["role"] for b in article["blocks"]]
    assert "photo" in roles and "caption" in roles
    assert article["headline"] == "公园建设迎来新进展"


def test_section_label_on_a_tinted_bar_is_not_part_of_the_headline() -> None:
    p = Page()
    p.box(40, 40, 200, 58, fill=(0.8, 0.1, 0.1))
    p.text(100, 44, "简讯", 11.5)
    p.text(40, 66, "青少年足球联赛开赛", 11.5)
    p.column(40, 84, 160, BODY_A[:90])
    p.rule(40, 170, 200, 170)
    p.text(40, 178, "中医药服务进社区", 11.5)
    p.column(40, 196, 160, BODY_B[:90])
    result = analyse(p)
    heads = [a["headline"] for a in result["articles"]]
    assert heads == ["青少年足球联赛开赛", "中医药服务进社区"]
    assert {a["kind"] for a in result["articles"]} == {"brief"}


def test_framed_display_copy_is_an_advert() -> None:
    p = Page()
    p.text(40, 40, "公园建设迎来新进展", 22)
    p.column(40, 74, 500, BODY_A)
    p.box(40, 200, 555, 330, fill=(1.0, 0.96, 0.85))
    p.text(150, 230, "江城家居博览会", 36)
    p.text(170, 290, "5月6日至9日 会展中心 品牌家具", 12)
    result = analyse(p)
    kinds = {a["headline"]: a["kind"] for a in result["articles"]}
    assert kinds["江城家居博览会"] == "advert"
    assert kinds["公园建设迎来新进展"] == "news"


# -- paragraphs ----------------------------------------------------------------------------


def test_paragraphs_open_only_at_indented_lines_and_run_on_across_columns() -> None:
    p = Page()
    p.text(40, 40, "公园建设迎来新进展", 22)
    # Column 1 ends in the middle of the second paragraph, on a short line; the paragraph
    # carries on at the top of column 2 (no indent there).
    first = PARA_1 * 2  # 64 characters: 14 + 16 + 16 + 16 + 2 (a short last line)
    second_a = (PARA_2 * 2)[: 14 + 16]
    second_b = (PARA_2 * 2)[30:]
    p.paragraphs(40, 74, 144, [first])
    p.text(58, 74 + 5 * 13.5, second_a[:14], 9)
    p.text(40, 74 + 6 * 13.5, second_a[14:], 9)
    p.column(196, 74, 144, second_b)
    article = only(analyse(p))
    paragraphs = [squeeze(x) for x in article["text"].split("\n\n")]
    assert paragraphs == [first, second_a + second_b]


# -- zones ---------------------------------------------------------------------------------


def test_zone_follows_the_text_not_the_space_beside_a_centred_headline() -> None:
    p = Page()
    p.text(170, 40, "社区服务更贴心", 24)
    three_columns(p, 80, [BODY_A, BODY_A, BODY_A])
    article = only(analyse(p))
    head = next(r for r in article["regions"] if r[1] < 60)
    assert head[0] >= 165 and head[2] <= 350  # the headline's own width
    body = [r for r in article["regions"] if r[1] >= 60]
    assert len(body) == 1  # three equal columns joined across their gutters
    assert body[0][0] == 40.0 and body[0][2] > 500


def test_two_articles_keep_apart_without_rules() -> None:
    p = Page()
    p.text(40, 40, "公园建设迎来新进展", 20)
    p.column(40, 70, 240, BODY_A)
    p.text(300, 40, "社区服务更贴心", 20)
    p.column(300, 70, 240, BODY_B)
    result = analyse(p)
    assert [a["headline"] for a in result["articles"]] == ["公园建设迎来新进展", "社区服务更贴心"]
    a, b = result["articles"]
    assert max(r[2] for r in a["regions"]) < min(r[0] for r in b["regions"])


def test_english_byline_wrapped_in_a_narrow_column() -> None:
    p = Page()
    p.text(40, 40, "Council backs new park", 22, font="Times-Bold")
    p.text(40, 70, "By Robert Moreno and", 9, font="Times-Roman")
    p.text(40, 81, "Victor Lindqvist", 9, font="Times-Roman")
    body = "The council voted on Monday to open the riverside park next spring. " * 8
    p.words(40, 96, 120, body)
    article = only(analyse(p))
    assert article["byline"] == "By Robert Moreno and Victor Lindqvist"
    assert "Lindqvist" not in article["text"]


# -- captions, kickers, subheadlines, boxed articles, wrapped bylines ----------------------------

ENGLISH_BODY = "The council voted on Monday to open the riverside park next spring. " * 10


def test_caption_under_a_photo_above_the_kicker_is_the_caption() -> None:
    p = Page()
    p.image(40, 40, 500, 120)
    p.text(40, 163, "The restored mural in the Old Town. (Anna Berg/The Gazette)", 7.5, "Helvetica")
    p.text(40, 182, "CITY HALL", 14, font="Helvetica-Bold")
    p.text(40, 202, "Council backs new park", 30, font="Times-Bold")
    p.words(40, 244, 240, ENGLISH_BODY)
    article = only(analyse(p))
    assert article["kicker"] == "CITY HALL"
    assert article["headline"] == "Council backs new park"
    captions = [b["text"] for b in article["blocks"] if b["role"] == "caption"]
    assert captions == ["The restored mural in the Old Town. (Anna Berg/The Gazette)"]


def test_italic_line_under_the_headline_is_the_subheadline() -> None:
    p = Page()
    p.text(40, 40, "Council backs new park", 26, font="Times-Bold")
    p.text(40, 74, "The vote ends a decade of argument over the riverside", 11, "Times-Italic")
    p.words(40, 94, 240, ENGLISH_BODY)
    article = only(analyse(p))
    # (word spaces after an italic "f" are a known extraction weakness: compare without them)
    assert squeeze(article["subheadline"]) == squeeze(
        "The vote ends a decade of argument over the riverside"
    )
    assert not article["text"].startswith("The vote ends")


def test_dash_subheadline_ending_in_a_credit_word_is_not_a_byline() -> None:
    p = Page()
    p.text(40, 40, "城市更新按下快进键", 26)
    p.text(60, 74, "——来自东湖综合体施工现场的报道", 10.5)
    p.text(40, 94, "本报记者 郑民", 9)
    p.column(40, 110, 240, BODY_A)
    article = only(analyse(p))
    assert article["subheadline"] == "——来自东湖综合体施工现场的报道"
    assert article["byline"] == "本报记者 郑民"


def test_boxed_article_mentioning_a_sale_is_not_an_advert() -> None:
    p = Page()
    p.box(30, 30, 320, 330)
    p.text(40, 40, "Harbour traffic reaches record high", 18, font="Times-Bold")
    body = "The sale of the old warehouse was agreed on Tuesday and work starts soon. " * 9
    p.words(40, 70, 270, body)
    article = only(analyse(p))
    assert article["kind"] != "advert"
    assert article["headline"] == "Harbour traffic reaches record high"


def test_byline_wrapped_because_the_name_did_not_fit() -> None:
    p = Page()
    p.text(40, 40, "Winter shelter opens", 22, font="Times-Bold")
    # The column is 140 pt wide: "Felix" ends 32 pt short of it, but "Moreno" would not fit.
    p.text(40, 70, "By Grace Ellery and Felix", 9, font="Helvetica-Bold")
    p.text(40, 81, "Moreno", 9, font="Helvetica-Bold")
    p.words(40, 96, 140, ENGLISH_BODY)
    article = only(analyse(p))
    assert article["byline"] == "By Grace Ellery and Felix Moreno"
    assert "Moreno" not in article["text"]


def test_reading_order_ends_on_boxes_that_touch_within_the_tolerance():
    """A real page (great-falls-tribune) crashed the analyser: a "cut" that left every box on
    one side made xy_order recurse for ever."""
    from broadsheet.layout.order import xy_order

    boxes = [(0.0, 0.0, 10.0, 5.0), (9.5, 6.0, 9.6, 9.0)]
    assert xy_order(boxes, lambda b: b) == boxes
    # A staircase of thousands of boxes is ordered without running out of stack.
    stairs = [(float(i), float(i), i + 0.5, i + 0.5) for i in range(5000)]
    assert xy_order(list(reversed(stairs)), lambda b: b) == stairs
