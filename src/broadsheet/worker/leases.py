"""Worker leases: who is alive, and what to do with the jobs of workers that are not.

A worker (`broadsheet db_worker`) holds a lease that a thread renews every few seconds. A job
(`DBTaskResult`) that is RUNNING under a worker without a live lease was interrupted: the
worker was killed, the machine rebooted. `recover_stale` sends such jobs back to READY, so a
live worker runs them again (the desk's jobs are idempotent: a run re-reads the issue and
stores in one transaction). Every live worker runs it every few seconds, so an interrupted
job runs again within about a lease and a half (45 s with the default 30 s lease).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from broadsheet.worker.models import WorkerLease

log = logging.getLogger(__name__)
RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"


def lease_seconds() -> float:
    return float(getattr(settings, "BROADSHEET_WORKER_LEASE_SECONDS", 30))


def beat_seconds() -> float:
    return max(0.2, lease_seconds() / 3)


def _cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=lease_seconds())


def renew(worker_id: str) -> None:
    """Take or renew this process's lease."""
    now = timezone.now()
    updated = WorkerLease.objects.filter(worker_id=worker_id).update(
        beat_at=now, host=socket.gethostname(), pid=os.getpid()
    )
    if not updated:
        WorkerLease.objects.get_or_create(
            worker_id=worker_id,
            defaults={"host": socket.gethostname(), "pid": os.getpid(), "beat_at": now},
        )


def release(worker_id: str) -> None:
    WorkerLease.objects.filter(worker_id=worker_id).delete()


def live_worker_ids(now: dt.datetime | None = None) -> set[str]:
    return set(
        WorkerLease.objects.filter(beat_at__gte=_cutoff(now)).values_list("worker_id", flat=True)
    )


def worker_running() -> bool:
    return bool(live_worker_ids())


def _owner(task: DBTaskResult) -> str | None:
    ids = task.worker_ids or []
    return str(ids[-1]) if ids else None


def task_is_orphaned(task_result_id: str, now: dt.datetime | None = None) -> bool:
    """True for a job that is RUNNING under a worker whose lease has run out."""
    task = DBTaskResult.objects.filter(pk=task_result_id).first()
    if task is None or task.status != RUNNING:
        return False
    if task.started_at and task.started_at >= _cutoff(now):
        return False  # just claimed: its worker may not have renewed yet
    return _owner(task) not in live_worker_ids(now)


def recover_stale(now: dt.datetime | None = None) -> list[str]:
    """Send the jobs of dead workers back to the queue; forget the dead leases."""
    cutoff = _cutoff(now)
    WorkerLease.objects.filter(beat_at__lt=cutoff).delete()
    live = live_worker_ids(now)
    recovered: list[str] = []
    for task in DBTaskResult.objects.filter(status=RUNNING, started_at__lt=cutoff):
        if _owner(task) in live:
            continue
        with transaction.atomic():
            # Only if nobody claimed it again meanwhile (a claim sets a new started_at).
            moved = DBTaskResult.objects.filter(
                pk=task.pk, status=RUNNING, started_at=task.started_at
            ).update(status=READY)
        if moved:
            recovered.append(str(task.pk))
            log.warning(
                "job %s (%s) was running under %s, which stopped; queued again",
                task.pk,
                task.task_path,
                _owner(task),
            )
    return recovered


def reset_task(task_result_id: str) -> bool:
    """Mark a queued or running job as failed so that no worker runs it (the desk's reset)."""
    return bool(
        DBTaskResult.objects.filter(pk=task_result_id, status__in=[READY, RUNNING]).update(
            status=FAILED,
            finished_at=timezone.now(),
            exception_class_path="broadsheet.worker.Reset",
            traceback="reset by an editor",
        )
    )
