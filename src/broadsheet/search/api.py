"""Search as the rest of Broadsheet sees it: index an issue, forget one, search.

Only articles of published issues are indexed; ``index_issue`` is called after ingest commits
and after every publish, withdrawal or correction, so a change shows in results at once.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from broadsheet.newspaper.models import Article, Issue
from broadsheet.search import links
from broadsheet.search.backends import get_backend
from broadsheet.search.documents import index_doc
from broadsheet.search.query import ParsedQuery, parse_query
from broadsheet.search.snippets import highlight, highlighter, snippet
from broadsheet.search.tantivy_index import Filters, IndexDoc

MAX_LIMIT = 100
MAX_OFFSET = 10_000
SORTS = ("relevance", "date")


@dataclass
class Hit:
    article_id: int
    article_number: int
    publication: str
    publication_name: str
    date: datetime.date
    edition: int
    page: str
    page_name: str
    headline: str
    headline_html: str  # escaped, matches in <mark>
    snippet: str  # escaped, matches in <mark>
    score: float
    url: str
    page_url: str
    zone_url: str
    issue_id: int

    def as_json(self) -> dict[str, Any]:
        # Shallow: every field is a plain value (asdict's deep copies cost ~2 ms a page).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["date"] = self.date.isoformat()
        return data


@dataclass
class SearchResults:
    query: str = ""
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    offset: int = 0
    limit: int = 20
    sort: str = "relevance"
    error: str | None = None
    parsed: ParsedQuery | None = None

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < min(self.total, MAX_OFFSET + self.limit)

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def index_issue(issue: Issue) -> int:
    """(Re)index every article of ``issue``; idempotent. Returns how many are findable."""
    backend = get_backend()
    fresh = Issue.objects.select_related("publication").filter(pk=issue.pk).first()
    if backend.name == "replicated":
        # The change is in the log already (a trigger wrote it with the change): apply it.
        backend.replace_issue(issue.pk, [])
        if fresh is not None:
            _indexed(fresh)
        published = fresh is not None and fresh.status == Issue.Status.PUBLISHED
        return Article.objects.filter(issue=issue.pk).count() if published else 0
    if fresh is None or fresh.status != Issue.Status.PUBLISHED:
        backend.delete_issue(issue.pk)
        if fresh is not None:
            _indexed(fresh)
        return 0
    docs = [index_doc(a) for a in _articles(fresh)]
    backend.replace_issue(fresh.pk, docs)
    _indexed(fresh)
    return len(docs)


def _indexed(issue: Issue) -> None:
    """The index has this version of the issue (unless it changed again meanwhile)."""
    Issue.objects.filter(pk=issue.pk, version=issue.version).update(index_pending=False)


def index_pending_issues() -> int:
    """Index every issue whose last change did not reach the index (a run killed between its
    commit and its indexing). Returns how many were indexed."""
    done = 0
    for issue in Issue.objects.filter(index_pending=True).select_related("publication"):
        index_issue(issue)
        done += 1
    return done


def index_needs_rebuild() -> bool:
    """True when published articles exist but the index holds none: after an upgrade that
    changed the index (a new Tantivy schema, or migration 0004 on PostgreSQL), or a lost index
    directory. ``broadsheet serve`` then starts ``broadsheet reindex`` in the background."""
    if not Article.objects.filter(issue__status=Issue.Status.PUBLISHED).exists():
        return False
    return get_backend().is_empty()


def unindex_issue(issue: Issue) -> None:
    get_backend().delete_issue(issue.pk)


def issue_docs(issue_id: int) -> list[IndexDoc]:
    """The index documents of an issue as it is now: none unless it is published."""
    issue = (
        Issue.objects.select_related("publication")
        .filter(pk=issue_id, status=Issue.Status.PUBLISHED)
        .first()
    )
    return [index_doc(a) for a in _articles(issue)] if issue is not None else []


def _articles(issue: Issue) -> list[Article]:
    articles = list(Article.objects.filter(issue=issue).select_related("page"))
    for a in articles:
        a.issue = issue  # already loaded with its publication
    return articles


def _as_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


def search(
    query: str,
    *,
    publication: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    page: str | None = None,
    issue: Issue | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
) -> SearchResults:
    """One page of results, best first (or newest first with ``sort="date"``)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    results = SearchResults(query=query or "", offset=offset, limit=limit, sort=sort)
    if sort not in SORTS:
        results.error = _("Unknown sort order: use relevance or date.")
        return results
    if offset > MAX_OFFSET:
        results.error = _("Results beyond the first %(n)d cannot be shown; narrow the search.") % {
            "n": MAX_OFFSET
        }
        return results
    try:
        day_from, day_to = _as_date(date_from), _as_date(date_to)
    except ValueError:
        results.error = _("Dates must be written as YYYY-MM-DD.")
        return results
    parsed = results.parsed = parse_query(query or "")
    if parsed.error or parsed.is_empty:
        results.error = parsed.error
        return results
    filters = Filters(
        publication=publication or None,
        day_from=day_from.toordinal() if day_from else None,
        day_to=day_to.toordinal() if day_to else None,
        page=page or None,
        issue_id=issue.pk if issue is not None else None,
    )
    backend = get_backend()
    # The token costs the replica a look at the log: not asked for when nothing is kept.
    keeping = settings.BROADSHEET_SEARCH_CACHE_SECONDS > 0
    token = backend.state_token() if keeping else None
    key = _results_key(token, query, filters, sort, offset, limit)
    cached = cache.get(key) if key else None
    if cached is not None:
        results.total, results.hits = cached
        return results
    total, ranked = backend.search(parsed, filters, sort=sort, offset=offset, limit=limit)
    results.total = int(total)
    results.hits = _hits(parsed, ranked)
    if key:
        cache.set(key, (results.total, results.hits), settings.BROADSHEET_SEARCH_CACHE_SECONDS)
    return results


