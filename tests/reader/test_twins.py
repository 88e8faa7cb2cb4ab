"""The JSON twins of the year and month calendars, the contents and the print view, the links
to them from their HTML pages, and absolute URLs in every twin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from broadsheet.newspaper.models import Article, RetiredArticle
from tests.conftest import ISSUE_DATE

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
EARLIER = (ISSUE_DATE - dt.timedelta(days=2)).isoformat()
SITE = "http://testserver"


def test_year_twin(client, issues):
    response = client.get("/jcrb/2026/index.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["publication"] == {
        "slug": "jcrb",
        "name": "江城日报",
        "language": "zh-hans",
        "timezone": "Asia/Shanghai",
        "url": f"{SITE}/jcrb/",
    }
    assert data["year"] == 2026 and data["url"] == f"{SITE}/jcrb/2026/"
    assert data["years"] == [{"year": 2026, "url": f"{SITE}/jcrb/2026/"}]
    assert data["latest_issue"] == f"{SITE}/jcrb/{DAY}/"  # not the draft of the 28th
    assert data["issue_count"] == 2
    assert [m["month"] for m in data["months"]] == list(range(1, 13))
    november = data["months"][10]
    assert november["url"] == f"{SITE}/jcrb/2026/11/" and november["issue_count"] == 2
    assert november["days"] == [
        {"date": EARLIER, "url": f"{SITE}/jcrb/{EARLIER}/"},
        {"date": DAY, "url": f"{SITE}/jcrb/{DAY}/"},
    ]
    assert all(m["days"] == [] for m in data["months"][:10])


def test_month_twin_and_its_neighbours(client, issues):
    data = client.get("/jcrb/2026/11/index.json").json()
    assert (data["year"], data["month"], data["issue_count"]) == (2026, 11, 2)
    assert [d["date"] for d in data["days"]] == [EARLIER, DAY]
    assert data["url"] == f"{SITE}/jcrb/2026/11/" and data["year_url"] == f"{SITE}/jcrb/2026/"
    assert data["previous_month"] == f"{SITE}/jcrb/2026/10/"
    assert data["next_month"] == f"{SITE}/jcrb/2026/12/"
    january = client.get("/jcrb/2027/01/index.json").json()
    assert january["previous_month"] == f"{SITE}/jcrb/2026/12/" and january["days"] == []
    last = client.get("/jcrb/9998/12/index.json").json()
    assert last["next_month"] is None  # no calendar after 9998
    assert client.get("/jcrb/2026/13/index.json").status_code == 404
    assert client.get("/nope/2026/index.json").json() == {"error": "not_found"}


def test_calendar_twins_show_drafts_to_staff_only(client, issues, django_user_model):
    draft = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()
    days = [d["date"] for d in client.get("/jcrb/2026/11/index.json").json()["days"]]
    assert draft not in days
    staff = django_user_model.objects.create_user("staff", "s@example.org", "x", is_staff=True)
    client.force_login(staff)
    days = [d["date"] for d in client.get("/jcrb/2026/11/index.json").json()["days"]]
    assert draft in days


def test_contents_twin(client, issues):
    response = client.get(f"/jcrb/{DAY}/contents.json")
    assert response.status_code == 200 and response["ETag"]
    assert response["Cache-Control"].startswith("public")
    data = response.json()
    assert data["issue"]["date"] == DAY and data["pdf"] == f"{SITE}/jcrb/{DAY}.pdf"
    assert data["iiif_manifest"] == f"{SITE}/iiif/jcrb/{DAY}/manifest.json"
    assert [p["number"] for p in data["pages"]] == ["A01", "A02", "A03"]
    second = data["pages"][1]
    assert second["name"] == "城市" and second["url"] == f"{SITE}/jcrb/{DAY}/A02/"
    assert [a["title"] for a in second["articles"]] == ["第2版头条新闻标题", "第2版二条消息"]
    first = second["articles"][0]
    assert first["kicker"] == "引题文字在此" and first["byline"] == "本报记者 王小明"
    assert first["url"].startswith(f"{SITE}/jcrb/{DAY}/a/") and "zones" not in first
    again = client.get(f"/jcrb/{DAY}/contents.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_print_twin_is_the_articles(client, issues):
    article = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order").first()
    base = f"/jcrb/{DAY}/a/{article.number}"
    twin = client.get(f"{base}/print.json").json()
    assert twin == client.get(f"{base}.json").json()
    assert twin["print"] == f"{SITE}{base}/print/" and twin["headline"] == "第1版头条新闻标题"
    # A retired number answers as the article's twin does: 410 here, a merge redirects.
    RetiredArticle.objects.create(issue=issues[ISSUE_DATE], number=90, reason="deleted")
    RetiredArticle.objects.create(
        issue=issues[ISSUE_DATE], number=91, reason="merged", merged_into=article.number
    )
    gone = client.get(f"/jcrb/{DAY}/a/90/print.json")
    assert gone.status_code == 410 and gone.json()["issue"] == f"{SITE}/jcrb/{DAY}/"
    merged = client.get(f"/jcrb/{DAY}/a/91/print.json")
    assert merged.status_code == 301 and merged["Location"] == f"{base}/print.json"


@pytest.mark.parametrize(
    "page, twin",
    [
        ("/jcrb/2026/", "/jcrb/2026/index.json"),
        ("/jcrb/2026/11/", "/jcrb/2026/11/index.json"),
        (f"/jcrb/{DAY}/contents/", f"/jcrb/{DAY}/contents.json"),
        (f"/jcrb/{DAY}/A02/", f"/jcrb/{DAY}/A02.json"),
    ],
)
def test_html_pages_name_their_twin(client, issues, page, twin):
    html = client.get(page).content.decode()
    assert html.count('type="application/json"') == 1
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in html
    assert client.get(twin).status_code == 200


def test_print_view_names_its_twin(client, issues):
    number = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order").first().number
    html = client.get(f"/jcrb/{DAY}/a/{number}/print/").content.decode()
    twin = f"/jcrb/{DAY}/a/{number}/print.json"
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in html


def _strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v, key)
    elif isinstance(data, str):
        yield key, data


def test_every_url_in_every_twin_is_absolute(client, issues):
    articles = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order")
    twins = [
        "/index.json",
        "/jcrb/2026/index.json",
        "/jcrb/2026/11/index.json",
        f"/jcrb/{DAY}.json",
        f"/jcrb/{DAY}/contents.json",
        *(f"/jcrb/{DAY}/A0{n}.json" for n in (1, 2, 3)),
        *(f"/jcrb/{DAY}/a/{a.number}.json" for a in articles),
        *(f"/jcrb/{DAY}/a/{a.number}/print.json" for a in articles),
        "/search.json?q=城市建设",
    ]
    urls = 0
    for twin in twins:
        response = client.get(twin)
        assert response.status_code == 200, twin
        for key, value in _strings(response.json()):
            assert not value.startswith("/"), (twin, key, value)  # no path without a host
            looks_like_url = key in {"url", "issue"} or key.endswith(("_url", "_page", "_issue"))
            if looks_like_url or value.startswith("http"):
                assert value.startswith(f"{SITE}/"), (twin, key, value)
                urls += 1
    assert urls > 100
    hits = client.get("/search.json?q=城市建设").json()["hits"]
    assert {h["date"] for h in hits} == {EARLIER, DAY}
    for hit in hits:
        page = f"{SITE}/jcrb/{hit['date']}/{hit['page']}/"
        assert hit["page_url"] == page and hit["zone_url"].startswith(f"{page}#zone-")
        assert hit["url"] == f"{SITE}/jcrb/{hit['date']}/a/{hit['article_number']}/"
