"""Feeds (Atom, RSS), sitemaps (index, sections, Google News) and robots.txt."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from lxml import etree

from broadsheet.access.models import AccessPolicy
from broadsheet.newspaper.models import Article, Issue
from broadsheet.reader import sitemaps
from tests.conftest import ISSUE_DATE
from tests.factories import ingest_first_page

pytestmark = pytest.mark.django_db

DAY = ISSUE_DATE.isoformat()
EARLIER = (ISSUE_DATE - dt.timedelta(days=2)).isoformat()
DRAFT = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()
HOST = "http://testserver"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

# The parts of the sitemaps.org schema the sitemaps use (written here: nothing is downloaded).
SITEMAP_XSD = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xs:simpleType name="loc">
    <xs:restriction base="xs:anyURI">
      <xs:minLength value="12"/><xs:maxLength value="2048"/>
      <xs:pattern value="https?://.+"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="lastmod">
    <xs:union memberTypes="xs:date xs:dateTime"/>
  </xs:simpleType>
  <xs:element name="urlset">
    <xs:complexType><xs:sequence>
      <xs:element name="url" minOccurs="0" maxOccurs="50000">
        <xs:complexType><xs:sequence>
          <xs:element name="loc" type="loc"/>
          <xs:element name="lastmod" type="lastmod" minOccurs="0"/>
          <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="sitemapindex">
    <xs:complexType><xs:sequence>
      <xs:element name="sitemap" maxOccurs="50000">
        <xs:complexType><xs:sequence>
          <xs:element name="loc" type="loc"/>
          <xs:element name="lastmod" type="lastmod" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>"""
