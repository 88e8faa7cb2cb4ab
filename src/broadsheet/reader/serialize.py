"""The `.json` twins: the same data the HTML pages show, as plain dictionaries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from broadsheet.newspaper.models import Article, Issue, Page, Region
from broadsheet.reader.iiif_presentation import image_service_path, manifest_path
from broadsheet.reader.links import article_url, issue_url, page_url
from broadsheet.reader.queries import IssueContents


def _abs(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def issue_summary(request: HttpRequest, issue: Issue) -> dict[str, Any]:
    return {
        "publication": issue.publication.slug,
        "publication_name": issue.publication.name,
        "date": issue.date.isoformat(),
        "edition": issue.edition,
        "url": _abs(request, issue_url(issue)),
    }


def page_summary(request: HttpRequest, page: Page) -> dict[str, Any]:
    return {
        "sequence": page.sequence,
        "number": page.number,
        "name": page.name,
        "width": page.width,
        "height": page.height,
        "text_quality": page.text_quality,
        "url": _abs(request, page_url(page)),
        "pdf": _abs(request, page_url(page, "page_pdf")),
        "image": _abs(request, page_url(page, "page_image")),
        "thumbnail": _abs(request, page_url(page, "page_thumb")),
        "iiif_image": _abs(request, image_service_path(page)),
    }


def article_summary(request: HttpRequest, article: Article, zones: list[Region]) -> dict[str, Any]:
    return {
        "number": article.number,
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "byline": article.byline,
        "url": _abs(request, article_url(article)),
        "zones": [r.bbox for r in zones],
        # Each zone's outline as drawn (a polygon, or the box's four corners), in points.
        "outlines": [r.points() for r in zones],
    }


def issue_json(request: HttpRequest, contents: IssueContents) -> dict[str, Any]:
    pages = []
    for page in contents.pages:
        entry = page_summary(request, page)
        entry["articles"] = [
            article_summary(request, a, contents.zones_on(a, page))
            for a in contents.articles_on(page)
        ]
        pages.append(entry)
    return {
        "issue": issue_summary(request, contents.issue),
        "iiif_manifest": _abs(request, manifest_path(contents.issue)),
        "pages": pages,
    }


def page_json(
    request: HttpRequest, contents: IssueContents, page: Page, prev: Page | None, nxt: Page | None
) -> dict[str, Any]:
    return {
        "issue": issue_summary(request, contents.issue),
        "page": page_summary(request, page),
        "articles": [
            article_summary(request, a, contents.zones_on(a, page))
            for a in contents.articles_on(page)
        ],
        "previous_page": page_url(prev) if prev else None,
        "next_page": page_url(nxt) if nxt else None,
    }


def article_json(
    request: HttpRequest,
    contents: IssueContents,
    article: Article,
    prev: Article | None,
    nxt: Article | None,
) -> dict[str, Any]:
    data = article_summary(request, article, [])
    data.pop("zones")
    data.pop("outlines")
    data["body"] = article.paragraphs
    data["text"] = article.body_text
    data["issue"] = issue_summary(request, contents.issue)
    data["pages"] = [
        {
            "number": page.number,
            "url": _abs(request, page_url(page)),
            "zones": [r.bbox for r in contents.zones_on(article, page)],
            "outlines": [r.points() for r in contents.zones_on(article, page)],
        }
        for page in contents.pages
        if page.id in contents.pages_of.get(article.id, [])
    ]
    data["previous_article"] = _abs(request, article_url(prev)) if prev else None
    data["next_article"] = _abs(request, article_url(nxt)) if nxt else None
    return data
