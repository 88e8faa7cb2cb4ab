"""Real-browser fixtures: one headless Debian Chromium for the run, a fresh context per test,
and a small published paper served by pytest-django's live server.

Never `playwright install`: the system Chromium at /usr/bin/chromium is driven directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, TIMEOUT_MS, Tabs  # noqa: F401
from tests.conftest import ISSUE_DATE

DAY = ISSUE_DATE.isoformat()
EARLIER_DAY = (ISSUE_DATE - dt.timedelta(days=2)).isoformat()
DRAFT_DAY = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()


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
