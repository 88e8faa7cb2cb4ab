"""Real-browser fixtures shared by every test package: one headless Debian Chromium for the
whole run (registered once, in tests/conftest.py) and a fresh context per test.

Never `playwright install`: the system Chromium at /usr/bin/chromium is driven directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from broadsheet.samples.chromium import CHROMIUM, CHROMIUM_ARGS

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


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
