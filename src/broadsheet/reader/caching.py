"""HTTP caching of published issues: they change only on correction, which bumps their version."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import quote_etag

from broadsheet.newspaper.models import Issue


def issue_etag(issue: Issue, *parts: object) -> str:
    key = ".".join(str(p) for p in (issue.pk, issue.version, *parts))
    return quote_etag(key)


def conditional(
    request: HttpRequest,
    issue: Issue,
    build: Callable[[], HttpResponse],
    *parts: object,
    max_age: int = 300,
) -> HttpResponse:
    """Answer 304 when the reader already has this version; else build and tag the response."""
    if not issue.is_published:
        response = build()
        response["Cache-Control"] = "private, no-store"
        return response
    etag = issue_etag(issue, *parts)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = build()
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Cookie, Accept-Language"
    return response
