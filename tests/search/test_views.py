"""The reader's /search/ page and its /search.json twin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_search_page(backend: str, make_issue: Any, client: Client) -> None:
    make_issue([("党建引领", "全面加强党建工作。"), ("无关", "天气")])
    r = client.get("/search/", {"q": "党建"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "<mark>党建</mark>" in html
    assert "/daily/2024-03-15/a/1/" in html and "#zone-1" in html
    assert "issue=" in html  # search within this issue


def test_search_json(backend: str, make_issue: Any, client: Client) -> None:
    make_issue([("党建引领", "全面加强党建工作。", "A03")])
    data = client.get("/search.json", {"q": "党建", "page": "A03"}).json()
    assert data["total"] == 1 and data["error"] is None
    (hit,) = data["hits"]
    assert hit["publication"] == "daily" and hit["date"] == "2024-03-15" and hit["page"] == "A03"
    assert "<mark>党建</mark>" in hit["snippet"] and hit["url"].endswith("/a/1/")
    assert data["filters"] == {"page": "A03"}


def test_filters_and_pages_through_the_query_string(
    backend: str, make_issue: Any, client: Client
) -> None:
    issue = make_issue([(f"标题{n}", "乡村振兴") for n in range(25)])
    data = client.get("/search.json", {"q": "乡村", "offset": "20", "limit": "10"}).json()
    assert data["total"] == 25 and len(data["hits"]) == 5
    html = client.get("/search/", {"q": "乡村"}).content.decode()
    assert 'rel="next"' in html
    data = client.get("/search.json", {"q": "乡村", "issue": str(issue.pk)}).json()
    assert data["total"] == 25
    data = client.get("/search.json", {"q": "乡村", "issue": "999999"}).json()
    assert data["total"] == 0 and data["error"]
    data = client.get("/search.json", {"q": "乡村", "from": "2030-01-01"}).json()
    assert data["total"] == 0
    data = client.get("/search.json", {"q": "乡村", "sort": "date", "publication": "nope"}).json()
    assert data["total"] == 0 and data["error"] is None


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "！？。"},
        {"q": '"党建'},
        {"q": 'AND OR NOT * ^ : ( ) "'},
        {"q": "😀"},
        {"q": "党建", "from": "yesterday"},
        {"q": "党建", "offset": "x", "limit": "-5"},
        {"q": "党建", "sort": "'; DROP TABLE"},
    ],
)
def test_bad_requests_are_answered(
    backend: str, make_issue: Any, client: Client, params: dict[str, str]
) -> None:
    make_issue([("甲", "加强党建工作")])
    assert client.get("/search/", params).status_code == 200
    r = client.get("/search.json", params)
    assert r.status_code == 200 and "total" in r.json()


def test_a_query_too_long_to_be_a_search_is_refused_with_a_message(
    backend: str, make_issue: Any, client: Client
) -> None:
    make_issue([("甲", "加强党建工作")])
    page = client.get("/search/", {"q": "党" * 5000}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400 and "too long" in page.content.decode()
    data = client.get("/search.json", {"q": "党" * 5000})
    assert data.status_code == 400 and data.json()["error"]
