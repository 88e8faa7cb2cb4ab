"""Access rules on every reader route that serves an issue's content, in one place.

The reader's URL names say what a route serves; any reader route with a publication and a
date that is not listed here counts as "page", so a new route is never left open by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from broadsheet.access.models import Level
from broadsheet.access.policy import _find_issue, denial, required_level, satisfies

KIND_OF_ROUTE = {
    "article": "article",
    "article_print": "article",
    "article_json": "json",
    "article_print_json": "json",
    "contents_json": "json",
    "issue_json": "json",
    "issue_ed_json": "json",
    "page_json": "json",
    "page_pdf": "pdf",
    "issue_pdf": "pdf",
    "issue_ed_pdf": "pdf",
    "page_image": "image",
    "page_thumb": "image",
    "page_rendition": "image",
    "article_card": "image",
    "article_photo": "image",
    "tile": "image",
    "iiif_base": "image",
    "iiif_info": "image",
    "iiif_image": "image",
    "iiif_manifest": "json",
    # METS/ALTO (docs/library.md): the articles' structure and text, so the articles' rules.
    "issue_mets": "article",
    "page_alto": "article",
}


def kind_of(url_name: str | None, kwargs: dict[str, Any]) -> str:
    if kwargs.get("fmt") == "json":
        return "json"
    return KIND_OF_ROUTE.get(url_name or "", "page")


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_restricted_content", False):
            # Served to this reader only: no shared cache may keep it.
            response["Cache-Control"] = "private, no-cache"
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or "reader" not in match.namespaces:
            return None
        issue = _find_issue(kwargs)
        if issue is None:
            return None  # no such issue: the view answers 404 itself
        what = kind_of(match.url_name, kwargs)
        level = required_level(issue, what)
        if level == Level.FREE:
            return None
        if not satisfies(request.user, level, issue.publication_id):
            return denial(request, issue, what)
        request._restricted_content = True  # type: ignore[attr-defined]
        return None
