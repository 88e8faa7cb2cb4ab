"""PostgreSQL: GIN indexes on both vectors, finer statistics, and an empty table to refill.

The vectors now hold grams (every CJK character and three-character string), so one- and
three-character queries are single lexemes; rows written before lack them and would miss
matches, so the table is emptied and the reindex bookmark reset: run ``broadsheet reindex``
after this migration (docs/search.md). A RUM index left by the old 0003 is dropped. The
statistics target lets the planner tell a common lexeme (read the newest rows in date order)
from a rare one (use the GIN index). Nothing happens on SQLite.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FORWARD = [
    "DROP INDEX IF EXISTS search_document_body_rum",
    "TRUNCATE search_document",
    "CREATE INDEX IF NOT EXISTS search_document_body_gin ON search_document USING gin (body_tsv)",
    "CREATE INDEX IF NOT EXISTS search_document_head_gin ON search_document USING gin (head_tsv)",
    "ALTER TABLE search_document ALTER COLUMN body_tsv SET STATISTICS 1000",
    "ALTER TABLE search_document ALTER COLUMN head_tsv SET STATISTICS 1000",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_head_gin",
    "ALTER TABLE search_document ALTER COLUMN body_tsv SET STATISTICS -1",
    "ALTER TABLE search_document ALTER COLUMN head_tsv SET STATISTICS -1",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


def _reset_bookmarks(apps: Any, schema_editor: Any) -> None:
    apps.get_model("search", "ReindexRun").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_rum")]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        migrations.RunPython(_reset_bookmarks, migrations.RunPython.noop),
    ]
