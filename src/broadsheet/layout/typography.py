"""Typographic devices that cut one piece of text into several lines, put back together.

- A **drop cap**: the first letter of a story set two or three lines tall beside the column
  ("M" + "atteo Salvini ha …"). Left alone it is a one-letter line in a huge size, which the
  analyser takes for a headline, and the word loses its first letter.
- An **ornament rule**: a short rule centred just under (or over) a headline, a flourish
  between it and its byline or text. It is no separator: a story's parts lie on both sides.
- An **underline**: a link or an emphasis underlined in the text (web-made PDFs underline every
  link). It is drawn as a thin rule, which would otherwise cut the paragraph at every link.
- A **line that is two**: a byline or a sentence, then a bullet and a reference to another page
  ("di Massimo Pisa ● a pagina 8"): the part from the bullet on is a jump line of its own.
- A **split byline**: the particle in the body's italic and the name in a bold display face
  on one baseline ("di" + "Stefano Cappellini", "By" + "JANE DOE", "记者" + "王小明"). Left
  alone the name is a big bold line, taken for a headline.

Both are families found across newspapers (Italian, French, German, English and Chinese
pages set them so), not one paper's habit; the rules are geometric and language-neutral
except for the short list of byline particles.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from broadsheet.layout.lines import Line, is_cjk, make_line
from broadsheet.layout.roles import is_jump_line
from broadsheet.pdf.extract import Rect

if TYPE_CHECKING:
    from broadsheet.layout.articles import Heading

# Words that open a byline, set apart from the name that follows.
BYLINE_PARTICLES = frozenset(
    {
        "by",
        "di",
        "da",
        "par",
        "von",
        "por",
        "door",
        "av",
        "af",
        "de",
        "文",
        "文/",
        "记者",
        "本报记者",
        "撰稿",
        "作者",
    }
)


def _baseline(line: Line) -> float:
    # Characters are stored with y1 = baseline + 0.12 × size (pdf.extract).
    return line.y1 - 0.12 * line.size


def _merged(first: Line, second: Line, text: str, **meta: object) -> Line:
    """`first` put in front of `second`, which gives the line its size, face and height."""
    return Line(
        chars=first.chars + second.chars,
        x0=min(first.x0, second.x0),
        y0=second.y0,
        x1=max(first.x1, second.x1),
        y1=second.y1,
        size=second.size,
        bold=second.bold,
        text=text,
        meta={**second.meta, **meta},
    )


def _rebuilt(lines: list[Line], replace: dict[int, Line], drop: set[int]) -> list[Line]:
    if not replace:
        return lines
    out = [replace.get(id(ln), ln) for ln in lines if id(ln) not in drop]
    out.sort(key=lambda x: (x.y0, x.x0))
    return out


class _ByTop:
    """Lines by their top, for the lines within a band of heights (bisect, not a page scan:
    a page of thousands of stray glyphs must not cost their square)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = sorted(lines, key=lambda ln: ln.y0)
        self.tops = [ln.y0 for ln in self.lines]

    def between(self, top: float, bottom: float) -> list[Line]:
        lo = bisect_left(self.tops, top)
        hi = bisect_right(self.tops, bottom)
        return self.lines[lo:hi]


def join_split_bylines(lines: list[Line], body: float) -> list[Line]:
    """A byline particle followed on its baseline by a name in another face: one byline line
    (marked `split_byline`, whatever the name's size)."""
    replace: dict[int, Line] = {}
    drop: set[int] = set()
    index = _ByTop(lines)
    for ln in lines:
        if ln.vertical or id(ln) in drop or id(ln) in replace:
            continue
        if ln.text.strip().lower() not in BYLINE_PARTICLES or ln.size > 1.3 * body:
            continue
        # A name up to 2.2 × body tall sharing the particle's baseline starts above it.
        names = [
            other
            for other in index.between(ln.y0 - 2.5 * body, ln.y1)
            if other is not ln
            and not other.vertical
            and id(other) not in drop
            and id(other) not in replace
            and -0.1 * ln.size <= other.x0 - ln.x1 <= 1.5 * ln.size
            and abs(_baseline(other) - _baseline(ln)) <= 0.3 * ln.size
            and len(other.text) <= 40
            and other.size <= 2.2 * body
        ]
        if not names:
            continue
        name = min(names, key=lambda other: other.x0)
        joiner = "" if is_cjk(ln.text[-1]) or ln.text.endswith("/") else " "
        replace[id(name)] = _merged(ln, name, ln.text + joiner + name.text, split_byline=True)
        drop.add(id(ln))
    return _rebuilt(lines, replace, drop)


