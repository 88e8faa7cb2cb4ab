from __future__ import annotations

from typing import Any

from broadsheet.layout import link_jumps


def article(aid: str, headline: str, jump: str | None = None) -> dict[str, Any]:
    blocks = [{"role": "headline", "bbox": [0, 0, 1, 1], "text": headline}]
    if jump:
        blocks.append({"role": "jump", "bbox": [0, 0, 1, 1], "text": jump})
    return {
        "id": aid,
        "headline": headline,
        "blocks": blocks,
        "continued_to": None,
        "continued_from": None,
    }


def test_chinese_jump_links_both_ways_by_headline() -> None:
    pages = [
        {
            "index": 1,
            "articles": [
                article("p1-a1", "城市更新加快推进", "（下转第3版）"),
                article("p1-a2", "别的新闻"),
            ],
        },
        {
            "index": 3,
            "articles": [
                article("p3-a1", "无关新闻"),
                article("p3-a2", "城市更新加快推进", "（上接第1版）"),
            ],
        },
    ]
    link_jumps(pages)
    assert pages[0]["articles"][0]["continued_to"] == {"page": 3, "article": "p3-a2"}
    assert pages[1]["articles"][1]["continued_from"] == {"page": 1, "article": "p1-a1"}
    assert pages[0]["articles"][1]["continued_to"] is None


def test_printed_labels_resolve_to_page_indices() -> None:
    pages = [
        {"index": 1, "articles": [article("p1-a1", "Harbour plan", "Continued on Page A5")]},
        {"index": 2, "articles": [article("p2-a1", "Harbour plan", "Continued from Page A1")]},
    ]
    link_jumps(pages, labels={1: "A01", 2: "A05"})
    assert pages[0]["articles"][0]["continued_to"] == {"page": 2, "article": "p2-a1"}
    assert pages[1]["articles"][0]["continued_from"] == {"page": 1, "article": "p1-a1"}


def test_jump_to_a_page_not_analysed_keeps_the_page_only() -> None:
    pages = [{"index": 1, "articles": [article("p1-a1", "标题", "下转第8版")]}]
    link_jumps(pages)
    assert pages[0]["articles"][0]["continued_to"] == {"page": 8}
