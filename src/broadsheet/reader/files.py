"""Views that serve files: page PDFs and images, renditions, the whole-issue PDF, crops.

Files of published issues carry ETags that change with every correction and replacement, and
the pages' own short cache lifetime (a replaced page keeps its URLs). The reader's pages link
to them with the issue's file version (`?v=`, `links.file_url`): such a URL names one state of
the file, so when its version is the current one it may be kept for a year (`immutable`).
Restricted files and drafts are never publicly cacheable; on S3 they are a redirect, after the
access check, to a signed URL that expires (docs/storage.md).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)

from broadsheet.http import read_only
from broadsheet.newspaper.models import Article, Issue, Page, Region
from broadsheet.reader import renditions
from broadsheet.reader.caching import conditional
from broadsheet.reader.links import file_version
from broadsheet.reader.queries import get_issue, get_publication
from broadsheet.storage.serving import open_stored, signed_url


def _stream(name: str, filename: str, attachment: bool = False) -> HttpResponseBase:
    try:
        handle = open_stored(name)
    except (FileNotFoundError, ValueError):
        raise Http404("file missing") from None
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "application/pdf":
        # A PDF opened in the browser runs in a sandbox: no scripts, no forms, no same-origin
        # access, whatever the file holds (the readers' copy holds none anyway).
        response["Content-Security-Policy"] = "sandbox"
    return response


# A page's files keep their URL (/<pub>/<date>/A01.jpg) when the page is replaced, so no cache
# may keep them longer than the pages that show them: after that a cache revalidates by ETag
# (a 304, cheap), and a replaced page's new image is seen within minutes, never a month later.
FILE_MAX_AGE = 300
# A URL with the current `?v=` changes when the file does: browsers and CDNs may keep it.
VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable"


def serve_stored(
    request: HttpRequest, issue: Issue, name: str | Any, filename: str, attachment: bool = False
) -> HttpResponseBase:
    name = getattr(name, "name", name)
    if not issue.is_published or getattr(request, "_restricted_content", False):
        # Restricted (behind the access check) or a draft: on S3, a redirect to a signed URL
        # that expires soon and that no shared cache keeps; on local disk, streamed privately.
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        try:
            url = signed_url(name, filename, content_type, attachment)
        except (FileNotFoundError, ValueError):
            raise Http404("file missing") from None
        if url is not None:
            response = HttpResponseRedirect(url)
            response["Cache-Control"] = "private, no-store"
            return response
    served: HttpResponseBase = conditional(
        request,
        issue,
        lambda: _stream(name, filename, attachment),
        "file",
        name,
        max_age=FILE_MAX_AGE,
    )
    if (
        issue.is_published
        and not getattr(request, "_restricted_content", False)
        and request.GET.get("v") == file_version(issue)
    ):
        # An older `?v=` gets today's file with the short lifetime: never a year of the wrong one.
        served["Cache-Control"] = VERSIONED_CACHE_CONTROL
    return served


@contextmanager
def _source_missing_is_404() -> Iterator[None]:
    """A rendition whose stored source is gone is a 404, not a server error."""
    try:
        yield
    except FileNotFoundError:
        raise Http404("file missing") from None


def _issue_and_page(
    pub: str, date: dt.date, page: str, edition: int, request: HttpRequest
) -> tuple[Issue, Page]:
    issue = get_issue(request, get_publication(pub), date, edition)
    try:
        return issue, issue.pages.get(number=page)
    except Page.DoesNotExist:
        raise Http404("no such page") from None


@read_only
def page_pdf(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1
) -> HttpResponseBase:
    issue, the_page = _issue_and_page(pub, date, page, edition, request)
    return serve_stored(request, issue, the_page.pdf, f"{pub}-{date.isoformat()}-{page}.pdf")


@read_only
def page_image(
    request: HttpRequest, pub: str, date: dt.date, page: str, rendition: str, edition: int = 1
) -> HttpResponseBase:
    issue, the_page = _issue_and_page(pub, date, page, edition, request)
    field = the_page.image if rendition == "image" else the_page.thumbnail
    return serve_stored(request, issue, field, f"{pub}-{date.isoformat()}-{page}.jpg")


@read_only
def page_rendition(
    request: HttpRequest, pub: str, date: dt.date, page: str, width: int, fmt: str, edition: int = 1
) -> HttpResponseBase:
    """The page image at one of the fixed widths, as JPEG or WebP, made on first request."""
    if width not in renditions.WIDTHS or fmt not in renditions.FORMATS:
        raise Http404("no such rendition")
    issue, the_page = _issue_and_page(pub, date, page, edition, request)
    with _source_missing_is_404():
        name = renditions.page_rendition(the_page, width, fmt)
    return serve_stored(request, issue, name, f"{pub}-{date.isoformat()}-{page}-{width}.{fmt}")


@read_only
def issue_pdf(request: HttpRequest, pub: str, date: dt.date, edition: int = 1) -> HttpResponseBase:
    """The whole issue as one PDF, its pages joined in order."""
    issue = get_issue(request, get_publication(pub), date, edition)
    pages = list(issue.pages.order_by("sequence"))
    if not pages:
        raise Http404("the issue has no pages")
    with _source_missing_is_404():
        name = renditions.issue_pdf(issue, pages)
    suffix = f"-ed{edition}" if edition != 1 else ""
    return serve_stored(
        request, issue, name, f"{pub}-{date.isoformat()}{suffix}.pdf", attachment=True
    )


@read_only
def article_crop(
    request: HttpRequest,
    pub: str,
    date: dt.date,
    number: int,
    kind: str,
    index: int = 0,
    edition: int = 1,
) -> HttpResponseBase:
    """A photo of an article (kind "photo", its index-th photo region) or its share card (the
    zone on its first page), cut from the page image."""
    issue = get_issue(request, get_publication(pub), date, edition)
    article = Article.objects.filter(issue=issue, number=number).select_related("page").first()
    if article is None:
        raise Http404("no such article")
    if kind == "photo":
        regions = list(
            article.regions.filter(role=Region.Role.PHOTO).select_related("page").order_by("id")
        )
        if index >= len(regions):
            raise Http404("no such photo")
        region = regions[index]
        page, box, width, key = region.page, region.bbox, 1000, f"a{number}-photo{index}"
    else:
        zones = list(article.regions.filter(role=Region.Role.ZONE, page=article.page))
        if not zones:
            raise Http404("no zone")
        box = [
            min(z.x0 for z in zones),
            min(z.y0 for z in zones),
            max(z.x1 for z in zones),
            max(z.y1 for z in zones),
        ]
        page, width, key = article.page, 1200, f"a{number}-card"
    with _source_missing_is_404():
        name = renditions.crop_rendition(page, tuple(box), width, key)  # type: ignore[arg-type]
    return serve_stored(
        request, issue, name, f"{pub}-{date.isoformat()}-{number}-{kind}{index}.jpg"
    )
