"""Reading order of recognised lines on a page: recursive XY-cut on their boxes.

The page is cut at the widest empty horizontal or vertical gap (bands top to bottom, columns
left to right, or right to left for vertical text), again inside each part, until no gap is
left; lines of a part without gaps read top to bottom, then left to right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from broadsheet.ocr.engine import Line

L = TypeVar("L", bound=Line)
MIN_GAP = 2.0  # points: narrower gaps do not cut


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Empty intervals between the union of the spans, widest first."""
    spans = sorted(spans)
    gaps, end = [], spans[0][1]
    for a, b in spans[1:]:
        if a - end >= MIN_GAP:
            gaps.append((end, a))
        end = max(end, b)
    return sorted(gaps, key=lambda g: g[0] - g[1])


def reading_order(lines: Sequence[L], right_to_left: bool = False, depth: int = 0) -> list[L]:
    if len(lines) <= 1 or depth > 60:
        return sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))
    across = _gaps([(ln.box[1], ln.box[3]) for ln in lines])  # between bands
    down = _gaps([(ln.box[0], ln.box[2]) for ln in lines])  # between columns
    width_across = across[0][1] - across[0][0] if across else 0.0
    width_down = down[0][1] - down[0][0] if down else 0.0
    if not across and not down:
        return sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))
    if width_across >= width_down:
        cut = (across[0][0] + across[0][1]) / 2
        first = [ln for ln in lines if (ln.box[1] + ln.box[3]) / 2 < cut]
        rest = [ln for ln in lines if (ln.box[1] + ln.box[3]) / 2 >= cut]
    else:
        cut = (down[0][0] + down[0][1]) / 2
        left = [ln for ln in lines if (ln.box[0] + ln.box[2]) / 2 < cut]
        right = [ln for ln in lines if (ln.box[0] + ln.box[2]) / 2 >= cut]
        first, rest = (right, left) if right_to_left else (left, right)
    return reading_order(first, right_to_left, depth + 1) + reading_order(
        rest, right_to_left, depth + 1
    )
