"""The site's content before any HTML: issues, pages and articles taken from sample issues.

An article here is what the e-paper publishes: the title set and the body paragraphs once, the
article's zones as polygons, and the flags the traps set on it. A jumped article (continued on a
later page) is published whole on both pages, under two ids (see the package docstring).
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass, field

from broadsheet.layout.outline import outline

from ..issue import GeneratedIssue, GeneratedPage
from ..profiles import PublicationProfile

Point = list[float]
Polygon = list[Point]

# Ideographs outside GB2312 (all in GBK / GB18030), put into some bylines.
RARE_CHARS = "喆堃旻昇镕璟玥犇淼赟"
ADVERT_TITLE = "广告"
WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SENTENCE_END = "。！？…”」）"


@dataclass
class Area:
    """One `<area>` of the page map."""

    role: str  # "main" (the article's only polygon), "part" (one of several), "photo", "dup"
    px: Polygon  # the clean polygon in displayed-image pixels, in written order
    written: Polygon  # as written: may hold planted repeated and collinear points
    broken: str = ""  # unusable coords text written instead (broken_map fault)
    in_truth: bool = True  # False: a duplicate or a picture area inside the text polygon


@dataclass
class Article:
    key: str  # the sample truth's id (p1-a3)
    kind: str
    kicker: str
    headline: str
    subheadline: str
    byline: str
    paragraphs: list[str]
    regions: list[list[float]]  # points
    obstacles: list[list[float]]  # other articles' blocks on the page (points)
    photo: list[float] | None  # the photo's box (points), if any
    caption: str
    order: int = 0  # 1-based position on the page (K of nbs / paperindex names)
    cid: int = 0  # content id
    tag: str = ""  # bracketed column tag printed after the title in the title list
    hidden: bool = False  # on the map, not in the title list
    jump_to: Article | None = None  # the same article published again on a later page
    jump_from: Article | None = None
    fault: str = ""  # "missing_article" or "undecodable"
    parts: int = 1  # classic: body split over content_ID.htm and content_ID_2.htm
    author_is_date: bool = False  # current: the author element holds the date
    areas: list[Area] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # scheme-specific hrefs and files
    sample_to: int = 0  # the sample truth's continued_to / continued_from page index
    sample_from: int = 0

    @property
    def title(self) -> str:
        """The title-list text (without the column tag)."""
        return self.headline

    @property
    def jumped(self) -> bool:
        return self.jump_to is not None or self.jump_from is not None


@dataclass
class Page:
    issue: Issue
    index: int  # 1-based sequence in the generated issue
    label: str
    name: str
    width: float
    height: float
    pdf: bytes
    articles: list[Article]
    fault: str = ""
    dropped: bool = False  # removed by a page_gap fault: nothing of it is written
    node: int = 0
    html: str = ""  # site-relative path of the page file
    pdf_path: str = ""
    image_path: str = ""  # the displayed image
    big_path: str = ""  # the full-size image (may be the displayed one)
    display: tuple[float, float] = (0.0, 0.0)  # displayed image size (the map's pixel space)
    image_size: tuple[int, int] = (0, 0)  # the displayed image file's own pixel size
    big_size: tuple[int, int] = (0, 0)
    attrs: bool = True  # the <img> has width and height attributes
    flags: dict[str, object] = field(default_factory=dict)  # per-page trap choices

    @property
    def has_pdf(self) -> bool:
        return self.fault not in ("missing_pdf", "bad_pdf", "no_page_files")

    @property
    def in_truth(self) -> bool:
        return not self.dropped and self.fault not in ("missing_page", "no_page_files")

    @property
    def source(self) -> str:
        return "pdf" if self.has_pdf else "image"


@dataclass
class Issue:
    date: datetime.date
    pages: list[Page] = field(default_factory=list)

    @property
    def live(self) -> list[Page]:
        """Pages the page list shows (a page_gap page is not among them)."""
        return [p for p in self.pages if not p.dropped]


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _article(raw: dict, others: list[dict]) -> Article:
    caption = next((b["text"] for b in raw["blocks"] if b["role"] == "caption"), "")
    photo = next((b["bbox"] for b in raw["blocks"] if b["role"] == "photo"), None)
    paras = paragraphs_of(raw["text"])
    headline = raw["headline"]
    if raw["kind"] == "picture" and not paras and caption:
        paras = [caption.strip()]
    if raw["kind"] == "advert":  # the title list and the article page call it 广告
        paras = [headline, *paras] if headline else paras
        headline = ADVERT_TITLE
    obstacles = [b["bbox"] for o in others if o is not raw for b in o["blocks"]]
    return Article(
        sample_to=(raw.get("continued_to") or {}).get("page", 0),
        sample_from=(raw.get("continued_from") or {}).get("page", 0),
        key=raw["id"],
        kind=raw["kind"],
        kicker=raw["kicker"],
        headline=headline,
        subheadline=raw["subheadline"],
        byline=raw["byline"],
        paragraphs=paras,
        regions=[list(r) for r in raw["regions"]],
        obstacles=obstacles,
        photo=list(photo) if photo else None,
        caption=caption.strip(),
    )


def _join_jump(first: Article, second: Article) -> None:
    """Publish the whole article under both ids: part one's titles, both parts' text."""
    a, b = first.paragraphs, second.paragraphs
    if a and b and not a[-1].endswith(tuple(SENTENCE_END)):
        body = [*a[:-1], a[-1] + b[0], *b[1:]]  # the jump cut a paragraph
    else:
        body = [*a, *b]
    for art in (first, second):
        art.kicker, art.subheadline, art.byline = first.kicker, first.subheadline, first.byline
        art.paragraphs = list(body)
    first.jump_to, second.jump_from = second, first


_NAME = re.compile(r"((?:记者|通讯员|摄影)\s*)([\u4e00-\u9fff]{2,3})")


def rare_byline(byline: str, rng: random.Random) -> str:
    """Give the first named person a given name with a character outside GB2312."""
    m = _NAME.search(byline)
    if not m:
        return byline
    name = m.group(2)
    new = name[:-1] + rng.choice(RARE_CHARS)
    return byline[: m.start(2)] + new + byline[m.end(2) :]


def build_issue(generated: GeneratedIssue, rng: random.Random, *, rare: bool = True) -> Issue:
    """The site's issue from a sample issue; `rare`: put GBK-only characters in bylines."""
    issue = Issue(generated.date)
    for gp in generated.pages:
        issue.pages.append(_page(issue, gp))
    by_page = {p.index: p for p in issue.pages}
    for page in issue.pages:
        for art in page.articles:
            other = by_page.get(art.sample_to)
            if other is None:
                continue
            for cand in other.articles:
                if cand.sample_from == page.index and cand.headline == art.headline:
                    if rare and rng.random() < 0.45 and art.byline:
                        art.byline = rare_byline(art.byline, rng)
                    _join_jump(art, cand)
                    break
    for page in issue.pages:
        for art in page.articles:
            if rare and not art.jumped and art.byline and rng.random() < 0.3:
                art.byline = rare_byline(art.byline, rng)
    return issue


