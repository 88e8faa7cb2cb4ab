"""A page's text, re-read from its PDF, laid out as ALTO blocks (pure: no Django).

Broadsheet stores articles and their blocks (`Region`s with a role and a box), not the lines
and words inside them. For ALTO they are read again from the page PDF with the analyser's own
extractor and line builder (`broadsheet.pdf.extract`, `broadsheet.layout.lines`), split into
words at the word spaces the line builder found (and where the font changes), and each word is
given to the smallest region whose box (or polygon) holds its centre. So a line that runs
across two regions is split between them, and the IDs of the region blocks depend only on the
regions (`block_ids`), which lets the METS file point at them without reading any PDF.

Words in no region are page furniture (running heads, page numbers, 责任编辑 lines): they are
chained into blocks by the analyser's block builder and written as their own TextBlocks, outside
every article. Photo regions become Illustrations, other images on the page too, and the PDF's
rules become GraphicalElements.

A page without a usable text layer (garbled fonts, none at all) gets each region's stored text
laid out evenly over the region's box ("estimated" lines, marked as such in the ALTO).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from broadsheet.layout.blocks import build_blocks
from broadsheet.layout.lines import Line as LayoutLine
from broadsheet.layout.lines import body_size, build_lines, is_cjk, make_line
from broadsheet.layout.order import xy_order
from broadsheet.layout.quality import usable_chars
from broadsheet.library.alto_out import AltoPage, Block, Box, Line, Style, Word, union
from broadsheet.pdf.extract import Char, PageContent

TEXT_ROLES = ("kicker", "headline", "subheadline", "byline", "body", "subhead", "caption", "jump")
_ITALIC = ("italic", "oblique", "kursiv")


@dataclass(slots=True)
class RegionIn:
    """One block of an article on the page, as stored: its role and box in points."""

    key: str
    role: str  # one of TEXT_ROLES, or "photo"
    box: Box
    polygon: list[list[float]] | None = None
    text: str = ""  # the stored text, used only when lines have to be estimated


@dataclass(slots=True)
class _Piece:
    """A run of words of one extracted line that went to the same block."""

    chars: list[Char]
    words: list[Word] = field(default_factory=list)
    vertical: bool = False

    @property
    def box(self) -> Box:
        return union(w.box for w in self.words)


def page_id(number: int) -> str:
    return f"P{number}"


def block_ids(number: int, regions: Sequence[RegionIn]) -> dict[str, str]:
    """The ALTO ID of each region's block on page `number` (1-based), from the regions alone."""
    ids: dict[str, str] = {}
    for k, region in enumerate(regions, start=1):
        kind = "IL" if region.role == "photo" else "TB"
        ids[region.key] = f"{page_id(number)}_{kind}{k}"
    return ids


def _style(ch: Char) -> Style:
    name = ch.font_name.lower()
    return Style(
        family=ch.font_name,
        size=round(ch.font_size * 2) / 2,
        bold=ch.bold,
        italic=any(word in name for word in _ITALIC),
    )


def _char_box(ch: Char) -> Box:
    return (ch.x0, ch.y0, ch.x1, ch.y1)


def words_of(line: LayoutLine) -> list[tuple[list[Char], bool]]:
    """The line's words as (characters, space before), split where the line builder put a
    word space and where the font changes."""
    out: list[tuple[list[Char], bool]] = []
    text, pos = line.text, 0
    current: list[Char] = []
    space_before = False
    style: Style | None = None
    for ch in line.chars:
        spaced = False
        if text.startswith(" ", pos) and not ch.text.startswith(" "):
            spaced = True
            pos += 1
        if text.startswith(ch.text, pos):
            pos += len(ch.text)
        ch_style = _style(ch)
        if current and (spaced or ch_style != style):
            out.append((current, space_before))
            current, space_before = [], spaced
        current.append(ch)
        style = ch_style
    if current:
        out.append((current, space_before))
    return out


def _word(chars: list[Char], space_before: bool) -> Word:
    return Word(
        text="".join(c.text for c in chars),
        box=union(_char_box(c) for c in chars),
        style=_style(chars[0]),
        space_before=space_before,
    )


def _inside(region: RegionIn, x: float, y: float, tolerance: float = 1.0) -> bool:
    x0, y0, x1, y1 = region.box
    if not (x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance):
        return False
    if not region.polygon or len(region.polygon) < 3:
        return True
    inside = False
    points = region.polygon
    for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1], strict=False):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def _area(region: RegionIn) -> float:
    x0, y0, x1, y1 = region.box
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def _owner(regions: list[RegionIn], box: Box) -> RegionIn | None:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    holding = [r for r in regions if _inside(r, cx, cy)]
    return min(holding, key=_area) if holding else None


