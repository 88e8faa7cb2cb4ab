"""The desk's part of `broadsheet repair`: runs left queued or processing with nothing
doing them (their worker died, or the job row is gone)."""

from __future__ import annotations

from broadsheet.desk.models import IssueDesk, PageUpload
from broadsheet.desk.processing import request_processing


def _job_alive(state: IssueDesk) -> bool:
    if not state.task_id:
        return False
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.filter(pk=state.task_id).first()
    if task is None or task.status not in ("READY", "RUNNING"):
        return False
    if task.status == "RUNNING":
        try:
            from broadsheet.worker.leases import task_is_orphaned
        except ImportError:  # pragma: no cover
            return True
        return not task_is_orphaned(str(task.pk))
    return True


def repair_stuck_runs(fix: bool) -> list[tuple[str, bool]]:
    found: list[tuple[str, bool]] = []
    active = IssueDesk.objects.filter(
        state__in=[IssueDesk.State.QUEUED, IssueDesk.State.PROCESSING]
    ).select_related("issue__publication")
    for state in active:
        if _job_alive(state):
            continue
        if fix:
            state.issue.uploads.filter(status=PageUpload.Status.PROCESSING).update(
                status=PageUpload.Status.WAITING
            )
            request_processing(state.issue, force=True)
        found.append(
            (
                f"{state.issue}: the desk's run ({state.state}, {state.done}/{state.total}) has "
                f"no live job; {'queued again' if fix else 'to queue again'}",
                fix,
            )
        )
    return found
