"""What a reader page tells link previews and search engines: the canonical URL, Open Graph and
Twitter card tags, and schema.org JSON-LD (NewsArticle, PublicationIssue, Periodical).

Pure functions: they take the objects and the request and return a plain dictionary

    {"canonical": absolute URL, "meta": [(attribute, key, content), ...], "jsonld": dict | None}

that `reader/_sharing.html` renders in the page's `<head>`.

**Built as for an anonymous reader.** A link preview is fetched by a bot with no session, and a
rendered page is kept in the render cache, so the tags never say more than the public may see,
whoever is looking: where the access policy keeps an anonymous reader out of an article
(`allowed(anonymous, issue, "article")`), there is no description from the body, no byline, no
subheadline, no title made from the body, and no image an anonymous reader could not fetch
(`"image"`); the JSON-LD says `isAccessibleForFree: false` and marks the body
(`.article-body`) as the paywalled part. Headlines are public, as in feeds and search results.

**No hreflang.** The interface language is a cookie (docs/reader.md "Language"): every URL
serves both languages, so there is no other-language URL to point to.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from broadsheet.access.policy import allowed
from broadsheet.newspaper.models import Article, Issue, Page, Publication
from broadsheet.reader.feeds import issue_title
from broadsheet.reader.links import article_url, issue_url, page_url
from broadsheet.reader.outward import issue_moment, issue_updated
from broadsheet.reader.queries import IssueContents
from broadsheet.reader.templatetags.reader_tags import dateline, page_label

ANONYMOUS = AnonymousUser()
SITE_NAME = "Broadsheet"
DESCRIPTION_CHARS = 160  # as the article view had before
SHARE_WIDTH = 1200  # the page rendition and the card's widest size (renditions.py, files.py)
CARD_WIDTH = 1200
PAYWALLED_SELECTOR = ".article-body"  # reader/article.html: the part a reader pays for

# og:locale wants language_TERRITORY; JSON-LD's inLanguage a BCP 47 tag.
OG_LOCALES = {"zh-hans": "zh_CN", "en": "en_US"}
BCP47 = {"zh-hans": "zh-Hans", "en": "en"}

Meta = tuple[str, str, str]


# ----------------------------------------------------------------------------- helpers


def _abs(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def og_locale(language: str | None = None) -> str:
    """The interface language of the page (the `<html lang>`), as og:locale."""
    return OG_LOCALES.get((language or get_language() or "zh-hans").lower(), "zh_CN")


def _short(text: str, chars: int = DESCRIPTION_CHARS) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


def anonymous_may(issue: Issue, what: str) -> bool:
    return allowed(ANONYMOUS, issue, what)


def _scaled_height(width: int, height: int, to: int) -> int:
    return max(1, round(height * to / width)) if width else 0


def page_share_image(request: HttpRequest, page: Page) -> dict[str, Any]:
    """The page at 1200 px (a rendition made on first request), with its size."""
    url = issue_url(page.issue, "page_rendition", page=page.number, width=SHARE_WIDTH, fmt="jpg")
    if page.image_width and page.image_height:
        height = _scaled_height(page.image_width, page.image_height, SHARE_WIDTH)
    else:
        height = _scaled_height(round(page.width), round(page.height), SHARE_WIDTH)
    return {"url": _abs(request, url), "width": SHARE_WIDTH, "height": height}


def article_card_image(
    request: HttpRequest, contents: IssueContents, article: Article
) -> dict[str, Any] | None:
    """The article's zone on its first page, cut from the page (`…/a/<n>/card.jpg`), with the
    size files.article_crop makes it; None when the article has no zone there (the card
    route answers 404 then)."""
    zones = contents.zones_on(article, article.page)
    if not zones:
        return None
    page = article.page
    url = _abs(request, issue_url(article.issue, "article_card", number=article.number))
    if not (page.image_width and page.width):
        return {"url": url, "width": None, "height": None}
    scale = page.image_width / page.width
    x0 = max(0, round(min(z.x0 for z in zones) * scale))
    y0 = max(0, round(min(z.y0 for z in zones) * scale))
    x1 = min(page.image_width, max(x0 + 1, round(max(z.x1 for z in zones) * scale)))
    y1 = min(page.image_height or y0 + 1, max(y0 + 1, round(max(z.y1 for z in zones) * scale)))
    width, height = x1 - x0, y1 - y0
    if width > CARD_WIDTH:
        width, height = CARD_WIDTH, _scaled_height(width, height, CARD_WIDTH)
    return {"url": url, "width": width, "height": height}


def _image_meta(image: dict[str, Any] | None, alt: str) -> list[Meta]:
    if image is None:
        return [("name", "twitter:card", "summary")]
    meta: list[Meta] = [("property", "og:image", image["url"])]
    if image.get("width") and image.get("height"):
        meta += [
            ("property", "og:image:width", str(image["width"])),
            ("property", "og:image:height", str(image["height"])),
        ]
    meta += [
        ("property", "og:image:alt", alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:image", image["url"]),
        ("name", "twitter:image:alt", alt),
    ]
    return meta


def _card(
    *,
    canonical: str,
    kind: str,
    title: str,
    description: str,
    site_name: str,
    image: dict[str, Any] | None,
    image_alt: str,
    extra: list[Meta] | None = None,
    jsonld: dict[str, Any] | None = None,
) -> dict[str, Any]:
    meta: list[Meta] = []
    if description:
        meta.append(("name", "description", description))
    meta += [
        ("property", "og:type", kind),
        ("property", "og:title", title),
        ("property", "og:url", canonical),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", og_locale()),
    ]
    if description:
        meta.append(("property", "og:description", description))
    meta += _image_meta(image, image_alt)
    meta.append(("name", "twitter:title", title))
    if description:
        meta.append(("name", "twitter:description", description))
    meta += extra or []
    return {"canonical": canonical, "meta": meta, "jsonld": jsonld}


def _headlines(articles: list[Article]) -> str:
    """Headlines only (never a title made from the body): public even where text is not."""
    return " · ".join(a.headline for a in articles if a.headline)


# ----------------------------------------------------------------------------- schema.org


def periodical_ld(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Periodical",
        "@id": _abs(request, reverse("reader:publication", args=[publication.slug])),
        "name": publication.name,
        "url": _abs(request, reverse("reader:publication", args=[publication.slug])),
        "inLanguage": BCP47.get(publication.language, publication.language),
    }
    if publication.description:
        data["description"] = publication.description
    return data


def issue_ld(request: HttpRequest, issue: Issue) -> dict[str, Any]:
    """The issue as a PublicationIssue. Broadsheet keeps no issue number (期号), so there is
    no `issueNumber`; a later edition of a day is named by its edition."""
    data: dict[str, Any] = {
        "@type": "PublicationIssue",
        "@id": _abs(request, issue_url(issue)),
        "url": _abs(request, issue_url(issue)),
        "name": issue_title(issue),
        "datePublished": issue.date.isoformat(),
        "isPartOf": periodical_ld(request, issue.publication),
    }
    if issue.edition != 1:
        data["version"] = str(issue.edition)
    return data


def _with_context(data: dict[str, Any]) -> dict[str, Any]:
    return {"@context": "https://schema.org", **data}


# ----------------------------------------------------------------------------- pages


def home_card(request: HttpRequest) -> dict[str, Any]:
    canonical = _abs(request, reverse("reader:home"))
    return _card(
        canonical=canonical,
        kind="website",
        title=_("Today's papers"),
        description="",
        site_name=SITE_NAME,
        image=None,
        image_alt="",
        jsonld=_with_context(
            {"@type": "WebSite", "@id": canonical, "url": canonical, "name": SITE_NAME}
        ),
    )


def publication_card(
    request: HttpRequest, publication: Publication, path: str, title: str
) -> dict[str, Any]:
    """A publication's own pages (its year and month calendars: the archive): a Periodical."""
    canonical = _abs(request, path)
    return _card(
        canonical=canonical,
        kind="website",
        title=f"{title} · {publication.name}",
        description=_short(publication.description),
        site_name=publication.name,
        image=None,
        image_alt="",
        jsonld=_with_context(periodical_ld(request, publication)),
    )