def _page(issue: Issue, gp: GeneratedPage) -> Page:
    raws = gp.truth["articles"]
    arts = [_article(raw, raws) for raw in raws]
    for k, art in enumerate(arts, 1):
        art.order = k
    return Page(issue, gp.index, gp.number, gp.name, gp.width, gp.height, gp.pdf, arts)


# ---------------------------------------------------------------- zones


def _rect_poly(r: list[float]) -> Polygon:
    return [[r[0], r[1]], [r[2], r[1]], [r[2], r[3]], [r[0], r[3]]]


def zone_polygons(art: Article) -> list[Polygon]:
    """The article's zones in points: one outline where possible, else the fewest outlines
    that greedy grouping of its rectangles (in reading order) finds."""
    poly = outline(art.regions, art.obstacles)
    if poly:
        return [poly]
    groups: list[list[list[float]]] = []
    for r in sorted(art.regions, key=lambda r: (r[1], r[0])):
        for g in groups:
            if outline([*g, r], art.obstacles):
                g.append(r)
                break
        else:
            groups.append([r])
    out: list[Polygon] = []
    for g in groups:
        p = outline(g, art.obstacles)
        out.extend([p] if p else [_rect_poly(r) for r in g])
    return out


def simplify(poly: Polygon) -> Polygon:
    """Drop repeated consecutive points and points in the middle of a straight run."""
    pts: Polygon = []
    for p in poly:
        if not pts or pts[-1] != p:
            pts.append(p)
    while len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    changed = True
    while changed and len(pts) > 3:
        changed = False
        for i in range(len(pts)):
            a, p, b = pts[i - 1], pts[i], pts[(i + 1) % len(pts)]
            cross = (p[0] - a[0]) * (b[1] - a[1]) - (p[1] - a[1]) * (b[0] - a[0])
            if abs(cross) < 1e-9:
                del pts[i]
                changed = True
                break
    return pts


def to_pixels(poly: Polygon, sx: float, sy: float, decimals: int) -> Polygon:
    def r(v: float) -> float:
        return float(round(v)) if decimals == 0 else round(v, decimals)

    return simplify([[r(x * sx), r(y * sy)] for x, y in poly])


def fmt_coords(poly: Polygon, decimals: int) -> str:
    def f(v: float) -> str:
        if decimals == 0:
            return str(int(round(v)))
        s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
        return s or "0"

    return ",".join(f"{f(x)},{f(y)}" for x, y in poly)


@dataclass
class Site:
    scheme: str
    profile: PublicationProfile
    code: str  # paper code in file names: "JCRB" (classic), "jcrb" (nbs)
    rng: random.Random
    traps: bool
    issues: list[Issue] = field(default_factory=list)
    # (kind, issue, page, article) per planted fault; the skips are made from them at the end
    faults: list[tuple[str, Issue, Page, Article | None]] = field(default_factory=list)
    trap_files: dict[str, list[str]] = field(default_factory=dict)
    dealt: set[str] = field(default_factory=set)
    decks: dict[str, list[str]] = field(default_factory=dict)

    def chance(self, key: str, p: float) -> bool:
        """A planted trap's coin: never without traps; always the first time it is asked (so
        every site has it), then with probability p."""
        if not self.traps:
            return False
        if key not in self.dealt:
            self.dealt.add(key)
            return True
        return self.rng.random() < p

    def deal(self, key: str, options: tuple[str, ...]) -> str:
        """The next of `options` from a shuffled deck: every option once per round."""
        deck = self.decks.setdefault(key, [])
        if not deck:
            deck.extend(options)
            self.rng.shuffle(deck)
        return deck.pop()

    def pages(self) -> list[Page]:
        return [p for issue in self.issues for p in issue.pages]

    def mark(self, trap: str, rel: str) -> None:
        """Record that file `rel` carries trap `trap` (truth["traps"])."""
        files = self.trap_files.setdefault(trap, [])
        if rel not in files:
            files.append(rel)
