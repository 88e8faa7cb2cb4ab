"""/search/ and its twin /search.json: the same data function, two renderings."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from broadsheet.access.policy import redact_hits
from broadsheet.http import read_only
from broadsheet.newspaper.models import Issue, Publication
from broadsheet.reader.language import activate_for
from broadsheet.reader.links import issue_url
from broadsheet.reader.queries import latest_issue
from broadsheet.search import api
from broadsheet.search.query import MAX_QUERY_CHARS

PARAMS = ("q", "publication", "from", "to", "page", "issue", "sort", "offset", "limit")


MAX_PARAM = 200


def _int(value: str | None, default: int) -> int:
    """A whole number from the query string; anything else (², 1e400, 10**30) is the default."""
    if not value or len(value) > 18 or not value.isascii() or not value.lstrip("-").isdigit():
        return default
    return int(value)


def _clean(value: str) -> str:
    """No NUL characters (PostgreSQL refuses them) and no surrogates."""
    return "".join(ch for ch in value if ch != "\x00" and not "\ud800" <= ch <= "\udfff").strip()


def run_search(request: HttpRequest) -> tuple[api.SearchResults, dict[str, Any]]:
    """The results and the filters as understood, from the query string."""
    get = request.GET
    params = {k: _clean(get.get(k, "")) for k in PARAMS}
    for key in PARAMS:
        if key != "q" and len(params[key]) > MAX_PARAM:
            params[key] = ""
    issue = None
    error = None
    if params["issue"]:
        issue = (
            Issue.objects.select_related("publication")
            .filter(pk=_int(params["issue"], 0), status=Issue.Status.PUBLISHED)
            .first()
        )
        if issue is None:
            error = _("That issue is not available.")
    results = api.search(
        params["q"],
        publication=params["publication"] or None,
        date_from=params["from"] or None,
        date_to=params["to"] or None,
        page=params["page"] or None,
        issue=issue,
        sort=params["sort"] or "relevance",
        offset=_int(params["offset"], 0),
        limit=_int(params["limit"], 20),
    )
    if error and not results.error:
        results.error = error
        results.hits, results.total = [], 0
    return results, {"params": params, "issue": issue}


def _page_link(params: dict[str, str], offset: int) -> str:
    kept = {k: v for k, v in params.items() if v and k != "offset"}
    if offset:
        kept["offset"] = str(offset)
    return "?" + urlencode(kept)


def _sisters(request: HttpRequest, publications: list[Publication]) -> list[dict[str, Any]]:
    out = []
    for pub in publications:
        latest = latest_issue(request, pub)
        out.append({"publication": pub, "url": issue_url(latest) if latest else None})
    return out


def _absolute(request: HttpRequest, hit: dict[str, Any]) -> dict[str, Any]:
    """A hit for the JSON twin: its URLs absolute, as in every twin."""
    for key in ("url", "page_url", "zone_url"):
        hit[key] = request.build_absolute_uri(hit[key])
    return hit


@read_only
def search_page(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    activate_for(request, None)
    results, extra = run_search(request)
    # A query too long to be a search is the one request refused outright (400); other
    # problems are answered with the results page and a message.
    too_long = len(results.query) > MAX_QUERY_CHARS
    status = 400 if too_long else 200
    if too_long:
        results.query = results.query[:MAX_QUERY_CHARS]
    redact_hits(request, results.hits)  # snippets only where the reader may read the issue
    params = extra["params"]
    if fmt == "json":
        data = {
            "query": results.query,
            "total": results.total,
            "offset": results.offset,
            "limit": results.limit,
            "sort": results.sort,
            "error": results.error,
            "filters": {k: v for k, v in params.items() if v and k not in ("q", "offset")},
            "hits": [_absolute(request, h.as_json()) for h in results.hits],
        }
        return JsonResponse(
            data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
    publications = list(Publication.objects.all())
    context = {
        "query": results.query,
        "results": results,
        "params": params,
        "search_issue": extra["issue"],
        "publications": publications,
        "sisters": _sisters(request, publications),
        "first": results.offset + 1,
        "last": results.offset + len(results.hits),
        "next_url": _page_link(params, results.offset + results.limit)
        if results.has_next
        else None,
        "previous_url": _page_link(params, max(0, results.offset - results.limit))
        if results.has_previous
        else None,
        "date_sort_url": _page_link({**params, "sort": "date"}, 0),
        "relevance_sort_url": _page_link({**params, "sort": ""}, 0),
        "today": dt.date.today(),
    }
    return render(request, "search/search.html", context, status=status)
