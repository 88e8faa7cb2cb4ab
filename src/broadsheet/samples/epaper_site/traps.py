"""Planting the traps: map areas with noise, article flags, and the faults (skips)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from .model import Area, Article, Issue, Page, Polygon, Site, simplify, to_pixels, zone_polygons

FAULTS = (
    "page_gap",
    "missing_page",
    "no_page_files",
    "missing_article",
    "undecodable",
    "broken_map",
    "missing_pdf",
    "bad_pdf",
)
REMOVING = ("page_gap", "missing_page", "no_page_files")
COLUMN_TAGS = ("（江城观察）", "（一线调查）", "（民生直通车）", "（新春走基层）", "（百姓故事）")


@dataclass(frozen=True)
class Features:
    """Which optional traps a scheme plants."""

    decimals: int = 0  # coordinate decimals: 0 integers, 3 fractional
    photo_area: bool = False  # a picture area inside the article's text polygon
    dup_area: bool = False  # two areas with identical coordinates
    tags: bool = False  # bracketed column tags after some titles in the title list
    parts: bool = False  # articles split over content_ID.htm and content_ID_2.htm
    hidden: bool = False  # hidden notices: areas with no title-list entry
    author_date: bool = False  # the author element holds the date
    date_conflict: bool = False  # enpproperty founder-date differs from the path date


# ---------------------------------------------------------------- areas


def _noisy(poly: Polygon, rng: random.Random, decimals: int) -> tuple[Polygon, Polygon]:
    """(clean, written): start corner and direction varied; repeated and collinear points
    planted in the written copy only."""
    start = rng.randrange(len(poly))
    clean = poly[start:] + poly[:start]
    if rng.random() < 0.3:
        clean = [clean[0], *reversed(clean[1:])]
    written = [list(p) for p in clean]
    if rng.random() < 0.35:  # a point on the middle of an edge (the edges are rectilinear)
        i = rng.randrange(len(written))
        a, b = written[i], written[(i + 1) % len(written)]
        mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
        if a[0] == b[0] or a[1] == b[1]:
            if decimals == 0:
                mid = [float(round(mid[0])), float(round(mid[1]))]
            else:
                mid = [round(mid[0], decimals), round(mid[1], decimals)]
            if mid != a and mid != b:
                written.insert(i + 1, mid)
    if rng.random() < 0.35:  # the same point twice
        i = rng.randrange(len(written))
        written.insert(i, list(written[i]))
    return clean, written


def build_areas(site: Site, page: Page, features: Features) -> None:
    """Each article's map areas in displayed-image pixels."""
    rng = site.rng
    sx = page.display[0] / page.width
    sy = page.display[1] / page.height
    for art in page.articles:
        art.areas = []
        polys = [to_pixels(p, sx, sy, features.decimals) for p in zone_polygons(art)]
        polys = [p for p in polys if len(p) >= 3]
        # An outline lying inside another of the same article adds nothing a reader can click,
        # and on a real map marks the article's picture; the generator's outlines never nest.
        polys = [p for p in polys if not any(q is not p and _nested(p, q) for q in polys)]
        role = "main" if len(polys) == 1 else "part"
        for poly in polys:
            if site.traps:
                clean, written = _noisy(poly, rng, features.decimals)
            else:
                clean, written = poly, [list(p) for p in poly]
            art.areas.append(Area(role, clean, written))
        _mark_shapes(site, page, art.areas)
        if not site.traps or len(polys) != 1:
            continue
        if features.photo_area and art.photo and site.chance("photo_area", 0.6):
            x0, y0, x1, y1 = art.photo
            rect = to_pixels([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], sx, sy, features.decimals)
            if len(rect) == 4:
                art.areas.insert(0, Area("photo", rect, rect, in_truth=False))
                site.mark("picture_area_in_text_polygon", page.html)
        elif features.dup_area and site.chance("dup_area", 0.2):
            main = art.areas[0]
            copy = [list(p) for p in main.written]
            art.areas.insert(0, Area("dup", main.px, copy, in_truth=False))
            site.mark("identical_div_areas", page.html)


def _in_polygon(x: float, y: float, poly: Polygon) -> bool:
    """Ray casting; points on an edge count as inside."""
    inside = False
    n = len(poly)
    for i in range(n):
        (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % n]
        on_edge = (x1 - x0) * (y - y0) == (y1 - y0) * (x - x0)
        if on_edge and min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1):
            return True
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _nested(inner: Polygon, outer: Polygon) -> bool:
    """Every corner and side midpoint of ``inner`` lies in ``outer`` (and it is smaller)."""

    def size(poly: Polygon) -> float:
        return (
            abs(
                sum(
                    a[0] * b[1] - b[0] * a[1]
                    for a, b in zip(poly, poly[1:] + poly[:1], strict=True)
                )
            )
            / 2
        )

    if size(inner) >= size(outer):
        return False
    probes = list(inner) + [
        ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        for a, b in zip(inner, inner[1:] + inner[:1], strict=True)
    ]
    return all(_in_polygon(x, y, outer) for x, y in probes)


