from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Tasks run at once in the request (the real worker loop has its own test)."""
    settings.TASKS = IMMEDIATE
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.BROADSHEET_DESK_INGEST_WORKERS = 1


def make_user(username: str, role: str | None = None, publications: list[Any] = ()) -> Any:
    from broadsheet.desk.models import DeskRole

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw-x9!long")
    if role:
        desk_role = DeskRole.objects.create(user=user, role=role)
        desk_role.publications.set(publications)
    return user


@pytest.fixture
def other_publication(db: Any) -> Any:
    from broadsheet.newspaper.models import Publication

    return Publication.objects.create(slug="jcwb", name="江城晚报")


@pytest.fixture
def editor(publication: Any) -> Any:
    return make_user("editor", "editor", [publication])


@pytest.fixture
def outsider_editor(other_publication: Any) -> Any:
    return make_user("outsider", "editor", [other_publication])


@pytest.fixture
def reader_user(db: Any) -> Any:
    return make_user("reader")


@pytest.fixture
def desk_admin(db: Any) -> Any:
    return make_user("boss", "admin")


@pytest.fixture
def issue(publication: Any) -> Any:
    from broadsheet.newspaper.models import Issue
    from tests.conftest import ISSUE_DATE

    return Issue.objects.create(publication=publication, date=ISSUE_DATE)


def upload(client: Any, issue: Any, *paths: Any, language: str | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(p.name, p.read_bytes(), "application/pdf") for p in paths]
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post(
        f"/desk/issues/{issue.pk}/upload/",
        {"files": files},
        HTTP_ACCEPT="application/json",
        **headers,
    )


def run_worker(worker_id: str = "test", *, one_task: bool = False, lease: bool = True) -> None:
    """A real worker of the database queue, in this process: until the queue is empty, or
    for one task. With `lease`, it holds a live lease first, as `broadsheet db_worker` does."""
    from django_tasks_db.management.commands.db_worker import Worker

    if lease:
        from broadsheet.worker import leases

        leases.renew(worker_id)
    Worker(
        queue_names=["default"],
        interval=0,
        batch=not one_task,
        backend_name="default",
        startup_delay=False,
        max_tasks=1 if one_task else None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
