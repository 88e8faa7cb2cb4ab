"""Finding the issues in a mirrored e-paper site and reading each one into plain data.

Page files are recognised by where the vendor's generations put them (docs/import.md):

| scheme | page files | article files |
|---|---|---|
| classic, main-ed | ``html/YYYY-MM/DD/node_N.htm`` | ``content_N.htm``, ``content_N_M.htm`` |
| nbs | ``html/YYYY-MM/DD/nbs.D110000<paper>_NN.htm`` | ``nw.D110000<paper>_YYYYMMDD_K-NN.htm`` |
| current | ``pc/layout/YYYYMM/DD/node_NN.html`` (``pad/`` is the tablet twin) | ``pc/content/…/content_N.html`` |
| paperindex | ``…/YYYYMMDD/PageNNxx.htm`` | ``ArticelNNNNNxx.htm`` |

Everything else is found by following the pages' own links (page PDFs and images have random
names in the current generation). Nothing here raises on a bad file: each problem becomes a
`Problem` in the issue's ``skips`` (something not imported) or ``notes`` (imported, but worth a
look), naming the file and the reason.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from broadsheet.legacy import zones as zone_ops
from broadsheet.legacy.decoding import UndecodableError, decode
from broadsheet.legacy.html import ArticleHtml, PageHtml, read_article, read_page
from broadsheet.legacy.links import next_part, page_links, resolve
from broadsheet.legacy.text import date_in, page_label, squash
from broadsheet.pdf.document import Limits, PdfError, validate_pdf
from broadsheet.pdf.from_image import page_size_of

SCHEMES: list[tuple[str, re.Pattern[str]]] = [
    ("current", re.compile(r"(?:^|/)pc/layout/(\d{4})(\d{2})/(\d{2})/node_[^/?]+\.html?$")),
    ("nbs", re.compile(r"(?:^|/)html/(\d{4})-(\d{2})/(\d{2})/nbs\.[^/?]+\.htm$")),
    ("classic", re.compile(r"(?:^|/)html/(\d{4})-(\d{2})/(\d{2})/node_\d+\.htm$")),
    ("paperindex", re.compile(r"(?:^|/)(\d{4})(\d{2})(\d{2})/Page[^/?]+\.htm$")),
]
MAX_HTML_BYTES = 5 * 1024 * 1024


@dataclass
class Problem:
    kind: str
    file: str
    reason: str
    date: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"date": self.date, "file": self.file, "kind": self.kind, "reason": self.reason}


@dataclass
class LegacyArticle:
    key: str  # the article file, relative to the site, without its query string
    headline: str = ""
    kicker: str = ""
    subheadline: str = ""
    byline: str = ""
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    zones: list[zone_ops.Polygon] = field(default_factory=list)  # page points
    # Areas marked inside the article's own zone: its pictures, where the page shows them.
    photos: list[zone_ops.Polygon] = field(default_factory=list)
    hidden: bool = False
    pictures: list[tuple[str, str]] = field(default_factory=list)
    continued_to: int | None = None  # page sequence (1-based) in the issue
    continued_from: int | None = None


@dataclass
class LegacyPage:
    file: str
    label: str
    name: str
    width: float = 0.0
    height: float = 0.0
    pdf: Path | None = None
    image: Path | None = None
    articles: list[LegacyArticle] = field(default_factory=list)

    @property
    def source(self) -> str:
        return "pdf" if self.pdf else "image"


@dataclass
class LegacyIssue:
    scheme: str
    date: dt.date
    folder: str
    pages: list[LegacyPage] = field(default_factory=list)
    skips: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


@dataclass
class IssueFiles:
    scheme: str
    date: dt.date
    folder: str
    pages: list[str]  # page files found, relative to the site


def find_issues(site: Path) -> Iterator[IssueFiles]:
    """Every issue in the mirror, oldest first; one per date (a date found under two schemes is
    taken from the newer generation)."""
    found: dict[tuple[str, dt.date, str], list[str]] = {}
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(site).as_posix()
        if rel_dir.split("/")[0] == "pad":
            continue
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            for scheme, pattern in SCHEMES:
                match = pattern.search(rel)
                if not match:
                    continue
                try:
                    date = dt.date(*map(int, match.groups()))
                except ValueError:
                    break
                found.setdefault((scheme, date, posixpath.dirname(rel)), []).append(rel)
                break
    by_date: dict[dt.date, IssueFiles] = {}
    rank = {name: i for i, (name, _) in enumerate(SCHEMES)}
    for (scheme, date, folder), pages in sorted(found.items(), key=lambda kv: rank[kv[0][0]]):
        if date not in by_date:
            by_date[date] = IssueFiles(scheme, date, folder, pages)
    for date in sorted(by_date):
        yield by_date[date]


class _Reader:
    def __init__(self, site: Path, limits: Limits) -> None:
        self.site = site
        self.limits = limits

    def path(self, rel: str, query: str = "") -> Path | None:
        """The saved file for a link: wget keeps the query string in the file's name."""
        candidates = [f"{rel}?{query}"] if query else []
        candidates.append(rel)
        for candidate in candidates:
            path = self.site / candidate
            if path.is_file():
                return path
        folder, name = (self.site / rel).parent, posixpath.basename(rel)
        if folder.is_dir():
            for other in sorted(folder.glob(f"{glob_escape(name)}?*")):
                if other.is_file():
                    return other
        return None

    def text(self, path: Path) -> str:
        raw = path.read_bytes()[: MAX_HTML_BYTES + 1]
        if len(raw) > MAX_HTML_BYTES:
            raise UndecodableError(f"larger than {MAX_HTML_BYTES // (1024 * 1024)} MB")
        return decode(raw).text


def glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


def _image_size(path: Path) -> tuple[int, int] | None:
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


class IssueReader:
    """Reads one issue; every problem is recorded, none raised."""

    def __init__(self, site: Path, files: IssueFiles, limits: Limits | None = None) -> None:
        self.site = site
        self.files = files
        self.reader = _Reader(site, limits or Limits())
        self.issue = LegacyIssue(files.scheme, files.date, files.folder)

    def skip(self, kind: str, rel: str, reason: str) -> None:
        self.issue.skips.append(Problem(kind, rel, reason, self.files.date.isoformat()))

    def note(self, kind: str, rel: str, reason: str) -> None:
        self.issue.notes.append(Problem(kind, rel, reason, self.files.date.isoformat()))

    # -- pages ---------------------------------------------------------------------------------

    def read(self) -> LegacyIssue:
        parsed: dict[str, PageHtml] = {}
        for rel in self.files.pages:
            try:
                parsed[rel] = read_page(self.reader.text(self.site / rel))
            except (UndecodableError, OSError) as exc:
                self.skip("undecodable", rel, f"page not read: {exc}")
        order, listed = self._page_order(parsed)
        for rel in order:
            if rel not in parsed:
                if rel not in {r for r in self.files.pages}:
                    self.skip(
                        "missing_page",
                        rel,
                        f"page {listed.get(rel, ('?',))[0]} is listed but its file is not in the mirror",
                    )
                continue
            page = self._page(rel, parsed[rel], listed.get(rel))
            if page is not None:
                self.issue.pages.append(page)
        self._gaps(order, listed)
        self._join_repeats()
        return self.issue

    def _page_order(
        self, parsed: dict[str, PageHtml]
    ) -> tuple[list[str], dict[str, tuple[str, str]]]:
        """Pages in the order of the issue's page list, then pages found but not listed. The
        list is the pages' own (``a#pageLink``), else the links to page files in the issue's
        index (``IssueIndex.htm``) or on the pages, labelled by the row each stands in."""
        listed: dict[str, tuple[str, str]] = {}
        best: list[str] = []
        sources = [(rel, page, page.page_links) for rel, page in parsed.items()]
        if not any(links for _, _, links in sources):
            for index in sorted((self.site / self.files.folder).glob("*[Ii]ndex*.htm*")):
                rel = index.relative_to(self.site).as_posix()
                try:
                    html = read_page(self.reader.text(index))
                except (UndecodableError, OSError):
                    continue
                parsed_index = [(rel, html, html.links)]
                sources = parsed_index + [(r, p, p.links) for r, p in parsed.items()]
                break
            else:
                sources = [(rel, page, page.links) for rel, page in parsed.items()]
        for rel, _page, links in sources:
            order = []
            for link in links:
                target = resolve(rel, link.href)
                if target is None or target[0] in order:
                    continue
                found = page_label(link.text) or page_label(link.row)
                if not (link in _page.page_links or self._is_page_file(target[0])):
                    continue
                order.append(target[0])
                if found and not found[1]:
                    name = squash(link.text, cjk_gaps=False)
                    found = (found[0], "" if page_label(name) else name)
                if found and target[0] not in listed:
                    listed[target[0]] = found
            if len(order) > len(best):
                best = order
        extra = [rel for rel in self.files.pages if rel not in best]
        return best + extra, listed

    def _is_page_file(self, rel: str) -> bool:
        """A path where this issue's scheme keeps its pages (listed or not, present or not)."""
        if rel in self.files.pages:
            return True
        pattern = dict(SCHEMES)[self.files.scheme]
        return posixpath.dirname(rel) == self.files.folder and bool(pattern.search(rel))

    def _gaps(self, order: list[str], listed: dict[str, tuple[str, str]]) -> None:
        numbers: dict[str, list[int]] = {}
        for rel in order:
            if rel not in listed:
                continue
            match = re.fullmatch(r"([A-Z]*)(\d+)(?:-?(\d+))?", listed[rel][0])
            if not match:
                continue
            prefix, first, last = match.group(1), match.group(2), match.group(3)
            if last is None and len(first) == 4 and int(first[2:]) == int(first[:2]) + 1:
                first, last = first[:2], first[2:]  # a spread, 0607
            numbers.setdefault(prefix, []).extend(range(int(first), int(last or first) + 1))
        first_page = order[0] if order else self.files.folder
        for prefix, values in numbers.items():
            present = sorted(set(values))
            missing = sorted(set(range(present[0], present[-1] + 1)) - set(present))
            for number in missing:
                width = 2 if prefix == "" else 2
                self.skip(
                    "page_gap",
                    first_page,
                    f"the page list skips page {prefix}{number:0{width}d}",
                )

    def _page(self, rel: str, html: PageHtml, listed: tuple[str, str] | None) -> LegacyPage | None:
        label, name = listed or ("", "")
        if not label:
            for line in html.label_lines:
                found = page_label(line)
                if found:
                    label, name = found
                    break
        if not label and html.enp.get("pagenum"):
            label = re.sub(r"[^A-Za-z0-9-]", "", html.enp["pagenum"]).upper()
        if not name:
            for line in html.label_lines:
                found = page_label(line)
                if found and found[0] == label and found[1]:
                    name = found[1]
                    break
        label = label or f"{len(self.issue.pages) + 1:02d}"
        self._check_dates(rel, html)
        page = LegacyPage(file=rel, label=label, name=name[:100])
        display_image = self._files(rel, html, page)
        if page.pdf is None and page.image is None:
            return None
        display = html.display
        if display is None and display_image is not None:
            size = _image_size(display_image)
            display = (float(size[0]), float(size[1])) if size else None
        if display is None:
            self.skip(
                "no_display_size",
                rel,
                "the page image is missing, so its map cannot be scaled; the page has no zones",
            )
        self._articles(rel, html, page, display)
        return page

    def _check_dates(self, rel: str, html: PageHtml) -> None:
        date = self.files.date
        line = date_in(html.text)
        enp = date_in(html.enp.get("date", ""))
        for what, value in (("date line", line), ("enpproperty founder-date", enp)):
            if value is not None and value != date:
                self.note(
                    "date_conflict",
                    rel,
                    f"the {what} says {value.isoformat()}, the path {date.isoformat()}; "
                    "the path's date is used",
                )

    def _files(self, rel: str, html: PageHtml, page: LegacyPage) -> Path | None:
        """The page PDF (checked) and the largest page image; returns the displayed image."""
        pdf_links = list(dict.fromkeys(html.pdf_hrefs))
        missing = []
        for href in pdf_links[:1]:
            target = resolve(rel, href)
            path = self.reader.path(*target) if target else None
            if path is None:
                missing.append(target[0] if target else href)
                continue
            try:
                info = validate_pdf(
                    path, posixpath.basename(target[0]) if target else href, self.reader.limits
                )
            except PdfError as exc:
                self.skip(
                    "bad_pdf",
                    target[0] if target else href,
                    f"{exc}; the page is made from its image",
                )
                continue
            page.pdf = path
            page.width, page.height = info.pages[0].width, info.pages[0].height
        display_image = None
        candidates: list[Path] = []
        for href in [html.image_src or "", *html.image_hrefs]:
            if not href:
                continue
            target = resolve(rel, href)
            if target is None:
                continue
            variants = [target[0]]
            big = re.sub(r"_b(\.\w+(?:\.\d+)?)$", r"\1", target[0])
            if big != target[0]:
                variants.append(big)
            for variant in variants:
                path = self.reader.path(variant, target[1] if variant == target[0] else "")
                if path is not None and path not in candidates:
                    candidates.append(path)
                    if href == html.image_src and variant == target[0]:
                        display_image = path
        sizes = {p: s for p in candidates if (s := _image_size(p)) is not None}
        if page.pdf is None:
            if sizes:
                page.image = max(sizes, key=lambda p: sizes[p][0] * sizes[p][1])
                page.width, page.height = page_size_of(*sizes[page.image])
                if missing:
                    self.skip(
                        "missing_pdf",
                        missing[0],
                        "the page PDF is not in the mirror; the page is made from its image",
                    )
            else:
                reason = (
                    "neither the page PDF nor its image is in the mirror; the page is not imported"
                )
                self.skip("no_page_files", rel, reason)
        return display_image if display_image in sizes else None

    # -- articles ------------------------------------------------------------------------------

    def _articles(
        self, rel: str, html: PageHtml, page: LegacyPage, display: tuple[float, float] | None
    ) -> None:
        links = page_links(rel, html, self.files.date)
        for href, problem in links.broken:
            self.skip("broken_map", rel, f"an area linking to {href}: {problem}")
        areas, titles, queries = links.areas, links.titles, links.queries
        keys = list(titles) + [k for k in areas if k not in titles]
        sx = page.width / display[0] if display else 0.0
        sy = page.height / display[1] if display else 0.0
        for key in keys:
            article = LegacyArticle(key=key, headline=titles.get(key, ""))
            article.hidden = key not in titles
            if display:
                outer, inner = zone_ops.merge(areas.get(key, []))
                article.zones = [zone_ops.scale(p, sx, sy) for p in outer]
                article.photos = [zone_ops.scale(p, sx, sy) for p in inner]
            self._read_article(article, queries.get(key, ""))
            if article.hidden:
                self.note(
                    "hidden_zone",
                    key,
                    f"a zone on page {page.label} with no entry in the title list: imported as a notice",
                )
            if not article.zones:
                self.note(
                    "no_zone", key, f"listed on page {page.label} without a zone on the image"
                )
            page.articles.append(article)

    def _read_article(self, article: LegacyArticle, query: str) -> None:
        path = self.reader.path(article.key, query)
        if path is None:
            self.skip(
                "missing_article",
                f"{article.key}?{query}" if query else article.key,  # the name wget saves
                "the article page is not in the mirror; imported with its title and zone only",
            )
            return
        try:
            text = self.reader.text(path)
        except (UndecodableError, OSError) as exc:
            self.skip(
                "undecodable",
                path.relative_to(self.site).as_posix(),
                f"{exc}; imported with its title and zone only",
            )
            return
        parsed = read_article(text)
        _fill(article, parsed)
        # Parts: content_N.htm → content_N_2.htm → content_N_3.htm …
        seen = {article.key}
        current, current_html = article.key, parsed
        for _ in range(50):
            nxt = next_part(current, current_html.links)
            if nxt is None or nxt in seen:
                break
            seen.add(nxt)
            part_path = self.reader.path(nxt)
            if part_path is None:
                self.skip("missing_article", nxt, f"part of {article.key} is not in the mirror")
                break
            try:
                current_html = read_article(self.reader.text(part_path))
            except (UndecodableError, OSError) as exc:
                self.skip("undecodable", nxt, str(exc))
                break
            current = nxt
            for paragraph in current_html.paragraphs:
                if paragraph not in article.paragraphs[-len(current_html.paragraphs) :]:
                    article.paragraphs.append(paragraph)

    def _join_repeats(self) -> None:
        """One body published under two ids on two pages (a story continued on another page
        repeats it whole): one article with zones on both pages, its body once."""
        first: dict[tuple[str, tuple[str, ...]], int] = {}
        for index, page in enumerate(self.issue.pages, 1):
            for article in page.articles:
                if len(article.paragraphs) == 0 or not article.zones:
                    # without a zone here, joined it would vanish from this page's list
                    continue
                key = (squash(article.headline), tuple(article.paragraphs))
                if key not in first:
                    first[key] = index
                    continue
                if first[key] == index:
                    continue
                origin = self.issue.pages[first[key] - 1]
                for earlier in origin.articles:
                    if (
                        squash(earlier.headline),
                        tuple(earlier.paragraphs),
                    ) == key and earlier.continued_to is None:
                        earlier.continued_to = index
                        article.continued_from = first[key]
                        article.paragraphs = []
                        break


def _fill(article: LegacyArticle, parsed: ArticleHtml) -> None:
    if parsed.headline:
        article.headline = parsed.headline
    article.kicker = parsed.kicker
    article.subheadline = parsed.subheadline
    article.byline = parsed.byline
    article.dateline = parsed.dateline
    article.paragraphs = list(parsed.paragraphs)
    article.pictures = list(parsed.pictures)


def read_issue(site: Path, files: IssueFiles, limits: Limits | None = None) -> LegacyIssue:
    return IssueReader(site, files, limits).read()
