"""Publish now or at a set time (the real db_worker publishes it), unpublish, withdraw, the
checklist, corrections after publication going live and into search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from broadsheet.desk.publishing import checklist, missing_labels
from broadsheet.newspaper.models import Article, Issue
from tests.desk.conftest import run_worker, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_issue(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, *page_pdfs)
    issue.refresh_from_db()
    assert issue.status == "ready"
    return issue


def test_missing_labels():
    assert missing_labels(["A01", "A02", "A04", "B01"]) == ["A03"]
    assert missing_labels(["01", "03", "FRONT"]) == ["02"]


def test_checklist_warns_and_publishing_needs_confirmation(client, ready_issue):
    first = Article.objects.filter(issue=ready_issue, page__number="A03")
    for article in first:
        client.post(
            f"/desk/issues/{ready_issue.pk}/changes/",
            {"op": "delete", "article": article.number},
            content_type="application/json",
        )
    with translation.override("en"):
        warnings = checklist(ready_issue)
    assert any("A03" in w and "no articles" in w for w in warnings)
    client.post(f"/desk/issues/{ready_issue.pk}/publish/", {"when": "now"})
    ready_issue.refresh_from_db()
    assert ready_issue.status == "ready"
    client.post(f"/desk/issues/{ready_issue.pk}/publish/", {"when": "now", "confirm": "1"})
    ready_issue.refresh_from_db()
    assert ready_issue.status == "published"


def test_publish_now_and_correct_after(client, ready_issue, django_capture_on_commit_callbacks):
    from broadsheet.search.api import search

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/desk/issues/{ready_issue.pk}/publish/", {"when": "now"})
    ready_issue.refresh_from_db()
    assert ready_issue.status == "published"
    assert client.get("/jcrb/2026-11-27/A01/").status_code == 200
    version = ready_issue.version
    article = Article.objects.filter(issue=ready_issue).first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/desk/issues/{ready_issue.pk}/changes/",
            {"op": "text", "article": article.number, "headline": "更正后的独特标题词语"},
            content_type="application/json",
        )
    ready_issue.refresh_from_db()
    assert ready_issue.version > version
    assert search("独特标题").total == 1
    client.logout()
    assert (
        "更正后的独特标题词语"
        in client.get(f"/jcrb/2026-11-27/a/{article.number}/").content.decode()
    )


def test_unpublish_and_withdraw(client, ready_issue):
    client.post(f"/desk/issues/{ready_issue.pk}/publish/", {"when": "now"})
    client.post(f"/desk/issues/{ready_issue.pk}/unpublish/")
    ready_issue.refresh_from_db()
    assert ready_issue.status == "ready"
    response = client.post(f"/desk/issues/{ready_issue.pk}/withdraw/", {"reason": "版权问题"})
    assert response.status_code == 302
    ready_issue.refresh_from_db()
    assert ready_issue.status == "withdrawn"
    assert ready_issue.desk.withdrawn_reason == "版权问题"
    assert ready_issue.events.filter(step="desk_withdraw").exists()
    client.logout()
    assert client.get("/jcrb/2026-11-27/A01/").status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker manages its own connections
def test_scheduled_publication_by_the_real_worker(client, ready_issue, settings):
    """Enqueue with the database backend and run django-tasks-db's worker loop for one batch."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    soon = timezone.now() + dt.timedelta(seconds=1)
    response = client.post(
        f"/desk/issues/{ready_issue.pk}/publish/",
        {
            "when": "at",
            "publish_at": timezone.localtime(soon + dt.timedelta(minutes=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )
    assert response.status_code == 302
    ready_issue.refresh_from_db()
    assert ready_issue.publish_at is not None and ready_issue.status == "ready"
    task = DBTaskResult.objects.get()
    assert task.run_after == ready_issue.publish_at
    # Time passes: move the schedule into the past (as the clock would) and run the worker.
    past = timezone.now() - dt.timedelta(seconds=5)
    Issue.objects.filter(pk=ready_issue.pk).update(publish_at=past)
    DBTaskResult.objects.filter(pk=task.pk).update(
        run_after=past, args_kwargs={"args": [ready_issue.pk, past.isoformat()], "kwargs": {}}
    )
    run_worker(lease=False)
    ready_issue.refresh_from_db()
    assert ready_issue.status == "published"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)  # the worker manages its own connections
def test_processing_through_the_real_worker(client, editor, issue, page_pdfs, settings):

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(editor)
    upload(client, issue, page_pdfs[0])
    # Queued, and the desk says that no worker holds a lease to run it.
    waiting = client.get(f"/desk/issues/{issue.pk}/progress.json").json()
    assert waiting["state"] == "no_worker" and "后台进程" in waiting["state_display"]
    run_worker(lease=False)
    data = client.get(f"/desk/issues/{issue.pk}/progress.json").json()
    assert data["state"] == "done" and data["pages"][0]["status"] == "processed"


def test_schedule_in_the_past_is_refused(client, ready_issue):
    client.post(
        f"/desk/issues/{ready_issue.pk}/publish/", {"when": "at", "publish_at": "2020-01-01T08:00"}
    )
    ready_issue.refresh_from_db()
    assert ready_issue.publish_at is None
