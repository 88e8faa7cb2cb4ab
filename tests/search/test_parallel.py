"""A broad query searched in parallel over spans of days gives exactly the single search's
results: the same count and, page after page, the same articles in the same order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from broadsheet.search import tantivy_index
from broadsheet.search.query import parse_query
from broadsheet.search.tantivy_index import Filters, IndexDoc, TantivyIndex
from broadsheet.search.text import field_texts

START = dt.date(2020, 1, 1).toordinal()


def _doc(n: int, day: int, headline: str, body: str) -> IndexDoc:
    head, head_grams = field_texts([headline])
    text, grams = field_texts([headline, body])
    return IndexDoc(n, day, "daily", day, "A01", head, text, head_grams, grams)


@pytest.fixture
def index(tmp_path: Path) -> TantivyIndex:
    index = TantivyIndex(tmp_path / "index")
    bodies = ["乡村振兴战略。", "推进乡村振兴，乡村振兴。", "城市更新。", "乡村振兴 economy"]
    with index.writer() as w:
        for n in range(1, 241):
            # Many articles share a day and a score: ties decide the order.
            headline = "乡村振兴" if n % 7 == 0 else f"要闻{n}"
            index.add(w, _doc(n, START + n // 10, headline, bodies[n % 4]))
    return index


@pytest.mark.parametrize("query", ["乡村振兴", "乡", "振兴", "乡村振", "乡村振兴 economy"])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_parallel_search_equals_single_search(
    index: TantivyIndex, monkeypatch: Any, query: str, sort: str
) -> None:
    parsed = parse_query(query)
    pages = [(0, 20), (20, 20), (40, 25), (65, 100), (170, 30)]
    monkeypatch.setattr(tantivy_index, "SEARCH_THREADS", 1)
    single = [index.search(parsed, sort=sort, offset=o, limit=n) for o, n in pages]
    monkeypatch.setattr(tantivy_index, "SEARCH_THREADS", 3)
    monkeypatch.setattr(tantivy_index, "SPLIT_CANDIDATES", 0)
    assert len(index._parts(index.index.searcher(), parsed, Filters())) == 3
    split = [index.search(parsed, sort=sort, offset=o, limit=n) for o, n in pages]
    assert split == single
    assert single[0][0] > 20
    seen = [pk for _total, hits in split for pk, _score in hits]
    assert len(seen) == len(set(seen))


def test_narrow_or_filtered_queries_are_not_split(index: TantivyIndex, monkeypatch: Any) -> None:
    monkeypatch.setattr(tantivy_index, "SEARCH_THREADS", 2)
    searcher = index.index.searcher()
    assert len(index._parts(searcher, parse_query("乡村振兴"), Filters())) == 1  # 240 < 200,000
    monkeypatch.setattr(tantivy_index, "SPLIT_CANDIDATES", 0)
    assert len(index._parts(searcher, parse_query("乡村振兴"), Filters(issue_id=3))) == 1
    one_day = Filters(day_from=START + 3, day_to=START + 3)
    assert len(index._parts(searcher, parse_query("乡村振兴"), one_day)) == 1
    assert len(index._parts(searcher, parse_query("乡村振兴"), Filters())) == 2
