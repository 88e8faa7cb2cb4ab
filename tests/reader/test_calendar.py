"""The archive calendar: months with issues first, today where the paper is, natural titles."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.newspaper.models import Issue

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2026, 2, 10), dt.date(2026, 11, 25), dt.date(2026, 11, 27)]


@pytest.fixture
def calendar_issues(publication, english_publication):
    for day in DAYS:
        Issue.objects.create(publication=publication, date=day, status="published")
    Issue.objects.create(publication=english_publication, date=DAYS[-1], status="published")
    Issue.objects.create(publication=publication, date=dt.date(2026, 5, 5), status="draft")


@pytest.fixture
def at(monkeypatch):
    """Pretend the clock reads the given UTC instant."""

    def set_clock(instant: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    return set_clock


def _month_headings(html: str) -> list[int]:
    found = re.findall(r'<section class="month"[^>]*>\s*<h2[^>]*><a href="/jcrb/2026/(\d+)/"', html)
    return [int(m) for m in found]


def test_months_with_issues_open_the_year_newest_first(client, calendar_issues, at):
    at(dt.datetime(2026, 12, 6, 4, 0, tzinfo=dt.UTC))
    html = client.get("/jcrb/2026/").content.decode()
    assert _month_headings(html) == [11, 2]  # the draft's May is not a month with issues
    others = html[html.index('class="other-months"') :]
    listed = [int(m) for m in re.findall(r'href="/jcrb/2026/(\d+)/"', others)]
    # the rest follow in calendar order, up to the paper's current month
    assert listed == [1, 3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert html.index('class="months"') < html.index('class="other-months"')


def test_months_after_today_are_not_offered(client, calendar_issues, at):
    at(dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC))
    html = client.get("/jcrb/2026/").content.decode()
    assert 'href="/jcrb/2026/12/"' not in html
    assert _month_headings(html) == [11, 2]


def test_a_year_without_issues_says_so(client, calendar_issues, at):
    at(dt.datetime(2026, 12, 6, 4, 0, tzinfo=dt.UTC))
    html = client.get("/jcrb/2025/").content.decode()
    assert _month_headings(html) == []
    assert "本年暂无报纸" in html
    assert len(re.findall(r'href="/jcrb/2025/\d+/"', html)) == 12


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Shanghai", 27), ("America/New_York", 26), ("Not/AZone", None)],
)
def test_today_is_the_papers_today_and_only_in_its_own_month(
    client, calendar_issues, publication, at, settings, zone, expected
):
    # 2026-11-26 20:00 UTC is already the 27th in Shanghai, still the 26th in New York.
    at(dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC))
    publication.timezone = zone
    publication.save()
    if expected is None:  # an unknown zone falls back to the site's
        expected = timezone.localdate(dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)).day
    for url in ("/jcrb/2026/", "/jcrb/2026/11/"):
        html = client.get(url).content.decode()
        cells = re.findall(r'<td class="today">(.*?)</td>', html)
        # one cell, although the 26th/27th of November also shows nowhere else: the grids of
        # October and December hold no November days in their own month
        assert len(cells) == 1, (url, cells)
        assert re.sub(r"<[^>]+>", "", cells[0]) == str(expected)
    html = client.get("/jcrb/2026/11/").content.decode()
    if expected == 27:  # an issue day: its link says it is today
        assert 'aria-current="date">27</a>' in html


def test_today_is_not_marked_in_a_neighbouring_months_grid(client, calendar_issues, at):
    # 1 December shows in November's last week (out of its month, blank): never marked there.
    at(dt.datetime(2026, 12, 1, 4, 0, tzinfo=dt.UTC))
    html = client.get("/jcrb/2026/11/").content.decode()
    assert 'class="today"' not in html


def test_month_titles_read_naturally_in_both_languages(client, calendar_issues):
    html = client.get("/jcrb/2026/11/").content.decode()
    assert "<h1>2026年11月</h1>" in html
    assert "<title>2026年11月 · 江城日报</title>" in html
    html = client.get("/courier/2026/11/").content.decode()
    assert "<h1>November 2026</h1>" in html
    assert "<title>November 2026 · The Riverside Courier</title>" in html
    assert ">Archive 2026</a>" in html
