"""Sitemaps (`django.contrib.sitemaps`), a Google News sitemap and robots.txt.

`/sitemap.xml` is the index of the sections `publications` (each publication's year calendars;
`/<pub>/` itself only redirects), `issues`, `pages`, `articles` (each split into pages of
`limit` URLs: `/sitemap-articles.xml?p=2`) and `news`, the articles of the last two days.

Only published issues are listed, and of them only what an anonymous reader (a crawler) may
open: a restricted publication's recent issues answer 403 to crawlers, so they are left out
until its `free_after_days` frees them. Withdrawn issues never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from broadsheet.http import read_only
from broadsheet.newspaper.models import Article, Issue, Page, Publication
from broadsheet.reader.links import article_url, issue_url, page_url
from broadsheet.reader.outward import (
    issue_moment,
    open_issues,
    public_cached,
    published_issues,
    stamp,
)

NEWS_DAYS = 2
# Google News takes at most 1,000 URLs per news sitemap.
NEWS_LIMIT = 1000


def _latest(issues: QuerySet[Issue]) -> dt.datetime | None:
    last: dt.datetime | None = issues.aggregate(last=Max("updated_at"))["last"]
    return last


class PublicationsSitemap(Sitemap):
    """Each publication's archive: one calendar per year that has a published issue."""

    limit = 10_000

    def items(self) -> list[dict[str, Any]]:
        rows = (
            published_issues()
            .annotate(year=ExtractYear("date"))
            .values("publication__slug", "publication__sort_order", "year")
            .annotate(last=Max("updated_at"))
            .order_by("publication__sort_order", "publication__slug", "-year")
        )
        return [dict(row) for row in rows]

    def location(self, item: dict[str, Any]) -> str:
        return reverse("reader:calendar", args=[item["publication__slug"], item["year"]])

    def lastmod(self, item: dict[str, Any]) -> dt.datetime:
        last: dt.datetime = item["last"]
        return last

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _latest(published_issues())


class IssuesSitemap(Sitemap):
    limit = 10_000

    def items(self) -> QuerySet[Issue]:
        return (
            open_issues()
            .select_related("publication")
            .only("date", "edition", "updated_at", "publication__slug")
            .order_by("publication__sort_order", "publication__slug", "-date", "edition")
        )

    def location(self, item: Issue) -> str:
        return issue_url(item)

    def lastmod(self, item: Issue) -> dt.datetime | None:
        return item.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _latest(open_issues())


class _WithinIssuesSitemap(Sitemap):
    """Pages or articles of the open issues, newest issue first, in their order within it;
    an item changes when its issue does."""

    limit = 10_000
    order_within = ""

    def _within_open_issues(self, items: QuerySet[Any]) -> QuerySet[Any]:
        return (
            items.filter(issue__in=open_issues())
            .select_related("issue__publication")
            .only(
                "number",
                "issue__date",
                "issue__edition",
                "issue__updated_at",
                "issue__publication__slug",
            )
            .order_by(
                "issue__publication__sort_order",
                "issue__publication__slug",
                "-issue__date",
                "issue__edition",
                self.order_within,
            )
        )

    def lastmod(self, item: Page | Article) -> dt.datetime | None:
        return item.issue.updated_at

    def get_latest_lastmod(self) -> dt.datetime | None:
        return _latest(open_issues())


class PagesSitemap(_WithinIssuesSitemap):
    order_within = "sequence"

    def items(self) -> QuerySet[Page]:
        return self._within_open_issues(Page.objects.all())

    def location(self, item: Page) -> str:
        return page_url(item)


class ArticlesSitemap(_WithinIssuesSitemap):
    order_within = "order"

    def items(self) -> QuerySet[Article]:
        return self._within_open_issues(Article.objects.exclude(kind=Article.Kind.ADVERT))

    def location(self, item: Article) -> str:
        return article_url(item)


def news_language(publication: Publication) -> str:
    """Google News wants ISO 639 codes, with zh-cn for Simplified Chinese."""
    return {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}.get(publication.language, publication.language)


@dataclass
class NewsItem:
    url: str
    name: str
    language: str
    published: str  # W3C date-time in the publication's time zone
    title: str


class NewsSitemap(Sitemap):
    """Articles of issues that came out in the last two days (`issue_moment`)."""

    limit = NEWS_LIMIT

    def _issues(self) -> list[Issue]:
        since = timezone.now() - dt.timedelta(days=NEWS_DAYS)
        # A generous cut by date first (time zones), then the exact moment.
        candidates = (
            open_issues()
            .filter(date__gte=timezone.localdate() - dt.timedelta(days=NEWS_DAYS + 1))
            .select_related("publication")
            .order_by("-date", "edition")
        )
        return [i for i in candidates if since <= issue_moment(i) <= timezone.now()]

    def items(self) -> list[NewsItem]:
        issues = self._issues()
        by_id = {i.pk: i for i in issues}
        articles = (
            Article.objects.filter(issue__in=issues)
            .exclude(kind=Article.Kind.ADVERT)
            .order_by("order")
        )
        ordered = sorted(articles, key=lambda a: (issues.index(by_id[a.issue_id]), a.order))
        items = []
        for article in ordered[:NEWS_LIMIT]:
            issue = by_id[article.issue_id]
            article.issue = issue
            items.append(
                NewsItem(
                    url=article_url(article),
                    name=issue.publication.name,
                    language=news_language(issue.publication),
                    published=issue_moment(issue).isoformat(timespec="seconds"),
                    title=article.title,
                )
            )
        return items

    def location(self, item: NewsItem) -> str:
        return item.url

    def get_latest_lastmod(self) -> dt.datetime | None:
        return None


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "publications": PublicationsSitemap,
    "issues": IssuesSitemap,
    "pages": PagesSitemap,
    "articles": ArticlesSitemap,
    "news": NewsSitemap,
}
TEMPLATES = {"news": "reader/sitemap_news.xml"}


def _parts(kind: str) -> tuple[object, ...]:
    return (kind, stamp(Publication.objects.all(), published_issues()))


@read_only
def index(request: HttpRequest) -> HttpResponseBase:
    def build() -> HttpResponseBase:
        return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")

    return public_cached(request, _parts("index"), build)


@read_only
def section(request: HttpRequest, section: str) -> HttpResponseBase:
    def build() -> HttpResponseBase:
        template = TEMPLATES.get(section, "sitemap.xml")
        return sitemap_views.sitemap(request, SITEMAPS, section=section, template_name=template)

    return public_cached(request, _parts(section), build)


# Never crawled: the editing desk, the admin, accounts, search results (endless and thin) and
# the language switch (a redirect to a page already listed).
DISALLOWED = ("/desk/", "/admin/", "/accounts/", "/search/", "/search.json", "/lang/", "/i18n/")


@read_only
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
