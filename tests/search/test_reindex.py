"""manage.py reindex: rebuilds everything, resumes where it stopped."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from broadsheet.newspaper.models import Issue
from broadsheet.search.api import search
from broadsheet.search.models import ReindexRun
from tests.search.conftest import DAY

pytestmark = pytest.mark.django_db


def test_reindex_from_scratch(backend: str, make_issue: Any) -> None:
    make_issue([("甲", "乡村振兴")], index=False)
    make_issue([("乙", "乡村振兴")], date=DAY - dt.timedelta(days=1), index=False)
    make_issue(
        [("丙", "乡村振兴")],
        date=DAY - dt.timedelta(days=2),
        index=False,
        status=Issue.Status.WITHDRAWN,
    )
    assert search("乡村").total == 0
    out = StringIO()
    call_command("reindex", "--from-scratch", stdout=out)
    assert "reindexed 3 issues, 2 articles" in out.getvalue()
    assert search("乡村").total == 2


def test_reindex_resumes(backend: str, make_issue: Any) -> None:
    first = make_issue([("甲", "乡村振兴")], index=False)
    make_issue([("乙", "乡村振兴")], date=DAY - dt.timedelta(days=1), index=False)
    # A run that stopped after the first issue.
    ReindexRun.objects.create(
        backend=backend, last_issue_id=first.pk, issues_done=1, started_at=timezone.now()
    )
    out = StringIO()
    call_command("reindex", "--batch", "1", stdout=out)
    assert "continuing after issue" in out.getvalue()
    assert [h.headline for h in search("乡村").hits] == ["乙"]
    # Finished: the next run starts over and indexes everything.
    call_command("reindex", stdout=StringIO())
    assert search("乡村").total == 2


def test_an_empty_index_with_published_articles_needs_a_rebuild(
    backend: str, make_issue: Any
) -> None:
    from broadsheet.search.api import index_needs_rebuild

    assert not index_needs_rebuild()  # nothing published: nothing to find
    make_issue([("甲", "乡村振兴")], index=False, status=Issue.Status.DRAFT)
    assert not index_needs_rebuild()
    make_issue([("乙", "乡村振兴")], date=DAY - dt.timedelta(days=1), index=False)
    assert index_needs_rebuild()
    call_command("reindex", stdout=StringIO())
    assert not index_needs_rebuild() and search("乡村").total == 1
