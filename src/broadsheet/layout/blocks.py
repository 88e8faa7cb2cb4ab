"""Chain text lines into blocks: runs of lines of one style, stacked in one column.

Two lines join when the lower one starts within a line space of the upper one, they overlap
horizontally, they share size and weight, and no rule runs between them. A block is the unit
that later gets a role (headline, body, caption …) and an owner article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from broadsheet.layout.lines import Line, is_cjk
from broadsheet.pdf.extract import Rect


@dataclass(slots=True)
class Block:
    lines: list[Line]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    style: str  # "big" | "body" | "small"
    role: str = ""
    article: int = -1
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def vertical(self) -> bool:
        return bool(self.lines) and self.lines[0].vertical

    def bbox(self) -> list[float]:
        return [round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)]

    def extend(self, line: Line) -> None:
        self.lines.append(line)
        self.x0 = min(self.x0, line.x0)
        self.y0 = min(self.y0, line.y0)
        self.x1 = max(self.x1, line.x1)
        self.y1 = max(self.y1, line.y1)

    def text(self, paragraphs: bool = False) -> str:
        # Display lines are not hyphenated: a hyphen ending a headline's line is a compound's.
        return lines_text(self.lines, paragraphs, keep_hyphens=self.style == "big")


def lines_text(lines: list[Line], paragraphs: bool = False, keep_hyphens: bool = False) -> str:
    """Join lines into text: no space between CJK lines, dehyphenated Latin (unless
    ``keep_hyphens``: then the hyphen stays and the lines join without a space), optional
    paragraphs."""
    if not lines:
        return ""
    if lines[0].vertical:
        ordered = sorted(lines, key=lambda ln: -ln.x1)
        return "".join(ln.text for ln in ordered)
    out = lines[0].text
    left = min(ln.x0 for ln in lines)
    gaps = sorted(b.y0 - a.y1 for a, b in zip(lines, lines[1:], strict=False))
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    for prev, ln in zip(lines, lines[1:], strict=False):
        new_para = False
        if paragraphs:
            # A paragraph opens only at an indented line or after extra space, never merely
            # because the line above is short (a column can end anywhere in a paragraph).
            indented = ln.x0 - left > 0.8 * ln.size and not ln.meta.get("beside_drop_cap")
            extra_space = ln.y0 - prev.y1 > usual + 0.4 * ln.size
            new_para = indented or extra_space
        if new_para:
            out += "\n\n" + ln.text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and ln.text[:1].islower():
            out = (out if keep_hyphens else out[:-1]) + ln.text
        elif is_cjk(out[-1]) or is_cjk(ln.text[0]):
            out += ln.text
        else:
            out += " " + ln.text
    return out


def style_of(line: Line, body: float) -> str:
    ratio = line.size / body
    if ratio >= 1.25 or (ratio >= 1.1 and line.bold):
        return "big"
    if ratio <= 0.92:
        return "small"
    return "body"


def _rule_between(upper: Line | Block, lower: Line, hrules: list[Rect]) -> bool:
    lo, hi = max(upper.x0, lower.x0), min(upper.x1, lower.x1)
    for r in hrules:
        mid = (r.y0 + r.y1) / 2
        if upper.y1 - 1.5 <= mid <= lower.y0 + 1.5 and r.x0 < hi - 2 and r.x1 > lo + 2:
            return True
    return False


def _on_bar(ln: Line, bars: list[Rect]) -> int:
    """Index + 1 of the tinted bar (or box) holding the line, 0 when none."""
    for k, r in enumerate(bars):
        if r.x0 - 2 <= ln.x0 and ln.x1 <= r.x1 + 2 and r.y0 - 2 <= ln.y0 and ln.y1 <= r.y1 + 2:
            return k + 1
    return 0


_STYLE_WORDS = re.compile(
    r"[-,_ ]?(regular|roman|book|medium|italic|oblique|bold|semibold|light|condensed|mt|ps)+$", re.I
)


def font_family(name: str) -> str:
    """A font name without its subset tag and its style: "ABCDEF+Liberation Serif-Italic" →
    "liberationserif"."""
    name = name.split("+", 1)[-1]
    base = re.split(r"[-,]", name, maxsplit=1)[0]
    return _STYLE_WORDS.sub("", base.replace(" ", "")).lower()


def _title_over_text(upper: Line, lower: Line) -> bool:
    """``upper``, the first line of a block, is a title in another face than the text set
    under it at the same size (a sidebar's "Background" in the sans face over serif text): it
    is a block of its own. The title is short, in one face throughout, not ending a sentence;
    the line under it is mostly in another family."""
    faces = {font_family(c.font_name) for c in upper.chars if not c.text.isspace()}
    if len(faces) != 1 or len(upper.text) > 80 or upper.text.rstrip()[-1:] in ".。!！?？,，;；:：":
        return False
    below = Counter(font_family(c.font_name) for c in lower.chars if not c.text.isspace())
    if not below:
        return False
    return below.most_common(1)[0][0] not in faces


def _aligned(upper: Line, lower: Line) -> bool:
    """Two lines set in one measure: flush left (justified text, a paragraph's last line) or centred on one
    axis (a wrapped display line). Such lines stay in one block even where the leading is
    squeezed below the type size (a column or a deck tightened to fit), which makes their
    boxes overlap."""
    tol = 0.2 * lower.size
    # flush left and no wider than the line above: justified text and its paragraph's last line
    flush = abs(upper.x0 - lower.x0) <= tol and lower.x1 <= upper.x1 + tol
    return flush or abs(upper.cx - lower.cx) <= tol


def _line_between(upper: Line, lower: Line, blk: Block, open_blocks: list[Block]) -> bool:
    """A line of another block stands between the two (a subhead centred in the column, which
    its text runs round): the column's text above and below it are blocks of their own, so
    that the subhead is read in its place."""
    for other in open_blocks:
        if other is blk:
            continue
        for m in other.lines[-3:]:
            if upper.y1 - 1 <= m.cy <= lower.y0 + 1 and m.x1 > lower.x0 and m.x0 < lower.x1:
                return True
    return False


def build_blocks(
    lines: list[Line], body: float, rules: list[Rect], bars: list[Rect] | None = None
) -> list[Block]:
    """Chain lines into blocks; lines on different bars (section labels) never chain."""
    hrules = [r for r in rules if r.width >= r.height]
    bars = [r for r in bars or [] if r.height <= 6 * body]
    blocks: list[Block] = []
    open_blocks: list[Block] = []
    for ln in sorted(lines, key=lambda ln: (ln.y0, ln.x0)):
        style = style_of(ln, body)
        if ln.vertical or ln.role:
            blk = Block([ln], ln.x0, ln.y0, ln.x1, ln.y1, ln.size, ln.bold, style, role=ln.role)
            blocks.append(blk)
            continue
        best: Block | None = None
        best_gap = 1e9
        for blk in open_blocks:
            last = blk.lines[-1]
            if (
                blk.role
                or blk.style != style
                or abs(blk.size - ln.size) > (0.04 if style == "big" else 0.12) * ln.size
                or blk.bold != ln.bold
                or ln.text.startswith(("——", "—"))
            ):
                continue
            gap = ln.y0 - last.y1
            if gap > 1.0 * ln.size or gap < -(0.5 if _aligned(last, ln) else 0.3) * ln.size:
                continue
            overlap = min(last.x1, ln.x1) - max(last.x0, ln.x0)
            # A one-character last line followed by an indented first line do not overlap,
            # yet both hang from the column's left edge.
            same_column = style != "big" and 0 <= ln.x0 - blk.x0 <= 2.5 * ln.size
            same_column = same_column and abs(last.x0 - blk.x0) <= 0.5 * ln.size
            if overlap < 0.5 * min(last.width, ln.width) and not same_column:
                continue
            # Body lines of one column share their left edge (give or take an indent).
            if (
                style != "big"
                and abs(ln.x0 - blk.x0) > 2.5 * ln.size
                and abs(ln.x1 - blk.x1) > 1.5 * ln.size
            ):
                continue
            if _rule_between(last, ln, hrules):
                continue
            # (display lines are no text under a title: a CJK headline's Latin or figures
            # wrapping to its second line are set in the Latin font, xeCJK's way)
            if len(blk.lines) == 1 and style != "big" and _title_over_text(last, ln):
                continue
            if _line_between(last, ln, blk, open_blocks):
                continue
            if bars and _on_bar(last, bars) != _on_bar(ln, bars):
                continue
            if gap < best_gap:
                best, best_gap = blk, gap
        if best is not None:
            best.extend(ln)
        else:
            blk = Block([ln], ln.x0, ln.y0, ln.x1, ln.y1, ln.size, ln.bold, style)
            blocks.append(blk)
            open_blocks.append(blk)
        # Forget blocks that ended far above: keeps the search short on dense pages.
        open_blocks = [b for b in open_blocks if ln.y0 - b.y1 < 3 * body]
    return blocks


def column_top(o: Block, blocks: list[Block], body: float) -> float:
    """The top of the column ``o`` runs in: its own, or that of a short line (one or two lines,
    a subhead opening the column too) stacked right over it."""
    for p in blocks:
        if (
            p is not o
            and 0 < len(p.lines) <= 2
            and 0 <= o.y0 - p.y1 <= 1.2 * body
            and o.x0 - 1 <= p.x0
            and p.x1 <= o.x1 + 1
        ):
            return p.y0
    return o.y0


def stacked_under(u: Block, blocks: list[Block], body: float) -> list[Block]:
    """The blocks stacked closely under ``u``, down its column (a subhead and the paragraphs
    after it are blocks of their own)."""
    bottom, out = u.y1, []
    for v in sorted(blocks, key=lambda b: b.y0):
        overlap = max(0.0, min(u.x1, v.x1) - max(u.x0, v.x0))
        if (
            v is not u
            and -2 <= v.y0 - bottom <= 2 * body
            and overlap >= 0.6 * min(u.width, v.width)
        ):
            bottom = max(bottom, v.y1)
            out.append(v)
    return out
