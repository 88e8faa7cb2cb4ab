"""What of an article is searchable, as index documents. Kept here, not in the models."""

from __future__ import annotations

from broadsheet.newspaper.models import Article
from broadsheet.search.tantivy_index import IndexDoc


def head_parts(article: Article) -> list[str]:
    return [p for p in (article.kicker, article.headline, article.subheadline) if p]


def all_parts(article: Article) -> list[str]:
    parts = head_parts(article)
    if article.byline:
        parts.append(article.byline)
    parts.extend(b["text"] for b in article.paragraphs)
    return parts


def index_doc(article: Article) -> IndexDoc:
    """The index document of an article whose issue and publication are loaded."""
    issue = article.issue
    return IndexDoc.of(
        article_id=article.pk,
        issue_id=issue.pk,
        publication=issue.publication.slug,
        day=issue.date.toordinal(),
        page=article.page.number,
        head_parts=head_parts(article),
        all_parts=all_parts(article),
    )
