"""Reading a METS newspaper issue: its MODS date, title and edition, the files of each page
(PDF, image, ALTO) from the physical structMap, the resolution of each page's scan from MIX, and
the articles of the logical structMap (``ARTICLE`` divs with their parts and the ALTO blocks or
word ranges their ``area``s name), or, as the British Library writes them, from ``structLink``
arcs between article divs and physical page-area divs.

Profiles read: NDNP issue (Library of Congress), CCS docWorks (BnL, ENMAP/Europeana Newspapers,
RERO) and BL. Pure (no Django); nothing raises on a bad file except `MetsError` for a document
that is not a METS issue at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from broadsheet.library.alto_in import local, parse_xml
from broadsheet.library.mods import MODS_NS, mods_fields, mods_title

METS_NS = "http://www.loc.gov/METS/"
XLINK = "{http://www.w3.org/1999/xlink}"
IMAGE_EXT = {".jp2": 0, ".j2k": 0, ".tif": 1, ".tiff": 1, ".jpg": 2, ".jpeg": 2, ".png": 3}
ARTICLE_TYPES = {"article": "news", "advertisement": "advert"}
ROLE_OF_TYPE = {
    "title": "headline",
    "headline": "headline",
    "heading": "headline",
    "subheadline": "subheadline",
    "overline": "kicker",
    "author": "byline",
    "image": "photo",
    "illustration": "photo",
    "caption": "caption",
    # the part types Broadsheet's own export writes (docs/library.md)
    "kicker": "kicker",
    "byline": "byline",
    "photo": "photo",
    "jump": "jump",
    "body": "body",
    "subhead": "body",  # a subhead is a line of the text
}
_DATE_FORMATS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})"), (1, 2, 3)),
    (re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
)
_DATE_IN_NAME = re.compile(
    r"(?<!\d)(1[6-9]\d\d|20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)"
)


class MetsError(ValueError):
    """Not a METS issue; ``kind`` is the report's problem kind."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


@dataclass
class AreaRef:
    file_id: str
    begin: str = ""
    end: str = ""
    coords: tuple[float, ...] = ()  # SHAPE="RECT" on an image, in its pixels


@dataclass
class Part:
    role: str  # headline, subheadline, kicker, byline, body, photo, caption
    areas: list[AreaRef] = field(default_factory=list)


@dataclass
class MetsArticle:
    id: str
    kind: str
    title: str
    parts: list[Part] = field(default_factory=list)
    # kicker, subheadline, byline from the article's MODS (subTitle, an alternative title
    # labelled "kicker", the statement of responsibility or the names), where it has them
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class MetsPage:
    sequence: int
    label: str
    pdf: Path | None = None
    image: Path | None = None
    alto: Path | None = None
    alto_file_id: str = ""
    dpi: float | None = None
    missing: list[Path] = field(default_factory=list)  # files the METS names that are absent


@dataclass
class MetsIssue:
    path: Path
    profile: str
    title: str = ""
    date: dt.date | None = None
    edition: int = 1
    pages: list[MetsPage] = field(default_factory=list)
    articles: list[MetsArticle] = field(default_factory=list)
    logical: bool = False  # the METS segments articles (logical structMap or structLink)
    file_page: dict[str, int] = field(default_factory=dict)  # file ID → page sequence
    issue_pdf: Path | None = None  # a whole-issue PDF (CompleteObject), when present
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, reason)


@dataclass
class _File:
    id: str
    path: Path | None
    mimetype: str
    use: str
    admid: str


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for pattern, (y, m, d) in _DATE_FORMATS:
        found = pattern.match(text)
        if found:
            try:
                return dt.date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                return None
    return None


def date_in_name(text: str) -> dt.date | None:
    for found in _DATE_IN_NAME.finditer(text):
        try:
            return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            continue
    return None


def _href(node: etree._Element, base: Path) -> Path | None:
    href = node.get(f"{XLINK}href") or node.get("href") or ""
    href = unquote(href.strip())
    if href.startswith("file://"):
        href = href[len("file://") :]
    if not href or "://" in href:
        return None
    return (base / href.lstrip("/") if not Path(href).is_absolute() else Path(href)).resolve()


def _kind_of(f: _File) -> str:
    ext = f.path.suffix.lower() if f.path else ""
    mime, use = f.mimetype.lower(), f.use.lower()
    if "thumb" in use:
        return ""
    if ext == ".pdf" or "pdf" in mime:
        return "issue_pdf" if "complete" in use else "pdf"
    if ext in IMAGE_EXT or mime.startswith("image/"):
        return "image"
    if ext == ".xml" or "xml" in mime or use in {"ocr", "text"}:
        return "alto"
    return ""


