"""URLs of issues, pages and articles, aware of editions (`ed-<n>/` for editions after the first)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from broadsheet.newspaper.models import Article, Issue, Page


def issue_url(issue: Issue, name: str = "issue", **kwargs: Any) -> str:
    base = {"pub": issue.publication.slug, "date": issue.date}
    if issue.edition == 1:
        return reverse(f"reader:{name}", kwargs={**base, **kwargs})
    if name in {"issue", "issue_json", "issue_pdf"}:
        return reverse(
            f"reader:{name.replace('issue', 'issue_ed')}", kwargs={**base, "edition": issue.edition}
        )
    return reverse(f"reader:ed:{name}", kwargs={**base, "edition": issue.edition, **kwargs})


def page_url(page: Page, name: str = "page") -> str:
    return issue_url(page.issue, name, page=page.number)


def article_url(article: Article, name: str = "article") -> str:
    return issue_url(article.issue, name, number=article.number)
