"""Screenshots of the main views for a person to look at, in /tmp/broadsheet-shots/
(or $BROADSHEET_SHOTS_DIR): desktop 1366×900 page, article and calendar views; phone 390×844
page and article views. Each is a full-page capture after every image has loaded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import DAY, DESKTOP

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("BROADSHEET_SHOTS_DIR", "/tmp/broadsheet-shots"))

ALL_IMAGES_LOADED = (
    "() => [...document.images].every(i => i.complete && (i.naturalWidth > 0 || !i.src))"
)


def shoot(page, name: str) -> Path:
    # Lazy thumbnails load only once near the viewport: bring them in before capturing.
    page.evaluate(
        "() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_function(ALL_IMAGES_LOADED)
    page.evaluate("() => document.fonts.ready")
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    return target


def test_screenshots(paper, tabs):
    front = paper.on_page("A01")[0]
    desktop = tabs.open(viewport=DESKTOP)
    for name, path in [
        ("desktop-page", f"/jcrb/{DAY}/A01/"),
        ("desktop-article", paper.article_path(front)),
        ("desktop-calendar", "/jcrb/2026/"),
    ]:
        desktop.goto(paper(path))
        shoot(desktop, name)
    # the page view again with a zone hovered, to see the highlight and its label
    desktop.goto(paper(f"/jcrb/{DAY}/A01/"))
    desktop.locator(f"#zone-{front['number']}").hover()
    desktop.wait_for_timeout(200)
    shoot(desktop, "desktop-page-hover")

    phone = tabs.phone()
    for name, path in [
        ("phone-page", f"/jcrb/{DAY}/A01/"),
        ("phone-article", paper.article_path(front)),
    ]:
        phone.goto(paper(path))
        shoot(phone, name)
