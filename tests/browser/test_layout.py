"""The reader uses the screen: on a desktop the page takes the room the headline list leaves."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DAY

pytestmark = pytest.mark.browser


def _box(page, selector: str) -> dict[str, float]:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().toJSON()")


def test_on_a_desktop_the_page_fills_the_room_beside_the_headlines(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A01/"))  # 1366 × 900
    page.wait_for_load_state("load")
    image = _box(page, ".page-image")
    side = _box(page, ".page-side")
    main = _box(page, "main")
    # the page image spans the whole stage up to the headline list (gap ≤ 2rem), not a
    # window-high strip of ~480 px
    assert image["width"] >= 900, image
    assert side["left"] - image["right"] <= 32, (image, side)
    assert image["left"] - main["left"] <= 24, (image, main)
    # its text is drawn at least at the size it was printed (1 px per point or more)
    width_points = float(page.locator(".page-figure").get_attribute("data-page-width") or 0)
    assert image["width"] / width_points >= 1.0
    # the headline list stays beside it while the reader scrolls down the page
    page.mouse.move(image["left"] + 50, 400)
    page.mouse.wheel(0, 600)
    page.wait_for_function("() => window.scrollY > 300")
    headlines = _box(page, ".headline-list")
    assert 0 <= headlines["top"] < 900
    # the browser picked an image sharp enough for the width it is drawn at
    natural = page.locator(".page-image").evaluate("e => e.naturalWidth")
    assert natural >= image["width"] * 0.95, (natural, image["width"])


def test_contents_thumbnails_are_of_one_size(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/contents/"))
    page.wait_for_load_state("load")
    boxes = page.locator(".contents-thumb img").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(boxes) == 3
    assert {round(w) for w, _ in boxes} == {120}
    assert len({round(h) for _, h in boxes}) == 1  # the sample pages share one shape
