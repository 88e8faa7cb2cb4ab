"""Link previews and search engines: canonical links, Open Graph / Twitter tags and schema.org
JSON-LD on every reader page, absolute, safely escaped, and never more than the public may see."""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from PIL import Image

from broadsheet.access.models import AccessPolicy, Subscription
from broadsheet.newspaper.models import Article, Issue
from broadsheet.reader.sharing import ld_json_script
from tests.conftest import ISSUE_DATE

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
ORIGIN = "http://testserver"
HOSTILE = "A </script><script>alert(\"x\")</script> <!-- b --> 'q' & c \u2028 d </SCRIPT >"


class Head(HTMLParser):
    """What a crawler reads from a page: meta tags, links and JSON-LD, inside and outside
    <head>, and the number of <script> elements (a broken-out one would add to it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.ld: list[str] = []
        self.scripts = 0
        self.in_head = False
        self._ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "script":
            self.scripts += 1
            if a.get("type") == "application/ld+json":
                assert self.in_head, "JSON-LD outside <head>"
                self._ld = []
        elif tag == "meta" and ("property" in a or "name" in a):
            assert self.in_head, f"meta tag outside <head>: {a}"
            self.meta.append((a.get("property") or a.get("name") or "", a.get("content", "")))
        elif tag == "link":
            self.links.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag == "script" and self._ld is not None:
            self.ld.append("".join(self._ld))
            self._ld = None

    def handle_data(self, data: str) -> None:
        if self._ld is not None:
            self._ld.append(data)

    # ---------------------------------------------------------------- what tests ask

    def one(self, key: str) -> str:
        values = [v for k, v in self.meta if k == key]
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def has(self, key: str) -> bool:
        return any(k == key for k, _ in self.meta)

    def canonical(self) -> str:
        found = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(found) == 1, found
        return found[0]

    def jsonld(self) -> dict[str, Any]:
        assert len(self.ld) == 1, self.ld
        return json.loads(self.ld[0])


def head_of(response: Any) -> Head:
    parser = Head()
    parser.feed(response.content.decode())
    parser.close()
    return parser


def fetch_image(client: Any, url: str) -> Image.Image:
    assert url.startswith(ORIGIN + "/"), url
    response = client.get(url[len(ORIGIN) :])
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return Image.open(io.BytesIO(data))


def first_article(issue: Any) -> Article:
    return Article.objects.filter(issue=issue).order_by("order").first()


# ------------------------------------------------------------------------------ articles


def test_article_has_open_graph_twitter_and_news_article(client, issues):
    article = first_article(issues[ISSUE_DATE])
    url = f"{ORIGIN}/jcrb/{DAY}/a/{article.number}/"
    head = head_of(client.get(f"/jcrb/{DAY}/a/{article.number}/?utm_source=x"))

    assert head.canonical() == url  # without the query string
    assert head.one("og:url") == url
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "第1版头条新闻标题"
    assert head.one("og:site_name") == "江城日报"
    assert head.one("og:locale") == "zh_CN"
    assert head.one("og:description").startswith("这是第1版头条的正文第一段")
    assert head.one("description") == head.one("og:description")
    assert len(head.one("og:description")) <= 160
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == "第1版头条新闻标题"
    assert head.one("article:section") == "要闻"
    published = dt.datetime.fromisoformat(head.one("article:published_time"))
    assert published.date() == ISSUE_DATE and published.utcoffset() == dt.timedelta(hours=8)
    assert head.one("article:author") == "本报记者 王小明"

    # The share card is the article's zone cut from the page, at the size the tags give.
    image_url = head.one("og:image")
    assert image_url == f"{ORIGIN}/jcrb/{DAY}/a/{article.number}/card.jpg"
    assert head.one("twitter:image") == image_url
    card = fetch_image(client, image_url)
    assert card.size == (int(head.one("og:image:width")), int(head.one("og:image:height")))
    assert head.one("og:image:alt") == "第1版头条新闻标题（见第A01版：要闻）"

    ld = head.jsonld()
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
    assert ld["headline"] == "第1版头条新闻标题"
    assert ld["alternativeHeadline"] == "——副题说明文字"
    assert ld["author"] == [{"@type": "Person", "name": "本报记者 王小明"}]
    assert ld["url"] == url and ld["mainEntityOfPage"]["@id"] == url
    assert ld["datePublished"] == head.one("article:published_time")
    assert ld["pageStart"] == "A01" and ld["articleSection"] == "要闻"
    assert ld["inLanguage"] == "zh-Hans"
    assert ld["isAccessibleForFree"] is True and "hasPart" not in ld
    width, height = card.size
    assert ld["image"] == [
        {"@type": "ImageObject", "url": image_url, "width": width, "height": height}
    ]
    assert ld["publisher"] == {"@type": "Organization", "name": "江城日报"}
    issue_ld = ld["isPartOf"]
    assert issue_ld["@type"] == "PublicationIssue"
    assert issue_ld["url"] == f"{ORIGIN}/jcrb/{DAY}/" and issue_ld["datePublished"] == DAY
    assert issue_ld["isPartOf"]["@type"] == "Periodical"
    assert issue_ld["isPartOf"]["name"] == "江城日报"
    assert issue_ld["isPartOf"]["url"] == f"{ORIGIN}/jcrb/"
    assert "issueNumber" not in issue_ld  # Broadsheet keeps none: nothing is made up


def test_print_view_points_to_the_article(client, issues):
    article = first_article(issues[ISSUE_DATE])
    head = head_of(client.get(f"/jcrb/{DAY}/a/{article.number}/print/"))
    assert head.canonical() == f"{ORIGIN}/jcrb/{DAY}/a/{article.number}/"
    assert not head.ld


def test_article_without_a_subheadline_or_byline_leaves_them_out(client, issues):
    article = Article.objects.filter(issue=issues[ISSUE_DATE], headline="第1版二条消息").get()
    head = head_of(client.get(f"/jcrb/{DAY}/a/{article.number}/"))
    ld = head.jsonld()
    assert "alternativeHeadline" not in ld and "author" not in ld
    assert not head.has("article:author")


# ------------------------------------------------------------------- issues, pages, archive


def test_issue_page_contents_and_edition_variants(client, issues):
    issue_url = f"{ORIGIN}/jcrb/{DAY}/"
    for path in (f"/jcrb/{DAY}/", f"/jcrb/{DAY}/?page=2&fbclid=abc", f"/jcrb/{DAY}/ed-1/"):
        response = client.get(path)
        assert response.status_code == 200, path
        head = head_of(response)
        assert head.canonical() == issue_url, path
        assert head.one("og:url") == issue_url
    assert head.one("og:type") == "website"
    assert head.one("og:title") == "江城日报 2026年11月27日 星期五"
    assert head.one("og:description").startswith(
        "第A01版：要闻 · 第1版头条新闻标题 · 第1版二条消息"
    )
    image = fetch_image(client, head.one("og:image"))
    assert head.one("og:image").endswith(f"/jcrb/{DAY}/A01.w1200.jpg")
    assert image.width == int(head.one("og:image:width")) == 1200
    assert abs(image.height - int(head.one("og:image:height"))) <= 1
    assert head.one("twitter:card") == "summary_large_image"
    assert not head.has("article:published_time")
    ld = head.jsonld()
    assert ld["@type"] == "PublicationIssue" and ld["url"] == issue_url
    assert ld["datePublished"] == DAY
    assert ld["isPartOf"] == {
        "@type": "Periodical",
        "@id": f"{ORIGIN}/jcrb/",
        "name": "江城日报",
        "url": f"{ORIGIN}/jcrb/",
        "inLanguage": "zh-Hans",
    }

    page_head = head_of(client.get(f"/jcrb/{DAY}/A02/?zoom=2"))
    assert page_head.canonical() == page_head.one("og:url") == f"{ORIGIN}/jcrb/{DAY}/A02/"
    assert page_head.one("og:title").startswith("第A02版：城市 · 江城日报")
    assert "第2版头条新闻标题" in page_head.one("og:description")
    assert page_head.one("og:image").endswith("/A02.w1200.jpg")
    page_ld = page_head.jsonld()
    assert page_ld["@type"] == "WebPage" and page_ld["isPartOf"]["@type"] == "PublicationIssue"
    assert page_ld["primaryImageOfPage"]["url"] == page_head.one("og:image")

    contents = head_of(client.get(f"/jcrb/{DAY}/contents/"))
    assert contents.canonical() == f"{ORIGIN}/jcrb/{DAY}/contents/"
    assert contents.jsonld()["@type"] == "PublicationIssue"


def test_publication_archive_is_a_periodical(client, issues):
    head = head_of(client.get("/jcrb/2026/"))
    assert head.canonical() == head.one("og:url") == f"{ORIGIN}/jcrb/2026/"
    assert head.one("og:type") == "website" and head.one("og:site_name") == "江城日报"
    ld = head.jsonld()
    assert ld["@type"] == "Periodical" and ld["name"] == "江城日报"
    assert ld["url"] == f"{ORIGIN}/jcrb/"
    month = head_of(client.get("/jcrb/2026/11/"))
    assert month.canonical() == f"{ORIGIN}/jcrb/2026/11/"
    assert month.jsonld()["@type"] == "Periodical"


def test_home_has_a_canonical_and_search_has_none(client, issues):
    head = head_of(client.get("/?from=newsletter"))
    assert head.canonical() == f"{ORIGIN}/"
    assert head.one("og:site_name") == "Broadsheet"
    search = head_of(client.get("/search/?q=城市&page=2"))
    assert not [link for link in search.links if link.get("rel") == "canonical"]
    assert search.one("robots") == "noindex" and not search.has("og:url")


def test_no_made_up_language_alternates(client, issues):
    """The interface language is a cookie: no URL serves only one language, so no hreflang."""
    head = head_of(client.get(f"/jcrb/{DAY}/"))
    assert not [link for link in head.links if "hreflang" in link]


# --------------------------------------------------------------------------- languages


def test_locale_follows_the_interface_language(client, issues, english_publication, page_pdfs):
    from broadsheet.ingest.pipeline import IngestRequest, ingest

    ingest(
        IngestRequest(
            publication="courier", date=ISSUE_DATE, files=page_pdfs[:1], publish=True, workers=1
        )
    )
    english = head_of(client.get(f"/courier/{DAY}/"))
    assert english.one("og:locale") == "en_US"
    assert english.one("og:title") == "The Riverside Courier Friday, 27 November 2026"
    assert english.jsonld()["isPartOf"]["inLanguage"] == "en"

    chinese = head_of(client.get(f"/jcrb/{DAY}/"))
    assert chinese.one("og:locale") == "zh_CN"

    # A reader who chose English sees an English interface; the paper stays Chinese.
    client.cookies["django_language"] = "en"
    article = first_article(issues[ISSUE_DATE])
    head = head_of(client.get(f"/jcrb/{DAY}/a/{article.number}/"))
    assert head.one("og:locale") == "en_US"
    assert head.jsonld()["inLanguage"] == "zh-Hans"
    assert head.one("og:image:alt") == "第1版头条新闻标题, as printed on Page A01: 要闻"


# ------------------------------------------------------------------------------ escaping


def test_hostile_headlines_cannot_leave_the_json_ld(client, issues):
    article = first_article(issues[ISSUE_DATE])
    normal = head_of(client.get(f"/jcrb/{DAY}/a/{article.number}/"))
    Article.objects.filter(pk=article.pk).update(
        headline=HOSTILE, subheadline=HOSTILE, byline=HOSTILE
    )
    Issue.objects.filter(pk=article.issue_id).update(version=F("version") + 1)  # a correction
    response = client.get(f"/jcrb/{DAY}/a/{article.number}/")
    html = response.content.decode()
    head = head_of(response)

    # No element was opened or closed by the headline: as many scripts as on a plain article.
    assert head.scripts == normal.scripts
    assert "<script>alert" not in html and "<!-- b" not in html
    assert "\u2028" not in head.ld[0]
    ld = head.jsonld()
    assert ld["headline"] == HOSTILE and ld["alternativeHeadline"] == HOSTILE
    assert ld["author"][0]["name"] == HOSTILE
    assert head.one("og:title") == HOSTILE and head.one("twitter:title") == HOSTILE

    # The page that lists the headline (zones, headline list, description) holds up too.
    page = client.get(f"/jcrb/{DAY}/A01/")
    assert "<script>alert" not in page.content.decode()
    assert " ".join(HOSTILE.split()) in head_of(page).one("og:description")  # spaces folded


def test_ld_json_script_escapes_like_json_script():
    data = {"headline": HOSTILE, "n": 1, "nested": [{"x": "</script >"}]}
    script = str(ld_json_script(data))
    assert script.startswith('<script type="application/ld+json">')
    inner = script[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert "\u2028" not in inner and "\\u2028" in inner
    assert json.loads(inner) == data


# ------------------------------------------------------------------------------- access


@pytest.fixture
def readers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User = get_user_model()
    registered = User.objects.create_user("reg", "reg@example.org", "pw-x9!long")
    subscriber = User.objects.create_user("sub", "sub@example.org", "pw-x9!long")
    return registered, subscriber


def assert_nothing_leaks(html: str, article: Article, head: Head) -> None:
    body = article.body_text
    for chunk in (body[:12], article.paragraphs[-1]["text"][:12]):
        assert chunk not in "".join(v for _, v in head.meta)
        assert chunk not in "".join(head.ld)
    assert not any("card.jpg" in v or ".jpg" in v for _, v in head.meta)
    assert "card.jpg" not in "".join(head.ld)
    assert article.byline not in "".join(v for _, v in head.meta) + "".join(head.ld)


def test_subscribers_only_article_tells_nothing_more_than_its_headline(
    client, publication, issues, readers
):
    registered, subscriber = readers
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    Subscription.objects.create(user=subscriber, publication=publication)
    article = first_article(issues[ISSUE_DATE])
    path = f"/jcrb/{DAY}/a/{article.number}/"

    # Anonymous (a link preview bot, a crawler) and a registered non-subscriber: the refusal,
    # with no sharing tags at all.
    for user in (None, registered):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 403
        head = head_of(response)
        assert [k for k, _ in head.meta] == ["viewport"] and not head.ld
        assert not [link for link in head.links if link.get("rel") == "canonical"]
        assert article.body_text[:12] not in response.content.decode()

    # The subscriber reads the article; its tags are still those the public may see.
    client.force_login(subscriber)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert article.paragraphs[0]["text"] in html  # they do read it
    head = head_of(response)
    assert_nothing_leaks(html, article, head)
    assert head.one("og:title") == "第1版头条新闻标题"
    assert head.one("og:description") == "江城日报 · 2026年11月27日 星期五 · 第A01版：要闻"
    assert head.one("twitter:card") == "summary" and not head.has("og:image")
    ld = head.jsonld()
    assert ld["isAccessibleForFree"] is False
    assert ld["hasPart"] == {
        "@type": "WebPageElement",
        "isAccessibleForFree": False,
        "cssSelector": ".article-body",
    }
    assert '<div class="article-body">' in html  # the selector names the paywalled body
    assert "alternativeHeadline" not in ld and "author" not in ld and "image" not in ld

    # The issue's page view: headlines are public, the page image is not.
    page = head_of(client.get(f"/jcrb/{DAY}/"))
    assert not page.has("og:image") and "image" not in page.jsonld()
    assert page.one("twitter:card") == "summary"


def test_registered_only_article_and_a_free_older_issue(client, publication, issues, readers):
    registered, _ = readers
    policy = AccessPolicy.objects.create(publication=publication, level="registered")
    article = first_article(issues[ISSUE_DATE])
    path = f"/jcrb/{DAY}/a/{article.number}/"
    assert client.get(path).status_code == 403
    client.force_login(registered)
    response = client.get(path)
    assert response.status_code == 200
    head = head_of(response)
    assert_nothing_leaks(response.content.decode(), article, head)
    assert head.jsonld()["isAccessibleForFree"] is False

    if timezone.localdate() <= ISSUE_DATE:
        return  # the archive rule below frees only issues in the past
    policy.free_after_days = 0  # every issue before today is free for everyone
    policy.save()
    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    head = head_of(response)
    assert head.jsonld()["isAccessibleForFree"] is True and "hasPart" not in head.jsonld()
    assert head.one("og:image").endswith("card.jpg")
    assert head.one("og:description").startswith("这是第1版头条的正文第一段")


def test_a_title_made_from_the_body_is_not_shared_where_the_body_is_closed(
    client, publication, issues, readers
):
    _, subscriber = readers
    AccessPolicy.objects.create(publication=publication, level="subscribers")
    Subscription.objects.create(user=subscriber, publication=publication)
    article = first_article(issues[ISSUE_DATE])
    Article.objects.filter(pk=article.pk).update(headline="", kicker="", subheadline="")
    article.refresh_from_db()
    assert article.title.startswith("这是第1版头条")  # what readers see on the page
    client.force_login(subscriber)
    head = head_of(client.get(f"/jcrb/{DAY}/a/{article.number}/"))
    assert head.one("og:title") == f"新闻 {article.number}"
    assert head.jsonld()["headline"] == f"新闻 {article.number}"
    assert "这是第1版头条" not in "".join(v for _, v in head.meta) + head.ld[0]
