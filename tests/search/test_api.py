"""search(), index_issue() and unindex_issue() against real indexes, on every backend."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from broadsheet.newspaper.models import Article, Issue
from broadsheet.search.api import index_issue, search, unindex_issue
from tests.search.conftest import DAY, headlines

pytestmark = pytest.mark.django_db


def test_two_characters_find_every_article_containing_them(backend: str, make_issue: Any) -> None:
    make_issue(
        [
            ("甲", "加强党建工作。"),
            ("乙", "政党建设要抓实。"),  # 党建 straddles two words: a segmenter misses it
            ("丙", "党和建设分开写。"),
            ("丁", "与此无关。"),
        ]
    )
    r = search("党建")
    assert sorted(headlines(r)) == ["乙", "甲"] and r.total == 2


def test_quoted_phrase_is_exact(backend: str, make_issue: Any) -> None:
    make_issue(
        [
            ("甲", "密切联系人民群众。"),
            ("乙", "人民，群众。"),
            ("丙", "群众和人民。"),
        ]
    )
    assert headlines(search('"人民 群众"')) == ["甲"]
    assert headlines(search("人民群众")) == ["甲"]
    assert sorted(headlines(search("人民 群众"))) == ["丙", "乙", "甲"]


def test_latin_words_ignore_case_and_plurals(backend: str, make_issue: Any) -> None:
    make_issue([("Economy", "The economies of Asia grew."), ("Other", "Nothing here.")])
    assert headlines(search("economy")) == ["Economy"]
    assert headlines(search("ECONOMIES")) == ["Economy"]
    assert headlines(search("econ*")) == ["Economy"]
    assert headlines(search('"economies of asia"')) == ["Economy"]
    assert headlines(search('"asia of economies"')) == []


def test_mixed_queries(backend: str, make_issue: Any) -> None:
    make_issue(
        [
            ("甲", "今年GDP增长百分之五。"),
            ("乙", "gdp 增长放缓。"),
            ("丙", "5G基站建设加快。"),
            ("丁", "GDP数据公布，增长明显。"),
        ]
    )
    assert sorted(headlines(search("GDP增长"))) == ["乙", "甲"]
    assert sorted(headlines(search("5G 基站"))) == ["丙"]
    assert sorted(headlines(search("GDP 增长"))) == ["丁", "乙", "甲"]


def test_one_character_query(backend: str, make_issue: Any) -> None:
    make_issue([("甲", "祖国统一。"), ("乙", "统计数字"), ("丙", "无关")])
    assert sorted(headlines(search("统"))) == ["乙", "甲"]
    assert headlines(search("一")) == ["甲"]  # the last character of a run


def test_headline_matches_rank_first(backend: str, make_issue: Any) -> None:
    make_issue(
        [
            ("城市新闻", "地铁地铁地铁，今天地铁又开通了一条地铁线路。"),
            ("地铁开通", "市民出行更方便。"),
        ]
    )
    assert headlines(search("地铁"))[0] == "地铁开通"


def test_headline_matches_come_first_on_every_page(backend: str, make_issue: Any) -> None:
    """Paging across the boundary between headline and body matches loses and repeats
    nothing, for one- to four-character queries and a query of two words."""
    for k in range(5):
        make_issue(
            [(f"乡村振兴第{k}", "今日要闻。"), (f"要闻{k}", "推进乡村振兴。")],
            date=DAY - dt.timedelta(days=k),
        )
    for query in ("乡", "乡村", "乡村振", "乡村振兴", "振兴 乡村"):
        pages = [search(query, limit=3, offset=o) for o in (0, 3, 6, 9)]
        hits = [h for p in pages for h in p.hits]
        assert pages[0].total == 10 and len(hits) == 10, query
        assert len({h.article_id for h in hits}) == 10, query
        assert all(h.headline.startswith("乡村振兴") for h in hits[:5]), query
        assert not any(h.headline.startswith("乡村振兴") for h in hits[5:]), query


def test_sort_by_date(backend: str, make_issue: Any) -> None:
    make_issue([("旧", "春节联欢")], date=DAY - dt.timedelta(days=400))
    make_issue([("新", "春节联欢")], date=DAY)
    make_issue([("中", "春节联欢")], date=DAY - dt.timedelta(days=40))
    assert headlines(search("春节", sort="date")) == ["新", "中", "旧"]


def test_filters(backend: str, make_issue: Any, other_paper: Any) -> None:
    make_issue([("A", "防汛抗旱", "A01"), ("B", "防汛抗旱", "A02")])
    make_issue([("C", "防汛抗旱")], date=DAY - dt.timedelta(days=30))
    late = make_issue([("D", "防汛抗旱")], publication=other_paper)
    assert search("防汛").total == 4
    assert headlines(search("防汛", publication="evening")) == ["D"]
    assert sorted(headlines(search("防汛", page="A02"))) == ["B"]
    assert headlines(search("防汛", date_to=DAY - dt.timedelta(days=1))) == ["C"]
    assert search("防汛", date_from=DAY.isoformat()).total == 3
    assert headlines(search("防汛", issue=late)) == ["D"]
    assert search("防汛", date_from="15/03/2024").error


def test_counts_and_pagination(backend: str, make_issue: Any) -> None:
    make_issue([(f"标题{n}", "乡村振兴") for n in range(25)])
    first = search("乡村", limit=10)
    assert first.total == 25 and len(first.hits) == 10 and first.has_next
    last = search("乡村", limit=10, offset=20)
    assert len(last.hits) == 5 and not last.has_next and last.has_previous
    seen = {h.article_id for o in (0, 10, 20) for h in search("乡村", limit=10, offset=o).hits}
    assert len(seen) == 25


def test_snippet_marks_the_original_text(backend: str, make_issue: Any) -> None:
    make_issue([("甲", "前文。" * 40 + "全面加强党建工作<b>。" + "后文。" * 40)])
    (hit,) = search("党建").hits
    assert "<mark>党建</mark>工作&lt;b&gt;" in hit.snippet
    assert "党 建" not in hit.snippet and "<b>" not in hit.snippet
    assert hit.publication == "daily" and hit.date == DAY and hit.page == "A01"
    assert hit.url.endswith("/daily/2024-03-15/a/1/")
    assert hit.zone_url.endswith("/daily/2024-03-15/A01/#zone-1")


def test_headline_highlighting(backend: str, make_issue: Any) -> None:
    make_issue([("GDP增长创新高", "正文")])
    (hit,) = search("gdp增长").hits
    assert hit.headline_html == "<mark>GDP增长</mark>创新高"


def test_only_published_issues_are_found(backend: str, make_issue: Any) -> None:
    make_issue([("草稿", "乡村振兴")], status=Issue.Status.DRAFT)
    assert search("乡村").total == 0


def test_withdrawn_issue_disappears_at_once(backend: str, make_issue: Any) -> None:
    issue = make_issue([("甲", "乡村振兴")])
    assert search("乡村").total == 1
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.WITHDRAWN)
    assert search("乡村").hits == []  # even before the index is told
    index_issue(issue)
    assert search("乡村").total == 0


def test_unindex_issue(backend: str, make_issue: Any) -> None:
    issue = make_issue([("甲", "乡村振兴")])
    unindex_issue(issue)
    assert search("乡村").total == 0
    assert index_issue(issue) == 1
    assert search("乡村").total == 1


def test_correction_changes_results(backend: str, make_issue: Any) -> None:
    issue = make_issue([("甲", "错误的说法")])
    Article.objects.filter(issue=issue).update(
        headline="更正", body=[{"type": "paragraph", "text": "正确的说法"}]
    )
    index_issue(issue)
    assert search("错误").total == 0
    assert headlines(search("正确")) == ["更正"]


def test_index_issue_is_idempotent(backend: str, make_issue: Any) -> None:
    issue = make_issue([("甲", "乡村振兴"), ("乙", "乡村")])
    assert index_issue(issue) == 2
    assert index_issue(issue) == 2
    assert search("乡村").total == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "党" * 5000,
        "！？。，……",
        '"党建',
        '党建"',
        '""',
        'AND OR NOT * ^ : ( ) "',
        "NEAR(党建 工作, 3)",
        "党建 -工作 +乡村 title:党建 党建^2 {} [] \\ ' ; --",
        "😀",
        "党建😀",
        "\x00\x1f",
        "*",
        "a*",
    ],
)
def test_bad_queries_never_fail(backend: str, make_issue: Any, query: str) -> None:
    make_issue([("甲", "加强党建工作")])
    r = search(query)
    assert r.error is None or isinstance(r.error, str)
    if query.strip() and r.error is None:
        assert r.total >= 0


def test_bad_query_messages(backend: str, make_issue: Any) -> None:
    make_issue([("甲", "加强党建工作")])
    assert search("党" * 5000).error
    assert search("！？。").error
    assert search("😀").error
    assert search("").error is None and search("").total == 0
    assert headlines(search('"党建')) == ["甲"]
    assert headlines(search("党建😀")) == ["甲"]
    assert search("党建", sort="sideways").error
    assert search("党建", offset=10**9).error


def test_every_query_length_counts_and_pages_exactly(backend: str, make_issue: Any) -> None:
    """One, two, three and four characters (gram, pair, gram, phrase of pairs): exact counts,
    no false matches across punctuation, and every match reachable by paging."""
    for days in range(0, 40, 4):
        make_issue(
            [(f"标题{days}", "乡村振兴战略"), (f"标题{days}乙", "乡村，振兴")] * 3,
            date=DAY - dt.timedelta(days=days),
        )
    make_issue([("另一篇", "城市更新")], date=DAY - dt.timedelta(days=50))
    expected = {"乡": 60, "略": 30, "乡村": 60, "村振": 30, "村振兴": 30, "乡村振兴": 30, "城": 1}
    for query, total in expected.items():
        assert search(query).total == total, query
    assert search("振兴战略城").total == 0
    seen: set[int] = set()
    for offset in range(0, 60, 7):
        page = search("乡", offset=offset, limit=7)
        assert page.total == 60
        seen.update(h.article_id for h in page.hits)
    assert len(seen) == 60
    by_date = search("村振兴", sort="date", limit=30).hits
    assert [h.date for h in by_date] == sorted((h.date for h in by_date), reverse=True)
    assert len(by_date) == 30 and all(
        "乡村振兴" in h.snippet.replace("<mark>", "").replace("</mark>", "") for h in by_date
    )
