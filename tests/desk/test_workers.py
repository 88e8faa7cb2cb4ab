"""Several issues are processed at once by several workers, and the reader keeps answering.

Two django-tasks-db workers run in threads against two queued issues; each is held inside its
ingest until both are (so they overlap) and until a reader request has been answered. On
SQLite the test runs against a file database in WAL mode, as in production (the in-memory
test database is copied to it), since readers not blocking on the writer is WAL's promise.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections, transaction

from tests.conftest import ISSUE_DATE
from tests.desk.conftest import run_worker, upload

pytestmark = pytest.mark.django_db(transaction=True)  # workers use their own connections
WAIT = 60  # seconds; only reached when something blocks


@contextmanager
def production_database(tmp_path: Path):
    """On SQLite, point new connections (other threads) at a WAL file copy of the test DB."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "desk.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    assert target.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    target.close()
    settings_dict = connections.settings["default"]
    old = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)  # this thread's open connection stays where it was
    try:
        yield
    finally:
        settings_dict["NAME"] = old


def in_thread(fn: Any, *args: Any) -> threading.Thread:
    """Run `fn` in a thread with its own database connection; errors are kept for the test."""

    def target() -> None:
        try:
            thread.result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            thread.error = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, daemon=True)
    thread.result, thread.error = None, None
    thread.start()
    return thread


def finished(thread: threading.Thread) -> Any:
    thread.join(WAIT)
    assert not thread.is_alive(), "still blocked"
    if thread.error is not None:
        raise thread.error
    return thread.result


def worker(worker_id: str) -> None:
    # One issue each: the other worker must take the other one.
    run_worker(worker_id, one_task=True, lease=False)


def test_two_workers_process_two_issues_at_once_and_the_reader_answers(
    client, editor, publication, page_pdfs, tmp_path, settings, monkeypatch
):
    from django.test import Client

    from broadsheet.desk import processing
    from broadsheet.desk.models import IssueDesk
    from broadsheet.ingest.pipeline import IngestRequest, ingest
    from broadsheet.newspaper.models import Issue

    # A published issue for the reader to read while the desk works.
    ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, publish=True, workers=1)
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(editor)
    tonight = []
    for day in (28, 29):
        issue = Issue.objects.create(publication=publication, date=ISSUE_DATE.replace(day=day))
        assert upload(client, issue, *page_pdfs[:2]).status_code == 200
        tonight.append(issue.pk)
    assert set(IssueDesk.objects.values_list("state", flat=True)) == {"queued"}

    both_inside = threading.Barrier(2, timeout=WAIT)
    reader_answered = threading.Event()
    inside = []

    def long_ingest(request: IngestRequest, progress: Any = None) -> Any:
        # The long part of an ingest (rendering, analysis) holds no transaction.
        assert not transaction.get_connection().in_atomic_block
        inside.append(request.date)
        both_inside.wait()
        assert reader_answered.wait(WAIT)
        return ingest(request, progress=progress)

    monkeypatch.setattr(processing, "ingest", long_ingest)

    def read(path: str) -> tuple[int, str]:
        response = Client().get(path)
        return response.status_code, response.content.decode()

    with production_database(tmp_path):
        workers = [in_thread(worker, f"w{n}") for n in (1, 2)]
        # Wait until both workers are inside an ingest, each with its own issue.
        for _ in range(WAIT * 10):
            if len(inside) == 2:
                break
            threading.Event().wait(0.1)
        assert sorted(d.day for d in inside) == [28, 29], inside
        # While both hold a long ingest, the reader answers.
        status, html = finished(in_thread(read, "/jcrb/2026-11-27/A01/"))
        assert status == 200 and "第1版头条新闻标题" in html
        # Even a writer holding the write lock does not block a reader (WAL on SQLite).
        holding, release = threading.Event(), threading.Event()

        def hold_write_lock() -> None:
            with transaction.atomic():
                IssueDesk.objects.filter(issue_id=tonight[0]).update(message="busy")
                holding.set()
                assert release.wait(WAIT)

        writer = in_thread(hold_write_lock)
        assert holding.wait(WAIT)
        status, _ = finished(in_thread(read, "/jcrb/2026-11-27/A02/"))
        release.set()
        finished(writer)
        assert status == 200
        reader_answered.set()
        for w in workers:
            finished(w)

        def states() -> list[tuple[str, str]]:
            rows = IssueDesk.objects.filter(issue_id__in=tonight).order_by("issue_id")
            return [(s.state, s.message_display) for s in rows]

        outcome = finished(in_thread(states))
        statuses = finished(
            in_thread(
                lambda: list(Issue.objects.filter(pk__in=tonight).values_list("status", flat=True))
            )
        )
    assert [state for state, _ in outcome] == ["done", "done"], outcome
    assert statuses == ["ready", "ready"]
