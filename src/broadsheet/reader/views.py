"""Reader views: thin; the data comes from `queries`, the JSON twins from `serialize`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from broadsheet.http import read_only
from broadsheet.newspaper.models import Article, Issue, Page, Publication, Region
from broadsheet.ocrtext.reader import page_ocr
from broadsheet.reader import serialize, sharing
from broadsheet.reader.caching import conditional
from broadsheet.reader.language import LANGUAGE_COOKIE, activate_for
from broadsheet.reader.links import article_url, file_url, issue_url, page_url
from broadsheet.reader.masthead import masthead
from broadsheet.reader.queries import (
    IssueContents,
    get_issue,
    get_publication,
    issue_contents,
    latest_issue,
)
from broadsheet.reader.renditions import WIDTHS
from broadsheet.reader.retired import Retired, retired_response


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@read_only
def home(request: HttpRequest, fmt: str = "html") -> HttpResponseBase:
    activate_for(request, None)
    papers = []
    for pub in Publication.objects.all():
        latest = latest_issue(request, pub)
        if latest is None:
            continue
        front = latest.pages.order_by("sequence").first()
        papers.append(
            {
                "publication": pub,
                "issue": latest,
                "front": front,
                "url": issue_url(latest),
                "thumb": file_url(front, "page_thumb") if front else None,
            }
        )
    if fmt == "json":
        latest_issues = [p["issue"] for p in papers]
        return _json(
            {
                "publications": [
                    serialize.issue_summary(request, i)
                    for i in latest_issues
                    if isinstance(i, Issue)
                ]
            }
        )
    context = {**masthead(request, None, None), "papers": papers}
    context["sharing"] = sharing.home_card(request)
    return render(request, "reader/home.html", context)


@read_only
def set_language(request: HttpRequest) -> HttpResponseBase:
    """Switch the interface language by a plain link (no form, so pages stay cacheable)."""
    target = request.GET.get("next") or "/"
    # Only a path on this site: redirect() would read "2026-11-25" as a view's name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = request.GET.get("language")
    if language in {"zh-hans", "en"}:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 86400,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


@read_only
def issue(
    request: HttpRequest, pub: str, date: dt.date, edition: int = 1, fmt: str = "html"
) -> HttpResponseBase:
    the_issue = get_issue(request, get_publication(pub), date, edition)
    if fmt == "json":
        return conditional(
            request,
            the_issue,
            lambda: _json(serialize.issue_json(request, issue_contents(the_issue))),
            "json",
        )
    return _page_view(request, the_issue, None)


@read_only
def page(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1, fmt: str = "html"
) -> HttpResponseBase:
    the_issue = get_issue(request, get_publication(pub), date, edition)
    if fmt == "json":

        def build_json() -> HttpResponseBase:
            contents = issue_contents(the_issue)
            the_page = contents.page(page)
            prev, nxt = contents.neighbours(contents.pages, the_page)
            return _json(serialize.page_json(request, contents, the_page, prev, nxt))

        return conditional(request, the_issue, build_json, "json", page)
    return _page_view(request, the_issue, page)


def _rendition_url(page: Page, width: int, fmt: str) -> str:
    return file_url(page, "page_rendition", width=width, fmt=fmt)


def _srcset(page: Page, fmt: str) -> str:
    """Screen-sized renditions; the zoom asks for the larger ones itself."""
    return ", ".join(f"{_rendition_url(page, w, fmt)} {w}w" for w in WIDTHS if 480 <= w <= 1600)


def _page_view(request: HttpRequest, the_issue: Issue, number: str | None) -> HttpResponseBase:
    """The page view; all but the issue lookup happens only when the render cache misses."""
    language = activate_for(request, the_issue.publication)

    def build() -> HttpResponseBase:
        contents = issue_contents(the_issue)
        if not contents.pages:
            raise Http404("the issue has no pages")
        the_page = contents.page(number) if number else contents.pages[0]
        prev, nxt = contents.neighbours(contents.pages, the_page)
        articles = contents.articles_on(the_page)
        context = {
            **masthead(request, the_issue.publication, the_issue),
            "contents": contents,
            "page": the_page,
            "pages": [
                {
                    "page": p,
                    "url": page_url(p),
                    "thumb": file_url(p, "page_thumb"),
                    "thumb_webp": _rendition_url(p, 240, "webp"),
                    "current": p == the_page,
                }
                for p in contents.pages
            ],
            "articles": [{"article": a, "url": article_url(a)} for a in articles],
            "zones": [
                {"article": a, "url": article_url(a), "regions": contents.zones_on(a, the_page)}
                for a in articles
            ],
            "previous_page_url": page_url(prev) if prev else None,
            "next_page_url": page_url(nxt) if nxt else None,
            "image_url": _rendition_url(the_page, 1000, "jpg"),
            "srcset_jpg": _srcset(the_page, "jpg"),
            "srcset_webp": _srcset(the_page, "webp"),
            "zoom_url": _rendition_url(the_page, 3200, "jpg"),
            "zoom_url_mid": _rendition_url(the_page, 2400, "jpg"),
            "zoom_url_small": _rendition_url(the_page, 1600, "jpg"),
            "pdf_url": file_url(the_page, "page_pdf"),
            "issue_pdf_url": file_url(the_issue, "issue_pdf"),
            "contents_url": issue_url(the_issue, "contents"),
            "json_url": page_url(the_page, "page_json"),
            # The issue's URL shows its first page; a page's own URL is that page.
            "sharing": sharing.issue_card(request, contents, the_page if number else None),
            "ocr": page_ocr(the_page),  # a scan's recognised text (docs/ocr.md)
        }
        return render(request, "reader/page.html", context)

    return conditional(
        request, the_issue, build, "page", number or "", language, request.user.is_authenticated
    )


@read_only
def contents(
    request: HttpRequest, pub: str, date: dt.date, edition: int = 1, fmt: str = "html"
) -> HttpResponseBase:
    """The issue at a glance: every page with its thumbnail and its headlines."""
    the_issue = get_issue(request, get_publication(pub), date, edition)
    if fmt == "json":
        return conditional(
            request,
            the_issue,
            lambda: _json(serialize.contents_json(request, issue_contents(the_issue))),
            "json",
            "contents",
        )
    language = activate_for(request, the_issue.publication)

    def build() -> HttpResponseBase:
        data = issue_contents(the_issue)
        context = {
            **masthead(request, the_issue.publication, the_issue),
            "pages": [
                {
                    "page": p,
                    "url": page_url(p),
                    "thumb": file_url(p, "page_thumb"),
                    "articles": [
                        {"article": a, "url": article_url(a)}
                        for a in data.articles_on(p)
                        if a.page_id == p.id
                    ],
                }
                for p in data.pages
            ],
            "issue_pdf_url": file_url(the_issue, "issue_pdf"),
            "json_twin_url": issue_url(the_issue, "contents_json"),
            "sharing": sharing.issue_card(request, data, path=issue_url(the_issue, "contents")),
        }
        return render(request, "reader/contents.html", context)

    return conditional(
        request, the_issue, build, "contents", language, request.user.is_authenticated
    )


@read_only
def article(
    request: HttpRequest, pub: str, date: dt.date, number: int, edition: int = 1, fmt: str = "html"
) -> HttpResponseBase:
    return _article_view(request, pub, date, number, edition, fmt, "reader/article.html")


@read_only
def article_print(
    request: HttpRequest, pub: str, date: dt.date, number: int, edition: int = 1, fmt: str = "html"
) -> HttpResponseBase:
    """The article alone, for printing; its twin (`…/print.json`) is the article's."""
    return _article_view(request, pub, date, number, edition, fmt, "reader/article_print.html")


