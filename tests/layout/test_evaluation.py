from __future__ import annotations

from typing import Any

import pytest

from broadsheet.layout.evaluation import (
    edit_distance,
    score_page,
    summarise,
    unit_f1,
    units,
    zone_iou,
)


def art(text: str, region: list[float], headline: str = "标题") -> dict[str, Any]:
    return {"headline": headline, "text": text, "regions": [region], "blocks": []}


def test_units_are_cjk_characters_and_latin_words() -> None:
    assert units("城市 News, 2024年!") == ["城", "市", "news", "2024", "年"]


def test_unit_f1() -> None:
    from collections import Counter

    assert unit_f1(Counter("abcd"), Counter("abcd")) == 1.0
    assert unit_f1(Counter("ab"), Counter("cd")) == 0.0
    assert unit_f1(Counter("abcd"), Counter("ab")) == pytest.approx(2 * 2 / 6)


def test_zone_iou() -> None:
    assert zone_iou([[0, 0, 10, 10]], [[0, 0, 10, 10]]) == 1.0
    assert zone_iou([[0, 0, 10, 10]], [[0, 0, 10, 5]]) == pytest.approx(0.5)
    assert zone_iou([[0, 0, 10, 10]], [[20, 20, 30, 30]]) == 0.0
    assert zone_iou([[0, 0, 5, 10], [5, 0, 10, 10]], [[0, 0, 10, 10]]) == 1.0


def test_edit_distance() -> None:
    assert edit_distance(list("kitten"), list("sitting")) == 3
    assert edit_distance([], list("abc")) == 3


def test_perfect_page_has_zero_edits() -> None:
    truth = {
        "articles": [
            art("甲乙丙丁" * 5, [0, 0, 100, 100]),
            art("子丑寅卯" * 5, [0, 120, 100, 200], "二"),
        ]
    }
    score = score_page(truth, truth)
    assert score.zero_edit
    s = summarise([score])
    assert s.article_f1[0.95] == 1.0 and s.zone_iou == 1.0 and s.role_accuracy["headline"] == 1.0


def test_split_and_merge_are_counted() -> None:
    truth = {
        "articles": [
            art("甲乙丙丁" * 5, [0, 0, 100, 100]),
            art("子丑寅卯" * 5, [0, 120, 100, 200], "二"),
        ]
    }
    split = {
        "articles": [
            art("甲乙丙丁" * 3, [0, 0, 100, 60]),
            art("甲乙丙丁" * 2, [0, 60, 100, 100]),
            art("子丑寅卯" * 5, [0, 120, 100, 200], "二"),
        ]
    }
    score = score_page(truth, split)
    assert score.splits == 1 and score.merges == 0 and not score.zero_edit
    merged = {"articles": [art("甲乙丙丁" * 5 + "子丑寅卯" * 5, [0, 0, 100, 200])]}
    score = score_page(truth, merged)
    assert score.merges == 1
    assert summarise([score]).article_f1[0.8] == 0.0


def test_jump_links_counts_the_right_continuation_only() -> None:
    from broadsheet.layout.evaluation import jump_links

    start = {
        "headline": "大桥通车",
        "text": "大桥今天正式通车运行，市民纷纷前来",
        "continued_to": {"page": 3},
    }
    tail = {
        "headline": "大桥通车",
        "text": "通车仪式上有关负责人介绍了工程情况",
        "continued_from": {"page": 1},
    }
    other = {"headline": "图书馆开放", "text": "新图书馆周末开放借阅服务到晚上九点"}
    truth = [{"index": 1, "articles": [start]}, {"index": 3, "articles": [other, tail]}]

    def pred(link: dict | None) -> list[dict]:
        p_start = {**start, "id": "p1-a1", "continued_to": link}
        p_other = {**other, "id": "p3-a1"}
        p_tail = {**tail, "id": "p3-a2"}
        return [{"index": 1, "articles": [p_start]}, {"index": 3, "articles": [p_other, p_tail]}]

    assert jump_links(truth, pred({"page": 3, "article": "p3-a2"})) == (1, 1)
    assert jump_links(truth, pred({"page": 3, "article": "p3-a1"})) == (0, 1)  # wrong story
    assert jump_links(truth, pred({"page": 2})) == (0, 1)
    assert jump_links(truth, pred(None)) == (0, 1)
    assert jump_links([{"index": 1, "articles": [other]}], []) == (0, 0)


def test_jump_links_tells_two_stories_jumping_to_one_page_apart_by_headline() -> None:
    """Two stories of page 1 continue on page 2. Each head shares more words with the other
    story's tail than with its own (a small vocabulary), so text alone would swap them: the
    continuation under the story's own headline is its tail."""
    from broadsheet.layout.evaluation import jump_links

    heads = [
        {"headline": "Rovers win", "text": "club grant", "continued_to": {"page": 2}},
        {"headline": "Rowing club", "text": "scheme council", "continued_to": {"page": 2}},
    ]
    tails = [
        {"headline": "Rovers win", "text": "scheme council paid", "continued_from": {"page": 1}},
        {"headline": "Rowing club", "text": "club grant paid", "continued_from": {"page": 1}},
    ]
    truth = [{"index": 1, "articles": heads}, {"index": 2, "articles": tails}]
    p_tails = [{**t, "id": f"p2-a{n}"} for n, t in enumerate(tails, start=1)]
    right = [
        {**heads[0], "id": "p1-a1", "continued_to": {"page": 2, "article": "p2-a1"}},
        {**heads[1], "id": "p1-a2", "continued_to": {"page": 2, "article": "p2-a2"}},
    ]
    swapped = [
        {**heads[0], "id": "p1-a1", "continued_to": {"page": 2, "article": "p2-a2"}},
        {**heads[1], "id": "p1-a2", "continued_to": {"page": 2, "article": "p2-a1"}},
    ]
    pred = [{"index": 2, "articles": p_tails}]
    assert jump_links(truth, [{"index": 1, "articles": right}, *pred]) == (2, 2)
    assert jump_links(truth, [{"index": 1, "articles": swapped}, *pred]) == (0, 2)
