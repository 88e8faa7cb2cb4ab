"""Encodings of old e-paper files, and the cleaning, merging and scaling of image-map zones."""

from __future__ import annotations

import pytest

from broadsheet.legacy import zones
from broadsheet.legacy.decoding import UndecodableError, decode
from broadsheet.legacy.html import read_article, read_page
from broadsheet.legacy.text import page_label, squash

# Characters outside GB2312 (in GBK / GB18030): a name and a rare place character.
OUTSIDE_GB2312 = "王喆 李堃 镕"


def _page(charset: str, body: str) -> str:
    return f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>{body}</body></html>'


def test_characters_outside_gb2312_survive_a_gb2312_declaration() -> None:
    with pytest.raises(UnicodeEncodeError):
        OUTSIDE_GB2312.encode("gb2312")
    raw = _page("gb2312", f"<p>{OUTSIDE_GB2312}</p>").encode("gb18030")
    decoded = decode(raw)
    assert decoded.encoding == "gb18030" and OUTSIDE_GB2312 in decoded.text
    assert not decoded.disagrees  # GB2312 is of the same family: the bytes are read as its superset


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_and_gb18030_bytes(codec: str) -> None:
    text = "本报记者 王喆 摄"
    decoded = decode(_page(codec, text).encode(codec))
    assert text in decoded.text


def test_meta_that_disagrees_with_the_bytes_is_overruled() -> None:
    utf8_saying_gb = decode(_page("gb2312", "江城日报 喆").encode("utf-8"))
    assert utf8_saying_gb.encoding == "utf-8" and "江城日报 喆" in utf8_saying_gb.text
    assert utf8_saying_gb.disagrees
    gbk_saying_utf8 = decode(_page("utf-8", "江城日报 堃").encode("gbk"))
    assert gbk_saying_utf8.encoding == "gb18030" and "江城日报 堃" in gbk_saying_utf8.text
    assert gbk_saying_utf8.disagrees


def test_bom_and_crlf() -> None:
    raw = b"\xef\xbb\xbf" + _page("utf-8", "<p>\u4e00\u4e8c</p>").replace(">", ">\r\n").encode()
    decoded = decode(raw)
    assert decoded.encoding == "utf-8-sig" and not decoded.text.startswith("\ufeff")
    article = read_article(decoded.text)
    assert article.paragraphs == ["\u4e00\u4e8c"]


def test_undecodable_bytes_are_refused_and_a_few_damaged_ones_replaced() -> None:
    with pytest.raises(UndecodableError, match="not text"):
        decode(b"<html>" + bytes([0xFF, 0x80]) * 500 + b"</html>")
    damaged = _page("gbk", "新闻" * 2000).encode("gbk") + b"\xff"
    decoded = decode(damaged)
    assert decoded.replaced == 1 and "新闻新闻" in decoded.text


def test_squash_and_labels() -> None:
    assert squash("\r\n  要 闻 \u3000") == "要 闻"
    assert page_label("第01版：要 闻") == ("01", "要闻")
    assert page_label("01版:要闻") == ("01", "要闻")
    assert page_label("第A01版：头版") == ("A01", "头版")
    assert page_label("GA01版：广告") == ("GA01", "广告")
    assert page_label("第06-07版：特别报道") == ("06-07", "特别报道")
    assert page_label("0607版：特别报道") == ("0607", "特别报道")
    assert page_label("B02： 综合") == ("B02", "综合")
    assert page_label("今天天气") is None


def test_polygon_cleaning_drops_repeated_closing_and_collinear_points() -> None:
    coords = "10,10,60,10,60,10,110,10,110,50,110,90,10,90,10,10"
    assert zones.parse_area("polygon", coords) == [(10, 10), (110, 10), (110, 90), (10, 90)]
    l_shape = zones.parse_area("poly", "0,0,100,0,100,50,50,50,50,100,0,100")
    assert len(l_shape) == 6 and zones.area(l_shape) == 7500


