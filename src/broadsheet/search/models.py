"""Search state kept in the database.

``SearchDocument`` is the PostgreSQL backend's table; its ``tsvector`` columns and GIN index
exist only on PostgreSQL (added by migration 0002), so the table is inert on SQLite.
``ReindexRun`` records how far ``manage.py reindex`` got, so a re-run continues there.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    # No foreign keys: the index is derived data, rebuilt by issue, and the benchmark fills
    # it without article rows. Hits are always resolved against the article table.
    article_id = models.BigIntegerField(primary_key=True)
    issue_id = models.BigIntegerField(db_index=True)
    publication = models.CharField(max_length=40)
    day = models.DateField(db_index=True)
    page = models.CharField(max_length=20)

    class Meta:
        db_table = "search_document"

    def __str__(self) -> str:
        return f"article {self.article_id}"


class ReindexRun(models.Model):
    backend = models.CharField(max_length=20, unique=True)
    last_issue_id = models.BigIntegerField(default=0)
    issues_done = models.PositiveIntegerField(default=0)
    articles_done = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reindex {self.backend} after issue {self.last_issue_id}"
