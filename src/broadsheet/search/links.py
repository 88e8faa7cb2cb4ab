"""Reader URLs of search hits, in the reader's documented URL scheme (docs/architecture.md)."""

from __future__ import annotations

from broadsheet.newspaper.models import Article, Issue


def issue_url(issue: Issue) -> str:
    edition = f"ed-{issue.edition}/" if issue.edition != 1 else ""
    return f"/{issue.publication.slug}/{issue.date.isoformat()}/{edition}"


def article_url(article: Article) -> str:
    return f"{issue_url(article.issue)}a/{article.number}/"


def page_url(article: Article) -> str:
    return f"{issue_url(article.issue)}{article.page.number}/"


def zone_url(article: Article) -> str:
    """The article's page with its zone picked out."""
    return f"{page_url(article)}#a{article.number}"
