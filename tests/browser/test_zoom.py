"""The zoomable page, touch gestures and the article's reading aids, in a real Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DAY

pytestmark = pytest.mark.browser


def scale(page) -> float:
    return float(page.locator(".page-figure").get_attribute("data-scale") or "1")


def zone_width(page, number: int) -> float:
    return page.locator(f"#zone-{number}").evaluate("e => e.getBoundingClientRect().width")


def centre(page) -> tuple[float, float]:
    box = page.locator(".page-figure").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_wheel_zooms_and_the_zones_follow(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A01/"))
    first = paper.on_page("A01")[0]["number"]
    before = zone_width(page, first)
    x, y = centre(page)
    page.mouse.move(x, y)
    # a plain wheel scrolls the document (the page is taller than the window) …
    scrolled = page.evaluate("() => window.scrollY")
    page.mouse.wheel(0, 200)
    page.wait_for_function(f"() => window.scrollY > {scrolled}")
    assert scale(page) == 1
    x, y = centre(page)
    page.mouse.move(x, y)
    # … and Ctrl + wheel (what a trackpad pinch sends) zooms
    page.keyboard.down("Control")
    for _ in range(4):
        page.mouse.wheel(0, -250)
    page.keyboard.up("Control")
    page.wait_for_function(
        "() => parseFloat(document.querySelector('.page-figure').dataset.scale) > 2"
    )
    assert zone_width(page, first) == pytest.approx(before * scale(page), rel=0.02)
    # a larger rendition is swapped in for sharpness
    page.wait_for_function(
        "() => { const i = document.querySelector('.page-hires');"
        " return !i.hidden && /\\.w(2400|3200)\\.jpg(\\?v=[0-9a-f]+)?$/.test(i.getAttribute('src')); }"
    )


def test_buttons_keys_double_click_and_drag(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A01/"))
    page.get_by_role("button", name="放大").click()
    assert scale(page) == pytest.approx(1.5)
    page.get_by_role("button", name="缩小").click()
    assert scale(page) == pytest.approx(1)
    page.locator(".page-figure").focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert scale(page) == pytest.approx(2.25)
    transform = page.locator(".page-zoom").evaluate("e => e.style.transform")
    page.keyboard.press("ArrowRight")  # pans while zoomed instead of turning the page
    assert page.url.endswith("/A01/")
    assert page.locator(".page-zoom").evaluate("e => e.style.transform") != transform
    # dragging pans and does not open the zone it ends on
    x, y = centre(page)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 80, steps=6)
    page.mouse.up()
    assert page.url.endswith("/A01/")
    page.keyboard.press("0")
    assert scale(page) == 1
    page.locator(".page-figure").dblclick(position={"x": 20, "y": 20})
    assert scale(page) == pytest.approx(2)


def test_show_on_page_zooms_to_the_zone(paper, tabs):
    article = paper.on_page("A02")[1]
    page = tabs.open(paper(f"/jcrb/{DAY}/a/{article['number']}/"))
    page.locator(".show-on-page").first.click()
    page.wait_for_url(f"**/A02/#article-{article['number']}")
    page.wait_for_function(
        "() => parseFloat(document.querySelector('.page-figure').dataset.scale) > 1"
    )
    zone = page.locator(f"#zone-{article['number']}").evaluate(
        "e => e.getBoundingClientRect().toJSON()"
    )
    figure = page.locator(".page-figure").bounding_box()
    # the zone is centred in the view
    assert zone["x"] + zone["width"] / 2 == pytest.approx(figure["x"] + figure["width"] / 2, abs=30)


def _touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    cdp.send(
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
        },
    )


def test_pinch_zooms_and_swipe_turns_the_page_on_a_phone(paper, tabs):
    page = tabs.phone(paper(f"/jcrb/{DAY}/A01/"))
    page.locator(".page-figure").scroll_into_view_if_needed()
    cdp = page.context.new_cdp_session(page)
    x, y = centre(page)
    _touch(cdp, "touchStart", [(x - 30, y), (x + 30, y)])
    for step in range(1, 8):
        _touch(cdp, "touchMove", [(x - 30 - 12 * step, y), (x + 30 + 12 * step, y)])
    _touch(cdp, "touchEnd", [])
    assert scale(page) > 1.5
    page.get_by_role("button", name="整版").click()
    assert scale(page) == 1
    _touch(cdp, "touchStart", [(x + 100, y)])
    for step in range(1, 6):
        _touch(cdp, "touchMove", [(x + 100 - 40 * step, y + 2)])
    _touch(cdp, "touchEnd", [])
    page.wait_for_url(f"**/jcrb/{DAY}/A02/")


def test_text_size_is_adjustable_and_remembered(paper, tabs):
    article = paper.articles[0]
    page = tabs.open(paper(paper.article_path(article)))
    body = page.locator(".article-body p").first
    size = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.get_by_role("button", name="放大字号").click()
    page.get_by_role("button", name="放大字号").click()
    larger = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert larger == pytest.approx(size * 1.3, rel=0.02)
    page.reload()
    assert float(
        page.locator(".article-body p").first.evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
    ) == pytest.approx(larger, rel=0.01)
    assert page.get_by_role("button", name="分享").is_visible()


def test_contents_and_month_view(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A01/"))
    page.get_by_role("link", name="目录").click()
    page.wait_for_url("**/contents/")
    assert page.get_by_role("link", name=paper.articles[-1]["headline"]).is_visible()
    page.goto(paper("/jcrb/2026/11/"))
    page.get_by_role("link", name="2026年11月27日 星期五").click()
    page.wait_for_url(f"**/jcrb/{DAY}/")
    page.goto(paper("/jcrb/2026/11/"))
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/jcrb/2026/12/")
    page.locator("#issue-date").fill(DAY)
    page.get_by_role("button", name="前往").click()
    page.wait_for_url(f"**/jcrb/{DAY}/")
