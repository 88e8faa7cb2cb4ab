"""The embedded default: a Tantivy index under DATA_DIR/search/tantivy-<schema version>/.

A new schema version starts an empty index beside the old one (which is left alone):
``broadsheet reindex`` fills it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from broadsheet.search.backends.base import Replace
from broadsheet.search.query import ParsedQuery
from broadsheet.search.tantivy_index import Filters, IndexDoc, TantivyIndex, open_index

SCHEMA_VERSION = 2  # 2: grams fields for one- and three-character queries


def index_path() -> Path:
    return Path(settings.DATA_DIR) / "search" / f"tantivy-{SCHEMA_VERSION}"


class TantivyBackend:
    name = "tantivy"

    def __init__(self, path: Path | None = None) -> None:
        self.index: TantivyIndex = open_index(path or index_path())

    def replace_issue(self, issue_id: int, docs: Iterable[IndexDoc]) -> None:
        self.index.replace_issue(issue_id, docs)

    def delete_issue(self, issue_id: int) -> None:
        self.index.delete_issue(issue_id)

    def clear(self) -> None:
        self.index.clear()

    def is_empty(self) -> bool:
        self.index.index.reload()
        return self.index.num_docs() == 0

    @contextmanager
    def bulk(self) -> Iterator[Replace]:
        index = self.index
        with index.writer(heap_mb=256, threads=2) as w:

            def replace(issue_id: int, docs: Iterable[IndexDoc]) -> None:
                w.delete_documents_by_term("issue", issue_id)
                for doc in docs:
                    index.add(w, doc)

            yield replace

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
        # Another process (the ingest worker) may have committed since the last search.
        self.index.index.reload()
        return self.index.search(query, filters, sort=sort, offset=offset, limit=limit)
