"""Background work of the desk, run by `broadsheet db_worker` (django-tasks-db)."""

from __future__ import annotations

from django_tasks import task


@task()
def process_issue(issue_id: int) -> str:
    from broadsheet.desk.processing import run

    return run(issue_id)


@task()
def publish_scheduled(issue_id: int, when_iso: str) -> str:
    from broadsheet.desk.publishing import publish_if_due

    return publish_if_due(issue_id, when_iso)
