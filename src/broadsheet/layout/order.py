"""Reading order of boxes: recursive XY-cut that prefers column (vertical) cuts.

Newspaper columns are read top to bottom, left to right; an element spanning all columns (a photo,
a subhead across the article) separates the text above it from the text below it. Cutting at
vertical gaps first and at horizontal gaps only when no column gap exists gives exactly that.
Vertical text (竖排) reads right to left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Box = tuple[float, float, float, float]


def _gaps(spans: list[tuple[float, float, int]], tolerance: float) -> list[float]:
    """Positions where no span crosses: cut points between groups."""
    spans = sorted(spans)
    cuts: list[float] = []
    reach = spans[0][1]
    for lo, hi, _ in spans[1:]:
        if lo >= reach - tolerance:
            cuts.append((reach + lo) / 2)
        reach = max(reach, hi)
    return cuts


def xy_order(
    items: Sequence[T], box: Callable[[T], Box], right_to_left: bool = False, tolerance: float = 1.0
) -> list[T]:
    items = list(items)
    if len(items) <= 1:
        return items
    boxes = [box(it) for it in items]
    xs = [(b[0], b[2], i) for i, b in enumerate(boxes)]
    cuts = _gaps(xs, tolerance)
    if cuts:
        groups: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
        for i, b in enumerate(boxes):
            cx = (b[0] + b[2]) / 2
            groups[sum(1 for c in cuts if cx > c)].append(i)
        if right_to_left:
            groups.reverse()
        out: list[T] = []
        for g in groups:
            out.extend(xy_order([items[i] for i in g], box, right_to_left, tolerance))
        return out
    ys = [(b[1], b[3], i) for i, b in enumerate(boxes)]
    cuts = _gaps(ys, tolerance)
    if cuts:
        groups = [[] for _ in range(len(cuts) + 1)]
        for i, b in enumerate(boxes):
            cy = (b[1] + b[3]) / 2
            groups[sum(1 for c in cuts if cy > c)].append(i)
        out = []
        for g in groups:
            out.extend(xy_order([items[i] for i in g], box, right_to_left, tolerance))
        return out
    # Overlapping boxes (no clean cut): top to bottom, then left to right.
    order = sorted(range(len(items)), key=lambda i: (round(boxes[i][1] / 4), boxes[i][0]))
    return [items[i] for i in order]