def join_drop_caps(lines: list[Line], body: float) -> list[Line]:
    """A single letter at least two body lines tall, with body text starting right beside its
    top: the letter opens that line's first word (or is a word itself, where the PDF wrote a
    space after it)."""
    replace: dict[int, Line] = {}
    drop: set[int] = set()
    index = _ByTop(lines)
    for cap in lines:
        letter = cap.text.strip()
        if cap.vertical or len(letter) != 1 or not (letter.isalpha() or is_cjk(letter)):
            continue
        if cap.height < 1.8 * body or cap.size < 1.8 * body:
            continue
        beside = [
            ln
            for ln in index.between(cap.y0 - 0.5 * body, cap.y0 + 1.5 * body)
            if ln is not cap
            and not ln.vertical
            and id(ln) not in replace
            and abs(ln.size - body) <= 0.25 * body
            and -0.2 * body <= ln.x0 - cap.x1 <= 1.5 * body
            and cap.y0 - 0.5 * body <= ln.y0 <= cap.y0 + 1.2 * ln.size
        ]
        if not beside:
            continue
        first = min(beside, key=lambda ln: ln.y0)
        # The lines below the first one that stand beside the cap are indented by it, not
        # by a new paragraph.
        for ln in index.between(first.y1, cap.y1):
            if ln is not first and abs(ln.x0 - first.x0) <= 0.5 * body:
                ln.meta["beside_drop_cap"] = True
        joiner = " " if first.chars[0].space_before and not is_cjk(letter) else ""
        replace[id(first)] = _merged(cap, first, letter + joiner + first.text, drop_cap=True)
        drop.add(id(cap))
    return _rebuilt(lines, replace, drop)


def is_ornament(rule: Rect, headings: list[Heading], body: float) -> bool:
    """A short horizontal rule centred on a headline, right under or over it."""
    for h in headings:
        width = h.x1 - h.x0
        if (
            rule.width >= 0.7 * width
            or abs((rule.x0 + rule.x1) / 2 - (h.x0 + h.x1) / 2) > 0.1 * width
        ):
            continue
        if (
            -0.5 * body <= rule.y0 - h.y1 <= 2.0 * body
            or -0.5 * body <= h.y0 - rule.y1 <= 2.0 * body
        ):
            return True
    return False


def without_underlines(rules: list[Rect], lines: list[Line]) -> list[Rect]:
    """The rules that are not underlines: a horizontal rule just under a line's baseline that
    does not reach past the line's ends is the line's underline."""
    if not rules or not lines:
        return rules
    ordered = sorted(lines, key=lambda ln: ln.y1)
    bottoms = [ln.y1 for ln in ordered]
    kept = []
    for rule in rules:
        if rule.width < rule.height or rule.height > 2.5:
            kept.append(rule)
            continue
        mid = (rule.y0 + rule.y1) / 2
        # Lines whose bottom (baseline + 0.12 em) lies within a few points of the rule.
        lo = bisect_left(bottoms, mid - 8)
        under = False
        for ln in ordered[lo:]:
            if ln.y1 > mid + 8:
                break
            if ln.vertical:
                continue
            baseline = ln.y1 - 0.12 * ln.size
            if (
                baseline - 0.05 * ln.size <= mid <= baseline + 0.35 * ln.size
                and rule.x0 >= ln.x0 - 0.3 * ln.size
                and rule.x1 <= ln.x1 + 0.3 * ln.size
            ):
                under = True
                break
        if not under:
            kept.append(rule)
    return kept


BULLETS = frozenset("●•▶►■")


def split_at_bullets(lines: list[Line]) -> list[Line]:
    """A line whose part from a bullet on is a jump line becomes two lines there."""
    out: list[Line] = []
    for ln in lines:
        cut = next((k for k, ch in enumerate(ln.chars) if k > 0 and ch.text in BULLETS), None)
        if cut is None or ln.vertical:
            out.append(ln)
            continue
        before, after = make_line(ln.chars[:cut]), make_line(ln.chars[cut:])
        if is_jump_line(after.text) and before.text.strip():
            out.extend((before, after))
        else:
            out.append(ln)
    return out
