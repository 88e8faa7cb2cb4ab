"""Extract what a page analyser needs from a PDF page: characters, rules, boxes and images.

Everything is in PDF points with the origin at the TOP LEFT of the page (y grows downwards), the
way a reader looks at a page. The extraction goes through pypdfium2's raw API because the
object-level helpers are several times slower on a dense broadsheet page.

Producer quirks handled here, so the analyser never sees them:

- Chromium writes every font with a text matrix scale (px to pt) and reports the font size before
  that matrix (12.66 for 9.5 pt text): the true size is the reported size times the matrix scale.
- ToUnicode maps that send ideographs to Kangxi radicals (U+2F00–U+2FDF, U+2E80–U+2EFF) are mapped
  back to the unified ideographs; NUL and control characters are dropped.
- Turned text (a photo credit set up the photo's side, a rotated label) is left out and
  counted: it is never part of an article's running text.
- A line-end hyphen comes out of PDFium as U+0002; it is read as the hyphen it is.
- Spaces are not trusted alone (some producers write none, others write them as positioned
  glyphs): whitespace characters are dropped and word spaces are reconstructed from gaps when
  lines are built; a space glyph the PDF itself wrote (not one PDFium made up) marks the next
  character `space_before`, so a narrow space in a condensed headline face is kept.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Characters with one of these categories carry no text (controls, format marks, unassigned).
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"}
_BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demibold", "demi", "extrab", "ultrab", "hei")
_ForceBold = 1 << 18


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    font_name: str
    font_size: float
    bold: bool
    weight: int = 400
    index: int = 0  # position in the content stream order
    # The PDF wrote a space glyph right before this character (a hint for word spaces: the
    # gap alone is too small for one in condensed headline faces).
    space_before: bool = False
    # The marked-content ID of the glyph's text object (-1: none): ties it to the PDF's tags.
    mcid: int = -1


@dataclass(frozen=True, slots=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def as_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)]


@dataclass(slots=True)
class PageContent:
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Rect] = field(default_factory=list)  # thin lines (separators, frames)
    boxes: list[Rect] = field(default_factory=list)  # larger vector paths (frames, tints, graphics)
    images: list[Rect] = field(default_factory=list)
    unmapped: int = 0  # characters the font could not map to Unicode (control, U+FFFD)
    invisible: int = 0  # characters drawn in the invisible render mode (an OCR layer's text)
    # Characters turned from the horizontal (credits up a photo's side, rotated labels): left
    # out of the text, which reads horizontally (upright CJK in vertical lines is not turned).
    rotated: int = 0
    text_objects: int = 0  # text objects in paint order ...
    covered_text_objects: int = 0  # ... of which painted before an image covering the page
    page_image: bool = False  # an image covers (nearly) the whole page, as a scan's does
    # The PDF's own word on its articles, where it has one (broadsheet.pdf.structure): the
    # story number of each marked-content ID, and the beads of article threads on this page.
    story_tags: dict[int, int] = field(default_factory=dict)
    threads: list[tuple[int, Rect]] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Map compatibility forms produced by broken ToUnicode maps back and drop control marks."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0x2F00 <= code <= 0x2FDF or 0x2E80 <= code <= 0x2EFF:
            ch = unicodedata.normalize("NFKC", ch)
            if 0x2E80 <= ord(ch[0]) <= 0x2EFF:
                ch = _CJK_RADICALS_SUPPLEMENT.get(ch, ch)
        elif 0xFB00 <= code <= 0xFB06:  # Latin ligatures (ﬁ, ﬂ …)
            ch = unicodedata.normalize("NFKC", ch)
        if unicodedata.category(ch[0]) in _DROP_CATEGORIES:
            continue
        out.append(ch)
    return "".join(out)


# The CJK Radicals Supplement has no NFKC mapping; these are the forms seen in practice.
_CJK_RADICALS_SUPPLEMENT = {
    "\u2e8b": "\u353e",
    "\u2e97": "\u5e7a",
    "\u2ea0": "\u6c11",
    "\u2ea7": "\u725b",
    "\u2eab": "\u76ee",
    "\u2ebc": "\u8089",
    "\u2ec4": "\u897f",
    "\u2ec5": "\u89c1",
    "\u2ec8": "\u8ba0",
    "\u2ecb": "\u8f66",
    "\u2ed0": "\u9485",
    "\u2ed3": "\u957f",
    "\u2ed4": "\u95e8",
    "\u2ed7": "\u96e8",
    "\u2edd": "\u98df",
    "\u2ee3": "\u9aa8",
    "\u2ee6": "\u9f9f",
    "\u2eea": "\u9f9f",
}


def _address_function(function: Any, *argtypes: Any) -> Callable[..., int | None]:
    """The same C function, answering a plain address: pypdfium2's binding answers a typed
    pointer, and casting it to an address per character cost a fifth of the extraction."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)  # type: ignore[no-any-return]


