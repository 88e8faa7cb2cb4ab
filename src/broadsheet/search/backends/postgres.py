"""PostgreSQL full-text search over the same tokens: no other server needed.

Each article is a row of ``search_document`` with two ``tsvector`` columns built from our own
tokens (never PostgreSQL's parser, which does not split Chinese): character pairs and Latin
words with their positions, so a phrase is ``'人民' <-> '民群' <-> '群众'``, plus the grams
(every CJK character and three-character string, without positions), so a one- or
three-character query is one lexeme that a GIN index answers without reading any row.

Ranking does not score every match (``ts_rank`` over 100,000 matches took seconds): articles
whose headline fields match come first, then the rest, each newest first. Both parts are read
in date order and stop after the page, so a common word costs one short index scan; the count
is a GIN bitmap count. Limits: a tsvector keeps positions up to 16,383 and 256 positions per
token, so phrases deep inside a very long article may be missed (about 16,000 characters).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction

from broadsheet.search.backends.base import Replace
from broadsheet.search.query import ParsedQuery, Phrase, Term
from broadsheet.search.tantivy_index import Filters, IndexDoc
from broadsheet.search.text import SEPARATOR

TABLE = "search_document"
_MAX_POSITION = 16383
_MAX_POSITIONS_PER_LEXEME = 256
# The most rows a day-order walk may expect to test for one page (each test of a body vector
# decompresses it, 30-50 microseconds); above it, matches are collected from the GIN index.
DENSE_WALK_ROWS = 500


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens_text: str, grams: str = "") -> str:
    """Space-joined tokens -> a tsvector literal with 1-based positions, plus the grams that
    are not already lexemes (without positions)."""
    positions: dict[str, list[int] | None] = {}
    for i, token in enumerate(tokens_text.split(), start=1):
        p = positions.get(token)
        if p is None:
            positions[token] = [i]
        elif len(p) < _MAX_POSITIONS_PER_LEXEME:
            p.append(i)
    positions.pop(SEPARATOR, None)
    for g in grams.split():
        positions.setdefault(g, None)
    # Tokens are letters, digits and CJK characters (text.py): quoting is only a safeguard.
    plain = "'" not in tokens_text and "\\" not in tokens_text
    out = []
    for token, ps in positions.items():
        q = f"'{token}'" if plain else _quote(token)
        if ps is None:
            out.append(q)
            continue
        if ps[-1] > _MAX_POSITION:
            ps = sorted({min(x, _MAX_POSITION) for x in ps})
        out.append(q + ":" + ",".join(map(str, ps)))
    return " ".join(out)


def head_literal(doc: IndexDoc) -> str:
    return tsvector_literal(doc.head, doc.head_grams)


def body_literal(doc: IndexDoc) -> str:
    """The body vector: every field, then the grams."""
    return tsvector_literal(doc.all, doc.grams)


def _term(term: Term) -> str:
    # A prefix of at most two characters is a single CJK character: only CJK tokens
    # start with one, and they are at most two characters long, so ':*' is exact.
    return _quote(term.text) + (":*" if term.prefix else "")


def tsquery_literal(phrase: Phrase) -> str:
    """One phrase: its gram, or its terms at adjacent positions plus its covering grams
    (which GIN checks in the index, so fewer rows are read to check the positions)."""
    if phrase.gram is not None:
        return _quote(phrase.gram)
    chain = " <-> ".join(_term(t) for t in phrase.terms)
    narrow = [_quote(g) for g in phrase.covering_grams]
    return "(" + " & ".join([*narrow, f"({chain})"]) + ")" if narrow else f"({chain})"


def _row(doc: IndexDoc) -> tuple[Any, ...]:
    return (
        doc.article_id,
        doc.issue_id,
        doc.publication,
        datetime.date.fromordinal(doc.day),
        doc.page,
        head_literal(doc),
        body_literal(doc),
    )


_INSERT = (
    f"INSERT INTO {TABLE} (article_id, issue_id, publication, day, page, head_tsv, body_tsv) "
    "VALUES (%s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)"
)


class PostgresBackend:
    name = "postgresql"

    def _replace(self, cursor: Any, issue_id: int, docs: Iterable[IndexDoc]) -> None:
        cursor.execute(f"DELETE FROM {TABLE} WHERE issue_id = %s", [issue_id])
        rows = [_row(d) for d in docs]
        if rows:
            cursor.executemany(_INSERT, rows)

    def replace_issue(self, issue_id: int, docs: Iterable[IndexDoc]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._replace(cursor, issue_id, docs)

    def delete_issue(self, issue_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE issue_id = %s", [issue_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")

    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {TABLE})")
            return bool(cursor.fetchone()[0])

    @contextmanager
    def bulk(self) -> Iterator[Replace]:
        with transaction.atomic(), connection.cursor() as cursor:

            def replace(issue_id: int, docs: Iterable[IndexDoc]) -> None:
                self._replace(cursor, issue_id, docs)

            yield replace

    def _count(self, cursor: Any, cond: str, params: list[Any], bitmaps_only: bool) -> int:
        # When most rows match, the planner prefers a sequential scan, which reads (decompresses)
        # every row's vector: 1.6 s at 100k rows. A GIN bitmap needs no row's vector for a query
        # without phrases (50 ms for 100k matches). Under a date filter, index walks are also
        # off; the planner still takes the day bitmap and tests the text row by row when the
        # word is common (0.4-0.9 s at 100k rows, docs/search.md): a known gap.
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            if bitmaps_only:
                cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {cond}", params)
            return int(cursor.fetchone()[0])

    def _newest(
        self,
        cursor: Any,
        cond: str,
        params: list[Any],
        offset: int,
        limit: int,
        dense: bool,
    ) -> list[int]:
        """Matching ids, newest first. Dense matches: walk the day index backwards and test
        each row until the page is full. Sparse ones: collect them all from the GIN index and
        sort. The planner's guess from lexeme statistics picked the walk for rare words (0.3-0.5
        s for 100 matches at 100k rows), so the count decides instead."""
        if limit <= 0:
            return []
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            off = "enable_bitmapscan" if dense else "enable_indexscan"
            cursor.execute(f"SET LOCAL {off} = off")
            cursor.execute(
                f"SELECT article_id FROM {TABLE} WHERE {cond}"
                " ORDER BY day DESC, article_id DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [int(r[0]) for r in cursor.fetchall()]

    def _rows(self, cursor: Any) -> float:
        cursor.execute("SELECT greatest(reltuples, 1) FROM pg_class WHERE relname = %s", [TABLE])
        row = cursor.fetchone()
        return float(row[0]) if row else 1.0

    def state_token(self) -> str | None:
        return None  # indexed by each writer directly: no one position to key results by

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[int, list[tuple[int, float]]]:
        if query.is_empty:
            return 0, []
        phrases = [tsquery_literal(p) for p in query.phrases]
        # Filters first: a day-order walk tests them before it decompresses a body vector.
        filter_where, filter_params = _filter_sql(filters)
        where = [*filter_where, "body_tsv @@ %s::tsquery"]
        params = [*filter_params, " & ".join(phrases)]
        cond = " AND ".join(where)
        with connection.cursor() as cursor:
            dated = filters.day_from is not None or filters.day_to is not None
            total = self._count(cursor, cond, params, dated)
            if offset >= total:
                return total, []
            rows = self._rows(cursor)
            if sort == "date":
                ids = self._newest(
                    cursor, cond, params, offset, limit, _dense(offset + limit, rows, total)
                )
                return total, [(pk, 0.0) for pk in ids]
            # Articles with a phrase in their headline fields come first. One phrase in the
            # headline fields is in the body vector too (it holds every field), so that part
            # need not read any body vector; several phrases must all be in the body.
            head_query = " | ".join(phrases)
            one = len(phrases) == 1
            head_where = [*(filter_where if one else where), "head_tsv @@ %s::tsquery"]
            head_params = [*(filter_params if one else params), head_query]
            head_cond = " AND ".join(head_where)
            head_total = self._count(cursor, head_cond, head_params, dated)
            needed = offset + limit
            head: list[int] = []
            if offset < head_total:
                head = self._newest(
                    cursor, head_cond, head_params, offset, limit, _dense(needed, rows, head_total)
                )
            hits = [(pk, 2.0) for pk in head]
            want = limit - len(hits)
            if want > 0 and total > head_total:
                rest_cond = f"{cond} AND NOT head_tsv @@ %s::tsquery"
                skip = max(0, offset - head_total)
                rest = self._newest(
                    cursor,
                    rest_cond,
                    [*params, head_query],
                    skip,
                    want,
                    _dense(skip + want, rows, total - head_total),
                )
                hits += [(pk, 1.0) for pk in rest]
        return total, hits


def _filter_sql(filters: Filters) -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters of the filters (publication, page, issue, days, ids)."""
    where: list[str] = []
    params: list[Any] = []
    if filters.publication:
        where.append("publication = %s")
        params.append(filters.publication)
    if filters.page:
        where.append("page = %s")
        params.append(filters.page)
    if filters.issue_id is not None:
        where.append("issue_id = %s")
        params.append(filters.issue_id)
    if filters.day_from is not None:
        where.append("day >= %s")
        params.append(datetime.date.fromordinal(filters.day_from))
    if filters.day_to is not None:
        where.append("day <= %s")
        params.append(datetime.date.fromordinal(filters.day_to))
    if filters.article_range is not None:
        where.append("article_id >= %s AND article_id < %s")
        params.extend(filters.article_range)
    return where, params


def _dense(needed: int, rows: float, matches: int) -> bool:
    """Whether a day-order walk would fill the page within DENSE_WALK_ROWS rows, if matches
    were spread evenly (else collecting and sorting every match is cheaper)."""
    return needed * rows / max(1, matches) <= DENSE_WALK_ROWS
