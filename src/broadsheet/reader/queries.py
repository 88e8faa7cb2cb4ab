"""What the reader may show, fetched with a fixed, small number of queries per view."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from broadsheet.newspaper.models import Article, Issue, Page, Publication, Region


def can_preview(request: HttpRequest) -> bool:
    """Staff may look at issues that are not published yet (the operator's preview)."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def visible_issues(request: HttpRequest, publication: Publication) -> QuerySet[Issue]:
    issues = Issue.objects.filter(publication=publication)
    if can_preview(request):
        return issues.exclude(status=Issue.Status.WITHDRAWN)
    return issues.filter(status=Issue.Status.PUBLISHED)


def get_publication(slug: str) -> Publication:
    try:
        return Publication.objects.get(slug=slug)
    except Publication.DoesNotExist:
        raise Http404(f"no publication {slug!r}") from None


def get_issue(
    request: HttpRequest, publication: Publication, date: dt.date, edition: int = 1
) -> Issue:
    issue = (
        visible_issues(request, publication)
        .select_related("publication")
        .filter(date=date, edition=edition)
        .first()
    )
    if issue is None:
        raise Http404("no such issue")
    return issue


def latest_issue(request: HttpRequest, publication: Publication) -> Issue | None:
    return visible_issues(request, publication).order_by("-date", "-edition").first()


def neighbour_issues(request: HttpRequest, issue: Issue) -> tuple[Issue | None, Issue | None]:
    """The previous and next issue of the publication, skipping days without one."""
    issues = visible_issues(request, issue.publication)
    previous = (
        issues.filter(date__lt=issue.date).order_by("-date", "-edition").first()
        if issue.edition == 1
        else issues.filter(date=issue.date, edition__lt=issue.edition).order_by("-edition").first()
    )
    later = issues.filter(date=issue.date, edition__gt=issue.edition).order_by("edition").first()
    if later is None:
        later = issues.filter(date__gt=issue.date).order_by("date", "edition").first()
    return previous, later


@dataclass
class IssueContents:
    """An issue's pages and its reader-facing articles with their zones, loaded in 3 queries."""

    issue: Issue
    pages: list[Page]
    articles: list[Article]
    zones: dict[int, list[Region]] = field(default_factory=dict)  # by article id
    pages_of: dict[int, list[int]] = field(default_factory=dict)  # article id -> page ids

    def page(self, number: str) -> Page:
        for page in self.pages:
            if page.number == number:
                return page
        raise Http404("no such page")

    def articles_on(self, page: Page) -> list[Article]:
        return [a for a in self.articles if page.id in self.pages_of.get(a.id, [])]

    def zones_on(self, article: Article, page: Page) -> list[Region]:
        return [r for r in self.zones.get(article.id, []) if r.page_id == page.id]

    def neighbours(self, seq: list, item: object) -> tuple:
        i = seq.index(item)
        return (seq[i - 1] if i > 0 else None, seq[i + 1] if i + 1 < len(seq) else None)


def issue_contents(issue: Issue) -> IssueContents:
    pages = list(issue.pages.all())
    for page in pages:
        page.issue = issue
    by_id = {p.id: p for p in pages}
    articles = list(
        Article.objects.filter(issue=issue).exclude(kind=Article.Kind.ADVERT).order_by("order")
    )
    for article in articles:
        article.issue = issue
        article.page = by_id[article.page_id]
    zones: dict[int, list[Region]] = defaultdict(list)
    pages_of: dict[int, list[int]] = defaultdict(list)
    for region in Region.objects.filter(article__issue=issue, role=Region.Role.ZONE).order_by("id"):
        zones[region.article_id].append(region)
        if region.page_id not in pages_of[region.article_id]:
            pages_of[region.article_id].append(region.page_id)
    for article in articles:
        if article.page_id not in pages_of[article.id]:
            pages_of[article.id].insert(0, article.page_id)
    return IssueContents(
        issue=issue, pages=pages, articles=articles, zones=dict(zones), pages_of=dict(pages_of)
    )
