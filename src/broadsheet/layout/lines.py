"""Group characters into text lines by geometry, never by the producer's glyph order.

A line is a run of characters on one baseline, of one size, without a gap wider than a column
gutter and without a vertical rule between them. Vertical (竖排) runs, characters stacked on one
x position, become vertical lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from broadsheet.pdf.extract import Char, Rect

_CJK: dict[str, bool] = {}


def is_cjk(ch: str) -> bool:
    c = ch[0]
    known = _CJK.get(c)
    if known is None:
        code = ord(c)
        known = (
            0x3000 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF
            or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF
            or 0xAC00 <= code <= 0xD7AF
        )
        if len(_CJK) < 50000:
            _CJK[c] = known
    return known


@dataclass(slots=True)
class Line:
    chars: list[Char]
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    text: str
    vertical: bool = False
    role: str = ""
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
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def join_chars(chars: list[Char], size: float, vertical: bool = False) -> str:
    """Text of a run of characters, with word spaces rebuilt from the gaps between glyphs."""
    if vertical or len(chars) < 2:
        return "".join(ch.text for ch in chars)
    cjk = [is_cjk(ch.text) for ch in chars]
    gaps = [b.x0 - a.x1 for a, b in zip(chars, chars[1:], strict=False)]
    # Justified CJK lines spread every glyph apart evenly (tracking): only a gap clearly wider
    # than the line's usual glyph gap is a space.
    cjk_gaps = sorted(g for k, g in enumerate(gaps) if cjk[k] and cjk[k + 1])
    tracking = max(0.0, cjk_gaps[len(cjk_gaps) // 2]) if len(cjk_gaps) >= 4 else 0.0
    cjk_limit = 0.25 * size + tracking
    # Italic glyphs' loose boxes overhang their neighbours: where the line's usual gap
    # between Latin glyphs is negative, a word space is a gap that much wider than usual.
    latin_gaps = sorted(g for k, g in enumerate(gaps) if not cjk[k] and not cjk[k + 1])
    overhang = min(0.0, latin_gaps[len(latin_gaps) // 2]) if len(latin_gaps) >= 6 else 0.0
    latin_limit = 0.15 * size + overhang
    parts = [chars[0].text]
    for k, gap in enumerate(gaps):
        both_cjk = cjk[k] and cjk[k + 1]
        limit = cjk_limit if both_cjk else latin_limit
        # A space glyph the PDF wrote counts where the gap leaves room for it (not between
        # ideographs, where producers pad justified lines with spaces).
        written = chars[k + 1].space_before and not both_cjk and gap > 0.02 * size
        if gap > limit or written:
            parts.append(" ")
        parts.append(chars[k + 1].text)
    return "".join(parts)


def make_line(chars: list[Char], vertical: bool = False) -> Line:
    first = chars[0].font_size
    if all(c.font_size == first for c in chars):
        size = round(first, 1)
    else:
        size = Counter(round(c.font_size, 1) for c in chars).most_common(1)[0][0]
    bold = sum(1 for c in chars if c.bold) * 2 > len(chars)
    return Line(
        chars=chars,
        x0=min(c.x0 for c in chars),
        y0=min(c.y0 for c in chars),
        x1=max(c.x1 for c in chars),
        y1=max(c.y1 for c in chars),
        size=size,
        bold=bold,
        text=join_chars(chars, size, vertical),
        vertical=vertical,
    )


def _crosses_rule(x_left: float, x_right: float, y0: float, y1: float, vrules: list[Rect]) -> bool:
    for r in vrules:
        mid = (r.x0 + r.x1) / 2
        if x_left - 1 <= mid <= x_right + 1 and r.y0 <= y1 - 1 and r.y1 >= y0 + 1:
            return True
    return False


def _nearest_gaps(chars: list[Char], vertical: bool) -> dict[int, float]:
    """For each character, the gap to its nearest neighbour along rows (or along columns)."""
    buckets: dict[tuple[int, int], list[Char]] = {}
    for c in chars:
        size = max(c.font_size, 1.0)
        centre = (c.x0 + c.x1) / 2 if vertical else (c.y0 + c.y1) / 2
        buckets.setdefault((round(centre / (size * 0.3)), round(size)), []).append(c)
    gaps: dict[int, float] = {}
    for group in buckets.values():
        group.sort(key=(lambda c: c.y0) if vertical else (lambda c: c.x0))
        for a, b in zip(group, group[1:], strict=False):
            gap = (b.y0 - a.y1) if vertical else (b.x0 - a.x1)
            for c in (a, b):
                if gap < gaps.get(id(c), 1e9):
                    gaps[id(c)] = gap
    return gaps


def _split_vertical(chars: list[Char]) -> tuple[list[list[Char]], list[Char]]:
    """Vertical (竖排) runs: CJK characters closer to the one below than to any beside them."""
    cjk = [c for c in chars if is_cjk(c.text)]
    if len(cjk) < 4:
        return [], chars
    vgaps = _nearest_gaps(cjk, vertical=True)
    hgaps = _nearest_gaps(chars, vertical=False)
    upright = [
        c
        for c in cjk
        if vgaps.get(id(c), 1e9) < 0.3 * c.font_size and hgaps.get(id(c), 1e9) > 0.3 * c.font_size
    ]
    if len(upright) < 4:
        return [], chars
    columns: dict[tuple[int, int], list[Char]] = {}
    for c in upright:
        columns.setdefault(
            (round((c.x0 + c.x1) / 2 / (c.font_size * 0.3)), round(c.font_size)), []
        ).append(c)
    others = [c for c in chars if not is_cjk(c.text)]

    def bridged(a: Char, b: Char) -> bool:
        """Digits or Latin set upright on the axis fill the gap from ``a`` down to ``b``."""
        between = sorted(
            (
                c
                for c in others
                if c.x0 >= a.x0 - 1
                and c.x1 <= a.x1 + 1
                and c.y0 >= a.y0 + 0.5 * a.font_size
                and c.y1 <= b.y1
            ),
            key=lambda c: c.y0,
        )
        y = a.y1
        for c in between[:40]:
            if c.y0 - y > 0.6 * a.font_size:
                return False
            y = max(y, c.y1)
        return b.y0 - y <= 0.6 * a.font_size

    runs: list[list[Char]] = []
    for group in columns.values():
        group.sort(key=lambda c: c.y0)
        run = [group[0]]
        for c in group[1:]:
            if c.y0 - run[-1].y1 <= 0.6 * c.font_size or bridged(run[-1], c):
                run.append(c)
            else:
                runs.append(run)
                run = [c]
        runs.append(run)
    runs = [r for r in runs if len(r) >= 4]
    used = {id(c) for r in runs for c in r}
    # Punctuation and Latin inside a vertical run sit on its axis: take them along, and the
    # digits or Latin stacked on the axis right above or below it (861个…: a number opening a
    # vertical headline).
    for r in runs:
        x0, x1 = min(c.x0 for c in r), max(c.x1 for c in r)
        y0, y1 = r[0].y0, r[-1].y1
        step = 0.6 * r[0].font_size
        on_axis = sorted(
            (c for c in chars if id(c) not in used and c.x0 >= x0 - 1 and c.x1 <= x1 + 1),
            key=lambda c: c.y0,
        )
        for c in reversed([c for c in on_axis if c.y1 <= y0 + 1]):
            if y0 - c.y1 > step:
                break
            y0 = c.y0
        for c in [c for c in on_axis if c.y0 >= y1 - 1]:
            if c.y0 - y1 > step:
                break
            y1 = c.y1
        for c in on_axis:
            if y0 - 1 <= c.y0 <= y1 + 1:
                r.append(c)
                used.add(id(c))
        r.sort(key=lambda c: c.y0)
    return runs, [c for c in chars if id(c) not in used]


def _may_be_vertical(chars: list[Char]) -> bool:
    """Cheap test before the vertical search: do four CJK glyphs in a row, in stream order,
    step straight down (a vertical headline among a page of horizontal text is enough)? Set
    tight, one glyph's box may overlap the next by a little."""
    run = 0
    for a, b in zip(chars, chars[1:], strict=False):
        size = a.font_size
        if (
            is_cjk(a.text)
            and is_cjk(b.text)
            and abs(a.font_size - b.font_size) < 0.5
            and abs(a.x0 - b.x0) < 0.3 * size
            and -0.25 * size <= b.y0 - a.y1 < 0.5 * size
        ):
            run += 1
            if run >= 3:
                return True
        else:
            run = 0
    return False


