"""Every desk screen as an editor sees it, on a desktop (1366×900) and a phone (390×844):
screenshots go to /tmp/desk-shots2/ (or $DESK_SHOTS) to be looked at, and the checks below
catch what a person would notice: a page wider than the phone, untranslated English, a review
page image taller than the window, a side panel that scrolls away."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser_support import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("DESK_SHOTS", "/tmp/desk-shots2"))

# English words that must not be left on a Chinese desk page (the user names, file names and
# page labels the test makes are ASCII too, so only whole desk words are looked for).
ENGLISH = re.compile(
    r"\b(pages?|articles?|Upload|Review|Publish|History|Save|Zone|system|undone|Processed|"
    r"Waiting|Queued|Done|Failed|Editor|Admin|Sign|Password|Username)\b"
)


@pytest.fixture
def night(client, publication, page_pdfs):
    """A processed issue with a few corrections, an editor, an admin and a subscriber."""
    from broadsheet.access.models import Subscription
    from broadsheet.newspaper.models import Article
    from tests.desk.conftest import make_user, upload

    admin = make_user("boss", "admin", [publication])
    make_user("editor", "editor", [publication])
    reader = make_user("reader")
    Subscription.objects.create(user=reader, publication=publication)
    from broadsheet.newspaper.models import Issue
    from tests.conftest import ISSUE_DATE

    issue = Issue.objects.create(publication=publication, date=ISSUE_DATE)
    client.force_login(admin)
    upload(client, issue, *page_pdfs)
    first, second = Article.objects.filter(issue=issue, page__number="A01").order_by("order")[:2]
    for op in (
        {"op": "text", "article": first.number, "headline": "夜班改好的标题"},
        {"op": "merge", "article": first.number, "other": second.number},
    ):
        client.post(f"/desk/issues/{issue.pk}/changes/", op, content_type="application/json")
    client.post(f"/desk/issues/{issue.pk}/undo/")
    return issue


def sign_in(tabs, url, viewport, name):
    page = tabs.open(
        url + "/desk/",
        viewport=viewport,
        **({"is_mobile": True, "has_touch": True} if viewport == PHONE else {}),
    )
    page.wait_for_load_state("networkidle")
    shoot(page, f"{name}-1-login", viewport)
    page.fill("#id_username", "boss")
    page.fill("#id_password", "pw-x9!long")
    page.click("button[type=submit].primary")
    page.wait_for_url(url + "/desk/")
    return page


def shoot(page, name, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.evaluate("Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1, f"{name}: {width}px wide, wider than the window"
    main = page.locator("main").inner_text() if page.locator("main").count() else ""
    text = main or page.locator("body").inner_text()
    assert not ENGLISH.search(text), f"{name}: English left: {ENGLISH.search(text).group(0)!r}"


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_every_desk_screen(live_server, tabs, night, screen):
    from broadsheet.newspaper.models import Page

    viewport = DESKTOP if screen == "desktop" else PHONE
    url = live_server.url
    page = sign_in(tabs, url, viewport, screen)
    shoot(page, f"{screen}-2-issues", viewport)
    page.goto(f"{url}/desk/issues/{night.pk}/")
    shoot(page, f"{screen}-3-issue", viewport)
    first = Page.objects.get(issue=night, number="A01")
    page.goto(f"{url}/desk/issues/{night.pk}/review/{first.pk}/")
    page.wait_for_selector("#editor .ed-zone")
    page.click("#article-list li >> nth=0 >> button.linkish")
    shoot(page, f"{screen}-4-review", viewport)
    if screen == "desktop":
        # The whole page image is in the window, and the side panel with it.
        image = page.locator(".review-figure").bounding_box()
        assert image["y"] + image["height"] <= viewport["height"] + 1, image
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(200)
        side = page.locator(".review-side").bounding_box()
        assert side["y"] >= 0 and side["y"] + side["height"] <= viewport["height"] + 1, side
    page.goto(f"{url}/desk/issues/{night.pk}/history/")
    shoot(page, f"{screen}-5-history", viewport)
    page.goto(f"{url}/desk/people/")
    shoot(page, f"{screen}-6-people", viewport)
