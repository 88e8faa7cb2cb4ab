"""Decoding the bytes of an old e-paper file into text, whatever it claims to be.

The sites mix UTF-8 (with and without a byte order mark), GB2312, GBK and GB18030, and a page's
``<meta charset>`` often disagrees with its bytes. The bytes decide: UTF-8 is tried strictly
first (GB-family text almost never decodes as UTF-8), then GB18030, a superset of GB2312 and GBK,
so a page declared as GB2312 that holds characters outside it (喆, 堃 …) is read right.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# At most this share of undecodable bytes is replaced (a few damaged bytes in a long page);
# beyond it the file is not text in any encoding we know.
MAX_BAD_SHARE = 0.002
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


class UndecodableError(ValueError):
    """The file's bytes are not text in UTF-8 or the GB family."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what the bytes are: "utf-8", "utf-8-sig", "gb18030"
    declared: str | None  # what the file said, if it said
    replaced: int = 0  # bytes that could not be decoded and were replaced

    @property
    def disagrees(self) -> bool:
        """The file's own declaration names another encoding than its bytes are in."""
        if self.declared is None:
            return False
        family = {"gb2312": "gb", "gbk": "gb", "gb18030": "gb", "utf-8": "utf", "utf8": "utf"}
        mine = "utf" if self.encoding.startswith("utf") else "gb"
        return family.get(self.declared.lower(), self.declared.lower()) != mine


def declared_charset(raw: bytes) -> str | None:
    match = _META.search(raw[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(raw: bytes) -> Decoded:
    """The text of an HTML (or plain text) file; raises UndecodableError."""
    declared = declared_charset(raw)
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
        bad = text.count("\ufffd")
        if bad > max(2, MAX_BAD_SHARE * len(raw)):
            raise UndecodableError(
                f"not UTF-8 text although it starts with a UTF-8 byte order mark "
                f"({bad} undecodable bytes)"
            )
        return Decoded(text, "utf-8-sig", declared, replaced=bad)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", declared)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("gb18030"), "gb18030", declared)
    except UnicodeDecodeError:
        pass
    # Damaged bytes: take the encoding that loses least, if it loses little.
    best: tuple[int, str, str] | None = None
    for encoding in ("utf-8", "gb18030"):
        text = raw.decode(encoding, "replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, encoding, text)
    assert best is not None
    bad, encoding, text = best
    if bad > max(2, MAX_BAD_SHARE * len(raw)):
        raise UndecodableError(
            f"not text in UTF-8, GB2312, GBK or GB18030 ({bad} undecodable bytes)"
        )
    return Decoded(text, encoding, declared, replaced=bad)
