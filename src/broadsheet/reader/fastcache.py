"""A front cache for anonymous readers of published issues.

Published pages change only when their issue's version does (a correction, a withdrawal) or
when the publication's access policy changes. This middleware sits before sessions and
authentication: for an anonymous GET it looks the URL up in the cache and checks, with one
indexed query, that the issue is still published at the same version under the same access
policy. A hit skips the whole Django stack; anything else goes through it as usual, and a
public 200 response of a reader route is then kept for the next reader.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

KEY_PREFIX = "bs:front:"
SECONDS = 3600
KEPT_HEADERS = (
    "Content-Type",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "Content-Language",
    "Access-Control-Allow-Origin",  # IIIF answers are for viewers on any site
    "Link",
)
VALIDATOR_SQL = (
    "SELECT i.version, i.status, a.level, a.pdf_level, a.free_after_days "
    "FROM newspaper_issue i LEFT JOIN access_accesspolicy a ON a.publication_id = i.publication_id "
    "WHERE i.id = %s"
)


def validator(issue_id: int) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(VALIDATOR_SQL, [issue_id])
        row = cursor.fetchone()
    return tuple(row) if row else None


def _key(request: HttpRequest) -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # signed-in readers may see more (or less): never share their pages
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    accept = request.headers.get("Accept-Language", "")[:64]
    identity = f"{request.get_full_path()}|{language}|{accept}".encode()
    return KEY_PREFIX + hashlib.sha256(identity).hexdigest()


class FrontCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is not None:
            hit = cache.get(key)
            if hit is not None:
                issue_id, expected, content, headers = hit
                if validator(issue_id) == expected:
                    return self._replay(request, content, headers)
                cache.delete(key)
        response = self.get_response(request)
        if key is not None:
            self._keep(request, key, response)
        return response

    @staticmethod
    def _replay(request: HttpRequest, content: bytes, headers: dict[str, str]) -> HttpResponse:
        etag = headers.get("ETag")
        if etag and etag in request.headers.get("If-None-Match", ""):
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response

    @staticmethod
    def _keep(request: HttpRequest, key: str, response: HttpResponse) -> None:
        issue_id = getattr(response, "broadsheet_issue_id", None)
        match = getattr(request, "resolver_match", None)
        if (
            issue_id is None
            or response.status_code != 200
            or response.streaming
            or not response.get("Cache-Control", "").startswith("public")
            or match is None
            or "reader" not in match.namespaces
            or len(response.content) > 1_000_000
        ):
            return
        expected = validator(issue_id)
        if expected is None or expected[1] != "published":
            return
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (issue_id, expected, response.content, headers), SECONDS)
