"""The front cache: anonymous readers of published issues get stored pages, never stale ones."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.newspaper.models import Article, Issue
from tests.conftest import ISSUE_DATE

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_second_anonymous_view_costs_one_query(client, issues):
    first, _ = _queries(client, f"/jcrb/{DAY}/A01/")
    again, count = _queries(client, f"/jcrb/{DAY}/A01/")
    assert again.content == first.content
    assert count == 1  # the validator
    assert again["ETag"] == first["ETag"]
    assert _queries(client, f"/jcrb/{DAY}/A01/")[0].status_code == 200
    not_modified = client.get(f"/jcrb/{DAY}/A01/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_a_correction_is_seen_at_once(client, issues):
    issue = issues[ISSUE_DATE]
    client.get(f"/jcrb/{DAY}/A01/")
    article = Article.objects.filter(issue=issue).order_by("order").first()
    article.headline = "更正后的标题"
    article.save()
    Issue.objects.filter(pk=issue.pk).update(version=issue.version + 1)
    assert "更正后的标题" in client.get(f"/jcrb/{DAY}/A01/").content.decode()


def test_a_withdrawn_issue_disappears_at_once(client, issues):
    issue = issues[ISSUE_DATE]
    assert client.get(f"/jcrb/{DAY}/A01/").status_code == 200
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.WITHDRAWN)
    assert client.get(f"/jcrb/{DAY}/A01/").status_code == 404


def test_language_choice_is_part_of_the_key(client, issues):
    assert "下一版" in client.get(f"/jcrb/{DAY}/A01/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Next page" in client.get(f"/jcrb/{DAY}/A01/").content.decode()


def test_signed_in_readers_bypass_it(client, issues, django_user_model):
    client.get(f"/jcrb/{DAY}/A01/")
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    _, count = _queries(client, f"/jcrb/{DAY}/A01/")
    assert count > 1