def _mark_shapes(site: Site, page: Page, areas: list[Area]) -> None:
    for area in areas:
        if len(area.written) != len(simplify(area.written)):
            site.mark("repeated_or_collinear_points", page.html)
        if len(area.px) >= 6:
            site.mark("l_or_u_shaped_polygons", page.html)


# ---------------------------------------------------------------- article flags


def _plain(art: Article) -> bool:
    return (
        not art.jumped
        and not art.hidden
        and not art.fault
        and art.parts == 1
        and not art.tag
        and art.kind != "advert"
        and bool(art.headline)
    )


def plant_article_traps(site: Site, features: Features) -> None:
    rng = site.rng
    if not site.traps:
        return
    for issue in site.issues:
        hidden_done = False
        for page in issue.pages:
            for art in page.articles:
                long = len(art.paragraphs) >= 6
                if features.parts and _plain(art) and long and site.chance("parts", 0.35):
                    art.parts = 2
                news = art.kind == "news"
                if features.tags and _plain(art) and news and site.chance("tags", 0.2):
                    art.tag = rng.choice(COLUMN_TAGS)
                if features.author_date and not art.byline and art.kind in ("news", "brief"):
                    art.author_is_date = site.chance("author_date", 0.7)
            if features.hidden and not hidden_done and page.index > 1:
                cands = [a for a in page.articles[1:] if _plain(a) and a.areas]
                briefs = [a for a in cands if a.kind == "brief"] or cands
                if briefs:
                    rng.choice(briefs).hidden = True
                    hidden_done = True


def plant_date_conflict(site: Site, features: Features) -> None:
    """One page (after the faults: a page that stays) whose founder-date is the day before."""
    if not site.traps or not features.date_conflict:
        return
    pages = [p for p in site.pages() if p.in_truth]
    if pages:
        page = site.rng.choice(pages)
        page.flags["founder_date"] = page.issue.date - datetime.timedelta(days=1)


# ---------------------------------------------------------------- faults


def _fault_article(page: Page, rng: random.Random) -> Article | None:
    cands = [a for a in page.articles if _plain(a) and a.areas]
    return rng.choice(cands) if cands else None


def _eligible(kind: str, page: Page, issue: Issue, gap_issues: set[int]) -> bool:
    if kind in REMOVING:
        if page.flags.get("special_label"):
            return False
        if sum(p.in_truth for p in issue.pages) < 2:  # every issue keeps a page to import
            return False
    if kind == "page_gap":
        last = max(p.index for p in issue.pages)
        # the pages on both sides must be of one label series (not GA01 or a spread), or the
        # gap cannot be seen in the page list
        beside = [p for p in issue.pages if abs(p.index - page.index) == 1]
        plain = not any(p.flags.get("special_label") for p in beside)
        return 1 < page.index < last and id(issue) not in gap_issues and plain
    if kind == "missing_page":
        return page.index > 1
    if kind in ("missing_article", "undecodable"):
        return any(_plain(a) and a.areas for a in page.articles)
    if kind == "broken_map":
        return any(a.areas for a in page.articles)
    return True


def plan_faults(site: Site) -> None:
    """Plant each fault kind once, on distinct pages, spread over the issues."""
    if not site.traps:
        return
    rng = site.rng
    slots = [(issue, page) for issue in site.issues for page in issue.pages]
    rng.shuffle(slots)
    used: set[int] = set()
    per_issue: dict[int, int] = {}
    gap_issues: set[int] = set()
    for kind in FAULTS:
        cands = [
            (issue, page)
            for issue, page in slots
            if id(page) not in used and _eligible(kind, page, issue, gap_issues)
        ]
        if not cands:
            continue

        def rank(c: tuple[Issue, Page], kind: str = kind) -> tuple[int, int]:
            jumped = any(a.jumped for a in c[1].articles)
            return (int(kind in REMOVING and jumped), per_issue.get(id(c[0]), 0))

        cands.sort(key=rank)
        issue, page = cands[0]
        art: Article | None = None
        if kind in ("missing_article", "undecodable"):
            art = _fault_article(page, rng)
            assert art is not None
            art.fault = kind
        elif kind == "broken_map":
            # not an article with a picture area: with its text polygon broken, the picture
            # area would be its only zone, which the truth could not say
            arts = [
                a for a in page.articles if a.areas and not any(x.role == "photo" for x in a.areas)
            ] or [a for a in page.articles if a.areas]
            multi = [a for a in arts if len(a.areas) > 1]
            art = rng.choice(multi or arts)
            area = rng.choice([a for a in art.areas if a.in_truth])
            area.broken = _broken_coords(area, rng)
        elif kind == "page_gap":
            page.dropped = True
            gap_issues.add(id(issue))
        else:
            page.fault = kind
        used.add(id(page))
        per_issue[id(issue)] = per_issue.get(id(issue), 0) + 1
        site.faults.append((kind, issue, page, art))


def _broken_coords(area: Area, rng: random.Random) -> str:
    nums = [v for p in area.written for v in p]
    text = [str(int(v)) if float(v).is_integer() else str(v) for v in nums]
    if rng.random() < 0.5:
        return ",".join(text[:-1])  # an odd count
    i = rng.randrange(len(text))
    text[i] = text[i][:1] + "o" + text[i][1:] + "px"  # letters inside a number
    return ",".join(text)
