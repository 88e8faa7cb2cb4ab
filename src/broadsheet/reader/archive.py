"""The archive: a publication's latest issue, a jump to any date, and year and month calendars.

Each calendar view costs one query for its issue dates, however many decades the archive holds.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import zoneinfo
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.http import read_only
from broadsheet.newspaper.models import Issue, Publication
from broadsheet.reader import serialize, sharing
from broadsheet.reader.converters import FIRST_YEAR, LAST_YEAR
from broadsheet.reader.language import activate_for
from broadsheet.reader.links import issue_url
from broadsheet.reader.masthead import masthead
from broadsheet.reader.queries import get_publication, latest_issue, visible_issues
from broadsheet.reader.templatetags.reader_tags import monthname

WEEKDAYS = [dt.date(2024, 1, d) for d in range(1, 8)]  # 2024-01-01 was a Monday


def _issue_near(request: HttpRequest, publication: Publication, day: dt.date) -> Issue | None:
    """The issue of that day, else the closest one before it, else the first one after it."""
    issues = visible_issues(request, publication)
    return (
        issues.filter(date__lte=day).order_by("-date", "edition").first()
        or issues.filter(date__gt=day).order_by("date", "edition").first()
    )


@read_only
def publication(request: HttpRequest, pub: str) -> HttpResponse:
    """The latest issue; with `?date=YYYY-MM-DD` (the date picker) the issue of that day."""
    the_publication = get_publication(pub)
    wanted = request.GET.get("date")
    target: Issue | None = None
    if wanted:
        try:
            target = _issue_near(request, the_publication, dt.date.fromisoformat(wanted))
        except ValueError:
            target = None
    if target is None:
        target = latest_issue(request, the_publication)
    if target is None:
        activate_for(request, the_publication)
        return render(
            request, "reader/empty.html", masthead(request, the_publication, None), status=404
        )
    return redirect(issue_url(target))


def _days(
    request: HttpRequest, publication: Publication, start: dt.date, last: dt.date
) -> dict[dt.date, str]:
    """Issue URLs by day, from `start` to `last` inclusive."""
    issues = (
        visible_issues(request, publication)
        .filter(date__gte=start, date__lte=last, edition=1)
        .select_related("publication")
        .only("date", "edition", "publication__slug")
    )
    return {i.date: issue_url(i) for i in issues}


def _month_url(pub: str, year: int, month: int) -> str | None:
    """The calendar of that month, or None outside the years a date can have."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return reverse("reader:month", args=[pub, year, month])


def _month_grid(year: int, month: int, days: dict[dt.date, str]) -> dict[str, Any]:
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": d,
                    "in_month": d.month == month,
                    "url": days.get(d) if d.month == month else None,
                }
                for d in week
            ]
        )
    return {
        "month": dt.date(year, month, 1),
        "weeks": weeks,
        "count": sum(1 for d in days if d.month == month and d.year == year),
    }


def _today(publication: Publication) -> dt.date:
    """Today where the paper is published (its own time zone, else the site's)."""
    try:
        return timezone.localdate(timezone=zoneinfo.ZoneInfo(publication.timezone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.localdate()


def _context(request: HttpRequest, the_publication: Publication, year: int) -> dict[str, Any]:
    years = [d.year for d in visible_issues(request, the_publication).dates("date", "year")]
    latest = latest_issue(request, the_publication)
    return {
        **masthead(request, the_publication, None),
        "year": year,
        "years": years,
        "latest_url": issue_url(latest) if latest else None,
        "weekdays": WEEKDAYS,
        "today": _today(the_publication),
        "picker_min": f"{years[0]}-01-01" if years else None,
        "picker_max": latest.date.isoformat() if latest else None,
    }


@read_only
def year(request: HttpRequest, pub: str, year: int, fmt: str = "html") -> HttpResponse:
    the_publication = get_publication(pub)
    activate_for(request, the_publication)
    days = _days(request, the_publication, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if fmt == "json":  # the twin, /<pub>/<YYYY>/index.json
        return serialize.json_response(serialize.year_json(request, the_publication, year, days))
    # The months with issues open the page, newest first; the others follow as plain links
    # (months after the paper's today are left out).
    today = _today(the_publication)
    months: list[dict[str, Any]] = []
    other_months: list[dict[str, Any]] = []
    for month in range(12, 0, -1):
        grid = _month_grid(year, month, days)
        grid["url"] = reverse("reader:month", args=[pub, year, month])
        if grid["count"]:
            months.append(grid)
        elif (year, month) <= (today.year, today.month):
            other_months.insert(0, grid)
    context = {
        **_context(request, the_publication, year),
        "months": months,
        "other_months": other_months,
        "issue_count": len(days),
        "json_twin_url": reverse("reader:calendar_json", args=[pub, year]),
        "sharing": sharing.publication_card(
            request,
            the_publication,
            reverse("reader:calendar", args=[pub, year]),
            _("Archive %(year)s") % {"year": year},
        ),
    }
    return render(request, "reader/calendar.html", context)


@read_only
def month(request: HttpRequest, pub: str, year: int, month: int, fmt: str = "html") -> HttpResponse:
    the_publication = get_publication(pub)
    activate_for(request, the_publication)
    start = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    days = _days(request, the_publication, start, last)
    if fmt == "json":  # the twin, /<pub>/<YYYY>/<MM>/index.json
        data = serialize.month_json(request, the_publication, year, month, days)
        return serialize.json_response(data)
    grid = _month_grid(year, month, days)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    context = {
        **_context(request, the_publication, year),
        "grid": grid,
        "issue_count": len(days),
        "previous_month_url": _month_url(pub, *previous),
        "next_month_url": _month_url(pub, *following),
        "year_url": reverse("reader:calendar", args=[pub, year]),
        "json_twin_url": reverse("reader:month_json", args=[pub, year, month]),
        "sharing": sharing.publication_card(
            request,
            the_publication,
            reverse("reader:month", args=[pub, year, month]),
            f"{_('Archive %(year)s') % {'year': year}} · {monthname(start)}",
        ),
    }
    return render(request, "reader/month.html", context)
