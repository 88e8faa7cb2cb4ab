"""`broadsheet db_worker`: django-tasks-db's worker, with a lease and recovery.

Same options as django-tasks-db's command (this app is listed before it, so this command is
the one `broadsheet db_worker` runs). In addition the worker holds a lease renewed by a
thread, and sends the jobs of workers whose lease ran out back to the queue.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as BaseCommand

from broadsheet.worker import leases

log = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """Renews the lease and recovers the jobs of dead workers, every few seconds."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"lease-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def beat(self) -> None:
        try:
            leases.renew(self.worker_id)
            leases.recover_stale()
        except Exception:  # a locked or lost database: try again at the next beat
            log.exception("worker lease: the beat failed")
        finally:
            connections.close_all()

    def run(self) -> None:
        while not self.stopped.wait(leases.beat_seconds()):
            self.beat()

    def stop(self) -> None:
        self.stopped.set()


class Command(BaseCommand):
    help = "Run a database background worker (with a lease, and recovery of interrupted jobs)"

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        leases.renew(worker_id)
        leases.recover_stale()
        try:
            from broadsheet.ingest.staging import clean_stale_staging

            clean_stale_staging()
        except Exception:  # never keep a worker from starting
            log.exception("cleaning stale staging folders failed")
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            heartbeat.join(5)
            try:
                leases.release(worker_id)
            except Exception:
                log.exception("releasing the worker lease failed")
