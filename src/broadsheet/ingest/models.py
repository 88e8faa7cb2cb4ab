"""The ingest's own bookkeeping: the runs that are writing files right now.

A run registers itself (committed at once) before it writes any file, under a folder named by
its token, and removes the row in the same transaction that stores the issue. A row that stays
behind belongs to a run that died (`kill -9`, a power cut) between writing files and
committing: `broadsheet repair` and the next run remove its files and the row.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IngestRun(models.Model):
    token = models.CharField(max_length=32, unique=True)
    # Storage folder that holds every file this run writes.
    prefix = models.CharField(max_length=300)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"run {self.token} ({self.host}:{self.pid})"
