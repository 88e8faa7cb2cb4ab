"""Every route that serves an issue's content, tried as anonymous, registered and subscriber."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from broadsheet.access.models import AccessPolicy, Subscription
from broadsheet.access.policy import allowed
from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today_issue(publication, page_pdfs, manifest_for):
    return ingest(
        IngestRequest(
            publication="jcrb",
            date=timezone.localdate(),
            files=page_pdfs[:2],
            manifest=manifest_for(page_pdfs[:2]),
            publish=True,
            workers=1,
        )
    ).issue


@pytest.fixture
def old_issue(publication, page_pdfs, manifest_for, today_issue):
    return ingest(
        IngestRequest(
            publication="jcrb",
            date=timezone.localdate() - dt.timedelta(days=30),
            files=page_pdfs[:1],
            manifest=manifest_for(page_pdfs[:1]),
            publish=True,
            workers=1,
        )
    ).issue


def routes(issue):
    base = f"/jcrb/{issue.date.isoformat()}"
    number = Article.objects.filter(issue=issue).order_by("order").first().number
    return {
        "issue": (f"{base}/", "page"),
        "issue_json": (f"{base}.json", "json"),
        "contents": (f"{base}/contents/", "page"),
        "contents_json": (f"{base}/contents.json", "json"),
        "page": (f"{base}/A01/", "page"),
        "page_json": (f"{base}/A01.json", "json"),
        "page_pdf": (f"{base}/A01.pdf", "pdf"),
        "issue_pdf": (f"{base}.pdf", "pdf"),
        "page_image": (f"{base}/A01.jpg", "image"),
        "page_thumb": (f"{base}/A01.thumb.jpg", "image"),
        "article": (f"{base}/a/{number}/", "article"),
        "article_json": (f"{base}/a/{number}.json", "json"),
        "article_print": (f"{base}/a/{number}/print/", "article"),
        "article_print_json": (f"{base}/a/{number}/print.json", "json"),
    }


def users():
    User = get_user_model()
    registered = User.objects.create_user("reg", "reg@example.org", "pw-x9!long")
    subscriber = User.objects.create_user("sub", "sub@example.org", "pw-x9!long")
    return registered, subscriber


def statuses(client, issue, user):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return {name: client.get(path).status_code for name, (path, _) in routes(issue).items()}


def test_free_publication_serves_everyone(client, today_issue):
    got = statuses(client, today_issue, None)
    assert set(got.values()) <= {200, 404} and got["page"] == 200
    assert got["page_pdf"] == 200 and got["article_json"] == 200


def test_registered_only(client, publication, today_issue):
    AccessPolicy.objects.create(publication=publication, level="registered")
    registered, _ = users()
    anonymous = statuses(client, today_issue, None)
    assert all(code == 403 for code in anonymous.values()), anonymous
    assert all(code in (200, 404) for code in statuses(client, today_issue, registered).values())
    client.logout()
    json_denial = client.get(routes(today_issue)["page_json"][0])
    assert json_denial.json()["access"] == "registered"
    page_denial = client.get(routes(today_issue)["page"][0]).content.decode()
    assert "/accounts/login/" in page_denial


def test_subscribers_only(client, publication, today_issue):
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    registered, subscriber = users()
    Subscription.objects.create(user=subscriber, publication=publication)
    assert all(code == 403 for code in statuses(client, today_issue, None).values())
    assert all(code == 403 for code in statuses(client, today_issue, registered).values())
    got = statuses(client, today_issue, subscriber)
    assert all(code in (200, 404) for code in got.values()) and got["page_pdf"] == 200
    response = client.get(routes(today_issue)["page"][0])
    assert "public" not in response["Cache-Control"]


def test_the_middleware_gives_each_route_of_the_table_its_kind(today_issue):
    """Every JSON twin of an issue (the print view's and the contents' too) counts as "json"
    for the access rules, as its path says; the table above is what the middleware applies."""
    from django.urls import resolve

    from broadsheet.access.middleware import kind_of

    table = routes(today_issue)
    assert {"contents_json", "article_print_json"} <= set(table)
    for name, (path, kind) in table.items():
        match = resolve(path)
        assert match.url_name == name, path
        assert kind_of(match.url_name, match.kwargs) == kind, name


def test_calendars_and_their_twins_are_open_under_any_rules(client, publication, today_issue):
    """Calendars show dates, not content: open to everyone, as HTML and as JSON."""
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    year, month = today_issue.date.year, today_issue.date.month
    for path in [
        f"/jcrb/{year}/",
        f"/jcrb/{year}/index.json",
        f"/jcrb/{year}/{month:02d}/",
        f"/jcrb/{year}/{month:02d}/index.json",
    ]:
        assert client.get(path).status_code == 200, path
    days = client.get(f"/jcrb/{year}/{month:02d}/index.json").json()["days"]
    assert [d["date"] for d in days] == [today_issue.date.isoformat()]


def test_expired_subscription_does_not_count(client, publication, today_issue):
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    _, subscriber = users()
    Subscription.objects.create(
        user=subscriber, publication=publication, ends_at=timezone.now() - dt.timedelta(days=1)
    )
    assert statuses(client, today_issue, subscriber)["page"] == 403


def test_pdfs_and_latest_days_for_subscribers_rest_free(
    client, publication, old_issue, today_issue
):
    AccessPolicy.objects.create(
        publication=publication, level="subscribers", pdf_level="subscribers", free_after_days=7
    )
    registered, subscriber = users()
    Subscription.objects.create(user=subscriber, publication=publication)
    old = statuses(client, old_issue, None)
    assert old["page"] == 200 and old["article"] == 200 and old["page_image"] == 200
    assert old["page_pdf"] == 403 and old["issue_pdf"] == 403
    assert statuses(client, today_issue, registered)["page"] == 403
    assert statuses(client, old_issue, subscriber)["page_pdf"] == 200
    assert allowed(None, old_issue, "feed") and not allowed(None, today_issue, "feed")


def test_search_snippets_are_blanked_where_not_allowed(client, publication, today_issue):
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    registered, subscriber = users()
    Subscription.objects.create(user=subscriber, publication=publication)
    client.force_login(registered)
    hits = client.get("/search.json?q=城市建设").json()["hits"]
    assert hits and all(h["snippet"] == "" for h in hits) and hits[0]["headline"]
    client.force_login(subscriber)
    hits = client.get("/search.json?q=城市建设").json()["hits"]
    assert hits and all(h["snippet"] for h in hits)


def test_desk_editors_read_their_publication(client, publication, today_issue):
    from tests.desk.conftest import make_user

    AccessPolicy.objects.create(publication=publication, level="subscribers")
    editor = make_user("ed", "editor", [publication])
    assert statuses(client, today_issue, editor)["page"] == 200


def test_subscription_api(client, publication, settings):
    settings.BROADSHEET_SUBSCRIPTION_API_TOKEN = "s3cret"
    url = "/accounts/subscriptions/"
    body = {
        "email": "new@example.org",
        "publication": "jcrb",
        "ends_at": "2099-01-01T00:00:00",
        "reference": "ord-1",
    }
    assert client.post(url, body, content_type="application/json").status_code == 401
    wrong = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer x")
    assert wrong.status_code == 401
    response = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer s3cret"
    )
    assert response.status_code == 201 and response.json()["user"] == "new@example.org"
    assert Subscription.objects.active().filter(user__email="new@example.org").count() == 1
    response = client.post(
        url,
        {**body, "action": "end"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer s3cret",
    )
    assert response.json() == {"ended": 1}
    assert not Subscription.objects.active().exists()
    bad = client.post(
        url,
        {"email": "a@b.c", "publication": "nope"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer s3cret",
    )
    assert bad.status_code == 400


def test_api_off_without_token(client, publication, settings):
    settings.BROADSHEET_SUBSCRIPTION_API_TOKEN = ""
    response = client.post(
        "/accounts/subscriptions/",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer ",
    )
    assert response.status_code == 401


def test_changing_the_policy_changes_cache_validators(client, publication, today_issue):
    version = today_issue.version
    AccessPolicy.objects.create(publication=publication, level="registered")
    today_issue.refresh_from_db()
    assert today_issue.version > version
