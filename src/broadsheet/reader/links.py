"""URLs of issues, pages and articles, aware of editions (`ed-<n>/` for editions after the first)."""

from __future__ import annotations

import hashlib
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


def file_version(issue: Issue) -> str:
    """A token that changes whenever any file of the issue may have changed (a correction bumps
    the version, a replaced page saves the issue): the `?v=` of the file URLs that the reader's
    pages link to, which lets those URLs be cached for a year (`reader.files`)."""
    stamp = issue.updated_at.isoformat() if issue.updated_at else ""
    return hashlib.sha256(f"{issue.pk}.{issue.version}.{stamp}".encode()).hexdigest()[:12]


def file_url(target: Issue | Page, name: str, **kwargs: Any) -> str:
    """A page's or an issue's file URL with its version: `/jcrb/2024-05-06/A01.w800.webp?v=…`.

    The URL without `?v=` (the one the JSON twins, IIIF and feeds publish) stays valid and is
    cached for minutes; the versioned one changes when the file does."""
    if isinstance(target, Page):
        issue = target.issue
        kwargs = {"page": target.number, **kwargs}
    else:
        issue = target
    return f"{issue_url(issue, name, **kwargs)}?v={file_version(issue)}"
