"""A killed worker never strands its issue: its job runs again on a live worker by itself,
readers keep the published version meanwhile, and `serve --with-worker` restarts its worker.

Real processes: `broadsheet db_worker` and `broadsheet serve` run as subprocesses against the
test's database (on SQLite a WAL file copy of it, on PostgreSQL the test database itself).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import ISSUE_DATE, zh_articles
from tests.desk.conftest import upload
from tests.factories import write_page_pdf
from tests.scaleout.deployment import free_port
from tests.shared_db import shared_database

pytestmark = pytest.mark.django_db(transaction=True)
BROADSHEET = [sys.executable, "-m", "broadsheet.cli"]
LEASE = 2  # seconds: a dead worker's job is taken up again within a few seconds


@pytest.fixture
def env(tmp_path: Path, data_dir: Path) -> Iterator[dict[str, str]]:
    """The environment of a worker that shares this test's database and files."""
    with shared_database(tmp_path) as url:
        yield {
            **os.environ,
            "DATABASE_URL": url,
            "BROADSHEET_DATA_DIR": str(data_dir),
            "BROADSHEET_WORKER_LEASE_SECONDS": str(LEASE),
            "BROADSHEET_INGEST_WORKERS": "1",
            "BROADSHEET_PAGE_IMAGE_WIDTH": "800",
            "BROADSHEET_THUMB_WIDTH": "120",
        }


def start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*BROADSHEET, "db_worker", "--interval", "0.1", "--no-startup-delay", "--worker-id", name],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def wait_for(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def test_a_killed_worker_strands_nothing(client, editor, issue, env, tmp_path, settings):
    from broadsheet.desk.models import IssueDesk
    from broadsheet.ingest.models import IngestRun
    from broadsheet.ingest.pipeline import IngestRequest, ingest
    from broadsheet.newspaper.models import Issue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BROADSHEET_WORKER_LEASE_SECONDS = LEASE
    client.force_login(editor)
    # A published issue of two pages; the night adds ten more.
    first = [write_page_pdf(tmp_path / f"A0{n}.pdf", zh_articles(n)) for n in (1, 2)]
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=first, publish=True, workers=1))
    seen = client.get(f"/jcrb/{ISSUE_DATE.isoformat()}.json").json()
    more = tmp_path / "more"
    more.mkdir()
    pages = [write_page_pdf(more / f"B{n:02d}.pdf", zh_articles(n)) for n in range(1, 11)]
    upload(client, issue, *pages)
    state = IssueDesk.objects.get(issue=issue)
    assert state.state == "queued"

    log = tmp_path / "workers.log"
    doomed = start_worker(env, "doomed", log)
    rescuer = None
    try:
        wait_for(
            lambda: IssueDesk.objects.get(issue=issue).done >= 3,
            90,
            "the first worker to be inside the run",
        )
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
        killed_at = IssueDesk.objects.get(issue=issue)
        assert killed_at.state == "processing" and killed_at.done < 10, killed_at.done
        staging = list((Path(env["BROADSHEET_DATA_DIR"]) / "staging").iterdir())
        assert staging, "the killed run leaves its staging folder behind"
        # Readers keep the published version while the run is stranded.
        assert client.get(f"/jcrb/{ISSUE_DATE.isoformat()}.json").json() == seen

        rescuer = start_worker(env, "rescuer", log)
        answers: list[int] = []

        def finished() -> bool:
            now = client.get(f"/jcrb/{ISSUE_DATE.isoformat()}.json").json()
            answers.append(len(now["pages"]))
            if now != seen:  # the new version, whole, never a part of it
                assert len(now["pages"]) == 12, now["pages"]
            state = IssueDesk.objects.get(issue=issue)
            return state.state == "done" and Issue.objects.get(pk=issue.pk).pages.count() == 12

        wait_for(finished, 60, "the job to run again on the live worker")
        assert set(answers) <= {2, 12}
        assert not [p for p in staging if p.exists()], "the killed run's staging folder is gone"
        assert not IngestRun.objects.exists()
        assert not issue.uploads.exists()
    finally:
        for proc in (doomed, rescuer):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(20)
    assert "queued again" in log.read_text(errors="replace")


def test_leases_tell_dead_workers_from_live_ones(settings):
    from django_tasks_db.models import DBTaskResult

    from broadsheet.desk.tasks import process_issue
    from broadsheet.worker import leases
    from broadsheet.worker.models import WorkerLease

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BROADSHEET_WORKER_LEASE_SECONDS = LEASE
    long_ago = timezone.now() - dt.timedelta(seconds=60)
    jobs = []
    for worker in ("alive", "dead"):
        result = process_issue.enqueue(1)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=long_ago, worker_ids=[worker]
        )
        jobs.append(str(result.id))
    leases.renew("alive")
    WorkerLease.objects.create(worker_id="dead", host="elsewhere", pid=1, beat_at=long_ago)
    assert leases.live_worker_ids() == {"alive"} and leases.worker_running()
    assert not leases.task_is_orphaned(jobs[0]) and leases.task_is_orphaned(jobs[1])
    assert leases.recover_stale() == [jobs[1]]
    assert DBTaskResult.objects.get(pk=jobs[1]).status == "READY"
    assert DBTaskResult.objects.get(pk=jobs[0]).status == "RUNNING"
    assert not WorkerLease.objects.filter(worker_id="dead").exists()
    assert leases.reset_task(jobs[1])
    assert DBTaskResult.objects.get(pk=jobs[1]).status == "FAILED"
    assert not leases.reset_task(jobs[1])  # nothing left to reset


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_serve_with_worker_restarts_a_killed_worker(env, tmp_path):
    from broadsheet.worker.models import WorkerLease

    port = free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [
            *BROADSHEET,
            "serve",
            "--no-prepare",
            "--port",
            str(port),
            "--workers",
            "1",
            "--with-worker",
        ],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )

    def worker_pid() -> int | None:
        found = [p for p in _children(server.pid) if "db_worker" in _cmdline(p) and _alive(p)]
        return found[0] if found else None

    try:
        wait_for(lambda: worker_pid() is not None, 30, "the worker to start")
        first = worker_pid()
        assert first is not None
        wait_for(lambda: WorkerLease.objects.exists(), 30, "the worker's lease")
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: worker_pid() not in (None, first), 30, "a new worker")
        leases_before = set(WorkerLease.objects.values_list("worker_id", flat=True))
        wait_for(
            lambda: set(WorkerLease.objects.values_list("worker_id", flat=True)) - leases_before,
            30,
            "the new worker's lease",
        )
        assert "restarting it" in log.read_text(errors="replace")
        children = _children(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        wait_for(lambda: not any(_alive(p) for p in children), 20, "every child to stop")
    finally:
        if server.poll() is None:
            server.kill()
