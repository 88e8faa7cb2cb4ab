"""The embedded index: Tantivy over pre-tokenised text. No Django, no server.

Documents arrive as space-joined tokens (text.py) and Tantivy's whitespace tokenizer keeps
their positions, so a phrase query over character pairs is exact. A second pair of fields holds
the grams (every CJK character and every three-character string) without positions: a one- or
three-character query is a single term there, counted and ranked from one posting list however
common it is. Only small fields are stored; the text for snippets comes from the database (or,
in the benchmark, from the generator).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import tantivy

from broadsheet.search.query import ParsedQuery, Phrase, Term

HEADLINE_BOOST = 3.0
_WRITER_RETRY_SECONDS = 30.0
# One issue (about 128 articles) fits in Tantivy's smallest arena (15 MB per thread); larger
# ones only cost time to allocate. One thread: two were slower on the shared 2-core machine
# (1M index, load 2.4: 210-270 ms against 170-215 ms for 128 articles). Bulk reindexing uses
# more (backends/embedded.py).
ISSUE_HEAP_MB = 20
# A query that may match more articles than this (by its terms' document frequencies) is run
# as one search per core over equal spans of days, in threads (Tantivy releases the GIL), and the
# parts merged: same results and exact count, less waiting. Narrower queries are quick anyway.
SPLIT_CANDIDATES = 200_000
SEARCH_THREADS = max(1, min(4, os.cpu_count() or 1))
# Phrases of four or more CJK characters also require their covering trigrams (query.py), so
# positions are checked only in articles that hold all of them.
NARROW_WITH_GRAMS = True
ISSUE_THREADS = 1


@dataclass(frozen=True)
class IndexDoc:
    """What the index holds of one article."""

    article_id: int
    issue_id: int
    publication: str
    day: int  # date.toordinal()
    page: str
    head: str  # space-joined tokens of kicker, headline, subheadline
    all: str  # space-joined tokens of every field, the headline included
    head_grams: str  # space-joined grams (text.field_grams) of the headline fields
    grams: str  # space-joined grams of every field


class Hit(NamedTuple):
    article_id: int
    score: float
    address: tuple[int, int]  # (segment, document): Tantivy's order among equal scores


@dataclass(frozen=True)
class Filters:
    publication: str | None = None
    day_from: int | None = None
    day_to: int | None = None
    page: str | None = None
    issue_id: int | None = None
    article_range: tuple[int, int] | None = None  # [lo, hi), for the benchmark's recall check


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", stored=True, indexed=True, fast=True)
    b.add_integer_field("issue", indexed=True)
    b.add_integer_field("day", indexed=True, fast=True)
    b.add_text_field("pub", tokenizer_name="raw", index_option="basic")
    b.add_text_field("page", tokenizer_name="raw", index_option="basic")
    b.add_text_field("head", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("all", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("head_g", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("grams", tokenizer_name="whitespace", index_option="freq")
    return b.build()


def _regex(term: Term) -> str:
    # Tokens are word characters only, so they need no escaping in Tantivy's regex syntax.
    if not term.prefix:
        return term.text
    return term.text + (".?" if term.prefix_max == 2 else ".*")


class TantivyIndex:
    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self._span: tuple[tuple[int, int], tuple[int, int]] | None = None

    # Writing

    @contextmanager
    def writer(
        self, heap_mb: int | None = None, threads: int | None = None
    ) -> Iterator[tantivy.IndexWriter]:
        """One writer at a time per index (Tantivy's lock); wait for a busy one, then commit."""
        heap_mb = heap_mb or ISSUE_HEAP_MB
        threads = threads or ISSUE_THREADS
        deadline = time.monotonic() + _WRITER_RETRY_SECONDS
        while True:
            try:
                w = self.index.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
                break
            except ValueError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        try:
            yield w
            w.commit()
        except BaseException:
            w.rollback()
            raise
        finally:
            del w
        self.index.reload()

    def add(self, w: tantivy.IndexWriter, doc: IndexDoc) -> None:
        w.add_document(
            tantivy.Document(
                id=doc.article_id,
                issue=doc.issue_id,
                day=doc.day,
                pub=doc.publication,
                page=doc.page,
                head=doc.head,
                all=doc.all,
                head_g=doc.head_grams,
                grams=doc.grams,
            )
        )

    def replace_issue(self, issue_id: int, docs: Iterable[IndexDoc]) -> None:
        with self.writer() as w:
            w.delete_documents_by_term("issue", issue_id)
            for doc in docs:
                self.add(w, doc)

    def delete_issue(self, issue_id: int) -> None:
        with self.writer() as w:
            w.delete_documents_by_term("issue", issue_id)

    def clear(self) -> None:
        with self.writer() as w:
            w.delete_all_documents()

    # Reading

    def _phrase_query(self, field: str, phrase: Phrase) -> tantivy.Query:
        terms = phrase.terms
        if len(terms) == 1:
            t = terms[0]
            if t.prefix:
                return tantivy.Query.regex_query(self.schema, field, _regex(t))
            return tantivy.Query.term_query(self.schema, field, t.text)
        if any(t.prefix for t in terms):
            return tantivy.Query.regex_phrase_query(self.schema, field, [_regex(t) for t in terms])
        return tantivy.Query.phrase_query(self.schema, field, [t.text for t in terms])

    def _filters(self, f: Filters) -> list[tantivy.Query]:
        out: list[tantivy.Query] = []
        s = self.schema
        if f.publication:
            out.append(tantivy.Query.term_query(s, "pub", f.publication))
        if f.page:
            out.append(tantivy.Query.term_query(s, "page", f.page))
        if f.issue_id is not None:
            out.append(tantivy.Query.term_query(s, "issue", f.issue_id))
        if f.day_from is not None or f.day_to is not None:
            out.append(
                tantivy.Query.range_query(s, "day", tantivy.FieldType.Integer, f.day_from, f.day_to)
            )
        if f.article_range is not None:
            lo, hi = f.article_range
            out.append(
                tantivy.Query.range_query(
                    s, "id", tantivy.FieldType.Integer, lo, hi, include_upper=False
                )
            )
        return out

    def search(
        self,
        query: ParsedQuery,
        filters: Filters = Filters(),  # noqa: B008 (frozen, immutable)
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[int, list[tuple[int, float]]]:
        """(number of matches, [(article id, score)]) for one page of results: the count is
        exact, however broad the query."""
        if query.is_empty:
            return 0, []
        searcher = self.index.searcher()
        parts = self._parts(searcher, query, filters)
        if len(parts) < 2:
            total, hits = self._search(searcher, query, filters, sort, offset, limit)
        else:
            needed = offset + limit
            futures = [
                _pool().submit(self._search, searcher, query, part, sort, 0, needed)
                for part in parts
            ]
            total, hits = 0, []
            for future in futures:
                count, part_hits = future.result()
                total += count
                hits.extend(part_hits)
            # Scores are comparable across parts (one searcher, whole-index statistics; with
            # sort="date" the score is the day); ties go by document address, as in Tantivy's
            # own top-k, so every page agrees with the pages before it.
            hits.sort(key=lambda h: (-h.score, h.address))
            hits = hits[offset:needed]
        return total, [(h.article_id, h.score) for h in hits]

    def _candidates(self, searcher: tantivy.Searcher, query: ParsedQuery) -> int:
        """An upper bound of the matches: the rarest exact term of each phrase bounds it."""
        bound = int(searcher.num_docs)
        for phrase in query.phrases:
            if phrase.gram is not None:
                bound = min(bound, searcher.doc_freq("grams", phrase.gram))
                continue
            exact = [t.text for t in phrase.terms if not t.prefix]
            for t in exact:
                bound = min(bound, searcher.doc_freq("all", t))
            for g in phrase.covering_grams:
                bound = min(bound, searcher.doc_freq("grams", g))
        return bound

    def _parts(
        self, searcher: tantivy.Searcher, query: ParsedQuery, filters: Filters
    ) -> list[Filters]:
        """Day spans to search in parallel, or [filters] to search at once."""
        if SEARCH_THREADS < 2 or filters.issue_id is not None or filters.article_range:
            return [filters]
        if self._candidates(searcher, query) < SPLIT_CANDIDATES:
            return [filters]
        first, last = self._day_span(searcher)
        if filters.day_from is not None:
            first = max(first, filters.day_from)
        if filters.day_to is not None:
            last = min(last, filters.day_to)
        days = last - first + 1
        if days < SEARCH_THREADS:
            return [filters]
        edges = [first + days * k // SEARCH_THREADS for k in range(SEARCH_THREADS + 1)]
        return [replace(filters, day_from=lo, day_to=hi - 1) for lo, hi in pairwise(edges)]

    def _day_span(self, searcher: tantivy.Searcher) -> tuple[int, int]:
        """The first and last day in the index, cached per index generation."""
        key = (int(searcher.num_docs), int(searcher.num_segments))
        if self._span is None or self._span[0] != key:
            every = tantivy.Query.all_query()
            newest = searcher.search(every, 1, count=False, order_by_field="day").hits
            oldest = searcher.search(
                every, 1, count=False, order_by_field="day", order=tantivy.Order.Asc
            ).hits
            span = (int(oldest[0][0]), int(newest[0][0])) if newest and oldest else (0, 0)
            self._span = (key, span)
        return self._span[1]

    def _search(
        self,
        searcher: tantivy.Searcher,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> tuple[int, list[Hit]]:
        must, should = tantivy.Occur.Must, tantivy.Occur.Should
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for phrase in query.phrases:
            gram = phrase.gram
            if gram is not None:
                body = tantivy.Query.term_query(self.schema, "grams", gram)
                head = tantivy.Query.term_query(self.schema, "head_g", gram)
            else:
                body = self._phrase_query("all", phrase)
                head = self._phrase_query("head", phrase)
            clauses.append((must, body))
            for g in phrase.covering_grams if NARROW_WITH_GRAMS else ():
                term = tantivy.Query.term_query(self.schema, "grams", g)
                clauses.append((must, tantivy.Query.const_score_query(term, 0.0)))
            if sort == "relevance":
                clauses.append((should, tantivy.Query.boost_query(head, HEADLINE_BOOST)))
        for q in self._filters(filters):
            clauses.append((must, tantivy.Query.const_score_query(q, 0.0)))
        q = tantivy.Query.boolean_query(clauses)
        if sort == "date":
            result = searcher.search(q, limit, count=True, order_by_field="day", offset=offset)
        else:
            result = searcher.search(q, limit, count=True, offset=offset)
        hits = []
        for key, address in result.hits:
            doc = searcher.doc(address)
            hits.append(Hit(int(doc["id"][0]), float(key), (address.segment_ord, address.doc)))
        return int(getattr(result, "count", 0) or 0), hits  # count is missing from the stubs

    def num_docs(self) -> int:
        return int(self.index.searcher().num_docs)


_open: dict[Path, TantivyIndex] = {}
_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor
    with TantivyIndex._lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(SEARCH_THREADS, thread_name_prefix="search")
        return _executor


def open_index(path: Path) -> TantivyIndex:
    """One Index object per path and process (Tantivy's reader pool is shared)."""
    with TantivyIndex._lock:
        index = _open.get(path)
        if index is None:
            index = _open[path] = TantivyIndex(path)
        return index


def forget(path: Path) -> None:
    with TantivyIndex._lock:
        _open.pop(path, None)
