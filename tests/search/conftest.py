"""Search fixtures: articles made directly through the ORM, indexed by each backend in turn.

On SQLite only the embedded Tantivy backend runs; on PostgreSQL both backends run the same tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from broadsheet.newspaper.models import Article, Issue, Page, Publication

DAY = dt.date(2024, 3, 15)


@pytest.fixture(params=["tantivy", "postgresql"])
def backend(request: Any, settings: Any, db: Any) -> str:
    if request.param == "postgresql" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgresql://…")
    settings.SEARCH_BACKEND = request.param
    return str(request.param)


@pytest.fixture
def paper(db: Any) -> Publication:
    return Publication.objects.create(slug="daily", name="每日新闻", sort_order=0)


@pytest.fixture
def other_paper(db: Any) -> Publication:
    return Publication.objects.create(slug="evening", name="Evening Post", language="en")


Spec = tuple[str, str] | tuple[str, str, str]  # (headline, body[, page label])


@pytest.fixture
def make_issue(paper: Publication) -> Callable[..., Issue]:
    """An issue with one article per spec; published and indexed unless told otherwise."""
    from broadsheet.search.api import index_issue

    def make(
        specs: list[Spec],
        *,
        date: dt.date = DAY,
        publication: Publication | None = None,
        status: str = Issue.Status.PUBLISHED,
        index: bool = True,
    ) -> Issue:
        issue = Issue.objects.create(publication=publication or paper, date=date, status=status)
        pages: dict[str, Page] = {}
        for n, spec in enumerate(specs, 1):
            headline, body = spec[0], spec[1]
            label = spec[2] if len(spec) > 2 else "A01"  # type: ignore[misc]
            if label not in pages:
                pages[label] = Page.objects.create(
                    issue=issue, sequence=len(pages) + 1, number=label, width=842, height=1191
                )
            Article.objects.create(
                issue=issue,
                page=pages[label],
                number=n,
                order=n,
                headline=headline,
                body=[{"type": "paragraph", "text": p} for p in body.split("\n\n") if p],
            )
        if index:
            index_issue(issue)
        return issue

    return make


def headlines(results: Any) -> list[str]:
    return [h.headline for h in results.hits]
