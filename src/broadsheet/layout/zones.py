"""An article's zone: the rectangles a reader sees as the article.

The heading group is one rectangle; each photo, caption and byline its own; body blocks stacked
in one column form a column rectangle, and columns side by side that start together (and end
together, give or take a line) form one rectangle spanning the gutters between them. A rectangle
never grows over another article's blocks.
"""

from __future__ import annotations

from broadsheet.layout.articles import Draft, _inside
from broadsheet.layout.blocks import Block
from broadsheet.pdf.extract import Rect

Rect4 = list[float]


def _hits(r: Rect4, others: list[Block]) -> bool:
    return any(
        o.x0 < r[2] - 1 and o.x1 > r[0] + 1 and o.y0 < r[3] - 1 and o.y1 > r[1] + 1 for o in others
    )


def _union(a: Rect4, b: Rect4) -> Rect4:
    return [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]


def _stack(rects: list[Rect4], others: list[Block], body: float) -> list[Rect4]:
    """Merge rectangles stacked in one column (close vertically, overlapping horizontally)."""
    merged = True
    while merged:
        merged = False
        rects.sort(key=lambda r: (r[0], r[1]))
        for i in range(len(rects)):
            for j in range(i + 1, len(rects)):
                a, b = rects[i], rects[j]
                ov = min(a[2], b[2]) - max(a[0], b[0])
                narrow = min(a[2] - a[0], b[2] - b[0])
                gap = max(a[1], b[1]) - min(a[3], b[3])
                if ov < 0.8 * narrow or gap > 3 * body:
                    continue
                cand = _union(a, b)
                if _hits(cand, others):
                    continue
                rects[i] = cand
                del rects[j]
                merged = True
                break
            if merged:
                break
    return rects


def _side_by_side(rects: list[Rect4], others: list[Block], body: float) -> list[Rect4]:
    """Join columns that start together (and end together) across the gutter between them."""
    merged = True
    while merged:
        merged = False
        rects.sort(key=lambda r: (r[1], r[0]))
        for i in range(len(rects)):
            for j in range(len(rects)):
                a, b = rects[i], rects[j]
                if i == j or b[0] < a[2] - 1:
                    continue
                gap = b[0] - a[2]
                same_top = abs(a[1] - b[1]) <= 1.5 * body
                same_bottom = abs(a[3] - b[3]) <= 1.5 * body
                if gap > 2.5 * body or not same_top:
                    continue
                if not same_bottom:
                    continue  # a shorter column keeps its own rectangle
                cand = _union(a, b)
                if _hits(cand, others):
                    continue
                rects[i] = cand
                del rects[j]
                merged = True
                break
            if merged:
                break
    return rects


def enclosing_frame(draft: Draft, others: list[Block], frames: list[Rect]) -> Rect | None:
    """The frame (a ruled or tinted box) that holds the whole article and nothing of another
    one, the smallest such: a boxed story or a sidebar, whose area is its frame. None when the
    article's blocks fill too little of it to be the frame's content (a box around a section)."""
    blocks = draft.all_blocks()
    if not blocks:
        return None
    x0, y0 = min(b.x0 for b in blocks), min(b.y0 for b in blocks)
    x1, y1 = max(b.x1 for b in blocks), max(b.y1 for b in blocks)
    best: Rect | None = None
    for f in frames:
        if not all(_inside(b, f) for b in blocks) or any(_inside(o, f) for o in others):
            continue
        if (x1 - x0) * (y1 - y0) < 0.6 * f.width * f.height:
            continue
        if best is None or f.width * f.height < best.width * best.height:
            best = f
    return best


def article_regions(
    draft: Draft, others: list[Block], body: float, frame: Rect | None = None
) -> list[Rect4]:
    """The zone as rectangles, top to bottom. The truth of both sample producers, and what an
    operator draws, follows the text: gutters between columns of equal length are inside,
    the whitespace beside a centred headline or under a short column is not. A boxed article's
    zone is its frame."""
    if frame is not None:
        return [[round(v, 1) for v in (frame.x0, frame.y0, frame.x1, frame.y1)]]
    out: list[Rect4] = []
    if draft.heading is not None:
        hb = draft.heading.blocks
        out.append(
            [
                min(b.x0 for b in hb),
                min(b.y0 for b in hb),
                max(b.x1 for b in hb),
                max(b.y1 for b in hb),
            ]
        )
    text: list[Rect4] = []
    for u in draft.units:
        r = [u.x0, u.y0, u.x1, u.y1]
        if u.role == "advert" and u.lines:
            continue
        if u.role in ("body", "subhead", "jump"):
            text.append(r)
        else:
            out.append(r)
    columns = _side_by_side(_stack(text, others, body), others, body)
    rects = out + columns
    return [[round(v, 1) for v in r] for r in sorted(rects, key=lambda r: (r[1], r[0]))]
