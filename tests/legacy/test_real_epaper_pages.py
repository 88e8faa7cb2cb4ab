"""The parser on real saved pages of old e-paper sites (../shared/real/epaper; skipped when that
folder is absent). Their images, PDFs and article pages were never saved, so these tests read
what the pages themselves hold: labels, names, dates, title lists, image maps and their zones.
Nothing of their text is copied here; the checks are on structure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadsheet.legacy import zones
from broadsheet.legacy.decoding import decode
from broadsheet.legacy.html import read_page
from broadsheet.legacy.site import find_issues, page_links
from broadsheet.legacy.text import date_in, page_label

REAL = Path(__file__).resolve().parents[3] / "shared" / "real" / "epaper"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real/epaper is absent")

# paper, page file, scheme, date, label, areas (articles on the map), display size or None
PAGES = [
    ("kjrb", "html/2023-02/10/node_2.htm", "classic", dt.date(2023, 2, 10), "01", 5, None),
    ("jxrb", "html/2017-10/09/node_187.htm", "classic", dt.date(2017, 10, 9), "A01", 5, None),
    ("zglyb", "html/2017-10/13/node_1.htm", "classic", dt.date(2017, 10, 13), "01", 5, None),
    (
        "rmrb",
        "html/2017-10/16/nbs.D110000renmrb_01.htm",
        "nbs",
        dt.date(2017, 10, 16),
        "01",
        5,
        (400, 575),
    ),
    (
        "rmrb",
        "html/2017-10/18/nbs.D110000renmrb_07.htm",
        "nbs",
        dt.date(2017, 10, 18),
        "07",
        9,
        (400, 575),
    ),
    (
        "rmrb",
        "pc/layout/202412/25/node_01.html",
        "current",
        dt.date(2024, 12, 25),
        "01",
        7,
        (400, 575),
    ),
]


def _read(paper: str, rel: str):
    raw = (REAL / paper / rel).read_bytes()
    return raw, read_page(decode(raw).text)


@pytest.mark.parametrize(("paper", "rel", "scheme", "date", "label", "articles", "display"), PAGES)
def test_each_real_page_is_found_and_read(
    paper: str, rel: str, scheme: str, date: dt.date, label: str, articles: int, display
) -> None:
    found = [f for f in find_issues(REAL / paper) if rel in f.pages]
    assert [(f.scheme, f.date) for f in found] == [(scheme, date)]
    _, page = _read(paper, rel)
    assert page.display == (tuple(map(float, display)) if display else None)
    assert page.image_src and page.pdf_hrefs
    assert page.map_found
    own = [link for link in page.page_links if link.href.lstrip("./") == rel.rsplit("/", 1)[1]]
    assert own and page_label(own[0].text)[0] == label
    assert date_in(page.text) == date
    links = page_links(rel, page, date)
    assert len(links.areas) == articles
    assert not links.broken
    # every zone on the map has its title, every title its zone; no title is script code
    assert set(links.titles) == set(links.areas)
    for title in links.titles.values():
        assert title and "document.write" not in title and "view(" not in title
        assert title == title.strip() and "  " not in title and "\n" not in title
    for polygons in links.areas.values():
        for polygon in polygons:
            assert len(polygon) >= 3 and zones.area(polygon) > 0
            assert all(x >= 0 and y >= 0 for x, y in polygon)


def test_bom_crlf_page_decodes_without_mojibake() -> None:
    raw, _ = _read("kjrb", "html/2023-02/10/node_2.htm")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    decoded = decode(raw)
    assert decoded.encoding == "utf-8-sig" and not decoded.text.startswith("\ufeff")
    assert "\ufffd" not in decoded.text


def test_lowercase_map_name_meets_mixed_case_usemap() -> None:
    raw, page = _read("jxrb", "html/2017-10/09/node_187.htm")
    assert b'NAME="pagepicmap"' in raw and b"USEMAP=#PagePicMap" in raw
    assert page.map_found and len(page.areas) == 5


def test_enpproperty_comment_is_read_and_agrees_with_the_path() -> None:
    _, page = _read("jxrb", "html/2017-10/09/node_187.htm")
    assert page.enp["pagenum"] == "A01"
    assert date_in(page.enp["date"]) == dt.date(2017, 10, 9)


def test_page_list_without_ban_character_gives_labels_and_names() -> None:
    _, page = _read("jxrb", "html/2017-10/09/node_187.htm")
    labels = [page_label(link.text) for link in page.page_links]
    assert all(labels)
    assert [label for label, _ in labels][:4] == ["A01", "A02", "A03", "A04"]
    assert all(name for _, name in labels)


def test_fractional_coordinates_and_jpg_2_image() -> None:
    raw, page = _read("rmrb", "pc/layout/202412/25/node_01.html")
    assert page.image_src and page.image_src.endswith(".jpg.2")
    fractional = [a for a in page.areas if "." in (a.coords or "")]
    assert fractional
    polygon = zones.parse_area(fractional[0].shape, fractional[0].coords)
    assert any(x != int(x) or y != int(y) for x, y in polygon)


def test_nbs_headlines_come_from_the_view_call_whole() -> None:
    raw, page = _read("rmrb", "html/2017-10/16/nbs.D110000renmrb_01.htm")
    assert b"document.write(view(" in raw
    links = page_links("html/2017-10/16/nbs.D110000renmrb_01.htm", page, dt.date(2017, 10, 16))
    # view() cuts to 20 characters on screen; the importer keeps the whole headline
    assert max(len(t) for t in links.titles.values()) > 20


def test_repeated_points_are_cleaned_from_real_polygons() -> None:
    total_raw = total_clean = 0
    for paper, rel, *_ in PAGES:
        _, page = _read(paper, rel)
        for area in page.areas:
            raw_pairs = len([p for p in (area.coords or "").split(",") if p.strip()]) // 2
            total_raw += raw_pairs
            total_clean += len(zones.parse_area(area.shape, area.coords))
    assert total_clean < total_raw  # the real maps do carry repeated / collinear points


def _fragments() -> list[str]:
    text = decode((REAL / "hbrb" / "_fragments" / "2023-02-11" / "content.txt").read_bytes()).text
    marker = '<div id="scroller">'
    return [marker + part for part in text.split(marker)[1:]]


def test_current_generation_article_fragments() -> None:
    from broadsheet.legacy.html import read_article

    fragments = _fragments()
    assert len(fragments) >= 30
    articles = [read_article(f) for f in fragments]
    for article in articles:
        assert article.headline and article.paragraphs
        # the author element holds the date on this site: a date line, never a byline
        assert date_in(article.dateline) == dt.date(2023, 2, 11)
        assert date_in(article.byline) is None
        assert all(p == p.strip() and p for p in article.paragraphs)
    assert sum(1 for a in articles if a.kicker) >= 10
    assert sum(1 for a in articles if a.subheadline.startswith("——")) >= 3
    # one body under two ids (published on two pages): the importer joins such pairs
    bodies = [tuple(a.paragraphs) for a in articles]
    assert len(set(bodies)) < len(bodies)