def _order(pieces: list[_Piece]) -> list[_Piece]:
    """Reading order inside one block: columns left to right (right to left for vertical
    text), lines top to bottom."""
    vertical = any(p.vertical for p in pieces)
    return xy_order(pieces, lambda p: p.box, right_to_left=vertical)


def _mark_hyphens(lines: list[Line]) -> None:
    """A word broken at a line's end (the analyser joins it the same way: a letter, "-", and a
    lower-case start on the next line) becomes ALTO's HypPart1 + HYP, HypPart2."""
    for upper, lower in zip(lines, lines[1:], strict=False):
        if not upper.words or not lower.words:
            continue
        last, first = upper.words[-1], lower.words[0]
        text = last.text
        if not (len(text) > 1 and text.endswith("-") and text[-2].isalpha()):
            continue
        if not first.text[:1].islower() or last.hyphen_part or len(upper.words) == 0:
            continue
        whole = text[:-1] + first.text
        hyphen_width = (last.box[2] - last.box[0]) / len(text)
        last.hyphen_box = (last.box[2] - hyphen_width, last.box[1], last.box[2], last.box[3])
        last.box = (last.box[0], last.box[1], last.box[2] - hyphen_width, last.box[3])
        last.text = text[:-1]
        last.hyphen_part, last.whole = 1, whole
        first.hyphen_part, first.whole = 2, whole


class _Ids:
    def __init__(self, number: int, start: int) -> None:
        self.prefix = page_id(number)
        self.blocks = start
        self.lines = 0

    def block(self, kind: str) -> str:
        self.blocks += 1
        return f"{self.prefix}_{kind}{self.blocks}"

    def line(self) -> str:
        self.lines += 1
        return f"{self.prefix}_TL{self.lines}"


def _lines(pieces: list[_Piece], ids: _Ids) -> list[Line]:
    lines = [Line(id=ids.line(), words=p.words) for p in _order(pieces) if p.words]
    _mark_hyphens(lines)
    return lines


def _split(
    lines: list[LayoutLine], regions: list[RegionIn]
) -> tuple[dict[str, list[_Piece]], list[_Piece]]:
    """Each line's words to the regions holding them: pieces per region, and the rest."""
    owned: dict[str, list[_Piece]] = {r.key: [] for r in regions}
    rest: list[_Piece] = []
    for line in lines:
        current: _Piece | None = None
        owner_key: str | None = None
        for chars, space_before in words_of(line):
            word = _word(chars, space_before)
            region = _owner(regions, word.box)
            key = region.key if region is not None else None
            if current is None or key != owner_key:
                word.space_before = False
                current = _Piece(chars=[], vertical=line.vertical)
                owner_key = key
                (owned[key] if key is not None else rest).append(current)
            current.chars.extend(chars)
            current.words.append(word)
    return owned, rest


def _furniture(
    rest: list[_Piece], all_lines: list[LayoutLine], content: PageContent
) -> list[list[_Piece]]:
    """Pieces in no region chained into blocks the way the analyser chains lines."""
    if not rest:
        return []
    by_line = {}
    layout_lines = []
    for piece in rest:
        line = make_line(piece.chars, vertical=piece.vertical)
        by_line[id(line)] = piece
        layout_lines.append(line)
    body = body_size(all_lines)
    blocks = build_blocks(layout_lines, body, content.rules)
    groups = [[by_line[id(ln)] for ln in b.lines] for b in blocks]
    return xy_order(groups, lambda g: union(p.box for p in g))


def _text_units(text: str) -> float:
    return sum(1.0 if is_cjk(c) else 0.3 if c == " " else 0.55 for c in text)


