"""A run whose worker died, as the editor meets it: the desk says it is stuck and offers
"Retry" and "Reset"; both are recorded, neither touches what readers see, and a retried run
finishes on a live worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import ISSUE_DATE, zh_articles
from tests.desk.conftest import run_worker, upload
from tests.factories import write_page_pdf

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def stranded(client: Any, editor: Any, issue: Any, tmp_path: Any, settings: Any) -> Any:
    """A published page plus two uploads whose run was taken by a worker that then died."""
    from django_tasks_db.models import DBTaskResult

    from broadsheet.desk.models import IssueDesk, PageUpload
    from broadsheet.ingest.pipeline import IngestRequest, ingest

    first = write_page_pdf(tmp_path / "A01.pdf", zh_articles(1))
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[first], publish=True))
    settings.TASKS = DATABASE_TASKS
    client.force_login(editor)
    pages = [write_page_pdf(tmp_path / f"A0{n}.pdf", zh_articles(n)) for n in (2, 3)]
    assert upload(client, issue, *pages).status_code == 200
    state = IssueDesk.objects.get(issue=issue)
    assert state.state == "queued" and state.task_id
    # The worker claimed the job, got one page in and was killed: its lease ran out long ago.
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=state.task_id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["dead-worker"]
    )
    IssueDesk.objects.filter(pk=state.pk).update(state="processing", done=1, total=2)
    issue.uploads.update(status=PageUpload.Status.PROCESSING)
    return issue


def published(client: Any) -> dict[str, Any]:
    return client.get(f"/jcrb/{ISSUE_DATE.isoformat()}.json").json()


def test_the_desk_shows_a_stuck_run_with_retry_and_reset(client, stranded):
    html = client.get(f"/desk/issues/{stranded.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stuck: the worker running it stopped" in html
    actions = html.split('id="run-actions"')[1].split("</div>")[0]
    assert "hidden" not in actions.split(">")[0]
    assert f"/desk/issues/{stranded.pk}/retry/" in actions
    assert f"/desk/issues/{stranded.pk}/reset/" in actions
    progress = client.get(f"/desk/issues/{stranded.pk}/progress.json").json()
    assert progress["state"] == "stuck"
    chinese = client.get(f"/desk/issues/{stranded.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "重试" in chinese.content.decode()


def test_reset_forgets_the_run_and_readers_keep_the_published_version(client, stranded):
    from django_tasks_db.models import DBTaskResult

    from broadsheet.desk.models import Change, IssueDesk, PageUpload

    before = published(client)
    task_id = IssueDesk.objects.get(issue=stranded).task_id
    response = client.post(f"/desk/issues/{stranded.pk}/reset/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json() == {"reset": True}
    state = IssueDesk.objects.get(issue=stranded)
    assert state.state in ("idle", "failed") and not state.task_id and state.done == 0
    assert DBTaskResult.objects.get(pk=task_id).status == "FAILED"  # no worker will take it
    assert set(stranded.uploads.values_list("status", flat=True)) == {PageUpload.Status.WAITING}
    assert Change.objects.filter(issue=stranded, action="run_reset").exists()
    assert published(client) == before
    history = client.get(f"/desk/issues/{stranded.pk}/history/", HTTP_ACCEPT_LANGUAGE="en")
    assert "editor" in history.content.decode()


def test_retry_runs_the_stranded_pages_on_a_live_worker(client, stranded):
    from broadsheet.desk.models import Change, IssueDesk
    from broadsheet.newspaper.models import Issue

    before = published(client)
    assert len(before["pages"]) == 1
    response = client.post(f"/desk/issues/{stranded.pk}/retry/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["queued"] is True
    assert Change.objects.filter(issue=stranded, action="run_retried").exists()
    assert published(client) == before  # nothing changes for readers until the run commits
    run_worker("live")
    state = IssueDesk.objects.get(issue=stranded)
    assert state.state == "done", state.message
    assert Issue.objects.get(pk=stranded.pk).pages.count() == 3
    after = published(client)
    assert [p["number"] for p in after["pages"]] == ["A01", "A02", "A03"]
    # Page A01 and its article numbers are exactly as readers had them.
    assert after["pages"][0] == before["pages"][0]


def test_reset_then_process_again_finishes_too(client, stranded):
    from broadsheet.desk.models import IssueDesk
    from broadsheet.newspaper.models import Issue

    client.post(f"/desk/issues/{stranded.pk}/reset/", HTTP_ACCEPT="application/json")
    response = client.post(f"/desk/issues/{stranded.pk}/retry/", HTTP_ACCEPT="application/json")
    assert response.json()["queued"] is True
    run_worker("live")
    assert IssueDesk.objects.get(issue=stranded).state == "done"
    assert Issue.objects.get(pk=stranded.pk).pages.count() == 3


def test_only_editors_of_the_publication_may_retry_or_reset(client, stranded, outsider_editor):
    from broadsheet.desk.models import IssueDesk

    client.force_login(outsider_editor)
    for action in ("retry", "reset"):
        response = client.post(f"/desk/issues/{stranded.pk}/{action}/")
        assert response.status_code in (403, 404)
    assert IssueDesk.objects.get(issue=stranded).state == "processing"
