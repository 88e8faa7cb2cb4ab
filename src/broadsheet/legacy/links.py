"""The links of an old e-paper page: which article files its image map and title list point
to, and how one article file leads to its next part (``content_N_2.htm`` after ``content_N.htm``)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from broadsheet.legacy import zones as zone_ops
from broadsheet.legacy.html import PageHtml

ARTICLE_FILE = re.compile(
    r"(?:content_\d+(?:_\d+)?\.html?|nw\.[^/]+\.htm|Articel[^/]*\.htm)$", re.IGNORECASE
)
PART = re.compile(r"^(?P<stem>.+?)_(?P<n>\d+)(?P<ext>\.html?)$", re.IGNORECASE)


def resolve(base: str, href: str) -> tuple[str, str] | None:
    """A link on page ``base`` as (site-relative path, query); None when it leaves the site."""
    parts = urlsplit(href.strip())
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    path = unquote(parts.path)
    if parts.netloc or path.startswith(
        "/"
    ):  # an absolute link to the site itself: its path from the site root
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(base), path)
    joined = posixpath.normpath(joined)
    if joined.startswith("..") or joined in {".", ""}:
        return None
    return joined, parts.query


@dataclass
class PageLinks:
    """What a page's map and title list link to, keyed by article file (site-relative, no
    query string): the map's polygons in displayed-image pixels, the title list's headlines,
    the query string each was linked with, and the areas that could not be read."""

    areas: dict[str, list[zone_ops.Polygon]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    queries: dict[str, str] = field(default_factory=dict)
    broken: list[tuple[str, str]] = field(default_factory=list)


def _dated(key: str, date: dt.date | None) -> bool:
    """A link's file belongs to the issue of ``date``: the date is in its path."""
    if date is None:
        return True
    forms = (
        f"{date:%Y-%m}/{date:%d}",
        f"{date:%Y%m}/{date:%d}",
        f"{date:%Y%m%d}",
        f"{date:%Y-%m-%d}",
    )
    return any(form in key for form in forms)


def page_links(rel: str, html: PageHtml, date: dt.date | None = None) -> PageLinks:
    """The page's article links; with ``date``, title-list links only to that issue's files
    (a footer's links to old articles elsewhere on the site are not the page's articles)."""
    out = PageLinks()
    areas, titles, queries = out.areas, out.titles, out.queries
    for area in html.areas:
        target = resolve(rel, area.href or "") if area.href else None
        try:
            polygon = zone_ops.parse_area(area.shape, area.coords)
        except zone_ops.BrokenAreaError as exc:
            out.broken.append((area.href or "", str(exc)))
            continue
        if target is None:
            continue
        areas.setdefault(target[0], []).append(polygon)
    for link in html.links:
        target = resolve(rel, link.href)
        if target is None:
            continue
        key = target[0]
        if not (ARTICLE_FILE.search(key) or key in areas) or key.lower().endswith(".pdf"):
            continue
        if key not in areas and not _dated(key, date):
            continue
        if _part_of(key, titles):
            continue
        if key not in titles or (not titles[key] and link.text):
            titles[key] = link.text
            queries.setdefault(key, target[1])
    for area in html.areas:
        target = resolve(rel, area.href or "") if area.href else None
        if target and target[0] in areas:
            queries.setdefault(target[0], target[1])
    return out


def _part_of(key: str, titles: dict[str, str]) -> bool:
    match = PART.match(key)
    return bool(match) and f"{match.group('stem')}{match.group('ext')}" in titles  # type: ignore[union-attr]


def next_part(current: str, links: list[str]) -> str | None:
    """The link to the next part of an article (``content_N_2.htm`` after ``content_N.htm``)."""
    match = PART.match(current)
    if match and re.search(r"content_\d+_\d+", posixpath.basename(current)):
        stem, number, ext = match.group("stem"), int(match.group("n")), match.group("ext")
    else:
        stem, ext = posixpath.splitext(current)
        number = 1
    wanted = f"{posixpath.basename(stem)}_{number + 1}{ext}".lower()
    for href in links:
        target = resolve(current, href)
        if target and posixpath.basename(target[0]).lower() == wanted:
            return target[0]
    return None
