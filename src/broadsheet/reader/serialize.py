"""The `.json` twins: the same data the HTML pages show, as plain dictionaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse

from broadsheet.newspaper.models import Article, Issue, Page, Publication, Region
from broadsheet.reader.converters import FIRST_YEAR, LAST_YEAR
from broadsheet.reader.iiif_presentation import image_service_path, manifest_path
from broadsheet.reader.links import article_url, issue_url, page_url
from broadsheet.reader.queries import IssueContents, latest_issue, visible_issues


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
        "has_image": page.has_image,
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
        "previous_page": _abs(request, page_url(prev)) if prev else None,
        "next_page": _abs(request, page_url(nxt)) if nxt else None,
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
    data["print"] = _abs(request, article_url(article, "article_print"))
    return data


def json_response(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def contents_json(request: HttpRequest, contents: IssueContents) -> dict[str, Any]:
    """The issue at a glance: every page and the articles that start on it (no zones)."""
    pages = []
    for page in contents.pages:
        entry = page_summary(request, page)
        entry["articles"] = []
        for a in contents.articles_on(page):
            if a.page_id != page.id:
                continue  # a continuation: listed on the page where it starts
            brief = article_summary(request, a, [])
            del brief["zones"], brief["outlines"]
            entry["articles"].append({**brief, "title": a.title})
        pages.append(entry)
    return {
        "issue": issue_summary(request, contents.issue),
        "pdf": _abs(request, issue_url(contents.issue, "issue_pdf")),
        "iiif_manifest": _abs(request, manifest_path(contents.issue)),
        "pages": pages,
    }


# --- The archive's calendars ------------------------------------------------------------------


def publication_summary(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    return {
        "slug": publication.slug,
        "name": publication.name,
        "language": publication.language,
        "timezone": publication.timezone,
        "url": _abs(request, reverse("reader:publication", args=[publication.slug])),
    }


def _calendar_url(request: HttpRequest, pub: str, year: int, month: int | None = None) -> str:
    if month is None:
        return _abs(request, reverse("reader:calendar", args=[pub, year]))
    return _abs(request, reverse("reader:month", args=[pub, year, month]))


def _archive(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    """What every calendar twin carries besides its days: the years and the latest issue."""
    years = [d.year for d in visible_issues(request, publication).dates("date", "year")]
    latest = latest_issue(request, publication)
    return {
        "publication": publication_summary(request, publication),
        "years": [{"year": y, "url": _calendar_url(request, publication.slug, y)} for y in years],
        "latest_issue": _abs(request, issue_url(latest)) if latest else None,
    }


def _days(request: HttpRequest, days: dict[dt.date, str], month: int) -> list[dict[str, Any]]:
    return [
        {"date": day.isoformat(), "url": _abs(request, url)}
        for day, url in sorted(days.items())
        if day.month == month
    ]


def year_json(
    request: HttpRequest, publication: Publication, year: int, days: dict[dt.date, str]
) -> dict[str, Any]:
    """The year calendar: each month (January first) with its days that have an issue."""
    return {
        **_archive(request, publication),
        "year": year,
        "url": _calendar_url(request, publication.slug, year),
        "issue_count": len(days),
        "months": [
            {
                "month": month,
                "url": _calendar_url(request, publication.slug, year, month),
                "issue_count": sum(1 for d in days if d.month == month),
                "days": _days(request, days, month),
            }
            for month in range(1, 13)
        ],
    }


def month_json(
    request: HttpRequest, publication: Publication, year: int, month: int, days: dict[dt.date, str]
) -> dict[str, Any]:
    """A month's calendar: its days that have an issue, and the neighbouring months."""
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    slug = publication.slug

    def neighbour(y: int, m: int) -> str | None:
        return _calendar_url(request, slug, y, m) if FIRST_YEAR <= y <= LAST_YEAR else None

    return {
        **_archive(request, publication),
        "year": year,
        "month": month,
        "url": _calendar_url(request, slug, year, month),
        "year_url": _calendar_url(request, slug, year),
        "previous_month": neighbour(*previous),
        "next_month": neighbour(*following),
        "issue_count": len(days),
        "days": _days(request, days, month),
    }