@pytest.mark.parametrize(
    ("shape", "coords"),
    [
        ("polygon", "1,2,3"),
        ("polygon", "a,b,c,d,e,f"),
        ("rect", "1,2,3"),
        ("polygon", ""),
        ("polygon", "0,0,10,0,20,0"),
        ("star", "1,2,3,4"),
    ],
)
def test_broken_areas_are_refused(shape: str, coords: str) -> None:
    with pytest.raises(zones.BrokenAreaError):
        zones.parse_area(shape, coords)


def test_rect_and_circle_areas() -> None:
    assert zones.parse_area("rect", "50,60,10,20") == [(10, 20), (50, 20), (50, 60), (10, 60)]
    assert zones.bbox(zones.parse_area("circle", "50,50,10")) == (40, 40, 60, 60)


def test_merge_drops_duplicates_and_areas_inside_another() -> None:
    text = zones.parse_area("poly", "0,0,100,0,100,50,50,50,50,100,0,100")  # an L
    same = zones.parse_area("poly", "0,0,100,0,100,50,50,50,50,100,0,100")
    picture = zones.parse_area("rect", "10,10,40,40")  # inside the L
    notch = zones.parse_area("rect", "60,60,90,90")  # in the L's notch: not inside it
    other = zones.parse_area("rect", "200,0,300,100")
    merged, inside = zones.merge([text, same, picture, notch, other])
    assert merged == [text, notch, other]
    assert inside == [picture]  # the article's picture, where the page shows it


def test_scale_from_displayed_pixels_to_points() -> None:
    polygon = [(3.72, 92.805), (194.4, 92.805), (194.4, 323.5525), (3.72, 323.5525)]
    scaled = zones.scale(polygon, 1000 / 400, 1400 / 575)
    assert scaled[0] == pytest.approx((9.3, 225.96), abs=0.01)


def test_map_name_case_and_image_without_size() -> None:
    html = (
        '<MAP NAME="pagepicmap"><AREA shape="polygon" coords="1,1,9,1,9,9,1,9" href="content_1.htm?div=-1"></MAP>'
        '<img src="p_b.jpg" USEMAP="#PagePicMap">'
    )
    page = read_page(html)
    assert page.map_found and page.image_src == "p_b.jpg" and page.display is None
    assert page.areas[0].href == "content_1.htm?div=-1"


def test_two_body_tags_and_view_headlines() -> None:
    html = (
        "<html><body><div>第03版：评论</div></body><body>"
        '<a href=nw.D110000x_20171016_1-03.htm><script>document.write(view("长标题第一行<br>第二行  "))</script></a>'
        "</body></html>"
    )
    page = read_page(html)
    assert page.links[0].text == "长标题第一行 第二行"
    assert page.label_lines == ["第03版：评论"]


def test_body_printed_twice_is_kept_once() -> None:
    html = (
        '<div id="ozoom"><founder-content><p>甲段。</p><p>乙段。</p>'
        '<input type=checkbox name=titlecheckbox value=1 style="display:none">'
        "<p>甲段。</p><p>乙段。</p></founder-content></div>"
    )
    article = read_article(html)
    assert article.paragraphs == ["甲段。", "乙段。"] and article.duplicate_body


def test_a_page_made_from_an_image_is_the_same_file_every_time(tmp_path) -> None:
    from PIL import Image

    from broadsheet.pdf.document import validate_pdf
    from broadsheet.pdf.from_image import image_to_pdf

    source = tmp_path / "page.jpg.2"  # the current generation's odd name
    Image.new("RGB", (300, 420), "white").save(source, "JPEG")
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert image_to_pdf(source, a) == (300, 420)
    image_to_pdf(source, b)
    assert a.read_bytes() == b.read_bytes()  # so a re-run sees an unchanged page
    assert source.read_bytes() in a.read_bytes()  # the JPEG embedded as it is
    info = validate_pdf(a)
    assert (info.pages[0].width, info.pages[0].height) == (300, 420)
