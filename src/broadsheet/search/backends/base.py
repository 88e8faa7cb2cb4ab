"""The one interface every search backend offers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Protocol

from broadsheet.search.query import ParsedQuery
from broadsheet.search.tantivy_index import Filters, IndexDoc

# Inside a bulk session: replace one issue's documents.
Replace = Callable[[int, Iterable[IndexDoc]], None]


class SearchBackend(Protocol):
    name: str

    def replace_issue(self, issue_id: int, docs: Iterable[IndexDoc]) -> None:
        """Make ``docs`` the issue's only documents, visible to the next search."""

    def delete_issue(self, issue_id: int) -> None: ...

    def clear(self) -> None: ...

    def is_empty(self) -> bool:
        """Whether the index holds no article at all."""
        ...

    def bulk(self) -> AbstractContextManager[Replace]:
        """Many replacements made visible together when the block ends (for reindexing)."""
        ...

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[int, list[tuple[int, float]]]:
        """(number of matching articles, [(article id, score)] for the requested page)."""
        ...

    def state_token(self) -> str | None:
        """A string that changes whenever this index's content may have changed, after making
        it current; None when the backend cannot tell (results are then never cached)."""
        ...
