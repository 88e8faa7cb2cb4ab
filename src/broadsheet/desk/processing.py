"""Background processing of an issue's pending uploads through the one ingest pipeline.

The issue's pages (`Page`) are the one record of what readers see, whatever brought them in:
the desk, `broadsheet ingest`, the demo or an importer. Uploads wait as `PageUpload` rows
until a run hands them to `ingest()`, which adds new labels and replaces the pages of known
labels, and leaves every other page exactly as it is. A processed upload's row goes; its file
lives on as the page's source.

A run records its background job and shows progress (`heartbeat_at`). A run whose worker died
is noticed (`run_state`) and runs again by itself once the worker's lease has run out
(`broadsheet.worker`), or at once when an editor presses "retry".
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from broadsheet.desk import audit
from broadsheet.desk.models import IssueDesk, PageUpload
from broadsheet.ingest.pipeline import IngestError, IngestOutcome, IngestRequest, ingest
from broadsheet.newspaper.models import Issue

log = logging.getLogger(__name__)

# A run that showed no progress for this long, and whose job has no live worker, is stuck.
STALE_SECONDS = 60


def desk_state(issue: Issue) -> IssueDesk:
    state, _ = IssueDesk.objects.get_or_create(issue=issue)
    return state


def pending(issue: Issue) -> list[PageUpload]:
    return list(
        issue.uploads.filter(
            status__in=[PageUpload.Status.WAITING, PageUpload.Status.PROCESSING]
        ).order_by("position", "id")
    )


def run_state(state: IssueDesk) -> str:
    """The desk's state, or "stuck" for a queued or running run that nothing is doing."""
    if state.state not in (IssueDesk.State.QUEUED, IssueDesk.State.PROCESSING):
        return str(state.state)
    try:
        from broadsheet.worker.leases import task_is_orphaned, worker_running
    except ImportError:  # pragma: no cover - the worker app is part of every build
        return str(state.state)
    if settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        return str(state.state)
    if state.task_id and task_is_orphaned(state.task_id):
        return "stuck"
    if not worker_running():
        return "no_worker"
    return str(state.state)


def request_processing(issue: Issue, *, force: bool = False) -> bool:
    """Queue a run for the issue; if one is running, ask it to run again. True when queued.
    `force` queues even over a queued or running run (the editor's "retry" of a stuck one)."""
    from broadsheet.desk.tasks import process_issue

    with transaction.atomic():
        desk_state(issue)
        state = IssueDesk.objects.select_for_update().get(issue=issue)
        if state.state == IssueDesk.State.PROCESSING and run_state(state) == "stuck":
            force = True  # its worker died: a new run takes over
        if not force and state.state == IssueDesk.State.QUEUED:
            return False
        if not force and state.state == IssueDesk.State.PROCESSING:
            state.rerun = True
            state.save(update_fields=["rerun", "updated_at"])
            return False
        state.state = IssueDesk.State.QUEUED
        state.done = 0
        state.total = len(pending(issue))
        state.message = ""
        state.rerun = False
        state.task_id = ""
        state.save()
    result = process_issue.enqueue(issue.pk)
    IssueDesk.objects.filter(issue=issue, state=IssueDesk.State.QUEUED, task_id="").update(
        task_id=str(result.id)
    )
    return True


def reset(issue: Issue, user: Any) -> None:
    """The editor's "reset": forget a stuck run. Its uploads wait again; nothing else moves."""
    state = desk_state(issue)
    if state.task_id:
        try:
            from broadsheet.worker.leases import reset_task

            reset_task(state.task_id)
        except ImportError:  # pragma: no cover
            pass
    issue.uploads.filter(status=PageUpload.Status.PROCESSING).update(
        status=PageUpload.Status.WAITING
    )
    IssueDesk.objects.filter(pk=state.pk).update(
        state=IssueDesk.State.IDLE if not pending(issue) else IssueDesk.State.FAILED,
        message="",
        rerun=False,
        task_id="",
        done=0,
    )
    audit.record(issue, user, "run_reset")


def retry(issue: Issue, user: Any) -> bool:
    """The editor's "retry": failed pages wait again and a new run is queued."""
    issue.uploads.filter(
        status__in=[PageUpload.Status.FAILED, PageUpload.Status.PROCESSING]
    ).update(status=PageUpload.Status.WAITING, error="")
    state = desk_state(issue)
    stuck = run_state(state) in ("stuck", "no_worker")
    if stuck and state.task_id:
        try:
            from broadsheet.worker.leases import reset_task

            reset_task(state.task_id)
        except ImportError:  # pragma: no cover
            pass
    audit.record(issue, user, "run_retried")
    return request_processing(issue, force=stuck or state.state == IssueDesk.State.FAILED)


def _file_name(slot: PageUpload) -> str:
    return f"{slot.label}.pdf"


def _manifest(slots: list[PageUpload]) -> dict[str, Any]:
    pages = []
    for slot in slots:
        page: dict[str, Any] = {"file": _file_name(slot), "number": slot.label}
        if slot.name:
            page["name"] = slot.name
        pages.append(page)
    return {"pages": pages}


def _beat(desk: IssueDesk, **fields: Any) -> None:
    IssueDesk.objects.filter(pk=desk.pk).update(heartbeat_at=timezone.now(), **fields)


