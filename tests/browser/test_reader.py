"""The reader in a real Chromium: zones, keyboard, navigation, phone layout and print."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DAY, DRAFT_DAY, EARLIER_DAY, PHONE

pytestmark = pytest.mark.browser

TRANSPARENT = "rgba(0, 0, 0, 0)"
ZONE_FILL = "rgba(155, 28, 28, 0.16)"  # --zone in reader.css


def polygon_fill(zone) -> str:
    return zone.evaluate("a => getComputedStyle(a.querySelector('polygon')).fill")


def expect_fill(zone, value: str) -> None:
    # The fill fades in over 0.12 s; wait until it has settled.
    zone.page.wait_for_function(
        "([a, v]) => getComputedStyle(a.querySelector('polygon')).fill === v",
        arg=[zone.element_handle(), value],
    )


def rect(locator) -> dict[str, float]:
    """The element's own box (Playwright's bounding_box of an SVG link includes the stroke)."""
    return locator.evaluate("e => e.getBoundingClientRect().toJSON()")


def in_viewport(page, locator) -> bool:
    box = rect(locator)
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


def test_hovering_a_zone_highlights_it_and_labels_it(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A01/"))
    first, second = paper.on_page("A01")
    zone = page.locator(f"#zone-{first['number']}")
    other = page.locator(f"#zone-{second['number']}")
    item = page.locator(f".headline-list a[data-article='{first['number']}']")
    label = page.locator(".zone-label")

    assert polygon_fill(zone) == TRANSPARENT
    expect(label).to_be_hidden()

    zone.hover()
    expect(zone).to_have_class(re.compile(r"\bactive\b"))
    expect_fill(zone, ZONE_FILL)
    expect(item).to_have_class(re.compile(r"\bactive\b"))  # the list follows the page
    expect(label).to_be_visible()
    expect(label).to_have_text(first["headline"])
    # the label sits over the page, at the zone's left edge, not beyond the figure
    figure, zbox, lbox = rect(page.locator(".page-figure")), rect(zone), rect(label)
    assert abs(lbox["x"] - zbox["x"]) < 1
    assert figure["y"] <= lbox["y"] <= zbox["y"]
    assert lbox["x"] + lbox["width"] <= figure["x"] + figure["width"]
    assert polygon_fill(other) == TRANSPARENT
    expect(other).not_to_have_class(re.compile(r"\bactive\b"))

    # moving onto the other zone moves the highlight and the label with it
    other.hover()
    expect(other).to_have_class(re.compile(r"\bactive\b"))
    expect(zone).not_to_have_class(re.compile(r"\bactive\b"))
    expect(label).to_have_text(second["headline"])
    expect_fill(zone, TRANSPARENT)

    # hovering a headline in the list lights up its zone on the page
    page.locator(f".headline-list a[data-article='{second['number']}']").hover()
    page.locator(f".headline-list a[data-article='{first['number']}']").hover()
    expect(zone).to_have_class(re.compile(r"\bactive\b"))
    expect_fill(zone, ZONE_FILL)
    expect(other).not_to_have_class(re.compile(r"\bactive\b"))
    expect_fill(other, TRANSPARENT)
    expect(label).to_have_text(first["headline"])

    page.locator(".page-title").hover()  # away from both
    expect(zone).not_to_have_class(re.compile(r"\bactive\b"))
    expect(label).to_be_hidden()


def test_clicking_a_zone_opens_its_article(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A02/"))
    for article in paper.on_page("A02"):
        page.goto(paper(f"/jcrb/{DAY}/A02/"))
        page.locator(f"#zone-{article['number']}").click()
        expect(page).to_have_url(paper(paper.article_path(article)))
        expect(page.locator("h1.article-headline")).to_have_text(article["headline"])
        expect(page).to_have_title(re.compile(re.escape(article["headline"])))


def test_previous_and_next_page_by_link_and_arrow_keys(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/"))
    toolbar = page.locator(".page-toolbar")
    expect(page.locator("#page-title")).to_have_text("第A01版：要闻")
    expect(toolbar.locator(".btn.disabled")).to_have_text("‹ 上一版")  # nothing before A01

    toolbar.get_by_role("link", name="下一版 ›").click()
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A02/"))
    expect(page.locator("#page-title")).to_have_text("第A02版：城市")

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A03/"))
    expect(toolbar.locator(".btn.disabled")).to_have_text("下一版 ›")  # A03 is the last
    page.keyboard.press("ArrowRight")  # nowhere to go: stays
    page.wait_for_timeout(150)
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A03/"))

    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A02/"))
    toolbar.get_by_role("link", name="‹ 上一版").click()
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A01/"))

    # arrows typed into the search box move the caret, not the page
    page.locator("#site-search").fill("城市")
    page.locator("#site-search").press("ArrowRight")
    page.wait_for_timeout(150)
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A01/"))


def test_previous_and_next_article_by_link_and_arrow_keys(paper, tabs):
    first, second, third = paper.articles[:3]
    page = tabs.open(paper(paper.article_path(first)))
    nav = page.locator(".article-nav")
    headline = page.locator("h1.article-headline")
    expect(headline).to_have_text(first["headline"])
    expect(nav.locator(".btn.disabled")).to_have_text("‹ 上一篇")

    next_link = nav.locator("a[rel=next]")
    expect(next_link.locator(".t")).to_have_text(second["headline"])  # says where it goes
    next_link.click()
    expect(page).to_have_url(paper(paper.article_path(second)))
    expect(headline).to_have_text(second["headline"])

    page.keyboard.press("ArrowRight")  # across the page boundary, A01 → A02
    expect(page).to_have_url(paper(paper.article_path(third)))
    expect(headline).to_have_text(third["headline"])
    expect(page.locator(".breadcrumbs")).to_have_text("第A02版：城市")

    page.keyboard.press("ArrowLeft")
    expect(headline).to_have_text(second["headline"])
    nav.locator("a[rel=prev]").click()
    expect(page).to_have_url(paper(paper.article_path(first)))

    last = paper.articles[-1]
    page.goto(paper(paper.article_path(last)))
    expect(nav.locator(".btn.disabled")).to_have_text("下一篇 ›")


def test_previous_and_next_issue(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A02/"))
    issues = page.locator(".issue-nav")
    expect(page.locator(".dateline")).to_have_text("2026年11月27日 星期五")
    # the draft of the next day is not offered to readers
    expect(issues.locator(".disabled")).to_have_text("下一期 ›")
    assert DRAFT_DAY not in page.content()

    issues.get_by_role("link", name="‹ 上一期").click()
    expect(page).to_have_url(paper(f"/jcrb/{EARLIER_DAY}/"))  # skips the day without a paper
    expect(page.locator(".dateline")).to_have_text("2026年11月25日 星期三")
    expect(page.locator("#page-title")).to_have_text("第A01版：要闻")
    expect(issues.locator(".disabled")).to_have_text("‹ 上一期")

    issues.get_by_role("link", name="下一期 ›").click()
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/"))
    issues.get_by_role("link", name="往期").click()
    expect(page).to_have_url(paper("/jcrb/2026/"))
    page.get_by_role("link", name="2026年11月25日 星期三").click()
    expect(page).to_have_url(paper(f"/jcrb/{EARLIER_DAY}/"))


def test_zones_are_reachable_by_tab_named_by_headline_and_open_with_enter(paper, tabs):
    page = tabs.open(paper(f"/jcrb/{DAY}/A01/"))
    on_page = paper.on_page("A01")
    zones = page.locator("svg.zones")

    # each zone is a link whose accessible name is its headline
    for article in on_page:
        zone = page.locator(f"#zone-{article['number']}")
        assert zone.get_attribute("aria-label") == article["headline"]
        expect(zones.get_by_role("link", name=article["headline"], exact=True)).to_have_count(1)
    snapshot = zones.aria_snapshot()
    for article in on_page:
        assert f'link "{article["headline"]}"' in snapshot, snapshot

    # Tab walks through the page's controls and reaches the zones in reading order
    page.locator("body").focus()
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return [e.getAttribute('class'), e.getAttribute('aria-label')]; }"
        )
        if focused[0] == "zone" or (focused[0] or "").startswith("zone "):
            reached.append(focused[1])
            if len(reached) == len(on_page):
                break
    assert reached == [a["headline"] for a in on_page]

    # the focused zone is highlighted and labelled like a hovered one, with a visible ring
    last = page.locator(f"#zone-{on_page[-1]['number']}")
    expect(last).to_be_focused()
    expect(last).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator(".zone-label")).to_have_text(on_page[-1]["headline"])
    stroke = last.evaluate("a => getComputedStyle(a.querySelector('polygon')).stroke")
    assert stroke == "rgb(26, 86, 219)", stroke  # --focus: the keyboard user sees where they are

    page.keyboard.press("Enter")
    expect(page).to_have_url(paper(paper.article_path(on_page[-1])))
    expect(page.locator("h1.article-headline")).to_have_text(on_page[-1]["headline"])


def test_show_on_page_lands_on_the_page_with_the_zone_lit(paper, tabs):
    article = paper.on_page("A02")[1]  # low on its page, so the page must scroll to it
    page = tabs.open(paper(paper.article_path(article)), viewport={"width": 1366, "height": 600})
    link = page.get_by_role("link", name=re.compile("在版面中查看"))
    expect(link).to_have_count(1)
    expect(link).to_contain_text("第A02版：城市")
    link.click()
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/A02/#article-{article['number']}"))
    zone = page.locator(f"#zone-{article['number']}")
    expect(zone).to_have_class(re.compile(r"\bactive\b"))
    expect_fill(zone, ZONE_FILL)
    expect(page.locator(f".headline-list a[data-article='{article['number']}']")).to_have_class(
        re.compile(r"\bactive\b")
    )
    page.wait_for_function("() => window.scrollY > 0")  # scrolled to the zone
    assert in_viewport(page, zone), (rect(zone), page.viewport_size)
    # the other zone on the page stays dark
    other = paper.on_page("A02")[0]
    assert polygon_fill(page.locator(f"#zone-{other['number']}")) == TRANSPARENT


def no_sideways_scroll(page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " body: document.body.scrollWidth})"
    )
    assert widths["scroll"] <= widths["inner"], (page.url, widths)
    assert widths["scroll"] <= PHONE["width"], (page.url, widths)


def test_phone_layout_puts_headlines_first_and_never_scrolls_sideways(paper, tabs):
    page = tabs.phone(paper(f"/jcrb/{DAY}/A01/"))
    page.wait_for_load_state("load")
    headlines = page.locator(".headline-list").bounding_box()
    image = page.locator(".page-image").bounding_box()
    assert headlines["y"] + headlines["height"] <= image["y"], (headlines, image)
    assert image["width"] <= PHONE["width"]
    no_sideways_scroll(page)
    # the zones still sit exactly over the image
    svg = rect(page.locator("svg.zones"))
    assert abs(svg["width"] - image["width"]) < 1 and abs(svg["height"] - image["height"]) < 1

    # tapping a headline opens the article, which fits the screen
    first = paper.on_page("A01")[0]
    page.locator(f".headline-list a[data-article='{first['number']}']").tap()
    expect(page).to_have_url(paper(paper.article_path(first)))
    no_sideways_scroll(page)
    article = page.locator("article.article").bounding_box()
    assert article["x"] >= 0 and article["x"] + article["width"] <= PHONE["width"]

    for path in ["/jcrb/2026/", "/", f"/jcrb/{DAY}/a/{first['number']}/print/"]:
        page.goto(paper(path))
        no_sideways_scroll(page)


def test_print_view(paper, tabs):
    article = paper.articles[0]
    page = tabs.open(paper(paper.article_path(article)))
    page.locator(".article-side").get_by_role("link", name="打印").click()
    expect(page).to_have_url(paper(f"/jcrb/{DAY}/a/{article['number']}/print/"))
    expect(page.locator("h1")).to_have_text(article["headline"])
    expect(page.locator(".source")).to_have_text("江城日报 · 2026年11月27日 星期五 · 第A01版：要闻")
    expect(page.locator("article .kicker")).to_have_text("引题文字在此")
    expect(page.locator("article .byline")).to_have_text("本报记者 王小明")
    body = page.locator("article p:not(.kicker):not(.subheadline):not(.byline)")
    expect(body).to_have_count(2)
    expect(body.first).to_contain_text("这是第1版头条的正文第一段")
    expect(page.locator(".url")).to_have_text(paper(paper.article_path(article)))
    # nothing of the site's chrome, and the print button is for the screen only
    expect(page.locator(".masthead, .site-footer, nav")).to_have_count(0)
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".no-print")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    # Chromium really prints it
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    page.emulate_media(media="screen")
    page.get_by_role("link", name=re.compile("返回文章")).click()
    expect(page).to_have_url(paper(paper.article_path(article)))


def test_printing_the_article_view_leaves_out_the_chrome(paper, tabs):
    page = tabs.open(paper(paper.article_path(paper.articles[0])))
    page.emulate_media(media="print")
    for selector in [".topbar", ".site-footer", ".article-nav", ".article-side"]:
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator("h1.article-headline")).to_be_visible()
    expect(page.locator(".article-body p").first).to_be_visible()
