"""Is the page's text layer usable?

- "ok": typeset text, for the layout rules;
- "garbled": fonts without a Unicode map;
- "ocr": a scan whose text layer came from OCR software, laid over or under the page image
  (invisible text over it, as Tesseract and most scanners write it, or text painted first and
  covered by the image, as older digitisation projects did): its words can be searched, but
  its lines and sizes are a recognition's guesses, so the born-digital layout rules are not
  applied to it;
- "none": no text at all (an image-only page, a scan without OCR).
"""

from __future__ import annotations

import unicodedata

from broadsheet.pdf.extract import Char, PageContent

_BAD: dict[str, bool] = {}


def is_bad_char(ch: str) -> bool:
    bad = _BAD.get(ch)
    if bad is None:
        code = ord(ch[0])
        bad = (
            0xE000 <= code <= 0xF8FF
            or code >= 0xF0000
            or code == 0xFFFD
            or unicodedata.category(ch[0]) in ("Cc", "Co", "Cn", "Cs")
        )
        if len(_BAD) < 50000:
            _BAD[ch] = bad
    return bad


def is_scan(content: PageContent) -> bool:
    """An image covers the page and most of the text is hidden in or under it."""
    if not content.page_image or not content.chars:
        return False
    invisible = content.invisible / len(content.chars)
    covered = content.covered_text_objects / max(1, content.text_objects)
    return invisible >= 0.5 or covered >= 0.5


def page_text_quality(content: PageContent) -> str:
    """The page's `text_quality` (see the module's docstring)."""
    if is_scan(content):
        return "ocr"
    return text_quality(content.chars, content.unmapped)


def text_quality(chars: list[Char], unmapped: int = 0) -> str:
    total = len(chars) + unmapped
    if total == 0:
        return "none"
    bad = unmapped + sum(1 for c in chars if is_bad_char(c.text))
    if bad / total > 0.3:
        return "garbled"
    return "ok"


def usable_chars(chars: list[Char]) -> list[Char]:
    """The characters to read: mapped ones, each once (a face emboldened by painting the text
    again a fraction of a point to the side gives every glyph twice)."""
    out: list[Char] = []
    seen: dict[tuple[str, int, int], list[Char]] = {}
    for c in chars:
        if is_bad_char(c.text):
            continue
        q = max(c.font_size, 1.0) * 0.5
        kx, ky = round(c.x0 / q), round(c.y1 / q)
        twin = any(
            abs(o.index - c.index) > 1  # not the two letters of one ligature glyph
            and abs(o.x0 - c.x0) <= 0.1 * c.font_size
            and abs(o.y1 - c.y1) <= 0.1 * c.font_size
            and abs(o.font_size - c.font_size) <= 0.05 * c.font_size
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for o in seen.get((c.text, kx + dx, ky + dy), ())
        )
        if twin:
            continue
        seen.setdefault((c.text, kx, ky), []).append(c)
        out.append(c)
    return out
