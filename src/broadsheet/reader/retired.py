"""Article numbers that no longer have an article: 301 to the article that absorbed it, or
410 Gone with a way back. An article URL never opens another story."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render

from broadsheet.newspaper.models import Article, Issue, RetiredArticle
from broadsheet.reader.language import activate_for
from broadsheet.reader.links import issue_url
from broadsheet.reader.masthead import masthead


class Retired(Exception):  # noqa: N818 (a signal to the view, not an error)
    """Raised while building an article view whose number was retired."""

    def __init__(self, response: HttpResponseBase) -> None:
        super().__init__("retired article")
        self.response = response


def _destination(issue: Issue, number: int) -> tuple[int | None, RetiredArticle | None]:
    """Follow merges (a chain of them, at most a few) to a number that has an article."""
    first: RetiredArticle | None = None
    seen: set[int] = set()
    while number not in seen and len(seen) < 20:
        seen.add(number)
        if Article.objects.filter(issue=issue, number=number).exists():
            return number, first
        retired = RetiredArticle.objects.filter(issue=issue, number=number).first()
        if retired is None:
            return None, first
        first = first or retired
        if retired.merged_into is None:
            return None, first
        number = retired.merged_into
    return None, first


def retired_response(
    request: HttpRequest, issue: Issue, number: int, name: str, fmt: str = "html"
) -> HttpResponseBase | None:
    """The answer for an article number without an article, or None for a number never
    given (an ordinary 404)."""
    target, retired = _destination(issue, number)
    if retired is None:
        return None
    if target is not None:
        return redirect(issue_url(issue, name, number=target), permanent=True)
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            {
                "error": "gone",
                "number": number,
                "issue": request.build_absolute_uri(issue_url(issue)),
            },
            status=410,
        )
        return response
    activate_for(request, issue.publication)
    context = {
        **masthead(request, issue.publication, issue),
        "retired": retired,
        "issue_url": issue_url(issue),
        "contents_url": issue_url(issue, "contents"),
    }
    return render(request, "reader/gone.html", context, status=410)
