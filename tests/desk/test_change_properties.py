"""Hostile input never gets a 500 from the desk: every change operation, fed generated JSON
(huge, infinite, negative and fractional numbers, unicode digits, lone surrogates, NUL
characters, deep nesting, wrong types), answers 200 or 400, and the issue stays consistent."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.desk import editing
from broadsheet.newspaper.models import Article, Page, Region
from tests.desk.conftest import upload

pytestmark = pytest.mark.django_db

NASTY_NUMBERS = (
    st.sampled_from([0, -1, 1, 2, 3, 2**31, 2**63, 2**64, 10**30, 1.5, -0.0, 1e26, 1e300])
    | st.integers()
    | st.floats(allow_nan=False)
)
NASTY_TEXT = st.sampled_from(
    ["²", "٣", "1e400", "\ud800", "a\x00b", "", " 7 ", "../x", "7"]
) | st.text(max_size=30)
SCALARS = st.none() | st.booleans() | NASTY_NUMBERS | NASTY_TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = [
    "article",
    "other",
    "region",
    "regions",
    "page",
    "box",
    "kind",
    "order",
    "headline",
    "kicker",
    "body",
]


def post(client, issue, body: bytes | str):
    return client.post(f"/desk/issues/{issue.pk}/changes/", body, content_type="application/json")


def consistent(issue) -> None:
    page_ids = set(Page.objects.filter(issue=issue).values_list("pk", flat=True))
    numbers = list(Article.objects.filter(issue=issue).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    for region in Region.objects.filter(article__issue=issue):
        assert region.page_id in page_ids


@pytest.fixture
def desk(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, *page_pdfs[:2])
    return client, issue


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(sorted(editing.OPERATIONS)),
    fields=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=4),
)
def test_every_operation_takes_any_json(desk, name, fields):
    client, issue = desk
    # Surrogates cannot be written as UTF-8 by json.dumps with ensure_ascii=False; as JSON
    # escapes they reach the server exactly as a hostile client would send them.
    response = post(client, issue, json.dumps({"op": name, **fields}))
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json()["error"]
    consistent(issue)


@pytest.mark.parametrize(
    "body",
    [
        '{"op": "delete", "article": 1e400}',
        '{"op": "reorder", "order": ["²"]}',
        '{"op": "split", "article": 1, "regions": ["²"]}',
        '{"op": "split", "article": 1, "regions": [1e26]}',
        '{"op": "add_zone", "page": 1e400, "box": [1, 1, 100, 100]}',
        '{"op": "set_zone", "region": 1e400, "box": [1, 1, 100, 100]}',
        '{"op": "set_zone", "region": 1, "box": [1e400, 0, 1, 1]}',
        '{"op": "set_zone", "region": 1, "box": [1' + "0" * 400 + ", 0, 1, 1]}",
        '{"op": "add_zone", "page": 1, "box": [1' + "0" * 4000 + ", 0, 1, 1]}",
        '{"op": "text", "article": 99999999999999999999, "headline": "x"}',
        '{"op": "kind", "article": 1, "kind": ["advert"]}',
        '{"op": ["delete"]}',
        "[" * 5000 + "]" * 5000,
        '{"op": "text", "article": 1, "headline": ' + "[" * 100 + "1" + "]" * 100 + "}",
        "not json at all",
    ],
)
def test_each_reported_case_gets_a_clear_400(desk, body):
    client, issue = desk
    response = post(client, issue, body)
    assert response.status_code == 400
    assert response.json()["error"]
    consistent(issue)


def test_a_lone_surrogate_or_nul_in_a_headline_is_stored_without_it(desk):
    client, issue = desk
    article = Article.objects.filter(issue=issue).first()
    response = post(
        client,
        issue,
        '{"op": "text", "article": '
        + str(article.number)
        + ', "headline": "标题\\ud800\\u0000好"}',
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "标题好"


def test_undo_of_a_change_on_a_removed_page_is_refused_clearly(desk):
    from broadsheet.desk import pages as desk_pages

    client, issue = desk
    article = Article.objects.filter(issue=issue, page__number="A02").first()
    post(client, issue, json.dumps({"op": "text", "article": article.number, "headline": "改"}))
    desk_pages.remove_page(Page.objects.get(issue=issue, number="A02"), None)
    # The removal superseded that change; undo says there is nothing it can undo.
    response = client.post(f"/desk/issues/{issue.pk}/undo/")
    assert response.status_code in (400, 409) and response.json()["error"]
