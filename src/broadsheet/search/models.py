"""Search state kept in the database.

``SearchDocument`` is the PostgreSQL backend's table; its ``tsvector`` columns and GIN index
exist only on PostgreSQL (added by migration 0002), so the table is inert on SQLite.
``ReindexRun`` records how far ``manage.py reindex`` got, so a re-run continues there.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


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


class SearchChange(models.Model):
    """The durable change log of the replicated backend: one row whenever an issue changes in a
    way search must see (version, status, deletion). Written by a database trigger on
    ``newspaper_issue`` (changelog.py) in the changing transaction itself, so a crash after the
    commit loses nothing; every app server applies the rows after its own bookmark."""

    seq = models.BigAutoField(primary_key=True)
    issue_id = models.BigIntegerField()
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        db_table = "search_change"

    def __str__(self) -> str:
        return f"change {self.seq}: issue {self.issue_id}"


class SearchSnapshot(models.Model):
    """A packed copy of a replicated index in the default storage, covering the change log up
    to ``seq`` except ``holes`` (numbers not yet committed when it was taken)."""

    name = models.CharField(max_length=200, unique=True)  # path in default_storage
    seq = models.BigIntegerField()
    holes = models.JSONField(default=list)
    articles = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seq", "-pk"]

    def __str__(self) -> str:
        return self.name


class SearchLogHorizon(models.Model):
    """One row: change-log rows below ``pruned_below`` have been deleted, so a server whose
    bookmark is older must start again from a snapshot."""

    pruned_below = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"pruned below {self.pruned_below}"
