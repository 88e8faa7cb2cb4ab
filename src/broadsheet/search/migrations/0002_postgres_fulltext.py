"""The PostgreSQL backend's tsvector columns and GIN index; nothing happens on SQLite."""

from __future__ import annotations

from typing import Any

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_document ADD COLUMN head_tsv tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE search_document ADD COLUMN body_tsv tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_document_body_gin ON search_document USING gin (body_tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_body_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS body_tsv",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS head_tsv",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
