"""Line breaking: Chinese per character (with the usual 禁则 for punctuation), English per word."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fonts import Face

# may not start a line / may not end a line
NO_START = set("，。、；：？！）》」』”’…—%·,.;:?!)]")
NO_END = set("（《「『“‘([")
_ZH_TOKEN = re.compile(r"[A-Za-z0-9.%+\-]+| |.", re.S)


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # offsets into the paragraph text
    end: int
    natural: float  # width of the glyphs without justification
    avail: float  # measure available to this line
    indent: float
    justify: bool
    chinese: bool

    @property
    def drawn_width(self) -> float:
        return self.avail if self.justify else self.natural

    def spacing(self) -> tuple[float, float]:
        """(char_space, word_space) that stretch the line to its measure."""
        if not self.justify:
            return 0.0, 0.0
        extra = self.avail - self.natural
        if self.chinese:
            gaps = len(self.text) - 1
            return (extra / gaps if gaps > 0 else 0.0), 0.0
        spaces = self.text.count(" ")
        return 0.0, (extra / spaces if spaces else 0.0)


def break_lines(
    text: str,
    face: Face,
    size: float,
    width: float,
    *,
    chinese: bool,
    indent: float = 0.0,
    justify: bool = True,
) -> list[Line]:
    if chinese:
        return _break_chinese(text, face, size, width, indent, justify)
    return _break_words(text, face, size, width, indent, justify)


def _break_chinese(
    text: str, face: Face, size: float, width: float, indent: float, justify: bool
) -> list[Line]:
    tokens = [(m.start(), m.end()) for m in _ZH_TOKEN.finditer(text)]
    get, default = face.widths.get, face.default_width
    widths = [
        (get(ord(text[s]), default) if e - s == 1 else face.width(text[s:e], 1.0)) * size
        for s, e in tokens
    ]
    lines: list[Line] = []
    i, n = 0, len(tokens)
    while i < n:
        while i < n and text[tokens[i][0]] == " ":
            i += 1  # a break swallows the space
        if i >= n:
            break
        line_indent = indent if not lines else 0.0
        avail = width - line_indent
        j, w = i, 0.0
        while j < n and w + widths[j] <= avail + 1e-6:
            w += widths[j]
            j += 1
        if j == i:
            j = i + 1
        if (
            j < n
            and text[tokens[j][0]] in NO_START
            and j - i > 4
            and (j + 1 >= n or text[tokens[j + 1][0]] not in NO_START)
        ):
            # squeeze one punctuation mark into the line (标点挤压) rather than leave a gap
            w += widths[j]
            j += 1
        if j < n:
            while j - i > 1 and text[tokens[j][0]] in NO_START:
                j -= 1
            while j - i > 1 and text[tokens[j - 1][1] - 1] in NO_END:
                j -= 1
        while j - 1 > i and text[tokens[j - 1][0]] == " ":
            j -= 1  # no trailing space on a line
        start, end = tokens[i][0], tokens[j - 1][1]
        natural = sum(widths[i:j])
        last = j >= n or all(text[s] == " " for s, _ in tokens[j:])
        lines.append(
            Line(
                text[start:end],
                start,
                end,
                natural,
                avail,
                line_indent,
                (justify and not last) or natural > avail + 1e-6,
                True,
            )
        )
        i = j
    return lines


def _break_words(
    text: str, face: Face, size: float, width: float, indent: float, justify: bool
) -> list[Line]:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    space = face.width(" ", size)
    lines: list[Line] = []
    i, n = 0, len(words)
    while i < n:
        line_indent = indent if not lines else 0.0
        avail = width - line_indent
        j = i
        w = face.width(text[words[i][0] : words[i][1]], size)
        j = i + 1
        while j < n:
            ww = face.width(text[words[j][0] : words[j][1]], size)
            if w + space + ww > avail + 1e-6:
                break
            w += space + ww
            j += 1
        start, end = words[i][0], words[j - 1][1]
        line_text = text[start:end]
        lines.append(Line(line_text, start, end, w, avail, line_indent, justify and j < n, False))
        i = j
    return lines


def wrap_phrases(text: str, face: Face, size: float, width: float, *, chinese: bool) -> list[Line]:
    """Ragged lines for headlines and captions: break at spaces first, inside words only if needed."""
    if not chinese:
        return _break_words(text, face, size, width, 0.0, False)
    lines: list[Line] = []
    phrases = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    cur: tuple[int, int] | None = None
    for s, e in phrases:
        if cur is not None and face.width(text[cur[0] : e], size) <= width + 1e-6:
            cur = (cur[0], e)
            continue
        if cur is not None:
            lines.append(_plain(text, cur, face, size, width))
        if face.width(text[s:e], size) <= width + 1e-6:
            cur = (s, e)
        else:
            for piece in _break_chinese(text[s:e], face, size, width, 0.0, False):
                lines.append(_plain(text, (s + piece.start, s + piece.end), face, size, width))
            cur = None
    if cur is not None:
        lines.append(_plain(text, cur, face, size, width))
    return lines


def _plain(text: str, span: tuple[int, int], face: Face, size: float, width: float) -> Line:
    s, e = span
    return Line(text[s:e], s, e, face.width(text[s:e], size), width, 0.0, False, True)


def balanced_lines(
    text: str, face: Face, size: float, width: float, *, chinese: bool
) -> list[Line]:
    """Like ``wrap_phrases``, but a Chinese headline cut inside a phrase gets lines of even
    length instead of a lone character on the last line."""
    lines = wrap_phrases(text, face, size, width, chinese=chinese)
    if not chinese or len(lines) < 2:
        return lines
    if len(lines[-1].text) * 2 >= len(lines[0].text):
        return lines
    count = len(lines)
    per_line = -(-len(text) // count)
    balanced = []
    s = 0
    for i in range(count):
        e = len(text) if i == count - 1 else min(len(text), s + per_line)
        while (
            e < len(text)
            and e - s > 1
            and (
                text[e] in NO_START
                or (text[e].isascii() and text[e - 1].isascii() and text[e] != " ")
            )
        ):
            e -= 1  # no punctuation at a line start, no number cut in two
        piece = text[s:e].strip()
        if piece:
            start = text.index(piece, s)
            balanced.append(_plain(text, (start, start + len(piece)), face, size, width))
        s = e
    if any(line.natural > width + 1e-6 for line in balanced):
        return lines
    return balanced