class _MetsReader:
    def __init__(self, root: etree._Element, path: Path) -> None:
        self.root = root
        self.path = path
        self.base = path.parent
        self.by_id: dict[str, etree._Element] = {}
        for node in root.iter():
            ident = node.get("ID") if isinstance(node.tag, str) else None
            if ident:
                self.by_id.setdefault(ident, node)
        self.files: dict[str, _File] = {}
        for group in root.iter(f"{{{METS_NS}}}fileGrp"):
            for f in group.iter(f"{{{METS_NS}}}file"):
                flocat = f.find(f"{{{METS_NS}}}FLocat")
                self.files[f.get("ID") or ""] = _File(
                    id=f.get("ID") or "",
                    path=_href(flocat, self.base) if flocat is not None else None,
                    mimetype=f.get("MIMETYPE") or "",
                    use=f.get("USE") or group.get("USE") or group.get("ID") or "",
                    admid=f.get("ADMID") or "",
                )

    def mods_of(self, dmdids: str) -> list[etree._Element]:
        out = []
        for ident in dmdids.split():
            node = self.by_id.get(ident)
            if node is not None:
                out.extend(node.iter(f"{{{MODS_NS}}}mods"))
        return out

    def structmaps(self, kind: str) -> list[etree._Element]:
        maps = list(self.root.iter(f"{{{METS_NS}}}structMap"))
        typed = [m for m in maps if (m.get("TYPE") or "").upper() == kind]
        if typed or kind != "PHYSICAL":
            return typed
        return [m for m in maps if not m.get("TYPE")][:1]  # NDNP: one untyped physical map

    def dpi_of(self, f: _File) -> float | None:
        for ident in f.admid.split():
            node = self.by_id.get(ident)
            if node is None:
                continue
            for tag in (
                "XSamplingFrequency",
                "xSamplingFrequency",
                "XphysScanResolution",
                "xOpticalResolution",
            ):
                for found in node.iter(f"{{*}}{tag}"):
                    value = _number(found)
                    unit = _sibling_text(found, ("SamplingFrequencyUnit", "samplingFrequencyUnit"))
                    if value and value >= 50:  # below that it is not dots per inch
                        return value * 2.54 if unit in {"3", "cm", "cm."} else value
        return None


def _number(node: etree._Element) -> float | None:
    text = "".join(node.itertext()).strip()
    num = node.find("{*}numerator")
    if num is not None:
        den = node.find("{*}denominator")
        try:
            return float(num.text or 0) / float(den.text if den is not None and den.text else 1)
        except (ValueError, ZeroDivisionError):
            return None
    try:
        return float(text)
    except ValueError:
        return None


def _sibling_text(node: etree._Element, names: tuple[str, ...]) -> str:
    parent = node.getparent()
    if parent is None:
        return ""
    for child in parent:
        if local(child.tag) in names:
            return (child.text or "").strip().lower()
    return ""


def _issue_date(mods: list[etree._Element]) -> dt.date | None:
    dates = [d for m in mods for d in m.iter(f"{{{MODS_NS}}}dateIssued")]
    dates.sort(key=lambda d: d.get("keyDate") != "yes")
    for d in dates:
        if (d.get("qualifier") or d.get("qualifer") or "") in {"questionable", "inferred"}:
            continue
        found = parse_date(d.text or "")
        if found:
            return found
    return None


def _edition(mods: list[etree._Element]) -> int:
    for m in mods:
        for detail in m.iter(f"{{{MODS_NS}}}detail"):
            if detail.get("type") == "edition":
                number = detail.find(f"{{{MODS_NS}}}number")
                if number is not None and (number.text or "").strip().isdigit():
                    return max(1, int((number.text or "1").strip()))
    return 1


def _page_label(reader: _MetsReader, div: etree._Element, sequence: int) -> str:
    for attr in ("ORDERLABEL", "LABEL"):
        if div.get(attr):
            return (div.get(attr) or "").strip()
    for m in reader.mods_of(div.get("DMDID") or ""):
        for detail in m.iter(f"{{{MODS_NS}}}detail"):
            if detail.get("type") in {"page number", "page_number", "page"}:
                number = detail.find(f"{{{MODS_NS}}}number")
                if number is not None and number.text:
                    return number.text.strip()
        start = m.find(f".//{{{MODS_NS}}}extent/{{{MODS_NS}}}start")
        if start is not None and start.text:
            return start.text.strip()
    return str(sequence)