SCHEMA = etree.XMLSchema(etree.fromstring(SITEMAP_XSD))


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def sitemap(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    SCHEMA.assertValid(root)
    return root


def locs(root):
    return [el.text for el in root.iter(f"{SM}loc")]


def issue_articles(issue):
    return list(
        Article.objects.filter(issue=issue).exclude(kind=Article.Kind.ADVERT).order_by("order")
    )


def make_issue(slug, date, page_pdfs, manifest_for, publish=True):
    return ingest_first_page(page_pdfs, manifest_for, publication=slug, date=date, publish=publish)


# Feeds ---------------------------------------------------------------------------------------


def test_issue_feed_atom_lists_published_issues_with_absolute_links(client, issues):
    response, parsed = feed(client, "/jcrb/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "江城日报"
    assert parsed.feed.language == "zh-hans"
    assert parsed.feed.link == f"{HOST}/jcrb/"
    assert [e.link for e in parsed.entries] == [f"{HOST}/jcrb/{DAY}/", f"{HOST}/jcrb/{EARLIER}/"]
    first = parsed.entries[0]
    assert first.title == "江城日报 2026年11月27日 星期五"
    # Published long after its date (the test ingested it today): dated by its day, in the
    # publication's time zone.
    assert first.published == "2026-11-27T00:00:00+08:00"
    # Every page with its headlines, linking to the articles.
    assert "第A01版：要闻" in first.summary
    article = issue_articles(issues[ISSUE_DATE])[0]
    assert f'href="{HOST}/jcrb/{DAY}/a/{article.number}/"' in first.summary
    assert "第1版头条新闻标题" in first.summary
    assert DRAFT not in response.content.decode()


def test_issue_feed_rss(client, issues):
    response, parsed = feed(client, "/jcrb/feed.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    assert parsed.feed.link == f"{HOST}/jcrb/"
    assert [e.link for e in parsed.entries] == [f"{HOST}/jcrb/{DAY}/", f"{HOST}/jcrb/{EARLIER}/"]
    assert parsed.entries[0].published_parsed[:3] == (2026, 11, 26)  # 00:00 +08:00 in UTC
    assert "<pubDate>Fri, 27 Nov 2026 00:00:00 +0800</pubDate>" in response.content.decode()


def test_article_feed_gives_the_articles_with_their_text(client, issues):
    _, parsed = feed(client, "/jcrb/articles.atom")
    latest = issue_articles(issues[ISSUE_DATE])
    earlier = issue_articles(issues[ISSUE_DATE - dt.timedelta(days=2)])
    assert [e.link for e in parsed.entries] == [
        f"{HOST}/jcrb/{DAY}/a/{a.number}/" for a in latest
    ] + [f"{HOST}/jcrb/{EARLIER}/a/{a.number}/" for a in earlier]
    first = parsed.entries[0]
    assert first.title == "第1版头条新闻标题"
    assert "这是第1版头条的正文第一段" in first.summary
    assert first.author == "本报记者 王小明"
    assert first.tags[0].term == "要闻"
    _, rss = feed(client, "/jcrb/articles.rss")
    assert [e.link for e in rss.entries] == [e.link for e in parsed.entries]


def test_restricted_publication_feed_has_headlines_but_no_text(client, issues):
    AccessPolicy.objects.create(publication=issues[ISSUE_DATE].publication, level="subscribers")
    for path in ("/jcrb/articles.atom", "/jcrb/articles.rss"):
        response, parsed = feed(client, path)
        body = response.content.decode()
        assert parsed.entries and parsed.entries[0].title == "第1版头条新闻标题"
        assert "正文第一段" not in body and "志愿活动" not in body
        assert "本报记者" not in body  # no byline either
        assert "此内容仅供订户阅读" in parsed.entries[0].summary
    # An article without a headline is named by its kind and number, never by its body.
    article = Article.objects.filter(issue=issues[ISSUE_DATE]).order_by("order").first()
    Article.objects.filter(pk=article.pk).update(headline="")
    Issue.objects.filter(pk=article.issue_id).update(version=F("version") + 1)  # as an edit does
    for path in ("/jcrb/articles.atom", "/jcrb/articles.rss"):
        response, parsed = feed(client, path)
        assert "正文第一段" not in response.content.decode()
        assert parsed.entries[0].title == f"新闻 {article.number}"
    # The feed is the same for everyone (it is cached publicly): a staff reader gets no text.
    staff = get_user_model().objects.create_user("ed", "ed@example.org", "x", is_staff=True)
    client.force_login(staff)
    body = client.get("/jcrb/articles.atom").content.decode()
    assert "正文第一段" not in body


def test_a_policy_change_reaches_cached_feeds_and_sitemaps_at_once(client, issues):
    # (a policy change bumps the versions of the publication's issues, which the stamp holds)
    assert "正文第一段" in client.get("/jcrb/articles.atom").content.decode()
    assert f"/jcrb/{DAY}/" in client.get("/sitemap-issues.xml").content.decode()
    AccessPolicy.objects.create(publication=issues[ISSUE_DATE].publication, level="subscribers")
    assert "正文第一段" not in client.get("/jcrb/articles.atom").content.decode()
    assert f"/jcrb/{DAY}/" not in client.get("/sitemap-issues.xml").content.decode()


def test_old_issues_freed_by_the_policy_show_their_text(
    client, publication, page_pdfs, manifest_for
):
    today = timezone.localdate()
    make_issue("jcrb", today, page_pdfs, manifest_for)
    make_issue("jcrb", today - dt.timedelta(days=30), page_pdfs, manifest_for)
    AccessPolicy.objects.create(publication=publication, level="registered", free_after_days=7)
    _, parsed = feed(client, "/jcrb/articles.atom")
    by_day: dict[str, str] = {}
    for entry in parsed.entries:
        day = entry.link.split("/")[4]
        by_day[day] = by_day.get(day, "") + entry.summary
    assert "请登录后阅读本期" in by_day[today.isoformat()]
    assert "正文第一段" not in by_day[today.isoformat()]
    assert "正文第一段" in by_day[(today - dt.timedelta(days=30)).isoformat()]


def test_withdrawn_and_draft_issues_never_appear(client, issues):
    Issue.objects.filter(pk=issues[ISSUE_DATE].pk).update(status=Issue.Status.WITHDRAWN)
    for path in ("/jcrb/feed.atom", "/jcrb/feed.rss", "/jcrb/articles.atom"):
        body = client.get(path).content.decode()
        assert f"/jcrb/{DAY}/" not in body and DRAFT not in body
        assert f"/jcrb/{EARLIER}/" in body


def test_english_publication_feed_speaks_english(
    client, english_publication, page_pdfs, manifest_for
):
    make_issue("courier", ISSUE_DATE, page_pdfs, manifest_for)
    response, parsed = feed(client, "/courier/feed.atom")
    assert parsed.feed.language == "en"
    assert parsed.entries[0].title == "The Riverside Courier Friday, 27 November 2026"
    assert "Page A01: 要闻" in parsed.entries[0].summary
    assert response["Content-Language"] == "en"


def test_feeds_are_read_only_cached_and_answer_404_for_no_publication(client, issues):
    first = client.get("/jcrb/feed.atom")
    assert first["Cache-Control"].startswith("public")
    again = client.get("/jcrb/feed.atom", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Issue.objects.filter(pk=issues[ISSUE_DATE].pk).update(status=Issue.Status.WITHDRAWN)
    changed = client.get("/jcrb/feed.atom", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert client.post("/jcrb/feed.atom").status_code == 405
    assert client.get("/nopaper/feed.atom").status_code == 404
    # The feed URLs take nothing from the reader's year and date routes.
    assert client.get("/jcrb/2026/").status_code == 200
    assert client.get(f"/jcrb/{EARLIER}/").status_code == 200


def test_reader_pages_announce_the_feeds_in_their_head(client, issues):
    for path in (f"/jcrb/{DAY}/", f"/jcrb/{DAY}/contents/", "/jcrb/2026/"):
        html = client.get(path).content.decode()
        head = html.split("</head>")[0]
        assert (
            '<link rel="alternate" type="application/atom+xml" href="/jcrb/feed.atom"'
            ' title="江城日报：最新各期">'
        ) in head, path
        assert '<link rel="alternate" type="application/rss+xml" href="/jcrb/feed.rss"' in head
        assert 'type="application/atom+xml" href="/jcrb/articles.atom"' in head
        assert 'type="application/rss+xml" href="/jcrb/articles.rss"' in head
    article = issue_articles(issues[ISSUE_DATE])[0]
    head = client.get(f"/jcrb/{DAY}/a/{article.number}/").content.decode().split("</head>")[0]
    assert 'href="/jcrb/feed.atom"' in head
    assert 'type="application/json"' in head  # the page's own head block is kept
    assert "feed.atom" not in client.get("/").content.decode()  # no publication, no feed


# Sitemaps and robots.txt ---------------------------------------------------------------------


def test_sitemap_index_lists_every_section(client, issues):
    response = client.get("/sitemap.xml")
    root = etree.fromstring(response.content)
    SCHEMA.assertValid(root)
    assert root.tag == f"{SM}sitemapindex"
    assert locs(root) == [
        f"{HOST}/sitemap-{name}.xml"
        for name in ("publications", "issues", "pages", "articles", "news")
    ]
    assert response["Cache-Control"].startswith("public")


def test_sitemap_sections_list_published_issues_pages_and_articles(client, issues):
    published = [issues[ISSUE_DATE], issues[ISSUE_DATE - dt.timedelta(days=2)]]
    assert locs(sitemap(client, "/sitemap-publications.xml")) == [f"{HOST}/jcrb/2026/"]
    assert locs(sitemap(client, "/sitemap-issues.xml")) == [
        f"{HOST}/jcrb/{DAY}/",
        f"{HOST}/jcrb/{EARLIER}/",
    ]
    assert locs(sitemap(client, "/sitemap-pages.xml")) == [
        f"{HOST}/jcrb/{d}/A0{n}/" for d in (DAY, EARLIER) for n in (1, 2, 3)
    ]
    articles = sitemap(client, "/sitemap-articles.xml")
    assert locs(articles) == [
        f"{HOST}/jcrb/{i.date.isoformat()}/a/{a.number}/"
        for i in published
        for a in issue_articles(i)
    ]
    lastmod = articles.find(f"{SM}url/{SM}lastmod").text
    assert dt.date.fromisoformat(lastmod)
    everything = b"".join(
        client.get(f"/sitemap-{s}.xml").content for s in sitemaps.SITEMAPS
    ).decode()
    assert DRAFT not in everything
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_large_sections_are_paginated(client, issues, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticlesSitemap, "limit", 5)
    index = locs(etree.fromstring(client.get("/sitemap.xml").content))
    assert f"{HOST}/sitemap-articles.xml?p=2" in index
    assert f"{HOST}/sitemap-articles.xml?p=3" in index
    assert f"{HOST}/sitemap-articles.xml?p=4" not in index
    pages = [locs(sitemap(client, f"/sitemap-articles.xml?p={p}")) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [5, 5, 2]
    assert len(set(sum(pages, []))) == 12
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_withdrawn_and_restricted_issues_are_left_out(client, issues, english_publication):
    Issue.objects.filter(pk=issues[ISSUE_DATE].pk).update(status=Issue.Status.WITHDRAWN)
    body = client.get("/sitemap-articles.xml").content.decode()
    assert f"/jcrb/{DAY}/" not in body and f"/jcrb/{EARLIER}/" in body
    AccessPolicy.objects.create(publication=issues[ISSUE_DATE].publication, level="registered")
    for section in ("issues", "pages", "articles"):
        assert locs(sitemap(client, f"/sitemap-{section}.xml")) == []
    # The archive calendars stay open to everyone.
    assert locs(sitemap(client, "/sitemap-publications.xml")) == [f"{HOST}/jcrb/2026/"]


def test_news_sitemap_has_only_the_last_two_days(client, publication, page_pdfs, manifest_for):
    today = timezone.localdate()
    fresh = make_issue("jcrb", today, page_pdfs, manifest_for)
    # Published just now, but an issue of four days ago is not news.
    make_issue("jcrb", today - dt.timedelta(days=4), page_pdfs, manifest_for)
    make_issue("jcrb", today - dt.timedelta(days=1), page_pdfs, manifest_for, publish=False)
    root = sitemap(client, "/sitemap-news.xml")
    assert root.nsmap["news"] == "http://www.google.com/schemas/sitemap-news/0.9"
    articles = issue_articles(fresh)
    assert locs(root) == [f"{HOST}/jcrb/{today.isoformat()}/a/{a.number}/" for a in articles]
    entry = root.find(f"{SM}url/{NEWS}news")
    assert entry.findtext(f"{NEWS}publication/{NEWS}name") == "江城日报"
    assert entry.findtext(f"{NEWS}publication/{NEWS}language") == "zh-cn"
    assert entry.findtext(f"{NEWS}title") == articles[0].title
    published = dt.datetime.fromisoformat(entry.findtext(f"{NEWS}publication_date"))
    assert published.utcoffset() == dt.timedelta(hours=8)
    assert abs(published - fresh.published_at) < dt.timedelta(seconds=1)


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_desk(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/desk/", "/admin/", "/search/", "/search.json"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    secure = client.get("/robots.txt", secure=True, HTTP_HOST="localhost")
    assert "Sitemap: https://localhost/sitemap.xml" in secure.content.decode()
