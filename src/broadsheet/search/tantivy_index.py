"""The embedded index: Tantivy over pre-tokenised text. No Django, no server.

Documents arrive as space-joined tokens (text.py) and Tantivy's whitespace tokenizer keeps
their positions, so a phrase query over character pairs is exact. A second pair of fields holds
the grams (every CJK character and every three-character string) without positions: a one- or
three-character query is a single term there, counted and ranked from one posting list however
common it is. Only small fields are stored; the text for snippets comes from the database (or,
in the benchmark, from the generator).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tantivy

from broadsheet.search.query import ParsedQuery, Phrase, Term
from broadsheet.search.text import field_texts

HEADLINE_BOOST = 3.0
_WRITER_RETRY_SECONDS = 30.0
# One issue (about 128 articles) fits in Tantivy's smallest arena (15 MB per thread); larger
# ones only cost time to allocate. One thread: two were slower on the shared 2-core machine
# (1M index, load 2.4: 210-270 ms against 170-215 ms for 128 articles). Bulk reindexing uses
# more (backends/embedded.py).
ISSUE_HEAP_MB = 20
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

    @classmethod
    def of(
        cls,
        *,
        article_id: int,
        issue_id: int,
        publication: str,
        day: int,
        page: str,
        head_parts: list[str],
        all_parts: list[str],
    ) -> IndexDoc:
        """Tokens and grams of the headline fields and of every field (text.field_texts)."""
        head, head_grams = field_texts(head_parts)
        body, grams = field_texts(all_parts)
        return cls(article_id, issue_id, publication, day, page, head, body, head_grams, grams)


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
        return self._search(self.index.searcher(), query, filters, sort, offset, limit)

    def _search(
        self,
        searcher: tantivy.Searcher,
        query: ParsedQuery,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> tuple[int, list[tuple[int, float]]]:
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
            # Implied by the phrase; positions are checked only in articles holding them all.
            for g in phrase.covering_grams:
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
            hits.append((int(doc["id"][0]), float(key)))
        return int(getattr(result, "count", 0) or 0), hits  # count is missing from the stubs

    def num_docs(self) -> int:
        return int(self.index.searcher().num_docs)


_open: dict[Path, TantivyIndex] = {}


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