def _areas(node: etree._Element) -> list[AreaRef]:
    out = []
    for area in node.iter(f"{{{METS_NS}}}area"):
        coords: tuple[float, ...] = ()
        if (area.get("SHAPE") or "").upper() == "RECT":
            try:
                coords = tuple(float(v) for v in (area.get("COORDS") or "").split(","))
            except ValueError:
                coords = ()
        out.append(
            AreaRef(
                file_id=area.get("FILEID") or "",
                begin=area.get("BEGIN") or "",
                end=area.get("END") or "",
                coords=coords if len(coords) == 4 else (),
            )
        )
    for fptr in node.iter(f"{{{METS_NS}}}fptr"):
        if fptr.get("FILEID") and not len(fptr):
            out.append(AreaRef(file_id=fptr.get("FILEID") or ""))
    return out


def _page_divs(structmap: etree._Element) -> list[etree._Element]:
    divs = []
    for div in structmap.iter(f"{{{METS_NS}}}div"):
        kind = (div.get("TYPE") or "").lower()
        if kind.endswith("page") and "area" not in kind:
            divs.append(div)
    return divs


def _pages(reader: _MetsReader, issue: MetsIssue) -> None:
    """The issue's pages in order, each with its files."""
    maps = reader.structmaps("PHYSICAL")
    divs = _page_divs(maps[0]) if maps else []
    divs.sort(key=lambda d: int(d.get("ORDER")) if (d.get("ORDER") or "").isdigit() else 0)
    for sequence, div in enumerate(divs, 1):
        page = MetsPage(sequence=sequence, label=_page_label(reader, div, sequence))
        images: list[tuple[int, Path]] = []
        own = [c for c in div if local(c.tag) == "fptr"]  # not the page areas' (BL)
        for fptr in own:
            for ref in _areas(fptr):
                f = reader.files.get(ref.file_id)
                if f is None or f.path is None:
                    continue
                issue.file_page[f.id] = sequence
                kind = _kind_of(f)
                if not kind:
                    continue
                if not f.path.is_file():
                    page.missing.append(f.path)
                    continue
                if kind == "pdf" and page.pdf is None:
                    page.pdf = f.path
                elif kind == "image":
                    images.append((IMAGE_EXT.get(f.path.suffix.lower(), 9), f.path))
                    page.dpi = page.dpi or reader.dpi_of(f)
                elif kind == "alto" and page.alto is None:
                    page.alto, page.alto_file_id = f.path, f.id
            for ref in _areas(fptr):  # a missing image's MIX still gives the resolution
                f = reader.files.get(ref.file_id)
                if f is not None and _kind_of(f) == "image":
                    page.dpi = page.dpi or reader.dpi_of(f)
        if images:
            page.image = min(images)[1]
        issue.pages.append(page)
    for f in reader.files.values():
        if _kind_of(f) == "issue_pdf" and f.path is not None and f.path.is_file():
            issue.issue_pdf = f.path
    if issue.issue_pdf is None:
        # RERO: the issue's PDF lies next to its METS (18451228_01.pdf, 18451228_01-METS.xml).
        stem = re.split(r"[-_.]mets$", reader.path.stem, flags=re.IGNORECASE)[0]
        for candidate in (reader.base / f"{stem}.pdf", reader.base / f"{reader.base.name}.pdf"):
            if candidate.is_file():
                issue.issue_pdf = candidate
                break


def _parts(reader: _MetsReader, div: etree._Element, role: str) -> list[Part]:
    """The parts of an article div, depth first, each with the role its div type gives."""
    kind = (div.get("TYPE") or "").lower()
    role = ROLE_OF_TYPE.get(kind, role)
    own = [c for c in div if local(c.tag) == "fptr"]
    parts = []
    areas = [a for fptr in own for a in _areas(fptr)]
    if areas:
        parts.append(Part(role, areas))
    for child in div:
        if local(child.tag) == "div":
            parts.extend(_parts(reader, child, role))
    return parts


def _logical(reader: _MetsReader, issue: MetsIssue) -> None:
    for structmap in reader.structmaps("LOGICAL"):
        for div in structmap.iter(f"{{{METS_NS}}}div"):
            kind = ARTICLE_TYPES.get((div.get("TYPE") or "").lower())
            if kind is None or any(
                ARTICLE_TYPES.get((a.get("TYPE") or "").lower()) for a in div.iterancestors()
            ):
                continue
            mods = reader.mods_of(div.get("DMDID") or "")
            title = mods_title(mods) or " ".join((div.get("LABEL") or "").split())
            parts = _parts(reader, div, "body")
            issue.articles.append(
                MetsArticle(div.get("ID") or "", kind, title, parts, mods_fields(mods))
            )
            issue.logical = True
    _struct_links(reader, issue)


