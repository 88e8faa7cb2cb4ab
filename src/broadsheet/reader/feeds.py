"""Atom and RSS 2.0 feeds of a publication: its latest issues, and the articles of them.

Built with `django.contrib.syndication`, in the publication's language, with absolute reader
URLs and the dates an issue came out in the publication's time zone. A feed is the same for
everyone and is cached publicly, so what it shows is decided as for an anonymous reader
(`allowed(..., "feed")`): headlines always, an article's text only where anyone may read it.
Only published issues appear; drafts, scheduled, ready and withdrawn issues never do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import feedgenerator, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from broadsheet.access.models import Level
from broadsheet.access.policy import allowed, policy_for, required_level, satisfies
from broadsheet.http import read_only
from broadsheet.newspaper.models import Article, Issue, Page, Publication
from broadsheet.reader.links import article_url, issue_url
from broadsheet.reader.outward import (
    issue_moment,
    issue_updated,
    public_cached,
    published_issues,
    stamp,
)
from broadsheet.reader.queries import get_publication
from broadsheet.reader.templatetags.reader_tags import dateline, page_label

ISSUES_IN_FEED = 30
ISSUES_IN_ARTICLE_FEED = 7
ARTICLES_IN_FEED = 300

ANONYMOUS = AnonymousUser()


def issue_title(issue: Issue) -> str:
    """ "江城日报 2026年11月27日 星期五", "The Courier Friday, 27 November 2026 · Edition 2"."""
    title = f"{issue.publication.name} {dateline(issue.date)}"
    if issue.edition != 1:
        title += " · " + _("Edition %(n)s") % {"n": issue.edition}
    return title


class IssuesFeed(Feed):
    """RSS 2.0: the publication's latest published issues, each with its pages' headlines."""

    feed_type: type[feedgenerator.SyndicationFeed] = feedgenerator.Rss201rev2Feed
    url_name = "reader:feed_rss"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Publication:
        self.request = request
        publication: Publication = kwargs["pub"]
        return publication

    def title(self, obj: Publication) -> str:
        return obj.name

    def description(self, obj: Publication) -> str:
        return obj.description or _("The latest issues of %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Publication) -> str:
        return self.description(obj)

    def link(self, obj: Publication) -> str:
        return reverse("reader:publication", args=[obj.slug])

    def feed_url(self, obj: Publication) -> str:
        return reverse(self.url_name, args=[obj.slug])

    def _absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    def items(self, obj: Publication) -> list[Any]:
        issues = list(published_issues(obj).order_by("-date", "-edition")[:ISSUES_IN_FEED])
        for issue in issues:
            issue.publication = obj
        self._load_headlines(issues)
        return issues

    def _load_headlines(self, issues: list[Issue]) -> None:
        """Pages and their headlines of all the issues, in two queries."""
        self.pages: dict[int, list[Page]] = defaultdict(list)
        self.headlines: dict[int, list[Article]] = defaultdict(list)
        by_id = {i.pk: i for i in issues}
        for page in Page.objects.filter(issue__in=issues).order_by("sequence"):
            page.issue = by_id[page.issue_id]
            self.pages[page.issue_id].append(page)
        articles = (
            Article.objects.filter(issue__in=issues)
            .exclude(kind=Article.Kind.ADVERT)
            .defer("body")
            .order_by("order")
        )
        for article in articles:
            article.issue = by_id[article.issue_id]
            if article.headline:
                self.headlines[article.page_id].append(article)

    def item_title(self, item: Issue) -> str:
        return issue_title(item)

    def item_link(self, item: Issue) -> str:
        return self._absolute(issue_url(item))

    def item_description(self, item: Issue) -> str:
        """Every page with its headlines (headlines are shown whatever the access policy)."""
        parts = []
        for page in self.pages.get(item.pk, []):
            links = format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (self._absolute(article_url(a)), a.headline)
                    for a in self.headlines.get(page.pk, [])
                ),
            )
            parts.append(
                format_html("<h3>{}</h3><ul>{}</ul>", page_label(page), links)
                if links
                else format_html("<h3>{}</h3>", page_label(page))
            )
        return "".join(parts)

    def item_pubdate(self, item: Issue) -> dt.datetime:
        return issue_moment(item)

    def item_updateddate(self, item: Issue) -> dt.datetime:
        return issue_updated(item)


class IssuesAtomFeed(IssuesFeed):
    feed_type = feedgenerator.Atom1Feed
    url_name = "reader:feed_atom"


class ArticlesFeed(IssuesFeed):
    """RSS 2.0: the articles of the publication's latest published issues, in reading order.
    The text is given only where an anonymous reader may read it (else a line saying who may)."""

    url_name = "reader:articles_rss"

    def description(self, obj: Publication) -> str:
        return _("Articles of the latest issues of %(name)s") % {"name": obj.name}

    def items(self, obj: Publication) -> list[Any]:
        issues = list(published_issues(obj).order_by("-date", "-edition")[:ISSUES_IN_ARTICLE_FEED])
        policy = policy_for(obj)
        self.readable: dict[int, bool] = {}
        self.refusal: dict[int, str] = {}
        for issue in issues:
            issue.publication = obj
            level = required_level(issue, "feed", policy)
            self.readable[issue.pk] = satisfies(ANONYMOUS, level, obj.pk)
            self.refusal[issue.pk] = (
                _("Sign in to read this issue.")
                if level == Level.REGISTERED
                else _("This content is for subscribers. Sign in if you have a subscription.")
            )
        by_id = {i.pk: i for i in issues}
        articles = list(
            Article.objects.filter(issue__in=issues)
            .exclude(kind=Article.Kind.ADVERT)
            .select_related("page")
        )
        articles.sort(key=lambda a: (issues.index(by_id[a.issue_id]), a.order))
        for article in articles:
            article.issue = by_id[article.issue_id]
        return articles[:ARTICLES_IN_FEED]

    def _may_read(self, item: Article) -> bool:
        readable = self.readable.get(item.issue_id)
        if readable is None:  # not loaded through items(): ask the policy itself
            readable = allowed(ANONYMOUS, item.issue, "feed")
        return readable

    def item_title(self, item: Article) -> str:  # type: ignore[override]
        # Where the text may not be read, never the stand-in title made from the body.
        return item.title if self._may_read(item) else item.closed_title

    def item_link(self, item: Article) -> str:  # type: ignore[override]
        return self._absolute(article_url(item))

    def item_description(self, item: Article) -> str:  # type: ignore[override]
        if not self._may_read(item):
            return format_html("<p>{}</p>", self.refusal.get(item.issue_id, ""))
        head = [
            format_html('<p class="{}">{}</p>', cls, text)
            for cls, text in (("kicker", item.kicker), ("subheadline", item.subheadline))
            if text
        ]
        body = [
            format_html("<h4>{}</h4>", b["text"])
            if b["type"] == "subhead"
            else format_html("<p>{}</p>", b["text"])
            for b in item.paragraphs
        ]
        return "".join(head + body)

    def item_author_name(self, item: Article) -> str | None:
        return (item.byline or None) if self._may_read(item) else None

    def item_categories(self, item: Article) -> list[str]:
        return [item.page.name] if item.page.name else []

    def item_pubdate(self, item: Article) -> dt.datetime:  # type: ignore[override]
        return issue_moment(item.issue)

    def item_updateddate(self, item: Article) -> dt.datetime:  # type: ignore[override]
        return issue_updated(item.issue)


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = feedgenerator.Atom1Feed
    url_name = "reader:articles_atom"


def _serve(feed_class: type[IssuesFeed], kind: str) -> Callable[..., HttpResponseBase]:
    @read_only
    def view(request: HttpRequest, pub: str) -> HttpResponseBase:
        publication = get_publication(pub)

        def build() -> HttpResponseBase:
            with translation.override(publication.language):
                response = feed_class()(request, pub=publication)
            response["Content-Language"] = publication.language
            return response

        parts = (kind, stamp([publication], published_issues(publication)))
        return public_cached(request, parts, build)

    view.__name__ = view.__qualname__ = f"{kind}_feed"
    return view


issues_rss = _serve(IssuesFeed, "issues_rss")
issues_atom = _serve(IssuesAtomFeed, "issues_atom")
articles_rss = _serve(ArticlesFeed, "articles_rss")
articles_atom = _serve(ArticlesAtomFeed, "articles_atom")
