"""Search backends, chosen by settings.SEARCH_BACKEND.

"auto" (the default) uses PostgreSQL full-text search when the database is PostgreSQL and the
embedded Tantivy index otherwise; "tantivy" or "postgresql" name one explicitly; "replicated" is
the scale-out backend (an embedded index per app server fed from a change log in the database).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from broadsheet.search.backends.base import SearchBackend

NAMES = ("tantivy", "postgresql", "replicated")


def backend_name(name: str | None = None) -> str:
    name = (name or getattr(settings, "SEARCH_BACKEND", "auto") or "auto").lower()
    if name == "auto":
        return "postgresql" if connection.vendor == "postgresql" else "tantivy"
    if name in ("postgres", "pg"):
        name = "postgresql"
    if name not in NAMES:
        raise ImproperlyConfigured(f"SEARCH_BACKEND={name!r}: use auto, " + " or ".join(NAMES))
    if name == "postgresql" and connection.vendor != "postgresql":
        raise ImproperlyConfigured("SEARCH_BACKEND=postgresql needs a PostgreSQL database")
    return name


def get_backend(name: str | None = None) -> SearchBackend:
    chosen = backend_name(name)
    if chosen == "postgresql":
        from broadsheet.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if chosen == "replicated":
        from broadsheet.search.backends.replicated import ReplicatedBackend

        return ReplicatedBackend()
    from broadsheet.search.backends.embedded import TantivyBackend

    return TantivyBackend()
