"""Write one page as ALTO 4.4 (pure: plain dataclasses in, XML bytes out; no Django).

Coordinates come in PDF points from the top left of the page (the way Broadsheet stores
everything) and are written in ALTO's `inch1200` unit: 1/1200 inch, so points × 1200/72
(× 16.67), rounded to whole units (0.06 pt). That keeps the file independent of any one image
rendition: a reader scales to whatever image it shows by the page's WIDTH and HEIGHT. Font
sizes stay in points, as ALTO defines FONTSIZE.

The page is a `Page` with one `PrintSpace` (the whole page) holding, in reading order, the
page's blocks: `TextBlock` (with `TextLine` and `String`, `SP` between words and `HYP` for a
word broken at the end of a line), `Illustration` (photos) and `GraphicalElement` (rules).
Every string names its `TextStyle` (font family, size, bold/italic); every text block its role
by a `StructureTag` (headline, body, …; `furniture` for page headers and footers outside any
article). Blocks whose lines were estimated rather than read from the PDF name a second
`Processing` step that says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_URL = "http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"
SCHEMA_VERSION = "4.4"
UNIT = "inch1200"
PER_POINT = 1200 / 72
READ_STEP = "PROC_READ"
ESTIMATED_STEP = "PROC_ESTIMATED"

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin top left


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (controls a stored text may carry)."""
    return _NOT_XML.sub("", text)


def units(points: float) -> int:
    """Points as whole inch1200 units."""
    return round(points * PER_POINT)


@dataclass(frozen=True, slots=True)
class Style:
    """A TextStyle: the font as the PDF names it, its size in points, bold and italic."""

    family: str
    size: float
    bold: bool = False
    italic: bool = False


@dataclass(slots=True)
class Word:
    text: str
    box: Box
    style: Style
    # A word broken at the end of a line: 1 for the first part (its hyphen left out of `text`
    # and written as the line's HYP), 2 for the part on the next line; `whole` is the word.
    hyphen_part: int = 0
    whole: str = ""
    hyphen_box: Box | None = None  # where the hyphen itself stands (first part only)
    space_before: bool = False  # a word space (SP) before it; a change of font alone has none


@dataclass(slots=True)
class Line:
    id: str
    words: list[Word]

    @property
    def box(self) -> Box:
        return union(w.box for w in self.words)

    @property
    def hyphen(self) -> Word | None:
        last = self.words[-1] if self.words else None
        return last if last is not None and last.hyphen_part == 1 else None


@dataclass(slots=True)
class Block:
    """A TextBlock (kind "text"), Illustration ("illustration") or GraphicalElement ("rule")."""

    id: str
    kind: str
    box: Box
    role: str = ""
    lines: list[Line] = field(default_factory=list)
    estimated: bool = False  # lines placed by estimate, not read from the PDF
    illustration_type: str = ""


@dataclass(slots=True)
class AltoPage:
    id: str  # "P3"
    physical: int  # 1-based position in the issue
    label: str  # the printed page label, "A03"
    width: float  # points
    height: float
    language: str  # BCP 47, "zh-Hans"
    image_name: str  # the page image's file name, "A03.jpg"
    blocks: list[Block] = field(default_factory=list)
    software_version: str = ""
    read_from: str = "the page PDF's text layer (PDFium)"


def union(boxes: Iterable[Box]) -> Box:
    items = list(boxes)
    if not items:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        min(b[0] for b in items),
        min(b[1] for b in items),
        max(b[2] for b in items),
        max(b[3] for b in items),
    )


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _place(element: etree._Element, box: Box) -> None:
    x0, y0, x1, y1 = box
    left, top = units(x0), units(y0)
    element.set("HEIGHT", str(max(0, units(y1) - top)))
    element.set("WIDTH", str(max(0, units(x1) - left)))
    element.set("HPOS", str(left))
    element.set("VPOS", str(top))


def _styles(page: AltoPage) -> dict[Style, str]:
    out: dict[Style, str] = {}
    for block in page.blocks:
        for line in block.lines:
            for word in line.words:
                if word.style not in out:
                    out[word.style] = f"TS{len(out) + 1}"
    return out


def _font_style(style: Style) -> str:
    return " ".join(s for s, on in (("bold", style.bold), ("italics", style.italic)) if on)


def _tag_id(role: str) -> str:
    return "TAG_" + "".join(c if c.isalnum() else "_" for c in role)


