"""What feeds and sitemaps share: which issues the world may see, when an issue came out, and
a public cache for responses that describe many issues at once.

Feeds and sitemaps are the same for every visitor (they are built as for an anonymous reader),
so they can be cached publicly: the validator is a stamp of every published issue (count,
versions, last change), the publications, the host and the hour.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.http import quote_etag

from broadsheet.access.models import AccessPolicy, Level
from broadsheet.newspaper.models import Issue, Publication

CACHE_SECONDS = 3600
KEY_PREFIX = "bs:outward:"
# Response headers kept with a cached body (the content type is kept on its own).
KEPT_HEADERS = ("Last-Modified", "X-Robots-Tag", "Content-Language")


def published_issues(publication: Publication | None = None) -> QuerySet[Issue]:
    """Published issues only: drafts, issues in processing or ready, and withdrawn ones never."""
    issues = Issue.objects.filter(status=Issue.Status.PUBLISHED)
    return issues if publication is None else issues.filter(publication=publication)


def open_issues() -> QuerySet[Issue]:
    """Published issues whose pages and articles an anonymous reader may open (the access
    policy's `level`, freed by `free_after_days`; see broadsheet.access.policy)."""
    today = timezone.localdate()
    closed: list[Q] = []
    for policy in AccessPolicy.objects.exclude(level=Level.FREE):
        rule = Q(publication_id=policy.publication_id)
        if policy.free_after_days is not None:
            # required_level(): older than `today - free_after_days` is free.
            rule &= Q(date__gte=today - dt.timedelta(days=policy.free_after_days))
        closed.append(rule)
    issues = published_issues()
    for rule in closed:
        issues = issues.exclude(rule)
    return issues


def zone_of(publication: Publication) -> dt.tzinfo:
    try:
        return ZoneInfo(publication.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def issue_moment(issue: Issue) -> dt.datetime:
    """When the issue came out, in its publication's time zone: its `published_at` when that
    lies within a day of the issue's date (a daily published the night before or in the
    morning), else the start of its date (an archive imported years later is not news)."""
    zone = zone_of(issue.publication)
    start = dt.datetime.combine(issue.date, dt.time.min, tzinfo=zone)
    published = issue.published_at
    if published is not None and start - dt.timedelta(days=1) <= published < start + dt.timedelta(
        days=1
    ):
        return published.astimezone(zone)
    return start


def issue_updated(issue: Issue) -> dt.datetime:
    """The last change of the issue readers can see, never before it came out."""
    moment = issue_moment(issue)
    if issue.updated_at is None:
        return moment
    return max(moment, issue.updated_at.astimezone(moment.tzinfo))


def stamp(publications: Iterable[Publication], issues: QuerySet[Issue]) -> tuple[object, ...]:
    """What a feed or sitemap depends on, in one query (plus the publications given)."""
    facts = issues.aggregate(n=Count("id"), v=Sum("version"), last=Max("updated_at"))
    pubs = tuple((p.pk, p.slug, p.name, p.language, p.timezone) for p in publications)
    return (facts["n"], facts["v"], facts["last"], pubs)


def public_cached(
    request: HttpRequest,
    parts: tuple[object, ...],
    build: Callable[[], HttpResponseBase],
    max_age: int = 900,
) -> HttpResponseBase:
    """Answer 304 when the client has this version, else the cached body, else build it.

    The validator covers `parts`, the path with its query, the scheme, the host (the
    responses hold absolute URLs) and the current hour (access policies free issues by the day,
    the news sitemap slides by the hour)."""
    hour = timezone.now().strftime("%Y%m%d%H")
    identity = (request.get_full_path(), request.scheme, request.get_host(), hour, *parts)
    digest = hashlib.sha256(repr(identity).encode()).hexdigest()[:32]
    etag = quote_etag(digest)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        hit = cache.get(KEY_PREFIX + digest)
        if hit is not None:
            content, content_type, headers = hit
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
        else:
            response = build()
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            if isinstance(response, HttpResponse) and response.status_code == 200:
                kept = {n: response[n] for n in KEPT_HEADERS if response.has_header(n)}
                cache.set(
                    KEY_PREFIX + digest,
                    (response.content, response["Content-Type"], kept),
                    CACHE_SECONDS,
                )
    if response.status_code in (200, 304):
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={max_age}"
    return response
