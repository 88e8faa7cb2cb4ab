"""HTTP caching of published issues: they change only on correction, which bumps their version.

Published pages get an ETag from (issue, version, view, …) and `Cache-Control: public`, so
browsers revalidate with a 304 and a CDN can hold them. The rendered HTML itself is also kept
in Django's cache under the same key, so a page view that misses the browser cache costs two
small queries (publication and issue) instead of a full render.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.http import http_date, quote_etag

from broadsheet.newspaper.models import Issue

RENDER_CACHE_SECONDS = 3600


def issue_etag(issue: Issue, *parts: object) -> str:
    """A validator of (issue, version, view, …): hashed, so that no storage path, user state
    or language leaks into a header."""
    stamp = int(issue.updated_at.timestamp()) if issue.updated_at else 0
    key = ".".join(str(p) for p in (issue.pk, issue.version, stamp, *parts))
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def conditional(
    request: HttpRequest,
    issue: Issue,
    build: Callable[[], HttpResponseBase],
    *parts: object,
    max_age: int = 300,
) -> HttpResponseBase:
    """Answer 304 when the reader already has this version; else build (or reuse) and tag it."""
    if not issue.is_published:
        draft = build()
        draft["Cache-Control"] = "private, no-store"
        return draft
    etag = issue_etag(issue, *parts)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        response = _cached_build(etag, build)
    response.broadsheet_issue_id = issue.pk  # type: ignore[attr-defined]  # for the front cache
    response["ETag"] = etag
    if issue.updated_at:
        response["Last-Modified"] = http_date(issue.updated_at.timestamp())
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Cookie, Accept-Language"
    return response


def _cached_build(etag: str, build: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    key = f"bs:render:{etag}"
    hit = cache.get(key)
    if hit is not None:
        content, content_type = hit
        return HttpResponse(content, content_type=content_type)
    response = build()
    if (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and len(response.content) < 2_000_000
    ):
        cache.set(key, (response.content, response["Content-Type"]), RENDER_CACHE_SECONDS)
    return response
