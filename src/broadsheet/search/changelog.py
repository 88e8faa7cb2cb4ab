"""The change log that feeds every replicated index (backends/replicated.py).

A trigger on ``newspaper_issue`` writes a ``search_change`` row whenever an issue is inserted,
deleted, or changes version or status, or is marked ``index_pending``: the ingest pipeline,
publishing, withdrawal and corrections all do one of these in the transaction that makes the
change. So the row commits with the change or not at all, whoever made it and however the
process ends afterwards. A row only says "issue N changed": applying it re-reads the issue, so
rows can be applied twice or out of order without harm.

On PostgreSQL, sequence numbers are taken at insert time but become visible at commit, so a
smaller number can appear after a larger one: readers remember the missing numbers below their
bookmark ("holes") and look for them again until they appear or are older than HOLE_SECONDS
(a rolled-back transaction leaves a permanent hole).

SQLite loses triggers when Django rebuilds a table, so ``install`` runs after every migrate.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

# A transaction that changes an issue and stays open longer than this could be missed.
HOLE_SECONDS = 3600.0

_PG = [
    """
    CREATE OR REPLACE FUNCTION search_change_log() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO search_change (issue_id) VALUES (OLD.id);
        RETURN OLD;
      END IF;
      IF TG_OP = 'INSERT' OR NEW.version IS DISTINCT FROM OLD.version
         OR NEW.status IS DISTINCT FROM OLD.status
         OR (NEW.index_pending AND NOT OLD.index_pending) THEN
        INSERT INTO search_change (issue_id) VALUES (NEW.id);
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS search_change_issue ON newspaper_issue",
    """
    CREATE TRIGGER search_change_issue AFTER INSERT OR UPDATE OR DELETE ON newspaper_issue
    FOR EACH ROW EXECUTE FUNCTION search_change_log()
    """,
]
_SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS search_change_issue_insert AFTER INSERT ON newspaper_issue
    BEGIN INSERT INTO search_change (issue_id) VALUES (NEW.id); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_change_issue_update AFTER UPDATE ON newspaper_issue
    WHEN NEW.version IS NOT OLD.version OR NEW.status IS NOT OLD.status
         OR (NEW.index_pending AND NOT OLD.index_pending)
    BEGIN INSERT INTO search_change (issue_id) VALUES (NEW.id); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_change_issue_delete AFTER DELETE ON newspaper_issue
    BEGIN INSERT INTO search_change (issue_id) VALUES (OLD.id); END
    """,
]
_DROP_PG = [
    "DROP TRIGGER IF EXISTS search_change_issue ON newspaper_issue",
    "DROP FUNCTION IF EXISTS search_change_log()",
]
_DROP_SQLITE = [
    f"DROP TRIGGER IF EXISTS search_change_issue_{op}" for op in ("insert", "update", "delete")
]


def install(conn: BaseDatabaseWrapper | None = None) -> None:
    """Create the triggers (idempotent)."""
    conn = conn or connection
    statements = _PG if conn.vendor == "postgresql" else _SQLITE
    with conn.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def uninstall(conn: BaseDatabaseWrapper | None = None) -> None:
    conn = conn or connection
    statements = _DROP_PG if conn.vendor == "postgresql" else _DROP_SQLITE
    with conn.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: put the triggers back if a table rebuild dropped them."""
    from django.db import connections

    conn = connections[using]
    if "search_change" in conn.introspection.table_names():
        install(conn)


def changes_after(high: int, holes: list[int]) -> list[tuple[int, int]]:
    """[(seq, issue id)] of the log after ``high`` and in ``holes``: one indexed range scan,
    usually empty."""
    sql = "SELECT seq, issue_id FROM search_change WHERE seq > %s"
    params: list[int] = [high]
    if holes:
        sql += " OR seq IN (" + ", ".join(["%s"] * len(holes)) + ")"
        params += holes
    with connection.cursor() as cur:
        cur.execute(sql + " ORDER BY seq", params)
        return [(int(s), int(i)) for s, i in cur.fetchall()]


def last_seq(older_than_seconds: float = 0.0) -> int:
    """The largest sequence number, of rows older than the given age if asked."""
    from django.db.models import Max
    from django.utils import timezone

    from broadsheet.search.models import SearchChange

    rows = SearchChange.objects.all()
    if older_than_seconds:
        cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
        rows = rows.filter(created_at__lt=cutoff)
    return int(rows.aggregate(m=Max("seq"))["m"] or 0)


def pruned_below() -> int:
    from broadsheet.search.models import SearchLogHorizon

    row = SearchLogHorizon.objects.filter(pk=1).first()
    return row.pruned_below if row else 0


def prune(below: int) -> int:
    """Delete the rows below ``below`` and remember it. Returns how many went."""
    from django.db import transaction

    from broadsheet.search.models import SearchChange, SearchLogHorizon

    with transaction.atomic():
        horizon, _ = SearchLogHorizon.objects.select_for_update().get_or_create(pk=1)
        if below <= horizon.pruned_below:
            return 0
        deleted, _ = SearchChange.objects.filter(seq__lt=below).delete()
        horizon.pruned_below = below
        horizon.save(update_fields=["pruned_below"])
    return int(deleted)
