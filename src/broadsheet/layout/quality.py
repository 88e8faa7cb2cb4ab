"""Is the page's text layer usable? "ok", "garbled" (fonts without a Unicode map) or "none"."""

from __future__ import annotations

import unicodedata

from broadsheet.pdf.extract import Char

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


def text_quality(chars: list[Char], unmapped: int = 0) -> str:
    total = len(chars) + unmapped
    if total == 0:
        return "none"
    bad = unmapped + sum(1 for c in chars if is_bad_char(c.text))
    if bad / total > 0.3:
        return "garbled"
    return "ok"


def usable_chars(chars: list[Char]) -> list[Char]:
    return [c for c in chars if not is_bad_char(c.text)]
