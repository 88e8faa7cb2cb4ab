"""Corrections: zones, merge/split/delete/advert, text, order, continuation; undo; audit."""

from __future__ import annotations

import pytest

from broadsheet.desk.models import Change
from broadsheet.newspaper.models import Article, Page, Region
from tests.desk.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, editor, issue, page_pdfs):
    client.force_login(editor)
    upload(client, issue, *page_pdfs)

    def change(**op):
        return client.post(f"/desk/issues/{issue.pk}/changes/", op, content_type="application/json")

    change.issue = issue
    change.client = client
    return change


def on_page(issue, label):
    return list(Article.objects.filter(issue=issue, page__number=label).order_by("order"))


def zone_of(article):
    return article.regions.filter(role="zone").first()


def test_move_zone_and_undo(desk):
    issue = desk.issue
    article = on_page(issue, "A01")[0]
    zone = zone_of(article)
    old = zone.bbox
    response = desk(op="set_zone", region=zone.pk, box=[10, 20, 300, 400])
    assert response.status_code == 200
    zone.refresh_from_db()
    assert zone.bbox == [10, 20, 300, 400]
    change = Change.objects.filter(issue=issue).first()
    assert change.user.username == "editor" and "moved" in change.summary
    assert desk.client.post(f"/desk/issues/{issue.pk}/undo/").status_code == 200
    restored = zone_of(Article.objects.get(issue=issue, number=article.number))
    assert restored.bbox == old


def test_draw_new_zone_makes_an_article(desk):
    issue = desk.issue
    page = Page.objects.get(issue=issue, number="A02")
    before = Article.objects.filter(issue=issue).count()
    assert desk(op="add_zone", page=page.pk, box=[50, 950, 400, 1100]).status_code == 200
    assert Article.objects.filter(issue=issue).count() == before + 1
    assert desk(op="add_zone", page=page.pk, box=[1, 1, 1.5, 1.5]).status_code == 400


def test_merge_split_delete_advert(desk):
    issue = desk.issue
    first, second = on_page(issue, "A01")
    theirs = list(second.regions.filter(role="zone").values_list("pk", flat=True))
    total = first.regions.filter(role="zone").count() + len(theirs)
    assert desk(op="merge", article=first.number, other=second.number).status_code == 200
    merged = Article.objects.get(issue=issue, number=first.number)
    assert merged.regions.filter(role="zone").count() == total
    assert not Article.objects.filter(issue=issue, number=second.number).exists()
    assert desk(op="split", article=first.number, regions=theirs).status_code == 200
    assert len(on_page(issue, "A01")) == 2
    third = on_page(issue, "A02")[0]
    assert desk(op="kind", article=third.number, kind="advert").status_code == 200
    assert Article.objects.get(issue=issue, number=third.number).kind == "advert"
    assert desk(op="delete", article=third.number).status_code == 200
    assert not Article.objects.filter(issue=issue, number=third.number).exists()
    # Undo, latest first: the article comes back, with its zones and its kind.
    desk.client.post(f"/desk/issues/{issue.pk}/undo/")
    back = Article.objects.get(issue=issue, number=third.number)
    assert back.kind == "advert" and back.regions.filter(role="zone").exists()


def test_text_reorder_and_link(desk):
    issue = desk.issue
    article = on_page(issue, "A01")[0]
    response = desk(
        op="text",
        article=article.number,
        kicker="新引题",
        headline="新标题",
        subheadline="新副题",
        byline="记者 李四",
        body="第一段。\n\n第二段。",
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.headline, article.byline) == ("新标题", "记者 李四")
    assert [b["text"] for b in article.body] == ["第一段。", "第二段。"]
    numbers = list(
        Article.objects.filter(issue=issue).order_by("order").values_list("number", flat=True)
    )
    assert desk(op="reorder", order=list(reversed(numbers))).status_code == 200
    assert Article.objects.get(issue=issue, number=numbers[-1]).order == 1
    assert desk(op="reorder", order=numbers[:-1]).status_code == 400
    continuation = on_page(issue, "A03")[0]
    assert desk(op="link", article=article.number, other=continuation.number).status_code == 200
    pages = set(
        Region.objects.filter(article__issue=issue, article__number=article.number).values_list(
            "page__number", flat=True
        )
    )
    assert pages == {"A01", "A03"}


def test_bad_operations_are_refused(desk, other_publication):
    assert desk(op="explode").status_code == 400
    assert desk(op="delete", article=9999).status_code == 400
    assert desk(op="set_zone", region=1, box="nope").status_code == 400


def test_review_screen_and_data(desk):
    issue = desk.issue
    page = Page.objects.get(issue=issue, number="A01")
    html = desk.client.get(f"/desk/issues/{issue.pk}/review/{page.pk}/").content.decode()
    assert "page-data" in html and "review.js" in html
    data = desk.client.get(f"/desk/issues/{issue.pk}/review/{page.pk}/data.json").json()
    assert data["page"]["number"] == "A01"
    assert any(a["zones"] for a in data["articles"] if a["on_page"])
    image = desk.client.get(f"/desk/issues/{issue.pk}/review/{page.pk}/image.jpg")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    history = desk.client.get(f"/desk/issues/{issue.pk}/history/")
    assert history.status_code == 200
