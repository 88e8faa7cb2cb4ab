"""On PostgreSQL with the ``rum`` extension available, a RUM index replaces the GIN index.

RUM keeps lexeme positions in the index, so ranked results come in rank order straight from the
index (``ORDER BY body_tsv <=> query LIMIT 20``) and phrases are checked without reading the
rows. Where the extension is not installed (or may not be created), the GIN index stays and the
backend ranks with ``ts_rank`` instead: nothing else changes. Nothing happens on SQLite.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, transaction

RUM_INDEX = "search_document_body_rum"
GIN_INDEX = "search_document_body_gin"


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):  # a savepoint
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        except Exception:  # no permission to create it: keep GIN
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON search_document "
            "USING rum (body_tsv rum_tsvector_ops)"
        )
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def backward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON search_document USING gin (body_tsv)"
        )
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_fulltext")]

    operations = [migrations.RunPython(forward, backward)]
