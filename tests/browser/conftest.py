"""Real-browser fixtures: one headless Debian Chromium for the run, a fresh context per test,
and a small published paper served by pytest-django's live server.

Never `playwright install`: the system Chromium at /usr/bin/chromium is driven directly.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ISSUE_DATE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000

DAY = ISSUE_DATE.isoformat()
EARLIER_DAY = (ISSUE_DATE - dt.timedelta(days=2)).isoformat()
DRAFT_DAY = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop "running" on this thread while the tests
    # run, which Django's async-safety check would take for async code; the ORM calls made
    # here are plain synchronous ones, so tell Django so for as long as the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Paper:
    """What the `paper` fixture published, and where the live server serves it."""

    url: str  # the live server's root, no trailing slash
    articles: list[dict[str, Any]]  # the current issue's articles in reading order

    def on_page(self, number: str) -> list[dict[str, Any]]:
        return [a for a in self.articles if a["page"] == number]

    def article_path(self, article: dict[str, Any]) -> str:
        return f"/jcrb/{DAY}/a/{article['number']}/"

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def paper(
    live_server: Any,
    transactional_db: Any,
    publication: Any,
    english_publication: Any,
    page_pdfs: list[Path],
    manifest_for: Callable[..., Path],
) -> Paper:
    """Two published issues of 江城日报 (2026-11-27: three pages of two articles each; the one
    before it, 2026-11-25: its front page only) and an unpublished one-page draft for 2026-11-28,
    made by the real ingest pipeline. (Small on purpose: the database is rebuilt per test.)"""
    from broadsheet.ingest.pipeline import IngestRequest, ingest
    from broadsheet.newspaper.models import Article

    made = {}
    for date, files, publish in [
        (ISSUE_DATE, page_pdfs, True),
        (ISSUE_DATE - dt.timedelta(days=2), page_pdfs[:1], True),
        (ISSUE_DATE + dt.timedelta(days=1), page_pdfs[:1], False),
    ]:
        made[date] = ingest(
            IngestRequest(
                publication="jcrb",
                date=date,
                files=files,
                manifest=manifest_for(files),
                publish=publish,
                workers=1,
            )
        ).issue
    articles = [
        {"number": a.number, "headline": a.title, "page": a.page.number}
        for a in Article.objects.filter(issue=made[ISSUE_DATE])
        .select_related("page")
        .order_by("order")
    ]
    return Paper(url=live_server.url, articles=articles)


@dataclass
class Tabs:
    """Opens pages in fresh browser contexts and fails the test on any script error."""

    browser: Any
    contexts: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, url: str | None = None, viewport: dict[str, int] = DESKTOP, **options: Any):
        context = self.browser.new_context(
            viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: self._console(page, msg))
        if url:
            page.goto(url)
        return page

    def _console(self, page: Any, msg: Any) -> None:
        # Chromium asks every site for /favicon.ico; the reader has none, which is fine.
        if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
            self.errors.append(f"{page.url}: console error: {msg.text}")

    def phone(self, url: str | None = None):
        return self.open(url, viewport=PHONE, is_mobile=True, has_touch=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def tabs(browser: Any) -> Iterator[Tabs]:
    opened = Tabs(browser)
    try:
        yield opened
    finally:
        opened.close()
    assert not opened.errors, "errors in the browser:\n" + "\n".join(opened.errors)
