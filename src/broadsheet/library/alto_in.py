"""Reading ALTO (any version: 1.x without a namespace or in the CCS namespace, 2, 3 and 4) into
pages of blocks, lines and words with boxes in PDF points, origin top left.

Units: ``mm10`` (tenths of a millimetre) and ``inch1200`` (1/1200 inch) convert by their
definition; ``pixel`` (the default of ALTO 4, and of files that name no unit) needs the scan's
resolution: the caller's (METS/MIX or the image), else the ``xdpi:`` an OCR engine wrote into
its processing settings, else 300 dpi, which the page marks as assumed. Font sizes come from
the ``TextStyle`` a word, its line or its block refers to (ALTO sizes are in points).

Pure (no Django). Nothing is fetched: entities are not resolved and no DTD or schema is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from broadsheet.pdf.extract import Char, PageContent

ALTO_NAMESPACES = {
    "": "1",
    "http://schema.ccs-gmbh.com/ALTO": "1",
    "http://www.loc.gov/standards/alto/ns-v2#": "2",
    "http://www.loc.gov/standards/alto/ns-v3#": "3",
    "http://www.loc.gov/standards/alto/ns-v4#": "4",
}
POINTS_PER_UNIT = {"mm10": 72 / 254, "inch1200": 72 / 1200}
DEFAULT_DPI = 300.0
BLOCK_TAGS = {"TextBlock": "text", "Illustration": "illustration", "GraphicalElement": "graphic"}
_DPI_IN_SETTINGS = re.compile(r"\bxdpi\s*[:=]\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
MAX_ALTO_BYTES = 64 * 1024 * 1024


class AltoError(ValueError):
    """Not an ALTO document we can read; the message says why."""


def safe_parser() -> etree.XMLParser:
    """An XML parser that fetches nothing and expands no entities."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )


def parse_xml(path: Path, limit: int = MAX_ALTO_BYTES) -> etree._ElementTree:
    """Parse ``path`` safely; raises OSError when unreadable, ValueError when not XML."""
    if path.stat().st_size > limit:
        raise ValueError(f"larger than {limit // (1024 * 1024)} MB")
    try:
        return etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from exc


def local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


@dataclass
class Word:
    id: str
    text: str
    box: tuple[float, float, float, float]
    size: float = 0.0  # points; 0 when no style gives one
    font: str = ""
    bold: bool = False
    hyphen: bool = False  # a line-end hyphen (HYP) follows, or the word is a hyphenated part


@dataclass
class Line:
    id: str
    box: tuple[float, float, float, float]
    words: list[Word] = field(default_factory=list)


@dataclass
class Block:
    id: str
    kind: str  # text, illustration, graphic
    box: tuple[float, float, float, float]
    lines: list[Line] = field(default_factory=list)
    # The ComposedBlocks the block stands in, outermost first (areas may name them).
    parents: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return lines_text(self.lines)


@dataclass
class AltoPage:
    version: str
    unit: str
    width: float  # points
    height: float
    blocks: list[Block] = field(default_factory=list)
    page_id: str = ""
    dpi: float | None = None  # the resolution used for pixel units
    dpi_assumed: bool = False
    duplicate_ids: int = 0
    words: list[Word] = field(default_factory=list)  # every word, in document order
    word_index: dict[str, int] = field(default_factory=dict)  # first word of each ID
    line_of: dict[str, Line] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.lines)


def lines_text(lines: list[Line]) -> str:
    """Lines joined by newlines; a line ending in a hyphenation runs on into the next."""
    out: list[str] = []
    run_on = False
    for line in lines:
        words = [w for w in line.words if w.text]
        if not words:
            continue
        text = " ".join(w.text for w in words)
        if run_on and out:
            out[-1] = out[-1] + text
        else:
            out.append(text)
        run_on = words[-1].hyphen
        if run_on:
            out[-1] = out[-1].rstrip("-\u00ad¬")
    return "\n".join(out)


def _float(value: str | None) -> float:
    try:
        number = float(value or 0)
    except ValueError:
        return 0.0
    return number if number == number and abs(number) < 1e9 else 0.0  # no NaN, no overflow


