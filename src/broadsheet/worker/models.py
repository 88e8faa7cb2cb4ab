"""Leases of the background workers: a worker that stops renewing its lease is dead, and the
jobs it was running go back to the queue for a live worker."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerLease(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