# FPDFText_GetTextObject(text_page, index) -> the address of the glyph's text object.
_TEXT_OBJECT_ADDRESS = _address_function(
    pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int
)

FontFacts = tuple[str, int, bool]  # base name (subset prefix dropped), weight, bold
_NO_OBJECT = ("", 400, False, False, -1)


def _font_facts(font: Any, buf: ctypes.Array) -> FontFacts:  # type: ignore[type-arg]
    name = ""
    weight = 400
    flags = 0
    if font:
        length = pdfium_c.FPDFFont_GetBaseFontName(font, buf, len(buf))
        name = buf.raw[: max(0, length - 1)].decode("utf-8", "replace") if length else ""
        weight = pdfium_c.FPDFFont_GetWeight(font)
        flags = pdfium_c.FPDFFont_GetFlags(font)
    if "+" in name[:8]:
        name = name.split("+", 1)[1]
    lower = name.lower().replace("-", "").replace(" ", "")
    bold = weight >= 600 or bool(flags & _ForceBold) or any(w in lower for w in _BOLD_WORDS)
    return name, weight, bold


def _object_facts(
    obj: Any,
    fonts: dict[int, FontFacts],
    buf: ctypes.Array,  # type: ignore[type-arg]
) -> tuple[str, int, bool, bool, int]:
    """Font name, weight, boldness, invisibility and marked-content ID of a text object (fonts
    read once each).

    Invisible is render mode 3, neither filled nor stroked: scanners' OCR software lays its
    text that way over the page image, so that it can be selected and searched but not seen."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    facts = fonts.get(key)
    if facts is None:
        facts = fonts[key] = _font_facts(font if key else None, buf)
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
    mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
    return (*facts, mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, mcid)


def _extract_chars(page: pdfium.PdfPage, height: float) -> tuple[list[Char], int, int, int]:
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        chars: list[Char] = []
        objects: dict[int, tuple[str, int, bool, bool, int]] = {}
        fonts: dict[int, FontFacts] = {}
        last_object = -1
        name, weight, bold, hidden, mcid = _NO_OBJECT
        buf = ctypes.create_string_buffer(256)
        matrix = pdfium_c.FS_MATRIX()
        box = pdfium_c.FS_RECTF()
        ox = ctypes.c_double()
        oy = ctypes.c_double()
        get_unicode = pdfium_c.FPDFText_GetUnicode
        is_generated = pdfium_c.FPDFText_IsGenerated
        get_size = pdfium_c.FPDFText_GetFontSize
        get_matrix = pdfium_c.FPDFText_GetMatrix
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        get_object = pdfium_c.FPDFText_GetTextObject
        object_address = _TEXT_OBJECT_ADDRESS
        raw_address = ctypes.cast(raw, ctypes.c_void_p)
        get_angle = pdfium_c.FPDFText_GetCharAngle
        unmapped = 0
        invisible = 0
        rotated = 0
        space = False
        for i in range(count):
            code = get_unicode(raw, i)
            if code == 0x02:
                # PDFium reports a hyphen it found at the end of a line as U+0002: a hyphen,
                # joined with the next line's word where the lines are put together.
                code = 0x2D
            if code in (0, 0xFFFD) or (code < 0x20 and code not in (9, 10, 13)):
                if is_generated(raw, i) != 1:
                    unmapped += 1
                continue
            # pdfium's generated characters are spaces and line breaks: dropped here already.
            if code <= 0x20 or 0x7F <= code <= 0xA0 or code in (0x3000, 0xFEFF, 0xFFFE, 0xFFFF):
                if code in (0x20, 0xA0, 0x3000) and is_generated(raw, i) != 1:
                    space = True
                elif code in (9, 10, 13):
                    space = False
                continue
            try:
                text = chr(code)
            except ValueError:
                continue
            # Private-use characters are kept: they signal a font without a Unicode map.
            dropped = not text.isprintable() or unicodedata.category(text) in _DROP_CATEGORIES
            if dropped and not 0xE000 <= code <= 0xF8FF:
                continue
            text = clean_text(text) if code >= 0x2E80 else text
            if not text:
                continue
            size = get_size(raw, i)
            if get_matrix(raw, i, matrix):
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                if scale > 0:
                    size *= scale
            if not get_box(raw, i, box):
                continue
            angle = get_angle(raw, i)
            if 0.5 < angle < 5.8:  # radians: turned more than ~30° (credits set up a photo's side)
                rotated += 1
                continue
            # Font facts per text object: one PDF text object has one font and one mode (the
            # weight and size alone do not tell a bold Type 1 font from its regular face).
            key = object_address(raw_address, i) or 0
            if key != last_object:
                last_object = key
                facts = objects.get(key)
                if facts is None:
                    facts = objects[key] = (
                        _object_facts(get_object(raw, i), fonts, buf) if key else _NO_OBJECT
                    )
                name, weight, bold, hidden, mcid = facts
            if hidden:
                invisible += 1
            if size <= 0.5:
                size = max(0.5, box.top - box.bottom)
            get_origin(raw, i, ox, oy)
            baseline = height - oy.value
            x0, x1 = box.left, box.right
            if x1 - x0 < 0.05:
                x1 = x0 + size * 0.5
            chars.append(
                Char(
                    text=text,
                    x0=x0,
                    y0=baseline - 0.88 * size,
                    x1=x1,
                    y1=baseline + 0.12 * size,
                    font_name=name,
                    font_size=round(size, 2),
                    bold=bold,
                    weight=weight,
                    index=i,
                    space_before=space,
                    mcid=mcid,
                )
            )
            space = False
        return chars, unmapped, invisible, rotated
    finally:
        textpage.close()


def _is_rule(rect: Rect) -> bool:
    """A thin line: pdfium's bounds include the stroke width on both sides, so a 1.6 pt rule
    comes out 3.2 pt thick; a long thin path up to 8 pt thick is still a rule."""
    thin, long = sorted((rect.width, rect.height))
    return long >= 6 and (thin <= 2.5 or (thin <= 8 and long >= 8 * thin))


def _covers_page(rect: Rect, content: PageContent) -> bool:
    """Does the rectangle cover at least 85 % of the page (a scanned page's image)?"""
    w = min(rect.x1, content.width) - max(rect.x0, 0.0)
    h = min(rect.y1, content.height) - max(rect.y0, 0.0)
    return w > 0 and h > 0 and w * h >= 0.85 * content.width * content.height


MAX_CLIP_SEGMENTS = 2_000


def _visible(obj: object, rect: Rect, content: PageContent, depth: int) -> Rect | None:
    """The part of an image or a drawing that shows: within the page and within its clipping
    path (a typesetter places a cropped picture whole and clips it, so pdfium's bounds run past
    the picture's frame, even off the page). None when nothing of it shows. Clipping paths of
    objects inside form XObjects are in the form's space, so only the page is applied there."""
    x0, y0 = max(rect.x0, 0.0), max(rect.y0, 0.0)
    x1, y1 = min(rect.x1, content.width), min(rect.y1, content.height)
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj) if depth == 0 else None
    if clip:
        px, py = ctypes.c_float(), ctypes.c_float()
        for i in range(min(pdfium_c.FPDFClipPath_CountPaths(clip), 16)):
            count = pdfium_c.FPDFClipPath_CountPathSegments(clip, i)
            if count <= 0 or count > MAX_CLIP_SEGMENTS:
                continue
            xs: list[float] = []
            ys: list[float] = []
            for j in range(count):
                seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, i, j)
                if seg and pdfium_c.FPDFPathSegment_GetPoint(seg, px, py):
                    xs.append(px.value)
                    ys.append(content.height - py.value)
            if xs:  # each path of a clip narrows it further
                x0, y0 = max(x0, min(xs)), max(y0, min(ys))
                x1, y1 = min(x1, max(xs)), min(y1, max(ys))
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    return Rect(x0, y0, x1, y1)


