"""axe-core (from npm, `make install-test`) finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import DAY

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: an injected <script> would be (rightly) refused
    # by the site's Content-Security-Policy.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                   v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return list(found)


PATHS = [
    "/",
    f"/jcrb/{DAY}/",
    f"/jcrb/{DAY}/A02/",
    "ARTICLE",
    "/jcrb/2026/",
    "/jcrb/2026/11/",
    f"/jcrb/{DAY}/contents/",
    "/search/?q=头条",
]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(paper, tabs, phone):
    """Home, issue, page, article, calendars, contents and search, on a desktop and a phone."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make install-test does)")
    page = tabs.phone() if phone else tabs.open()
    problems = []
    for path in PATHS:
        if path == "ARTICLE":
            path = paper.article_path(paper.articles[0])
        page.goto(paper(path))
        found = violations(page)
        if found:
            problems.append(f"{path}:\n  " + "\n  ".join(found))
    assert not problems, "\n".join(problems)


def test_english_pages_declare_their_language(paper, tabs):
    page = tabs.open(paper(f"/lang/?language=en&next=/jcrb/{DAY}/"))
    assert page.locator("html").get_attribute("lang") == "en"
    article = paper.articles[0]
    page.goto(paper(paper.article_path(article)))
    # the interface is English, the Chinese article says it is Chinese
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article.article").get_attribute("lang") == "zh-Hans"