def _wrap(paragraph: str, per_line: float) -> list[str]:
    """Break a paragraph into lines of about `per_line` units: at spaces where there are any,
    between any two CJK characters."""
    lines: list[str] = []
    current = ""
    for token in _tokens(paragraph):
        if current and _text_units(current + token) > per_line:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for ch in text:
        if tokens and not is_cjk(ch) and ch != " " and not is_cjk(tokens[-1][-1]):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def estimate_lines(box: Box, text: str) -> list[list[Word]]:
    """The text spread over the box: a font size that fills it, lines wrapped to its width."""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if not paragraphs:
        return []
    x0, y0, x1, y1 = box
    width, height = max(1.0, x1 - x0), max(1.0, y1 - y0)
    total = sum(_text_units(p) for p in paragraphs)
    size = min(max(math.sqrt(width * height / (1.25 * total)), 4.0), 72.0, height)
    rows = [row for p in paragraphs for row in _wrap(p, max(1.0, width / size))]
    pitch = min(1.25 * size, height / len(rows))
    size = min(size, pitch)
    style = Style(family="", size=round(size * 2) / 2)
    out: list[list[Word]] = []
    for n, row in enumerate(rows):
        top = y0 + n * pitch
        words: list[Word] = []
        x = x0
        for k, part in enumerate(row.split(" ")):
            if not part:
                x += 0.3 * size
                continue
            w = _text_units(part) * size
            right = min(x1, x + w)
            words.append(Word(part, (x, top, max(x, right), top + size), style, space_before=k > 0))
            x = right + 0.3 * size
        if words:
            out.append(words)
    return out


def page_layout(
    number: int,
    label: str,
    size: tuple[float, float],
    regions: Sequence[RegionIn],
    content: PageContent | None,
    *,
    language: str,
    image_name: str,
    software_version: str = "",
    read_text: bool = True,
) -> AltoPage:
    """The page as ALTO blocks: the regions' blocks in the order given, then page furniture,
    then images outside the photo regions, then rules. `content` is the page PDF's extraction
    (None when there is none); with `read_text` false (a garbled or missing text layer) or no
    text in it, the regions' lines are estimated from their stored text."""
    width, height = size
    regions = list(regions)
    ids = block_ids(number, regions)
    counter = _Ids(number, len(regions))
    text_regions = [r for r in regions if r.role != "photo"]
    chars = usable_chars(content.chars) if content is not None and read_text else []
    lines = build_lines(chars, content.rules) if content is not None and chars else []
    page = AltoPage(
        id=page_id(number),
        physical=number,
        label=label,
        width=width,
        height=height,
        language=language,
        image_name=image_name,
        software_version=software_version,
    )
    owned: dict[str, list[_Piece]] = {}
    rest: list[_Piece] = []
    if lines:
        owned, rest = _split(lines, text_regions)
    for region in regions:
        if region.role == "photo":
            page.blocks.append(
                Block(
                    ids[region.key],
                    "illustration",
                    region.box,
                    role="photo",
                    illustration_type="photo",
                )
            )
            continue
        block = Block(ids[region.key], "text", region.box, role=region.role)
        if lines:
            block.lines = _lines(owned.get(region.key, []), counter)
        else:
            block.estimated = True
            block.lines = [Line(counter.line(), w) for w in estimate_lines(region.box, region.text)]
        page.blocks.append(block)
    if content is not None and lines:
        for group in _furniture(rest, lines, content):
            block_lines = _lines(group, counter)
            if block_lines:
                box = union(ln.box for ln in block_lines)
                page.blocks.append(
                    Block(counter.block("TB"), "text", box, role="furniture", lines=block_lines)
                )
    if content is not None:
        photos = [r.box for r in regions if r.role == "photo"]
        for image in sorted(content.images, key=lambda r: (r.y0, r.x0)):
            box = (image.x0, image.y0, image.x1, image.y1)
            if image.width < 20 or image.height < 20 or _covers(box, width, height):
                continue
            if any(_overlap(box, p) >= 0.5 for p in photos):
                continue
            page.blocks.append(
                Block(
                    counter.block("IL"),
                    "illustration",
                    _clip(box, width, height),
                    illustration_type="image",
                )
            )
        for rule in sorted(content.rules, key=lambda r: (r.y0, r.x0)):
            box = _clip((rule.x0, rule.y0, rule.x1, rule.y1), width, height)
            page.blocks.append(Block(counter.block("GE"), "rule", box))
    return page


def _clip(box: Box, width: float, height: float) -> Box:
    x0, y0, x1, y1 = box
    return (
        min(max(x0, 0.0), width),
        min(max(y0, 0.0), height),
        min(max(x1, 0.0), width),
        min(max(y1, 0.0), height),
    )


def _covers(box: Box, width: float, height: float) -> bool:
    return (box[2] - box[0]) >= 0.9 * width and (box[3] - box[1]) >= 0.9 * height


def _overlap(a: Box, b: Box) -> float:
    """How much of `a` lies in `b` (0 to 1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = max(1e-6, (a[2] - a[0]) * (a[3] - a[1]))
    return max(0.0, w) * max(0.0, h) / area
