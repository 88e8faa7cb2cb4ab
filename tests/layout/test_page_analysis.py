"""Headlines, subheadlines, bylines, columns and reading order on small generated pages."""

from __future__ import annotations

from pagemaker import BODY_A, BODY_B, Page, two_article_page

from broadsheet.layout import analyze_page


def analyse(page: Page) -> dict:
    doc = page.document()
    try:
        return analyze_page(doc[0], 1)
    finally:
        doc.close()


def test_headlines_subheadline_and_byline_are_found() -> None:
    result = analyse(two_article_page())
    assert result["text_quality"] == "ok"
    heads = [a["headline"] for a in result["articles"]]
    assert heads == ["公园建设迎来新进展", "社区服务更贴心"]
    first, second = result["articles"]
    assert first["byline"].replace(" ", "") == "本报记者王明"
    assert second["subheadline"] == "——多项便民措施落地"
    assert first["text"].replace("\n", "") == BODY_A
    assert second["text"].replace("\n", "") == BODY_B
    assert first["id"] == "p1-a1" and second["id"] == "p1-a2"


def test_page_header_is_not_an_article() -> None:
    result = analyse(two_article_page())
    for article in result["articles"]:
        assert "星期一" not in article["text"]
        assert "第3版" not in article["headline"]


def test_regions_cover_the_article() -> None:
    first = analyse(two_article_page())["articles"][0]
    x0 = min(r[0] for r in first["regions"])
    y0 = min(r[1] for r in first["regions"])
    y1 = max(r[3] for r in first["regions"])
    assert x0 == 40.0 and y0 == 50.0 and y1 > 180
    roles = [b["role"] for b in first["blocks"]]
    assert roles[:3] == ["headline", "byline", "body"]


def test_kicker_above_headline() -> None:
    p = Page()
    p.text(40, 40, "深化改革 推动发展", 11)
    p.text(40, 56, "新区建设全面提速", 24)
    p.column(40, 90, 240, BODY_A)
    result = analyse(p)
    (article,) = result["articles"]
    assert article["kicker"] == "深化改革 推动发展"
    assert article["headline"] == "新区建设全面提速"


def test_columns_read_left_to_right_then_top_to_bottom() -> None:
    p = Page()
    p.words(40, 40, 500, "Harbour Bridge Opens To Traffic", 24, "Helvetica-Bold")
    left = " ".join(f"alpha{i}" for i in range(60))
    right = " ".join(f"omega{i}" for i in range(60))
    p.words(40, 80, 150, left, 9)
    p.words(210, 80, 150, right, 9)
    (article,) = analyse(p)["articles"]
    words = article["text"].split()
    assert words[:60] == left.split()
    assert words[60:] == right.split()


def test_rule_separates_two_stories_under_one_wide_headline() -> None:
    p = Page()
    p.text(40, 40, "第一条新闻标题很长很长", 22)
    p.column(40, 72, 240, BODY_A)
    p.rule(30, 200, 565, 200)
    p.column(40, 210, 240, BODY_B)
    p.text(40, 320, "第二条新闻标题", 20)
    p.column(40, 350, 240, BODY_B)
    result = analyse(p)
    first = result["articles"][0]
    assert BODY_B not in first["text"].replace("\n", "")


def test_photo_and_caption_join_the_article() -> None:
    p = Page()
    p.text(40, 40, "图片新闻标题", 22)
    p.image(40, 72, 240, 150)
    p.text(40, 226, "市民在公园里散步。（李华 摄）", 7)
    p.column(40, 244, 240, BODY_A)
    (article,) = analyse(p)["articles"]
    roles = [b["role"] for b in article["blocks"]]
    assert "photo" in roles and "caption" in roles
    caption = next(b for b in article["blocks"] if b["role"] == "caption")
    assert "摄" in caption["text"]
    assert "摄" not in article["text"]


def test_picture_without_text_is_a_picture_article() -> None:
    p = Page()
    p.image(40, 60, 300, 200)
    p.text(40, 264, "雨后的城市公园。（张强 摄）", 7)
    (article,) = analyse(p)["articles"]
    assert article["kind"] == "picture"


def test_jump_line_is_a_block_not_text() -> None:
    p = Page()
    p.text(40, 40, "重点工程加快推进", 22)
    y = p.column(40, 72, 240, BODY_A)
    p.text(200, y + 2, "（下转第3版）", 9)
    (article,) = analyse(p)["articles"]
    assert "下转" not in article["text"]
    assert any(b["role"] == "jump" for b in article["blocks"])


def test_vertical_text_reads_right_to_left() -> None:
    p = Page()
    p.text(40, 30, "竖排文章标题", 22)
    columns = ["甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未", "天地玄黄宇宙洪荒"]
    for n, col in enumerate(columns):
        x = 200 - n * 16
        for k, ch in enumerate(col):
            p.text(x, 70 + k * 10, ch, 10)
    (article,) = analyse(p)["articles"]
    assert article["text"].replace("\n", "") == "".join(columns)
