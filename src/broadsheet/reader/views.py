"""Reader views: thin; the data comes from `queries`, the JSON twins from `serialize`."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import mimetypes
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from broadsheet.newspaper.models import Issue, Page, Publication
from broadsheet.reader import serialize
from broadsheet.reader.caching import conditional
from broadsheet.reader.language import activate_for
from broadsheet.reader.links import article_url, issue_url, page_url
from broadsheet.reader.queries import (
    IssueContents,
    get_issue,
    get_publication,
    issue_contents,
    latest_issue,
    neighbour_issues,
    visible_issues,
)


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def _masthead(
    request: HttpRequest, publication: Publication | None, issue: Issue | None
) -> dict[str, Any]:
    sisters = []
    for pub in Publication.objects.all():
        latest = latest_issue(request, pub)
        sisters.append({"publication": pub, "url": issue_url(latest) if latest else None})
    previous, following = neighbour_issues(request, issue) if issue else (None, None)
    return {
        "publication": publication,
        "issue": issue,
        "sisters": sisters,
        "previous_issue": previous,
        "next_issue": following,
        "previous_issue_url": issue_url(previous) if previous else None,
        "next_issue_url": issue_url(following) if following else None,
        "calendar_url": (
            issue_url(issue).rsplit("/", 2)[0] + f"/{issue.date.year}/" if issue else None
        ),
    }


def home(request: HttpRequest) -> HttpResponse:
    activate_for(request, None)
    papers = []
    for pub in Publication.objects.all():
        latest = latest_issue(request, pub)
        if latest is None:
            continue
        front = latest.pages.order_by("sequence").first()
        papers.append(
            {"publication": pub, "issue": latest, "front": front, "url": issue_url(latest)}
        )
    if request.path.endswith(".json") or request.GET.get("format") == "json":
        return _json(
            {"publications": [serialize.issue_summary(request, p["issue"]) for p in papers]}
        )
    return render(request, "reader/home.html", {**_masthead(request, None, None), "papers": papers})


def publication(request: HttpRequest, pub: str) -> HttpResponse:
    publication = get_publication(pub)
    latest = latest_issue(request, publication)
    if latest is None:
        activate_for(request, publication)
        return render(
            request,
            "reader/empty.html",
            {**_masthead(request, publication, None)},
            status=404,
        )
    return redirect(issue_url(latest))


def issue(
    request: HttpRequest, pub: str, date: dt.date, edition: int = 1, fmt: str = "html"
) -> HttpResponse:
    publication = get_publication(pub)
    the_issue = get_issue(request, publication, date, edition)
    contents = issue_contents(the_issue)
    if fmt == "json":
        return conditional(
            request, the_issue, lambda: _json(serialize.issue_json(request, contents)), "json"
        )
    if not contents.pages:
        raise Http404("the issue has no pages")
    return _page_view(request, contents, contents.pages[0])


def page(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1, fmt: str = "html"
) -> HttpResponse:
    publication = get_publication(pub)
    the_issue = get_issue(request, publication, date, edition)
    contents = issue_contents(the_issue)
    the_page = contents.page(page)
    if fmt == "json":
        prev, nxt = contents.neighbours(contents.pages, the_page)
        return conditional(
            request,
            the_issue,
            lambda: _json(serialize.page_json(request, contents, the_page, prev, nxt)),
            "json",
            page,
        )
    return _page_view(request, contents, the_page)


def _page_view(request: HttpRequest, contents: IssueContents, the_page: Page) -> HttpResponse:
    language = activate_for(request, contents.issue.publication)
    prev, nxt = contents.neighbours(contents.pages, the_page)
    articles = contents.articles_on(the_page)
    zones = [
        {
            "article": a,
            "url": article_url(a),
            "regions": contents.zones_on(a, the_page),
        }
        for a in articles
    ]

    def build() -> HttpResponse:
        context = {
            **_masthead(request, contents.issue.publication, contents.issue),
            "contents": contents,
            "page": the_page,
            "pages": [
                {
                    "page": p,
                    "url": page_url(p),
                    "thumb": page_url(p, "page_thumb"),
                    "current": p == the_page,
                }
                for p in contents.pages
            ],
            "articles": [{"article": a, "url": article_url(a)} for a in articles],
            "zones": zones,
            "previous_page_url": page_url(prev) if prev else None,
            "next_page_url": page_url(nxt) if nxt else None,
            "previous_page": prev,
            "next_page": nxt,
            "image_url": page_url(the_page, "page_image"),
            "pdf_url": page_url(the_page, "page_pdf"),
            "json_url": page_url(the_page, "page_json"),
        }
        return render(request, "reader/page.html", context)

    return conditional(
        request,
        contents.issue,
        build,
        "page",
        the_page.number,
        language,
        request.user.is_authenticated,
    )


def _file_response(request: HttpRequest, issue: Issue, field: Any, filename: str) -> HttpResponse:
    def build() -> HttpResponse:
        try:
            handle = field.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("file missing") from None
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        disposition = "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response

    return conditional(request, issue, build, "file", field.name, max_age=86400)


def page_pdf(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1
) -> HttpResponse:
    the_issue = get_issue(request, get_publication(pub), date, edition)
    the_page = _page_row(the_issue, page)
    return _file_response(request, the_issue, the_page.pdf, f"{pub}-{date.isoformat()}-{page}.pdf")


def page_image(
    request: HttpRequest, pub: str, date: dt.date, page: str, rendition: str, edition: int = 1
) -> HttpResponse:
    the_issue = get_issue(request, get_publication(pub), date, edition)
    the_page = _page_row(the_issue, page)
    field = the_page.image if rendition == "image" else the_page.thumbnail
    return _file_response(request, the_issue, field, f"{pub}-{date.isoformat()}-{page}.jpg")


def _page_row(issue: Issue, number: str) -> Page:
    try:
        return issue.pages.get(number=number)
    except Page.DoesNotExist:
        raise Http404("no such page") from None


def article(
    request: HttpRequest, pub: str, date: dt.date, number: int, edition: int = 1, fmt: str = "html"
) -> HttpResponse:
    return _article_view(request, pub, date, number, edition, fmt, "reader/article.html")


def article_print(
    request: HttpRequest, pub: str, date: dt.date, number: int, edition: int = 1
) -> HttpResponse:
    return _article_view(request, pub, date, number, edition, "html", "reader/article_print.html")


def _article_view(
    request: HttpRequest,
    pub: str,
    date: dt.date,
    number: int,
    edition: int,
    fmt: str,
    template: str,
) -> HttpResponse:
    publication = get_publication(pub)
    the_issue = get_issue(request, publication, date, edition)
    contents = issue_contents(the_issue)
    the_article = next((a for a in contents.articles if a.number == number), None)
    if the_article is None:
        raise Http404("no such article")
    prev, nxt = contents.neighbours(contents.articles, the_article)
    if fmt == "json":
        return conditional(
            request,
            the_issue,
            lambda: _json(serialize.article_json(request, contents, the_article, prev, nxt)),
            "json",
            number,
        )
    language = activate_for(request, publication)
    on_pages = [p for p in contents.pages if p.id in contents.pages_of.get(the_article.id, [])]

    def build() -> HttpResponse:
        context = {
            **_masthead(request, publication, the_issue),
            "article": the_article,
            "page": the_article.page,
            "on_pages": [
                {
                    "page": p,
                    "url": page_url(p) + f"#article-{the_article.number}",
                    "thumb": page_url(p, "page_thumb"),
                    "zones": contents.zones_on(the_article, p),
                }
                for p in on_pages
            ],
            "previous_article": prev,
            "next_article": nxt,
            "previous_article_url": article_url(prev) if prev else None,
            "next_article_url": article_url(nxt) if nxt else None,
            "page_url": page_url(the_article.page),
            "pdf_url": page_url(the_article.page, "page_pdf"),
            "print_url": article_url(the_article, "article_print"),
            "json_url": article_url(the_article, "article_json"),
            "canonical_url": request.build_absolute_uri(article_url(the_article)),
            "image_url": request.build_absolute_uri(page_url(the_article.page, "page_image")),
        }
        return render(request, template, context)

    return conditional(
        request, the_issue, build, template, number, language, request.user.is_authenticated
    )


def calendar(request: HttpRequest, pub: str, year: int) -> HttpResponse:
    publication = get_publication(pub)
    activate_for(request, publication)
    # One query for the whole year, however many issues it holds.
    dates = {
        d: issue_url(i)
        for i in visible_issues(request, publication)
        .filter(date__year=year, edition=1)
        .select_related("publication")
        for d in [i.date]
    }
    cal = pycalendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            weeks.append(
                [
                    {
                        "date": d,
                        "in_month": d.month == month,
                        "url": dates.get(d) if d.month == month else None,
                    }
                    for d in week
                ]
            )
        months.append(
            {
                "month": dt.date(year, month, 1),
                "weeks": weeks,
                "count": sum(1 for d in dates if d.month == month),
            }
        )
    years = visible_issues(request, publication).dates("date", "year")
    latest = latest_issue(request, publication)
    context = {
        **_masthead(request, publication, None),
        "year": year,
        "months": months,
        "years": [d.year for d in years],
        "latest_url": issue_url(latest) if latest else None,
        "issue_count": len(dates),
        "weekdays": [dt.date(2024, 1, d) for d in range(1, 8)],  # 2024-01-01 was a Monday
    }
    return render(request, "reader/calendar.html", context)