def run(issue_id: int) -> str:
    """Process the issue's pending uploads. Records the outcome on the uploads; never raises
    for bad input (the editor sees the reason on the failed page)."""
    issue = Issue.objects.select_related("publication").get(pk=issue_id)
    state = desk_state(issue)
    slots = pending(issue)
    _beat(
        state,
        state=IssueDesk.State.PROCESSING,
        rerun=False,
        done=0,
        total=len(slots),
        message="",
        started_at=timezone.now(),
    )
    if not slots:
        _finish(state, IssueDesk.State.DONE if issue.pages.exists() else IssueDesk.State.IDLE, "")
        return "nothing to process"
    issue.uploads.filter(pk__in=[s.pk for s in slots]).update(
        status=PageUpload.Status.PROCESSING, error=""
    )

    def progress(step: str, done: int, total: int) -> None:
        _beat(state, done=done, total=total)

    tmp = Path(tempfile.mkdtemp(prefix="desk-run-"))
    try:
        files = []
        for slot in slots:
            target = tmp / _file_name(slot)
            with slot.file.open("rb") as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
            files.append(target)
        manifest = tmp / "desk-manifest.json"
        manifest.write_text(json.dumps(_manifest(slots), ensure_ascii=False))
        outcome = ingest(
            IngestRequest(
                publication=issue.publication.slug,
                date=issue.date,
                edition=issue.edition,
                files=files,
                manifest=manifest,
                publish=False,
                workers=getattr(settings, "BROADSHEET_DESK_INGEST_WORKERS", None),
                reanalyse={s.label for s in slots if s.reanalyse},
            ),
            progress=progress,
        )
    except IngestError as exc:
        return _failed(state, slots, str(exc), by_name=True)
    except Exception as exc:  # a crash in one page's rendering or analysis
        log.exception("processing issue %s failed", issue)
        done = IssueDesk.objects.get(pk=state.pk).done
        return _failed(state, slots, f"{type(exc).__name__}: {exc}", at=done)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    _consume(slots)
    message = _record(issue, slots, outcome)
    _finish(state, IssueDesk.State.DONE, message)
    return message


def _consume(slots: list[PageUpload]) -> None:
    """Processed uploads are pages now. A file replaced during the run waits for the next."""
    for slot in slots:
        gone = PageUpload.objects.filter(pk=slot.pk, sha256=slot.sha256)
        name = slot.file.name if slot.file else ""
        if gone.delete()[0] and name:
            storage = slot.file.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))  # type: ignore[misc]


def _record(issue: Issue, slots: list[PageUpload], outcome: IngestOutcome) -> str:
    stored = outcome.stored
    figures = {
        "pages": outcome.pages,
        "articles": outcome.articles,
        "processed": stored.pages_processed if stored else len(slots),
        "kept": stored.articles_kept if stored else 0,
        "new": stored.articles_new if stored else 0,
        "retired": stored.articles_retired if stored else 0,
        "warnings": list(outcome.warnings),
    }
    IssueDesk.objects.filter(issue=issue).update(outcome=figures)
    user = slots[-1].uploaded_by if slots else None
    audit.record(
        issue,
        user,
        "processed",
        {
            "labels": [s.label for s in slots],
            "processed": figures["processed"],
            "kept": figures["kept"],
            "added": figures["new"],
            "retired": figures["retired"],
        },
    )
    message = f"{outcome.pages} pages, {outcome.articles} articles"
    if outcome.warnings:
        message += "\n" + "\n".join(outcome.warnings)
    return message


def _failed(
    state: IssueDesk,
    slots: list[PageUpload],
    message: str,
    *,
    by_name: bool = False,
    at: int | None = None,
) -> str:
    culprit: PageUpload | None = None
    reason = message
    if by_name:
        for slot in slots:
            prefix = _file_name(slot) + ": "
            if message.startswith(prefix):
                culprit, reason = slot, message[len(prefix) :]
                break
    elif at is not None and at < len(slots):
        culprit = slots[at]
    for slot in slots:
        if culprit is None or slot.pk == culprit.pk:
            PageUpload.objects.filter(pk=slot.pk).update(
                status=PageUpload.Status.FAILED, error=reason
            )
        else:
            PageUpload.objects.filter(pk=slot.pk).update(status=PageUpload.Status.WAITING)
    issue = state.issue
    audit.record(
        issue,
        None,
        "process_failed",
        {"labels": [culprit.label] if culprit else [s.label for s in slots], "reason": reason},
    )
    _finish(state, IssueDesk.State.FAILED, message)
    return message


def _finish(state: IssueDesk, outcome: str, message: str) -> None:
    IssueDesk.objects.filter(pk=state.pk).update(
        state=outcome, message=message, task_id="", heartbeat_at=timezone.now()
    )
    fresh = IssueDesk.objects.select_related("issue").get(pk=state.pk)
    if fresh.rerun or (outcome == IssueDesk.State.DONE and pending(fresh.issue)):
        IssueDesk.objects.filter(pk=state.pk).update(state=outcome, rerun=False)
        request_processing(fresh.issue)


def started_ago(state: IssueDesk) -> dt.timedelta | None:
    return timezone.now() - state.started_at if state.started_at else None
