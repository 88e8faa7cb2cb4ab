"""Every desk route refuses anonymous users, users without a desk role, and editors of
another publication; the publication's editor gets through."""

from __future__ import annotations

import pytest

from tests.desk.conftest import make_user

pytestmark = pytest.mark.django_db

# (method, path template) for every route under /desk/issues/<id>/.
ISSUE_ROUTES = [
    ("get", "/desk/issues/{issue}/"),
    ("get", "/desk/issues/{issue}/progress.json"),
    ("post", "/desk/issues/{issue}/upload/"),
    ("post", "/desk/issues/{issue}/process/"),
    ("post", "/desk/issues/{issue}/sort/"),
    ("post", "/desk/issues/{issue}/slots/999/"),
    ("post", "/desk/issues/{issue}/slots/999/replace/"),
    ("post", "/desk/issues/{issue}/slots/999/delete/"),
    ("post", "/desk/issues/{issue}/publish/"),
    ("post", "/desk/issues/{issue}/unpublish/"),
    ("post", "/desk/issues/{issue}/withdraw/"),
    ("get", "/desk/issues/{issue}/history/"),
    ("get", "/desk/issues/{issue}/review/999/"),
    ("get", "/desk/issues/{issue}/review/999/data.json"),
    ("get", "/desk/issues/{issue}/review/999/image.jpg"),
    ("post", "/desk/issues/{issue}/changes/"),
    ("post", "/desk/issues/{issue}/undo/"),
]


@pytest.mark.parametrize(
    "method,path", ISSUE_ROUTES + [("get", "/desk/"), ("get", "/desk/people/")]
)
def test_anonymous_is_sent_to_login(client, issue, method, path):
    response = getattr(client, method)(path.format(issue=issue.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "method,path", ISSUE_ROUTES + [("get", "/desk/"), ("get", "/desk/people/")]
)
def test_user_without_role_is_refused(client, issue, reader_user, method, path):
    client.force_login(reader_user)
    assert getattr(client, method)(path.format(issue=issue.pk)).status_code == 403


@pytest.mark.parametrize("method,path", ISSUE_ROUTES)
def test_editor_of_another_publication_is_refused(client, issue, outsider_editor, method, path):
    client.force_login(outsider_editor)
    assert getattr(client, method)(path.format(issue=issue.pk)).status_code == 403


@pytest.mark.parametrize("method,path", ISSUE_ROUTES)
def test_editor_of_the_publication_gets_through(client, issue, editor, method, path):
    client.force_login(editor)
    response = getattr(client, method)(path.format(issue=issue.pk))
    # Past the role check: the view itself answers (404 for the made-up slot/page ids, 400
    # for empty posts, redirects after forms).
    assert response.status_code in (200, 302, 400, 404)


def test_people_page_is_for_admins_only(client, editor, desk_admin):
    client.force_login(editor)
    assert client.get("/desk/people/").status_code == 403
    client.force_login(desk_admin)
    assert client.get("/desk/people/").status_code == 200


def test_superuser_is_an_admin(client, issue):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "r@example.org", "pw-x9!long")
    client.force_login(root)
    assert client.get(f"/desk/issues/{issue.pk}/").status_code == 200


def test_editor_sees_only_their_publications(client, issue, other_publication):
    from broadsheet.newspaper.models import Issue

    theirs = Issue.objects.create(publication=other_publication, date=issue.date)
    user = make_user("ed2", "editor", [issue.publication])
    client.force_login(user)
    page = client.get("/desk/").content.decode()
    assert f"/desk/issues/{issue.pk}/" in page
    assert f"/desk/issues/{theirs.pk}/" not in page


def test_admin_gives_roles_and_subscriptions(client, desk_admin, publication):
    from broadsheet.access.models import Subscription
    from broadsheet.desk.models import DeskRole

    client.force_login(desk_admin)
    response = client.post(
        "/desk/people/",
        {
            "form": "role",
            "username": "newbie",
            "email": "n@example.org",
            "role": "editor",
            "publications": [publication.pk],
        },
    )
    assert response.status_code == 302
    role = DeskRole.objects.get(user__username="newbie")
    assert list(role.publications.all()) == [publication]
    response = client.post(
        "/desk/people/",
        {"form": "subscription", "username": "newbie", "publication": publication.pk},
    )
    assert response.status_code == 302
    assert Subscription.objects.active().filter(user__username="newbie").exists()


def test_every_field_id_on_the_people_screen_is_unique(client, desk_admin, publication):
    """Two forms on one screen (roles, subscriptions): a label must point at its own field."""
    import re
    from collections import Counter

    client.force_login(desk_admin)
    html = client.get("/desk/people/").content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert ids and not [i for i, n in ids.items() if n > 1], ids
    for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', html):
        assert ids[target] == 1, target