def _article_view(
    request: HttpRequest,
    pub: str,
    date: dt.date,
    number: int,
    edition: int,
    fmt: str,
    template: str,
) -> HttpResponseBase:
    publication = get_publication(pub)
    the_issue = get_issue(request, publication, date, edition)

    name = {"reader/article_print.html": "article_print"}.get(template, "article")

    def load() -> tuple[IssueContents, Article, Article | None, Article | None]:
        contents = issue_contents(the_issue)
        the_article = next((a for a in contents.articles if a.number == number), None)
        if the_article is None:
            gone = retired_response(
                request, the_issue, number, f"{name}_json" if fmt == "json" else name, fmt
            )
            if gone is not None:
                raise Retired(gone)
            raise Http404("no such article")
        prev, nxt = contents.neighbours(contents.articles, the_article)
        return contents, the_article, prev, nxt

    if fmt == "json":

        def build_json() -> HttpResponseBase:
            contents, the_article, prev, nxt = load()
            return _json(serialize.article_json(request, contents, the_article, prev, nxt))

        try:
            return conditional(request, the_issue, build_json, "json", number)
        except Retired as retired:
            return retired.response
    language = activate_for(request, publication)

    def build() -> HttpResponseBase:
        contents, the_article, prev, nxt = load()
        on_pages = [p for p in contents.pages if p.id in contents.pages_of.get(the_article.id, [])]
        photos = list(the_article.regions.filter(role=Region.Role.PHOTO).order_by("id"))
        captions = [
            r.text for r in the_article.regions.filter(role=Region.Role.CAPTION).order_by("id")
        ]
        canonical = request.build_absolute_uri(article_url(the_article))
        context = {
            **masthead(request, publication, the_issue),
            "article": the_article,
            "page": the_article.page,
            "photos": [
                {
                    "url": issue_url(
                        the_issue, "article_photo", number=the_article.number, index=i
                    ),
                    "caption": captions[i] if i < len(captions) else "",
                    "width": round(r.x1 - r.x0),
                    "height": round(r.y1 - r.y0),
                }
                for i, r in enumerate(photos)
            ],
            "on_pages": [
                {
                    "page": p,
                    "url": page_url(p) + f"#article-{the_article.number}",
                    "thumb": file_url(p, "page_thumb"),
                    "zones": contents.zones_on(the_article, p),
                }
                for p in on_pages
            ],
            "previous_article": prev,
            "next_article": nxt,
            "previous_article_url": article_url(prev) if prev else None,
            "next_article_url": article_url(nxt) if nxt else None,
            "page_url": page_url(the_article.page),
            "pdf_url": file_url(the_article.page, "page_pdf"),
            "print_url": article_url(the_article, "article_print"),
            "json_url": article_url(the_article, f"{name}_json"),
            "canonical_url": canonical,
            "sharing": sharing.article_card(request, contents, the_article)
            if name == "article"
            else None,
        }
        return render(request, template, context)

    try:
        return conditional(
            request, the_issue, build, template, number, language, request.user.is_authenticated
        )
    except Retired as retired:
        return retired.response