class _Reader:
    def __init__(self, root: etree._Element, dpi: float | None) -> None:
        self.ns = etree.QName(root).namespace or ""
        self.version = ALTO_NAMESPACES.get(self.ns, "?")
        self.root = root
        self.styles: dict[str, tuple[float, str, bool]] = {}
        unit = (self._text(root, "Description", "MeasurementUnit") or "").strip()
        self.unit = unit or "pixel"
        self.dpi = dpi
        self.dpi_assumed = False
        if self.unit in POINTS_PER_UNIT:
            self.scale = POINTS_PER_UNIT[self.unit]
        else:
            if self.dpi is None:
                settings = " ".join(root.xpath("//*[local-name()='processingStepSettings']/text()"))
                found = _DPI_IN_SETTINGS.search(settings)
                self.dpi = float(found.group(1)) if found else None
            if not self.dpi or self.dpi <= 0:
                self.dpi, self.dpi_assumed = DEFAULT_DPI, True
            self.scale = 72 / self.dpi
        self.seen: set[str] = set()
        self.duplicates = 0

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def _text(self, node: etree._Element, *path: str) -> str | None:
        for name in path:
            found = node.find(self._q(name))
            if found is None:
                return None
            node = found
        return node.text

    def read_styles(self) -> None:
        for style in self.root.iter(self._q("TextStyle")):
            size = _float(style.get("FONTSIZE"))
            bold = "bold" in (style.get("FONTSTYLE") or "").lower()
            self.styles[style.get("ID") or ""] = (size, style.get("FONTFAMILY") or "", bold)

    def box(self, node: etree._Element) -> tuple[float, float, float, float]:
        s = self.scale
        x, y = _float(node.get("HPOS")) * s, _float(node.get("VPOS")) * s
        return (x, y, x + _float(node.get("WIDTH")) * s, y + _float(node.get("HEIGHT")) * s)

    def style(self, *nodes: etree._Element) -> tuple[float, str, bool]:
        for node in nodes:
            for ref in (node.get("STYLEREFS") or "").split():
                if ref in self.styles:
                    return self.styles[ref]
        return (0.0, "", False)

    def note_id(self, ident: str) -> None:
        if ident in self.seen:
            self.duplicates += 1
        self.seen.add(ident)

    def line(self, node: etree._Element, block: etree._Element, page: AltoPage) -> Line:
        line = Line(node.get("ID") or "", self.box(node))
        whole = False
        for child in node:
            name = local(child.tag)
            if name == "HYP" and line.words:
                # A word hyphenated across lines: the next line runs on, unless the word
                # already stands whole here (SUBS_CONTENT).
                line.words[-1].hyphen = not whole
                continue
            if name != "String":
                continue
            size, font, bold = self.style(child, node, block)
            text = child.get("CONTENT") or ""
            subs = child.get("SUBS_TYPE")
            whole = subs == "HypPart1" and bool(child.get("SUBS_CONTENT"))
            if whole:
                text = child.get("SUBS_CONTENT") or text
            elif subs == "HypPart2" and child.get("SUBS_CONTENT"):
                text = ""  # the whole word stands on the line before
            word = Word(
                id=child.get("ID") or "",
                text=text.strip(),
                box=self.box(child),
                size=size,
                font=font,
                bold=bold or "bold" in (child.get("STYLE") or "").lower(),
            )
            if word.id:
                self.note_id(word.id)
                page.word_index.setdefault(word.id, len(page.words))
            page.words.append(word)
            line.words.append(word)
        if line.id:
            page.line_of.setdefault(line.id, line)
        return line

    def blocks(self, node: etree._Element, parents: tuple[str, ...], page: AltoPage) -> None:
        for child in node:
            name = local(child.tag)
            ident = child.get("ID") or ""
            if name == "ComposedBlock":
                self.blocks(child, (*parents, ident) if ident else parents, page)
            elif name in BLOCK_TAGS:
                block = Block(ident, BLOCK_TAGS[name], self.box(child), parents=parents)
                if name == "TextBlock":
                    block.lines = [
                        self.line(ln, child, page) for ln in child if local(ln.tag) == "TextLine"
                    ]
                page.blocks.append(block)


def read_alto(path: Path, dpi: float | None = None) -> AltoPage:
    """The first page of the ALTO file at ``path``. Raises AltoError (not XML, not ALTO, no
    page) or OSError (unreadable)."""
    try:
        tree = parse_xml(path)
    except ValueError as exc:
        raise AltoError(str(exc)) from exc
    return alto_from_tree(tree.getroot(), dpi)


def alto_from_tree(root: etree._Element, dpi: float | None = None) -> AltoPage:
    if local(root.tag) != "alto":
        raise AltoError(f"not ALTO (the document is <{local(root.tag)}>)")
    reader = _Reader(root, dpi)
    if reader.version == "?":
        raise AltoError(f"an ALTO namespace this reader does not know ({reader.ns})")
    reader.read_styles()
    page_node = next(root.iter(reader._q("Page")), None)
    if page_node is None:
        raise AltoError("the ALTO file has no <Page>")
    width = _float(page_node.get("WIDTH")) * reader.scale
    height = _float(page_node.get("HEIGHT")) * reader.scale
    page = AltoPage(
        version=reader.version,
        unit=reader.unit,
        width=width,
        height=height,
        page_id=page_node.get("ID") or "",
        dpi=reader.dpi if reader.unit not in POINTS_PER_UNIT else None,
        dpi_assumed=reader.dpi_assumed,
    )
    for space in page_node:
        if (
            local(space.tag) in {"TopMargin", "LeftMargin", "RightMargin", "BottomMargin"}
            or local(space.tag) == "PrintSpace"
        ):
            reader.blocks(space, (), page)
    page.duplicate_ids = reader.duplicates
    if page.width <= 0 or page.height <= 0:
        # Some generators write WIDTH="0": the page is then the extent of what it holds.
        boxes = [b.box for b in page.blocks]
        page.width = max((b[2] for b in boxes), default=0.0)
        page.height = max((b[3] for b in boxes), default=0.0)
    return page


def page_content(page: AltoPage, scale_x: float = 1.0, scale_y: float = 1.0) -> PageContent:
    """The page analyser's input from ALTO words: one character per letter, spread evenly over
    its word's box, with the word's font size (or 80 % of its box height) and boldness."""
    content = PageContent(width=page.width * scale_x, height=page.height * scale_y)
    index = 0
    for block in page.blocks:
        for line in block.lines:
            first = True
            for word in line.words:
                text = "".join(word.text.split())
                if not text:
                    continue
                x0, y0, x1, y1 = word.box
                x0, x1, y0, y1 = x0 * scale_x, x1 * scale_x, y0 * scale_y, y1 * scale_y
                if x1 <= x0 or y1 <= y0:
                    continue
                size = word.size or max(1.0, (y1 - y0) * 0.8)
                step = (x1 - x0) / len(text)
                for i, ch in enumerate(text):
                    content.chars.append(
                        Char(
                            text=ch,
                            x0=x0 + i * step,
                            y0=y0,
                            x1=x0 + (i + 1) * step,
                            y1=y1,
                            font_name=word.font or "ALTO",
                            font_size=size,
                            bold=word.bold,
                            weight=700 if word.bold else 400,
                            index=index,
                            space_before=i == 0 and not first,
                        )
                    )
                    index += 1
                first = False
    return content