# Results are kept only where the backend names the state of its index (the replicated one:
# its change-log position), so a kept page of results is never older than the index: any
# publication, correction or withdrawal moves the position. The lifetime
# (BROADSHEET_SEARCH_CACHE_SECONDS) bounds what no log row records (a publication renamed).
# Access is checked per request, after this.
def _results_key(
    token: str | None, query: str, filters: Filters, sort: str, offset: int, limit: int
) -> str | None:
    if not token or settings.BROADSHEET_SEARCH_CACHE_SECONDS <= 0:
        return None
    raw = repr((token, query, filters, sort, offset, limit, get_language()))
    return "bs:search:" + hashlib.sha256(raw.encode()).hexdigest()


def _hits(parsed: ParsedQuery, ranked: list[tuple[int, float]]) -> list[Hit]:
    if not ranked:
        return []
    # Resolved against the database: an article withdrawn a moment ago never shows.
    articles = Article.objects.filter(
        pk__in=[pk for pk, _score in ranked], issue__status=Issue.Status.PUBLISHED
    ).select_related("issue__publication", "page")
    by_id = {a.pk: a for a in articles}
    pattern = highlighter(parsed)
    hits = []
    for pk, score in ranked:
        a = by_id.get(pk)
        if a is None:
            continue
        issue = a.issue
        body = "\n".join(p for p in [a.subheadline, a.body_text] if p) or a.headline
        page_url = links.page_url(a)
        hits.append(
            Hit(
                article_id=a.pk,
                article_number=a.number,
                publication=issue.publication.slug,
                publication_name=issue.publication.name,
                date=issue.date,
                edition=issue.edition,
                page=a.page.number,
                page_name=a.page.name,
                headline=a.title,
                headline_html=mark_safe(highlight(a.title, pattern)),
                snippet=mark_safe(snippet(body, pattern)),
                score=score,
                url=links.article_url(a),
                page_url=page_url,
                zone_url=links.zone_url(a, page_url),
                issue_id=issue.pk,
            )
        )
    return hits