def issue_card(
    request: HttpRequest, contents: IssueContents, page: Page | None = None, path: str = ""
) -> dict[str, Any]:
    """An issue (opened at its first page), a page of it (`page`), or its contents (`path`)."""
    issue = contents.issue
    front = page or (contents.pages[0] if contents.pages else None)
    if page is not None:
        canonical = _abs(request, page_url(page))
        title = f"{page_label(page)} · {issue_title(issue)}"
    else:
        canonical = _abs(request, path or issue_url(issue))
        title = issue_title(issue)
        if path:
            title = f"{_('Contents')} · {title}"
    headlines = _headlines(contents.articles_on(front)) if front else ""
    description = _short(f"{page_label(front)} · {headlines}" if headlines and front else "")
    image = page_share_image(request, front) if front and anonymous_may(issue, "image") else None
    alt = f"{issue_title(issue)} · {page_label(front)}" if front else issue_title(issue)
    jsonld: dict[str, Any] = issue_ld(request, issue)
    if page is not None:
        jsonld = {
            "@type": "WebPage",
            "@id": canonical,
            "url": canonical,
            "name": title,
            "inLanguage": BCP47.get(issue.publication.language, issue.publication.language),
            "isPartOf": jsonld,
        }
        if image:
            jsonld["primaryImageOfPage"] = _image_ld(image)
    elif image:
        jsonld["image"] = _image_ld(image)
    return _card(
        canonical=canonical,
        kind="website",
        title=title,
        description=description,
        site_name=issue.publication.name,
        image=image,
        image_alt=alt,
        jsonld=_with_context(jsonld),
    )


