"""Fonts for the sample generator: found on disk at run time, registered with reportlab once.

reportlab embeds only TrueType-outline fonts, so every face here is a ``.ttf`` or a ``.ttc``
collection member (``subfont``). The Noto CJK collections are CFF and would be rejected.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)


@dataclass(frozen=True)
class FontSpec:
    file: str  # file name, searched for under the known font directories
    subdirs: tuple[str, ...]  # where Debian puts it, tried first
    package: str  # Debian package that ships it
    subfont: int = 0


FONTS: dict[str, FontSpec] = {
    "microhei": FontSpec("wqy-microhei.ttc", ("wqy",), "fonts-wqy-microhei"),
    "zenhei": FontSpec("wqy-zenhei.ttc", ("wqy",), "fonts-wqy-zenhei"),
    "uming": FontSpec("uming.ttc", ("arphic",), "fonts-arphic-uming"),
    "dejavu-serif": FontSpec("DejaVuSerif.ttf", ("dejavu",), "fonts-dejavu-core"),
    "dejavu-serif-bold": FontSpec("DejaVuSerif-Bold.ttf", ("dejavu",), "fonts-dejavu-core"),
    "dejavu-serif-italic": FontSpec("DejaVuSerif-Italic.ttf", ("dejavu",), "fonts-dejavu-core"),
    "dejavu-sans": FontSpec("DejaVuSans.ttf", ("dejavu",), "fonts-dejavu-core"),
    "dejavu-sans-bold": FontSpec("DejaVuSans-Bold.ttf", ("dejavu",), "fonts-dejavu-core"),
    "liberation-serif": FontSpec(
        "LiberationSerif-Regular.ttf", ("liberation2", "liberation"), "fonts-liberation2"
    ),
    "liberation-serif-bold": FontSpec(
        "LiberationSerif-Bold.ttf", ("liberation2", "liberation"), "fonts-liberation2"
    ),
    "liberation-serif-italic": FontSpec(
        "LiberationSerif-Italic.ttf", ("liberation2", "liberation"), "fonts-liberation2"
    ),
    "liberation-sans": FontSpec(
        "LiberationSans-Regular.ttf", ("liberation2", "liberation"), "fonts-liberation2"
    ),
    "liberation-sans-bold": FontSpec(
        "LiberationSans-Bold.ttf", ("liberation2", "liberation"), "fonts-liberation2"
    ),
}


class FontMissingError(RuntimeError):
    """A font the sample generator needs is not installed."""


def find_font_file(key: str) -> Path:
    spec = FONTS[key]
    for base in _FONT_DIRS:
        for sub in (*spec.subdirs, ""):
            candidate = base / sub / spec.file
            if candidate.is_file():
                return candidate
    for base in _FONT_DIRS:
        if base.is_dir():
            found = next(base.rglob(spec.file), None)
            if found is not None:
                return found
    raise FontMissingError(
        f"font file {spec.file!r} not found; install the Debian package {spec.package!r} "
        f"(apt-get install {spec.package})"
    )


@dataclass(frozen=True)
class Face:
    """A registered font: its reportlab name and metrics in units of the font size."""

    key: str
    name: str
    ascent: float
    descent: float  # positive, below the baseline
    widths: dict[int, float]
    default_width: float
    drawable: frozenset[int]  # code points whose glyph has an outline (not just a width)

    def char_width(self, ch: str, size: float) -> float:
        return self.widths.get(ord(ch), self.default_width) * size

    def width(self, text: str, size: float) -> float:
        get = self.widths.get
        default = self.default_width
        return sum(get(ord(ch), default) for ch in text) * size

    def covers(self, text: str) -> bool:
        """True when every non-space character of ``text`` draws something in this face."""
        return all(ord(ch) in self.drawable for ch in text if not ch.isspace())


@functools.cache
def face(key: str) -> Face:
    """Register the font under a Broadsheet-specific name (once) and return its metrics."""
    spec = FONTS[key]
    name = f"BS-{key}"
    path = find_font_file(key)
    font = TTFont(name, str(path), subfontIndex=spec.subfont)
    pdfmetrics.registerFont(font)
    f = font.face
    # Every subset reportlab writes copies whole tables (a CJK 'post' table is ~0.5 MB) to use
    # a few bytes of them; the tables never change, so keep them on this face instance.
    f.get_table = functools.cache(f.get_table)
    # reportlab face widths are in 1/1000 em; keep them as em fractions
    widths = {cp: w / 1000.0 for cp, w in f.charWidths.items()}
    pos = f.glyphPos
    drawable = frozenset(
        cp for cp, g in f.charToGlyph.items() if g + 1 < len(pos) and pos[g + 1] > pos[g]
    )
    return Face(
        key=key,
        name=name,
        ascent=min(f.ascent / 1000.0, 0.95),
        descent=min(abs(f.descent) / 1000.0, 0.3),
        widths=widths,
        default_width=f.defaultWidth / 1000.0,
        drawable=drawable,
    )