def _description(root: etree._Element, page: AltoPage, estimated: bool) -> None:
    description = etree.SubElement(root, _q("Description"))
    etree.SubElement(description, _q("MeasurementUnit")).text = UNIT
    source = etree.SubElement(description, _q("sourceImageInformation"))
    etree.SubElement(source, _q("fileName")).text = xml_text(page.image_name)
    steps = [(READ_STEP, f"Text, positions and fonts read from {page.read_from}.")]
    if estimated:
        steps.append(
            (
                ESTIMATED_STEP,
                "Lines estimated: the page has no usable text layer, so the stored text of each "
                "block is laid out evenly over the block's box; positions are approximate.",
            )
        )
    for step_id, text in steps:
        step = etree.SubElement(description, _q("Processing"), ID=step_id)
        etree.SubElement(step, _q("processingCategory")).text = "contentGeneration"
        etree.SubElement(step, _q("processingStepDescription")).text = text
        software = etree.SubElement(step, _q("processingSoftware"))
        etree.SubElement(software, _q("softwareName")).text = "Broadsheet"
        if page.software_version:
            etree.SubElement(software, _q("softwareVersion")).text = page.software_version


def _line(parent: etree._Element, line: Line, styles: dict[Style, str]) -> None:
    element = etree.SubElement(parent, _q("TextLine"), ID=line.id)
    _place(element, line.box)
    previous: Word | None = None
    for word in line.words:
        if previous is not None and word.space_before:
            space = etree.SubElement(element, _q("SP"))
            space.set("WIDTH", str(max(0, units(word.box[0]) - units(previous.box[2]))))
            space.set("HPOS", str(units(previous.box[2])))
            space.set("VPOS", str(units(min(previous.box[1], word.box[1]))))
        string = etree.SubElement(element, _q("String"))
        _place(string, word.box)
        string.set("CONTENT", xml_text(word.text))
        string.set("STYLEREFS", styles[word.style])
        if word.hyphen_part:
            string.set("SUBS_TYPE", f"HypPart{word.hyphen_part}")
            string.set("SUBS_CONTENT", xml_text(word.whole))
        previous = word
    hyphen = line.hyphen
    if hyphen is not None:
        mark = etree.SubElement(element, _q("HYP"), CONTENT="-")
        if hyphen.hyphen_box is not None:
            _place(mark, hyphen.hyphen_box)


def _ids(page: AltoPage) -> None:
    """The XML ID type is an NCName and unique per document: a mistake here is a bug."""
    seen: set[str] = {page.id, READ_STEP, ESTIMATED_STEP}
    for block in page.blocks:
        for ident in (block.id, *(ln.id for ln in block.lines)):
            if ident in seen or not ident[:1].isalpha():
                raise ValueError(f"ALTO ID {ident!r} is repeated or not a name")
            seen.add(ident)


def alto_document(page: AltoPage) -> bytes:
    """The page as an ALTO 4.4 document (UTF-8, with its XML declaration)."""
    _ids(page)
    root = etree.Element(_q("alto"), nsmap={None: NS, "xlink": XLINK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {SCHEMA_URL}")
    root.set("SCHEMAVERSION", SCHEMA_VERSION)
    estimated = any(b.estimated for b in page.blocks)
    _description(root, page, estimated)
    styles = _styles(page)
    if styles:
        styles_element = etree.SubElement(root, _q("Styles"))
        for style, ident in styles.items():
            text_style = etree.SubElement(styles_element, _q("TextStyle"), ID=ident)
            if style.family:
                text_style.set("FONTFAMILY", xml_text(style.family))
            text_style.set("FONTSIZE", f"{style.size:g}")
            font_style = _font_style(style)
            if font_style:
                text_style.set("FONTSTYLE", font_style)
    roles = list(dict.fromkeys(b.role for b in page.blocks if b.kind == "text" and b.role))
    if roles:
        tags = etree.SubElement(root, _q("Tags"))
        for role in roles:
            etree.SubElement(tags, _q("StructureTag"), ID=_tag_id(role), LABEL=role)
    layout = etree.SubElement(root, _q("Layout"))
    page_element = etree.SubElement(
        layout,
        _q("Page"),
        ID=page.id,
        PHYSICAL_IMG_NR=str(page.physical),
        PRINTED_IMG_NR=xml_text(page.label),
        HEIGHT=str(units(page.height)),
        WIDTH=str(units(page.width)),
        LANG=page.language,
    )
    space = etree.SubElement(page_element, _q("PrintSpace"))
    _place(space, (0.0, 0.0, page.width, page.height))
    for block in page.blocks:
        if block.kind == "illustration":
            element = etree.SubElement(space, _q("Illustration"), ID=block.id)
            _place(element, block.box)
            if block.illustration_type:
                element.set("TYPE", block.illustration_type)
            continue
        if block.kind == "rule":
            element = etree.SubElement(space, _q("GraphicalElement"), ID=block.id)
            _place(element, block.box)
            continue
        element = etree.SubElement(space, _q("TextBlock"), ID=block.id)
        _place(element, block.box)
        if block.role:
            element.set("TAGREFS", _tag_id(block.role))
        element.set("PROCESSINGREFS", ESTIMATED_STEP if block.estimated else READ_STEP)
        element.set("LANG", page.language)
        for line in block.lines:
            if line.words:
                _line(element, line, styles)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
