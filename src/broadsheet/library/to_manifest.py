"""From a read METS issue and its ALTO pages to an ingest manifest and one file per page.

Each page's file is its PDF where there is one; else the issue's whole PDF when it has exactly
the issue's pages; else its image (JP2, TIFF, JPEG, PNG) made into a one-page PDF; else a blank
page of the ALTO page's size, flagged ``"image": false``. ALTO boxes (in points by their unit)
are scaled onto that page. Articles come from the METS (logical structMap or BL structLink),
their parts placed by the ALTO blocks, lines or word ranges their areas name; an issue the METS
does not segment gets its articles from the page analysis of its ALTO text (``analyse``) or
none (``none``). Pure (no Django).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from broadsheet.ingest.labels import sequence_label
from broadsheet.layout.page import analyze_content
from broadsheet.legacy.site import Problem
from broadsheet.library.alto_in import (
    AltoError,
    AltoPage,
    Block,
    Word,
    alto_from_tree,
    lines_text,
    page_content,
    parse_xml,
)
from broadsheet.library.mets_in import AreaRef, MetsArticle, MetsIssue, MetsPage
from broadsheet.library.schemas import check
from broadsheet.pdf.document import Limits, PdfError, validate_pdf
from broadsheet.pdf.from_image import ImageError, blank_pdf, image_to_pdf, page_size_of

ARTICLE_MODES = ("analyse", "none")
Box = tuple[float, float, float, float]


@dataclass
class Built:
    manifest: dict[str, Any]
    paths: list[Path] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    skips: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    analysed: set[int] = field(default_factory=set)  # pages whose articles the analyser found
    inputs: list[Path] = field(default_factory=list)  # the METS and ALTO files read

    def basis(self) -> dict[str, Any]:
        """The manifest with analysed articles replaced by the analysis's input (a re-run
        with an analyser that changed since imports nothing again)."""
        pages = [
            {**p, "articles": "analysed"} if p["index"] in self.analysed else p
            for p in self.manifest["pages"]
        ]
        return {**self.manifest, "pages": pages}

    @property
    def articles(self) -> int:
        ids = {a["id"] for p in self.manifest["pages"] for a in p.get("articles") or []}
        return len(ids)


@dataclass
class _Page:
    source: MetsPage
    index: int  # 1-based sequence among the pages kept
    width: float
    height: float
    image: bool = True
    alto: AltoPage | None = None
    sx: float = 1.0
    sy: float = 1.0


def _image_dpi(path: Path) -> float | None:
    try:
        with Image.open(path) as image:
            dpi = image.info.get("dpi")
    except (OSError, ValueError):
        return None
    if isinstance(dpi, tuple) and dpi and isinstance(dpi[0], int | float) and dpi[0] >= 50:
        return float(dpi[0])
    return None


class _Builder:
    def __init__(self, issue: MetsIssue, work: Path, limits: Limits, schemas: Path | None):
        self.issue = issue
        self.work = work
        self.limits = limits
        self.schemas = schemas
        self.built = Built(manifest={})
        self.date = issue.date.isoformat() if issue.date else ""

    def problem(self, kind: str, file: Path | str, reason: str, *, skip: bool) -> None:
        entry = Problem(kind, str(file), reason, self.date)
        (self.built.skips if skip else self.built.notes).append(entry)

    def read_alto(self, page: MetsPage) -> AltoPage | None:
        if page.alto is None:
            return None
        try:
            tree = parse_xml(page.alto)
        except (OSError, ValueError) as exc:
            self.problem("bad_alto", page.alto, f"the page's text cannot be read: {exc}", skip=True)
            return None
        invalid = check(page.alto, tree, self.schemas)
        if invalid:
            self.problem("schema_invalid", page.alto, invalid + "; read all the same", skip=False)
        dpi = page.dpi or (_image_dpi(page.image) if page.image else None)
        try:
            alto = alto_from_tree(tree.getroot(), dpi)
        except AltoError as exc:
            self.problem("bad_alto", page.alto, str(exc), skip=True)
            return None
        if alto.dpi_assumed and page.pdf is None and page.image is None:
            self.problem(
                "assumed_resolution",
                page.alto,
                f"pixel units and no resolution in the METS, the image or the ALTO: "
                f"{alto.dpi:g} dpi assumed for the page size",
                skip=False,
            )
        if alto.duplicate_ids:
            self.problem(
                "duplicate_ids",
                page.alto,
                f"{alto.duplicate_ids} element IDs appear twice; areas use the first",
                skip=False,
            )
        return alto

    def page_file(self, page: MetsPage, alto: AltoPage | None) -> _Page | None:
        index = len(self.built.paths) + 1
        if page.pdf is not None:
            try:
                info = validate_pdf(page.pdf, page.pdf.name, self.limits)
            except PdfError as exc:
                self.problem("bad_pdf", page.pdf, f"{exc}; the page is made otherwise", skip=True)
            else:
                self._add(page.pdf, page.pdf.name)
                size = info.pages[0]
                return _Page(page, index, size.width, size.height)
        if page.image is not None:
            dest = self.work / f"{index:04d}.pdf"
            try:
                width, height = image_to_pdf(page.image, dest, page.image.name)
            except ImageError as exc:
                self.problem("bad_image", page.image, str(exc), skip=True)
            else:
                self._add(dest, f"{page.image.name}.pdf")
                return _Page(page, index, *page_size_of(width, height))
        if alto is not None and alto.width > 0 and alto.height > 0:
            dest = self.work / f"{index:04d}.pdf"
            blank_pdf(dest, alto.width, alto.height)
            self._add(dest, f"{page.alto.name if page.alto else index}.pdf")
            return _Page(page, index, alto.width, alto.height, image=False)
        self.problem(
            "no_page_files",
            page.alto or self.issue.path,
            f"page {page.label}: no PDF, image or readable ALTO; not imported",
            skip=True,
        )
        return None

    def _add(self, path: Path, name: str) -> None:
        while name in self.built.names:
            name = f"{len(self.built.paths)}-{name}"
        self.built.paths.append(path)
        self.built.names.append(name)

    def missing(self, page: MetsPage, kept: _Page | None) -> None:
        if not page.missing:
            return
        made = "not imported"
        if kept is not None:
            made = "made from its PDF" if page.pdf else "made from its image"
            made = made if kept.image else "made blank from its ALTO text (no image)"
        names = ", ".join(p.name for p in page.missing)
        self.problem(
            "missing_file",
            page.missing[0],
            f"page {page.label}: the METS names {names}, not there; the page is {made}",
            skip=kept is None or not kept.image,
        )

    def scale(self, kept: _Page) -> None:
        alto = kept.alto
        if alto is None or alto.width <= 0 or alto.height <= 0:
            return
        kept.sx, kept.sy = kept.width / alto.width, kept.height / alto.height
        if (
            kept.source.pdf is not None
            and kept.image
            and max(abs(kept.sx - 1), abs(kept.sy - 1)) > 0.1
        ):
            self.problem(
                "alto_scale",
                kept.source.alto or "",
                f"the ALTO page measures {alto.width:.0f}×{alto.height:.0f} pt by its unit "
                f"({alto.unit}), the PDF {kept.width:.0f}×{kept.height:.0f} pt; the ALTO "
                "is scaled to the PDF",
                skip=False,
            )


def _box(box: Box, page: _Page) -> list[float]:
    x0, y0, x1, y1 = box
    out = [
        round(max(0.0, min(x0 * page.sx, page.width)), 2),
        round(max(0.0, min(y0 * page.sy, page.height)), 2),
        round(max(0.0, min(x1 * page.sx, page.width)), 2),
        round(max(0.0, min(y1 * page.sy, page.height)), 2),
    ]
    return out


def _union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def resolve_area(alto: AltoPage, area: AreaRef) -> list[tuple[Box, str]]:
    """The boxes (ALTO points) and texts an area names: blocks (or a ComposedBlock's blocks),
    a line, or a range of words from BEGIN to END."""
    if not area.begin or area.begin == alto.page_id:
        return []
    blocks: list[Block] = [b for b in alto.blocks if b.id == area.begin or area.begin in b.parents]
    if blocks:
        return [(b.box, b.text) for b in blocks]
    line = alto.line_of.get(area.begin)
    if line is not None:
        return [(line.box, lines_text([line]))]
    start = alto.word_index.get(area.begin)
    if start is None:
        return []
    end = alto.word_index.get(area.end or area.begin, start)
    words: list[Word] = alto.words[start : max(start, end) + 1]
    boxes = [w.box for w in words if w.box[2] > w.box[0]]
    if not boxes:
        return []
    return [(_union(boxes), " ".join(w.text for w in words if w.text))]


def build(
    issue: MetsIssue,
    work: Path,
    publication: str,
    *,
    articles: str = "analyse",
    limits: Limits | None = None,
    schemas: Path | None = None,
) -> Built:
    """The manifest and page files of ``issue``; image-only and text-only pages are made
    into PDFs in ``work``."""
    b = _Builder(issue, work, limits or Limits(), schemas)
    altos = [b.read_alto(page) for page in issue.pages]
    kept: list[_Page] = []
    whole = issue.issue_pdf
    if whole is not None and not any(p.pdf or p.image for p in issue.pages):
        try:
            info = validate_pdf(whole, whole.name, b.limits)
        except PdfError as exc:
            b.problem("bad_pdf", whole, str(exc), skip=True)
        else:
            if len(info.pages) == len(issue.pages):
                b._add(whole, whole.name)
                for i, (page, size) in enumerate(zip(issue.pages, info.pages, strict=True), 1):
                    kept.append(_Page(page, i, size.width, size.height))
    if not kept:
        for page, alto in zip(issue.pages, altos, strict=True):
            made = b.page_file(page, alto)
            b.missing(page, made)
            if made is not None:
                kept.append(made)
    by_sequence = {k.source.sequence: k for k in kept}
    for k in kept:
        k.alto = altos[k.source.sequence - 1]
        b.scale(k)
    per_page: dict[int, list[dict[str, Any]] | None] = {k.index: None for k in kept}
    if issue.logical:
        per_page = {k.index: [] for k in kept}
        for n, article in enumerate(issue.articles, 1):
            _place(b, article, n, by_sequence, per_page)
    else:
        for k in kept:
            if articles == "none" or k.alto is None:
                per_page[k.index] = [] if articles == "none" else None
                continue
            analysis = analyze_content(page_content(k.alto, k.sx, k.sy), k.index)
            per_page[k.index] = [_clean(a) for a in analysis.get("articles", [])]
            b.built.analysed.add(k.index)
            if analysis.get("text_quality", "ok") != "ok":
                b.problem(
                    "text_quality",
                    k.source.alto or "",
                    f"the ALTO text is {analysis['text_quality']}: no articles found in it",
                    skip=False,
                )
    taken: set[str] = set()
    pages = []
    for k in kept:
        entry: dict[str, Any] = {"index": k.index, "number": _label(k, taken, sequence_label)}
        if not k.image:
            entry["image"] = False
        if per_page[k.index] is not None:
            entry["articles"] = per_page[k.index]
        pages.append(entry)
    b.built.manifest = {"publication": publication, "date": b.date, "pages": pages}
    b.built.inputs = [issue.path, *(p.alto for p in issue.pages if p.alto and p.alto.is_file())]
    if issue.edition > 1:
        b.built.manifest["edition"] = issue.edition
    return b.built


def _label(k: _Page, taken: set[str], fallback: Any) -> str:
    label = re.sub(r"[^A-Za-z0-9_-]", "", k.source.label)[:17]
    if not label or label == "a" or not label[0].isalnum():
        label = fallback(k.index)
    base, n = label, 2
    while label in taken:
        label, n = f"{base}-{n}", n + 1
    taken.add(label)
    return label


def _clean(article: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in article.items() if k not in {"outline"}}
    for key in ("kicker", "headline", "subheadline", "byline"):
        out[key] = str(out.get(key) or "")[:500]
    out["text"] = str(out.get("text") or "")[:200_000]
    return out


def _place(
    b: _Builder,
    article: MetsArticle,
    n: int,
    by_sequence: dict[int, _Page],
    per_page: dict[int, list[dict[str, Any]] | None],
) -> None:
    """The article's part on each page it occupies, linked page to page."""
    on: dict[int, dict[str, Any]] = {}
    unresolved = 0
    for part in article.parts:
        for area in part.areas:
            sequence = b.issue.file_page.get(area.file_id)
            page = by_sequence.get(sequence or 0)
            if page is None or page.alto is None:
                continue
            found = resolve_area(page.alto, area)
            if not found and area.coords and page.alto.dpi:
                x0, y0, x1, y1 = (v * 72 / page.alto.dpi for v in area.coords)
                found = [((x0, y0, x1, y1), "")]
            if not found:
                unresolved += area.begin not in {"", page.alto.page_id}
                continue
            entry = on.setdefault(page.index, {"blocks": [], "body": [], "heads": []})
            for box, text in found:
                bbox = _box(box, page)
                if bbox[2] - bbox[0] < 0.5 or bbox[3] - bbox[1] < 0.5:
                    continue
                entry["blocks"].append({"role": part.role, "bbox": bbox, "text": text[:20_000]})
                if part.role == "body" and text:
                    entry["body"].append(text)
                elif text:
                    entry["heads"].append((part.role, text))
    if unresolved:
        b.problem(
            "missing_area",
            b.issue.path,
            f"article {article.id}: {unresolved} area(s) name ALTO IDs that are not there",
            skip=False,
        )
    if not on:
        if article.parts:
            b.problem(
                "no_zone", b.issue.path, f"article {article.id}: no area on any page", skip=False
            )
        return
    fields = {"headline": article.title, "subheadline": "", "kicker": "", "byline": ""}
    fields.update(article.fields)  # as the METS's MODS states them, before the ALTO's text
    first = min(on)
    for role, text in on[first]["heads"]:
        key = role if role in fields else ""
        if key and not fields[key]:
            fields[key] = " ".join(text.split())
    indexes = sorted(on)
    for i, index in enumerate(indexes):
        entry = on[index]
        data: dict[str, Any] = {
            "id": f"a{n}",
            "kind": article.kind,
            **{k: (v[:500] if index == first else "") for k, v in fields.items()},
            "text": "\n\n".join(entry["body"])[:200_000],
            "blocks": entry["blocks"][:500],
        }
        if i + 1 < len(indexes):
            data["continued_to"] = {"page": indexes[i + 1], "article": f"a{n}"}
        if i > 0:
            data["continued_from"] = {"page": indexes[i - 1], "article": f"a{n}"}
        target = per_page[index]
        assert target is not None
        target.append(data)