def build_lines(chars: list[Char], rules: list[Rect]) -> list[Line]:
    vrules = [r for r in rules if r.height > r.width and r.height >= 8]
    vertical_runs, chars = _split_vertical(chars) if _may_be_vertical(chars) else ([], chars)
    lines = [make_line(run, vertical=True) for run in vertical_runs]
    # Rows: characters whose baselines agree within a fraction of their size.
    ordered = sorted(chars, key=lambda c: (c.y1 - 0.12 * c.font_size, c.x0))
    rows: list[list[Char]] = []
    open_rows: list[tuple[float, float, list[Char]]] = []  # (baseline, size, chars)
    for c in ordered:
        base = c.y1 - 0.12 * c.font_size
        placed = False
        still_open = []
        for row_base, row_size, row in open_rows:
            if base - row_base > 0.3 * row_size:
                rows.append(row)
                continue
            still_open.append((row_base, row_size, row))
        open_rows = still_open
        for row_base, row_size, row in open_rows:
            ratio = c.font_size / row_size
            if abs(base - row_base) <= 0.3 * min(row_size, c.font_size) and 0.8 <= ratio <= 1.25:
                row.append(c)
                placed = True
                break
        if not placed:
            open_rows.append((base, c.font_size, [c]))
    rows.extend(row for _, _, row in open_rows)
    for row in rows:
        row.sort(key=lambda c: c.x0)
        run = [row[0]]
        for c in row[1:]:
            prev = run[-1]
            size = max(prev.font_size, c.font_size)
            gap = c.x0 - prev.x1
            # Justified narrow columns open wide word gaps: glyphs written one after the
            # other in the content stream still belong to one line.
            in_stream = 0 < c.index - prev.index <= 3
            # (display lines are not justified: two headlines side by side on one baseline,
            # written one after the other, part at a gap of a few ems)
            limit = (5 if size <= 14 else 3) * size if in_stream else 0.9 * size
            if not in_stream and size > 14:
                # display glyphs not written one after the other, more than half an em apart:
                # two headlines a gutter apart on one baseline (a headline's word space, never
                # justified, is about a quarter of an em)
                limit = 0.55 * size
            if not in_stream and (is_cjk(prev.text) or is_cjk(c.text)):
                # Ideographs are set solid: a gap of more than half an em beside one, between
                # glyphs not written one after the other, is a gutter (a full stop or an opening
                # quote hanging into it narrows it below the Latin limit).
                limit = min(limit, 0.6 * size)
            # A rule drawn through a line set in one run (a column rule running up through a
            # headline) does not cut it at a word space; a ruled gutter is wider than that.
            through = in_stream and gap <= 0.5 * size
            if not in_stream and abs(prev.font_size - c.font_size) > 0.05 * size:
                # two lines of different sizes side by side on one baseline (two headlines a
                # gutter apart), not a size change inside one run
                limit = min(limit, 0.5 * size)
            if gap > limit or (
                gap > 0.2 * size
                and not through
                and _crosses_rule(prev.x1, c.x0, c.y0, c.y1, vrules)
            ):
                lines.append(make_line(run))
                run = [c]
            else:
                run.append(c)
        lines.append(make_line(run))
    lines.sort(key=lambda ln: (ln.y0, ln.x0))
    return lines


def body_size(lines: list[Line]) -> float:
    """The page's body text size: the size carrying most characters."""
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[round(ln.size * 2) / 2] += len(ln.chars)
    if not weight:
        return 10.0
    return weight.most_common(1)[0][0]