def _image_ld(image: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "ImageObject", "url": image["url"]}
    if image.get("width") and image.get("height"):
        data["width"] = image["width"]
        data["height"] = image["height"]
    return data


def article_card(request: HttpRequest, contents: IssueContents, article: Article) -> dict[str, Any]:
    """An article: og:type article and a NewsArticle, as much as an anonymous reader may see."""
    issue, page, publication = contents.issue, article.page, contents.issue.publication
    canonical = _abs(request, article_url(article))
    readable = anonymous_may(issue, "article")
    if readable:
        title = article.title
        description = _short(article.body_text or article.subheadline or article.kicker)
    else:
        # Never the stand-in title made from the body (Article.title) nor any of the text.
        title = article.closed_title
        description = f"{publication.name} · {dateline(issue.date)} · {page_label(page)}"
    image = article_card_image(request, contents, article)
    if image is None or not anonymous_may(issue, "image"):
        image = None
    published = issue_moment(issue).replace(microsecond=0).isoformat()
    modified = issue_updated(issue).replace(microsecond=0).isoformat()
    extra: list[Meta] = [
        ("property", "article:published_time", published),
        ("property", "article:modified_time", modified),
        ("property", "article:section", page.name or page_label(page)),
    ]
    if readable and article.byline:
        extra.append(("property", "article:author", article.byline))
    ld: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": canonical,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "headline": title,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": BCP47.get(publication.language, publication.language),
        "articleSection": page.name or page_label(page),
        "pageStart": page.number,
        "isPartOf": issue_ld(request, issue),
        "publisher": {"@type": "Organization", "name": publication.name},
        "isAccessibleForFree": readable,
    }
    if description:
        ld["description"] = description
    if readable and article.subheadline:
        ld["alternativeHeadline"] = article.subheadline
    if readable and article.byline:
        ld["author"] = [{"@type": "Person", "name": article.byline}]
    if image:
        ld["image"] = [_image_ld(image)]
    if not readable:
        ld["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": PAYWALLED_SELECTOR,
        }
    alt = _("%(title)s, as printed on %(page)s") % {"title": title, "page": page_label(page)}
    return _card(
        canonical=canonical,
        kind="article",
        title=title,
        description=description,
        site_name=publication.name,
        image=image,
        image_alt=alt,
        extra=extra,
        jsonld=_with_context(ld),
    )


# ----------------------------------------------------------------------------- rendering

_LD_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def ld_json_script(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">` holding `data`, safe whatever its strings hold.

    As Django's `json_script`: `<`, `>` and `&` become JSON `\\u` escapes, so no `</script>`,
    `<!--` or `<![CDATA[` can appear in the element; quotes are escaped by JSON itself; U+2028
    and U+2029 (line breaks to old JavaScript parsers) are escaped too. The text is still the
    same JSON for any parser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_LD_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
