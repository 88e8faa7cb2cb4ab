"""The whole night in Chromium: sign in, create an issue, upload pages, watch progress, fix a
zone, merge and split articles, schedule publication, see it appear. Screenshots of every desk
screen go to /tmp/desk-shots/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/desk-shots")
INSIDE = """el => {
  const b = el.getBBox(), m = el.getScreenCTM();
  for (let fy = 0.5; fy < 1; fy += 0.05) for (const fx of [0.5, 0.3, 0.7, 0.1, 0.9]) {
    const p = new DOMPoint(b.x + fx * b.width, b.y + fy * b.height);
    if (el.isPointInFill(p)) { const s = p.matrixTransform(m); return [s.x, s.y]; }
  }
  return null;
}"""


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_whole_night(live_server, tabs, publication, page_pdfs, settings):  # noqa: F811
    from broadsheet.newspaper.models import Article, Issue
    from tests.desk.conftest import make_user, run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BROADSHEET_DESK_INGEST_WORKERS = 1
    make_user("editor", "editor", [publication])
    url = live_server.url

    from broadsheet.worker import leases

    def work(watching=None) -> None:
        """The worker's run (with a live lease, as far as the desk can tell), while the page
        that polls the issue's progress is away: the worker and the live server share the
        in-memory test database, where a poll landing in the worker's write met a table lock
        ("database table is locked") under load. The page comes back to read the outcome."""
        back = None
        if watching is not None:
            back = watching.url
            watching.goto("about:blank")
        run_worker("browser")
        if back is not None:
            watching.goto(back)

    leases.renew("browser")
    page = tabs.open(url + "/desk/")
    assert "/accounts/login/" in page.url
    shot(page, "01-login")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-x9!long")
    page.click("button[type=submit].primary")
    page.wait_for_url(url + "/desk/")
    page.select_option("#id_publication", str(publication.pk))
    page.fill("#id_date", "2026-11-27")
    shot(page, "02-issues")
    page.click("form.stacked button.primary")
    page.wait_for_url("**/desk/issues/*/")
    issue = Issue.objects.get()
    # Two batches, out of order.
    rows = "document.querySelectorAll('#page-rows tr[data-row]').length"
    page.set_input_files("#files", [str(page_pdfs[2])])
    page.wait_for_function("() => " + rows + " === 1")
    page.set_input_files("#files", [str(page_pdfs[0]), str(page_pdfs[1])])
    page.wait_for_function("() => " + rows + " === 3")
    page.wait_for_function("() => document.querySelectorAll('#upload-results li').length === 3")
    assert page.locator("#progress").get_attribute("data-state") == "queued"
    shot(page, "03-uploaded-queued")
    work(page)
    page.wait_for_function(
        "() => document.getElementById('progress').dataset.state === 'done'", timeout=15000
    )
    page.goto(page.url)
    shot(page, "04-processed")
    assert page.locator(".review-thumbs li").count() == 3
    assert page.locator("#page-rows .thumb img").count() == 3

    # Review page A01: select an article's zone and move it by dragging.
    page.click(".review-thumbs li >> nth=0")
    page.wait_for_selector("#editor .ed-zone")
    first = Article.objects.filter(issue=issue, page__number="A01").order_by("order").first()
    zone = first.regions.filter(role="zone").first()
    # A point inside the zone (drawn as the article's outline, which need not hold its box's
    # centre), in screen pixels.
    x, y = page.locator(f'.ed-zone[data-zone="{zone.pk}"]').evaluate(INSIDE)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 30, y + 20, steps=5)
    page.mouse.up()
    page.wait_for_function("() => document.getElementById('status').textContent.includes('#')")
    zone.refresh_from_db()
    assert zone.x0 > 40
    shot(page, "05-review-selected")

    # Merge the two articles of the page, then split them again.
    second = Article.objects.filter(issue=issue, page__number="A01").order_by("order")[1]
    page.select_option("#merge-with", str(second.number))
    page.click("#merge")
    page.wait_for_function("() => document.querySelectorAll('#article-list li').length === 1")
    shot(page, "06-merged")
    zones = page.locator(".ed-article.selected .ed-zone")
    assert zones.count() >= 2
    # Pick only the lower zone (a plain click selects just it) and split it off.
    lowest = max(range(zones.count()), key=lambda i: zones.nth(i).bounding_box()["y"])
    page.mouse.click(*zones.nth(lowest).evaluate(INSIDE))
    page.wait_for_selector(".ed-zone.picked")
    page.click("#split")
    page.wait_for_function("() => document.querySelectorAll('#article-list li').length === 2")
    # Edit a headline.
    page.click("#article-list li >> nth=0 >> button.linkish")
    page.fill("#f-headline", "夜班改好的标题")
    page.click("#article-form button[type=submit]")
    page.wait_for_function(
        "() => document.getElementById('status').textContent.includes('的文字已修改')"
    )
    shot(page, "07-split-and-edited")

    # Schedule publication a minute ahead; the worker publishes it when due.
    page.goto(url + f"/desk/issues/{issue.pk}/")
    at = timezone.localtime(timezone.now() + dt.timedelta(minutes=2))
    page.check("input[name=when][value=at]")
    page.fill("input[name=publish_at]", at.strftime("%Y-%m-%dT%H:%M"))
    if page.locator("input[name=confirm]").count():
        page.check("input[name=confirm]")
    page.click("#publish-form button[type=submit]")
    page.wait_for_selector(".messages")
    shot(page, "08-scheduled")
    issue.refresh_from_db()
    assert issue.status == "ready" and issue.publish_at is not None
    # Let the clock reach the set time (the scheduled task is moved, not the wall clock).
    from django_tasks_db.models import DBTaskResult

    past = timezone.now() - dt.timedelta(seconds=1)
    Issue.objects.filter(pk=issue.pk).update(publish_at=past)
    DBTaskResult.objects.filter(status="READY").update(
        run_after=past, args_kwargs={"args": [issue.pk, past.isoformat()], "kwargs": {}}
    )
    work(page)
    reader = tabs.open(url + "/jcrb/2026-11-27/A01/")
    assert "夜班改好的标题" in reader.content()
    shot(reader, "09-published-reader")
    page.goto(url + f"/desk/issues/{issue.pk}/history/")
    shot(page, "10-history")
    assert "editor" in page.content()

    # The typesetter sends A02 again: the Replace button of that row, only that page changes.
    numbers = dict(Article.objects.filter(issue=issue).values_list("number", "headline"))
    page.goto(url + f"/desk/issues/{issue.pk}/")
    row = page.locator('#page-rows tr[data-label="A02"]')
    row.locator("input.auto-submit").set_input_files(str(page_pdfs[1]))
    page.wait_for_selector(".messages")
    work(page)
    assert dict(Article.objects.filter(issue=issue).values_list("number", "headline")) == numbers
    # Removing a page of a published issue asks first, naming what readers lose.
    page.goto(url + f"/desk/issues/{issue.pk}/")
    page.locator('#page-rows tr[data-label="A03"] a.danger').click()
    page.wait_for_selector("ul.loss li")
    shot(page, "11-remove-page")
    assert page.locator("ul.loss li").count() >= 2
    page.click("form.stacked button.danger")
    page.wait_for_url("**/desk/issues/*/")
    shot(page, "12-page-removed")
    assert page.locator("#page-rows tr[data-row]").count() == 2
    assert reader.request.get(url + "/jcrb/2026-11-27/A03/").status == 404
