"""IIIF routes: the Image API per page and the Presentation API per issue and publication.

Access rules are those of the page image (image requests, info.json) and of the JSON twins
(manifests), applied by the access middleware like on every reader route (see
broadsheet.access.middleware.KIND_OF_ROUTE). Every answer carries `Access-Control-Allow-Origin: *`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)

from broadsheet.http import read_only
from broadsheet.newspaper.models import Publication
from broadsheet.reader import iiif_image, iiif_presentation
from broadsheet.reader.caching import conditional
from broadsheet.reader.files import FILE_MAX_AGE, _issue_and_page
from broadsheet.reader.queries import (
    can_preview,
    get_issue,
    get_publication,
    issue_contents,
    visible_issues,
)

JSON = "application/json"
JSON_LD_IMAGE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
JSON_LD_PRESENTATION = (
    'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
)


def cors(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def _media_type(request: HttpRequest, ld: str) -> str:
    """JSON-LD only for a client that asks for it by its Accept header (the spec's rule)."""
    return ld if "application/ld+json" in request.headers.get("Accept", "") else JSON


def _json(data: dict[str, Any], content_type: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _uncached_by_front(response: HttpResponseBase) -> HttpResponseBase:
    # The front cache keys on the path only, not the Accept header this answer depends on.
    if hasattr(response, "broadsheet_issue_id"):
        del response.broadsheet_issue_id
    return response


# --- Image API --------------------------------------------------------------------------------


@cors
@read_only
def image_base(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1
) -> HttpResponseBase:
    """The service's base URI redirects to its info.json (303, as the spec asks)."""
    _issue_and_page(pub, date, page, edition, request)
    response = HttpResponseRedirect(request.path.rstrip("/") + "/info.json")
    response.status_code = 303
    return response


@cors
@read_only
def image_info(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1
) -> HttpResponseBase:
    issue, the_page = _issue_and_page(pub, date, page, edition, request)
    the_page.issue = issue
    service_id = request.build_absolute_uri(iiif_presentation.image_service_path(the_page))
    content_type = _media_type(request, JSON_LD_IMAGE)

    def build() -> HttpResponse:
        return _json(iiif_image.info(service_id, iiif_image.full_size(the_page)), content_type)

    response = conditional(
        request, issue, build, "iiif-info", the_page.pk, service_id, content_type, max_age=3600
    )
    response["Vary"] = "Cookie, Accept-Language, Accept"
    return _uncached_by_front(response)


@cors
@read_only
def image(
    request: HttpRequest,
    pub: str,
    date: dt.date,
    page: str,
    region: str,
    size: str,
    rotation: str,
    quality: str,
    fmt: str,
    edition: int = 1,
) -> HttpResponseBase:
    issue, the_page = _issue_and_page(pub, date, page, edition, request)
    the_page.issue = issue
    full = iiif_image.full_size(the_page)
    try:
        req = iiif_image.parse(region, size, rotation, quality, fmt, full)
    except iiif_image.BadRequest as exc:
        return _bad(str(exc))
    canonical = req.canonical(full)
    content_type = iiif_image.FORMATS[req.fmt][1]

    def build() -> HttpResponse:
        try:
            data = iiif_image.image_bytes(the_page, full, req)
        except FileNotFoundError:
            raise Http404("the page has no PDF") from None
        response = HttpResponse(data, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    response = conditional(
        request, issue, build, "iiif-image", the_page.pk, canonical, max_age=FILE_MAX_AGE
    )
    service_id = request.build_absolute_uri(iiif_presentation.image_service_path(the_page))
    response["Link"] = (
        f'<{iiif_image.PROFILE_URI}>;rel="profile", <{service_id}/{canonical}>;rel="canonical"'
    )
    return response


# --- Presentation API -------------------------------------------------------------------------


@cors
@read_only
def manifest(request: HttpRequest, pub: str, date: dt.date, edition: int = 1) -> HttpResponseBase:
    issue = get_issue(request, get_publication(pub), date, edition)
    content_type = _media_type(request, JSON_LD_PRESENTATION)
    host = request.build_absolute_uri("/")

    def build() -> HttpResponse:
        return _json(iiif_presentation.manifest(request, issue_contents(issue)), content_type)

    response = conditional(request, issue, build, "iiif-manifest", host, content_type)
    response["Vary"] = "Cookie, Accept-Language, Accept"
    return _uncached_by_front(response)


def _listing(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    response = _json(data, _media_type(request, JSON_LD_PRESENTATION))
    # Staff see drafts in the listings: their answer is theirs only.
    response["Cache-Control"] = (
        "private, no-cache" if can_preview(request) else "public, max-age=300"
    )
    response["Vary"] = "Cookie, Accept"
    return response


@cors
@read_only
def site_collection(request: HttpRequest) -> HttpResponseBase:
    publications = list(Publication.objects.order_by("sort_order", "name"))
    return _listing(request, iiif_presentation.site_collection(request, publications))


@cors
@read_only
def publication_collection(
    request: HttpRequest, pub: str, year: int | None = None
) -> HttpResponseBase:
    publication = get_publication(pub)
    issues = visible_issues(request, publication).select_related("publication")
    if year is not None:
        issues = issues.filter(date__year=year)
    listed = list(issues.order_by("date", "edition"))
    if year is not None and not listed:
        raise Http404("no issues that year")
    data = iiif_presentation.publication_collection(request, publication, listed, year)
    return _listing(request, data)
