"""Reader URLs of a search hit: the article, its page, and its zone on the page."""

from __future__ import annotations

from broadsheet.newspaper.models import Article
from broadsheet.reader import links as reader_links


def article_url(article: Article) -> str:
    return reader_links.article_url(article)


def page_url(article: Article) -> str:
    article.page.issue = article.issue  # already loaded; saves a query
    return reader_links.page_url(article.page)


def zone_url(article: Article, page: str | None = None) -> str:
    """The article's start page (`page`, when the caller has it), scrolled to its zone (the
    reader's ``zone-<n>`` anchor)."""
    return f"{page or page_url(article)}#zone-{article.number}"
