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


def _split(
    boxes: list[Box], indices: list[int], axis: int, tolerance: float
) -> list[list[int]] | None:
    """Groups of `indices` separated by gaps along `axis` (0: x, 1: y), or None when no gap
    separates at least two non-empty groups."""
    spans = [(boxes[i][axis], boxes[i][axis + 2], i) for i in indices]
    cuts = _gaps(spans, tolerance)
    if not cuts:
        return None
    groups: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
    for i in indices:
        centre = (boxes[i][axis] + boxes[i][axis + 2]) / 2
        groups[sum(1 for c in cuts if centre > c)].append(i)
    groups = [g for g in groups if g]
    return groups if len(groups) > 1 else None


def xy_order(
    items: Sequence[T], box: Callable[[T], Box], right_to_left: bool = False, tolerance: float = 1.0
) -> list[T]:
    """Items in reading order. Iterative (a page of thousands of boxes never runs out of stack),
    and every cut makes strictly smaller groups, so it always ends."""
    items = list(items)
    if len(items) <= 1:
        return items
    boxes = [box(it) for it in items]
    order: list[int] = []
    stack: list[list[int]] = [list(range(len(items)))]
    while stack:
        group = stack.pop()
        if len(group) <= 1:
            order.extend(group)
            continue
        parts = _split(boxes, group, 0, tolerance)
        if parts is not None:
            if right_to_left:
                parts.reverse()
        else:
            parts = _split(boxes, group, 1, tolerance)
        if parts is None:
            # Overlapping boxes (no clean cut): top to bottom, then left to right.
            order.extend(sorted(group, key=lambda i: (round(boxes[i][1] / 4), boxes[i][0])))
            continue
        stack.extend(reversed(parts))
    return [items[i] for i in order]