def _walk_objects(count: int, get: object, content: PageContent, depth: int) -> None:
    height = content.height
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(count):
        obj = get(k)  # type: ignore[operator]
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            _walk_objects(
                n, lambda j, o=obj: pdfium_c.FPDFFormObj_GetObject(o, j), content, depth + 1
            )
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            content.text_objects += 1
            continue
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        rect = Rect(left.value, height - top.value, right.value, height - bottom.value)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            shown = _visible(obj, rect, content, depth)
            if shown is not None and shown.width >= 4 and shown.height >= 4:
                content.images.append(shown)
            if _covers_page(rect, content):
                # Whatever text was painted before it lies under it: a scan's OCR text.
                content.page_image = True
                content.covered_text_objects = content.text_objects
        elif _is_rule(rect):
            content.rules.append(rect)
        elif rect.width >= 6 and rect.height >= 6:
            # Ignore a page-filling background (Chromium paints one when printing backgrounds).
            if rect.width >= content.width * 0.97 and rect.height >= content.height * 0.97:
                continue
            # a shape clipped to its frame (an advert's drawing) counts as far as it shows
            shown = _visible(obj, rect, content, depth)
            if shown is not None and shown.width >= 6 and shown.height >= 6:
                content.boxes.append(shown)


def _extract_objects(page: pdfium.PdfPage, content: PageContent) -> None:
    raw = page.raw
    _walk_objects(
        pdfium_c.FPDFPage_CountObjects(raw),
        lambda k: pdfium_c.FPDFPage_GetObject(raw, k),
        content,
        0,
    )


def extract_page(page: pdfium.PdfPage) -> PageContent:
    """Characters, rules, boxes and images of one page, origin top left, in points."""
    width, height = page.get_size()
    content = PageContent(width=float(width), height=float(height))
    content.chars, content.unmapped, content.invisible, content.rotated = _extract_chars(
        page, float(height)
    )
    _extract_objects(page, content)
    return content
