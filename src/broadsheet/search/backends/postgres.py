"""PostgreSQL full-text search over the same tokens: no other server needed.

Each article is a row of ``search_document`` with two ``tsvector`` columns built from our own
tokens (never PostgreSQL's parser, which does not split Chinese), positions included, so a
phrase is ``'人民' <-> '民群' <-> '群众'``. Lexemes of the kicker, headline and subheadline
carry weight A in the body vector, so they rank higher (ts_rank and RUM weigh A ten times D).

With the ``rum`` extension (migration 0003) a RUM index serves matching, phrases and ranking:
results come in rank order from the index (``ORDER BY body_tsv <=> query``), and the count is a
separate index-only query. Without it, a GIN index matches and ``ts_rank`` ranks every match.
Limits: a tsvector keeps positions up to 16,383 and 256 positions per token, so phrases deep
inside a very long article may be missed (about 16,000 characters of Chinese).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
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


def _quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens_text: str, weight_a: int = 0) -> str:
    """Space-joined tokens -> a tsvector literal with 1-based positions; the first
    ``weight_a`` positions (the headline's tokens) get weight A."""
    positions: dict[str, list[str]] = defaultdict(list)
    for i, token in enumerate(tokens_text.split(), start=1):
        if token == SEPARATOR:
            continue
        p = positions[token]
        if len(p) < _MAX_POSITIONS_PER_LEXEME:
            p.append(f"{min(i, _MAX_POSITION)}A" if i <= weight_a else str(min(i, _MAX_POSITION)))
    return " ".join(f"{_quote(t)}:{','.join(ps)}" for t, ps in positions.items())


def body_literal(doc: IndexDoc) -> str:
    """The body vector: every field; the headline fields (the first tokens) weighted A."""
    return tsvector_literal(doc.all, weight_a=len(doc.head.split()))


_rum: dict[str, bool] = {}


def uses_rum() -> bool:
    """Whether this database has the RUM index (migration 0003); asked once per process."""
    key = str(connection.settings_dict.get("NAME"))
    if key not in _rum:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s",
                [TABLE, "search_document_body_rum"],
            )
            _rum[key] = cursor.fetchone() is not None
    return _rum[key]


def _term(term: Term) -> str:
    # A prefix of at most two characters is a single CJK character: only CJK tokens
    # start with one, and they are at most two characters long, so ':*' is exact.
    return _quote(term.text) + (":*" if term.prefix else "")


def tsquery_literal(phrase: Phrase) -> str:
    return "(" + " <-> ".join(_term(t) for t in phrase.terms) + ")"


def _row(doc: IndexDoc) -> tuple[Any, ...]:
    return (
        doc.article_id,
        doc.issue_id,
        doc.publication,
        datetime.date.fromordinal(doc.day),
        doc.page,
        tsvector_literal(doc.head),
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

    @contextmanager
    def bulk(self) -> Iterator[Replace]:
        with transaction.atomic(), connection.cursor() as cursor:

            def replace(issue_id: int, docs: Iterable[IndexDoc]) -> None:
                self._replace(cursor, issue_id, docs)

            yield replace

    def _count(self, cursor: Any, cond: str, params: list[Any], rum: bool) -> int:
        sql = f"SELECT count(*) FROM {TABLE} WHERE {cond}"
        if not rum:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])
        # When most rows match, the planner prefers a sequential scan, which reads (detoasts)
        # every tsvector: 2.6 s at 100k rows. The RUM bitmap answers from the index, phrases
        # included, in 0.15-0.2 s.
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

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
        where = ["body_tsv @@ %s::tsquery"]
        params: list[Any] = [" & ".join(phrases)]
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
        cond = " AND ".join(where)
        rum = uses_rum()
        if sort == "date":
            sql = (
                f"SELECT article_id, 0.0 FROM {TABLE} WHERE {cond}"
                " ORDER BY day DESC, article_id DESC LIMIT %s OFFSET %s"
            )
            args = [*params, limit, offset]
        elif rum:
            # Rank order straight from the RUM index: only the page's rows are read.
            sql = (
                f"SELECT article_id, 1.0 / greatest(body_tsv <=> %s::tsquery, 1e-9) FROM {TABLE}"
                f" WHERE {cond} ORDER BY body_tsv <=> %s::tsquery LIMIT %s OFFSET %s"
            )
            args = [params[0], *params, params[0], limit, offset]
        else:
            sql = (
                f"SELECT article_id, ts_rank(body_tsv, %s::tsquery) AS score FROM {TABLE}"
                f" WHERE {cond} ORDER BY score DESC, day DESC, article_id DESC LIMIT %s OFFSET %s"
            )
            args = [params[0], *params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            rows = cursor.fetchall()
            if len(rows) < limit and (rows or offset == 0):
                total = offset + len(rows)
            else:
                total = self._count(cursor, cond, params, rum)
        return total, [(int(r[0]), float(r[1])) for r in rows]