def _struct_links(reader: _MetsReader, issue: MetsIssue) -> None:
    """BL: articles are empty divs; arcs link each to the physical page areas it covers."""
    targets: dict[str, list[str]] = {}
    for group in reader.root.iter(f"{{{METS_NS}}}smLinkGrp"):
        labels: dict[str, list[str]] = {}
        for loc in group.iter(f"{{{METS_NS}}}smLocatorLink"):
            href = (loc.get(f"{XLINK}href") or "").lstrip("#")
            labels.setdefault(loc.get(f"{XLINK}label") or "", []).append(href)
        for arc in group.iter(f"{{{METS_NS}}}smArcLink"):
            for source in labels.get(arc.get(f"{XLINK}from") or "", []):
                for target in labels.get(arc.get(f"{XLINK}to") or "", []):
                    targets.setdefault(source, []).append(target)
    for link in reader.root.iter(f"{{{METS_NS}}}smLink"):
        source, target = link.get(f"{XLINK}from") or "", link.get(f"{XLINK}to") or ""
        targets.setdefault(source, []).append(target)
    if not targets:
        return
    for article in issue.articles:
        if article.parts or article.id not in targets:
            continue
        for target in targets[article.id]:
            node = reader.by_id.get(target)
            if node is None:
                continue
            areas = _areas(node)
            issue.profile = "bl" if issue.profile in {"mets", "docworks"} else issue.profile
            if areas:
                role = ROLE_OF_TYPE.get((node.get("LABEL") or "").lower(), "body")
                article.parts.append(Part(role, areas))


def read_mets(path: Path) -> MetsIssue:
    """Read the METS issue at ``path``. Raises MetsError when it is not one, OSError when it
    cannot be read."""
    try:
        root = parse_xml(path).getroot()
    except ValueError as exc:
        raise MetsError("unknown_profile", f"not a METS document: {exc}") from exc
    return mets_from_root(root, path)


def mets_from_root(root: etree._Element, path: Path) -> MetsIssue:
    """The issue of a parsed METS document (``path`` locates its files)."""
    if local(root.tag) != "mets" or etree.QName(root).namespace != METS_NS:
        raise MetsError(
            "unknown_profile", f"not a METS document (the root element is <{local(root.tag)}>)"
        )
    reader = _MetsReader(root, path)
    profile_attr = (root.get("PROFILE") or "") + " " + (root.get("TYPE") or "")
    if "ndnp:reel" in profile_attr or "reel" in (root.get("TYPE") or "").lower():
        raise MetsError("unknown_profile", "an NDNP reel METS, not an issue")
    profile = _profile(root, profile_attr)
    issue = MetsIssue(path=path, profile=profile)
    physical = reader.structmaps("PHYSICAL")
    roots = [d for m in physical for d in m.findall(f"{{{METS_NS}}}div")]
    issue_dmd = " ".join(d.get("DMDID") or "" for d in roots)
    for structmap in reader.structmaps("LOGICAL"):
        for div in structmap.iter(f"{{{METS_NS}}}div"):
            if (div.get("TYPE") or "").upper() == "ISSUE":
                issue_dmd += " " + (div.get("DMDID") or "")
    mods = reader.mods_of(issue_dmd) or list(root.iter(f"{{{MODS_NS}}}mods"))
    issue.title = mods_title(mods)[:200] or " ".join((root.get("LABEL") or "").split())[:200]
    issue.date = _issue_date(mods) or _issue_date(list(root.iter(f"{{{MODS_NS}}}mods")))
    if issue.date is None:
        issue.date = date_in_name(root.get("LABEL") or "") or date_in_name(
            f"{path.parent.name} {path.name}"
        )
        if issue.date is not None:
            issue.notes.append(("no_date", "no MODS dateIssued; the date is read from its name"))
    issue.edition = _edition(mods)
    _pages(reader, issue)
    if not issue.pages:
        raise MetsError(
            "unknown_profile", f"a METS document ({profile}) with no pages in a physical structMap"
        )
    _logical(reader, issue)
    for article in issue.articles:
        for part in article.parts:
            part.areas = [a for a in part.areas if a.file_id in issue.file_page]
    return issue


def _profile(root: etree._Element, attr: str) -> str:
    if "ndnp" in attr:
        return "ndnp"
    agents = " ".join(root.xpath("//*[local-name()='agent']/*[local-name()='name']/text()"))
    if "ENMAP" in attr:
        return "enmap"
    if "docWorks" in agents or "CCS" in agents:
        return "docworks"
    return "mets"
