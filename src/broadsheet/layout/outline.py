"""An article's outline on a page: one rectilinear polygon, as an e-paper draws a zone.

The zone's rectangles (zones.py) follow the text: heading, photo, columns. A reader sees the
article as one area: the gutters between its own columns and the gap between its headline and
its text belong to it. The outline is built in horizontal slices (cut at every rectangle edge):
in each slice the article covers from its leftmost to its rightmost rectangle; a slice no
rectangle covers (the gap under a headline) takes the overlap of the slices above and below.
Consecutive slices are traced into one polygon, left side down and right side up.

Nothing of another article may fall inside: where filling a slice would cover another
article's block, or the shape would not be one simple polygon (an article in two separate
places on the page, an L around another story whose slices do not overlap), there is no
outline and the rectangles stand as they are. Outlines of different articles therefore never
overlap another article's text; `test_outline` checks that they never overlap each other.
"""

from __future__ import annotations

Rect4 = list[float]
Point = list[float]
Slice = tuple[float, float, float, float]  # top, bottom, left, right
_EPS = 0.5


def _covers(r: Rect4, ya: float, yb: float) -> bool:
    return r[1] < yb - _EPS and r[3] > ya + _EPS


def _blocked(x0: float, ya: float, x1: float, yb: float, obstacles: list[Rect4]) -> bool:
    return any(
        o[0] < x1 - 1 and o[2] > x0 + 1 and o[1] < yb - 1 and o[3] > ya + 1 for o in obstacles
    )


def _slices(rects: list[Rect4], obstacles: list[Rect4]) -> list[Slice]:
    """(top, bottom, left, right) per slice, or [] when the shape is not one simple polygon."""
    ys = sorted({round(v, 2) for r in rects for v in (r[1], r[3])})
    raw: list[Slice | None] = []  # None: a gap no rectangle covers
    for ya, yb in zip(ys, ys[1:], strict=False):
        if yb - ya < _EPS:
            continue
        covering = [r for r in rects if _covers(r, ya, yb)]
        if not covering:
            if raw and raw[-1] is not None:
                raw.append(None)
            continue
        x0 = min(r[0] for r in covering)
        x1 = max(r[2] for r in covering)
        if _blocked(x0, ya, x1, yb, obstacles):
            return []
        raw.append((ya, yb, x0, x1))
    slices: list[Slice] = []
    gap = False
    for item in raw:
        if item is None:
            gap = True
            continue
        if gap:
            above = slices[-1]
            x0, x1 = max(above[2], item[2]), min(above[3], item[3])
            if x1 - x0 < 1 or _blocked(x0, above[1], x1, item[0], obstacles):
                return []
            slices.append((above[1], item[0], x0, x1))
            gap = False
        slices.append(item)
    for _ in range(len(slices)):
        merged = _merged(slices)
        filled = _fill_waists(merged, obstacles)
        if filled == merged:
            break
        slices = filled
    slices = _merged(slices)
    # Neighbouring slices must overlap sideways, or the polygon would pinch to a line.
    for a, b in zip(slices, slices[1:], strict=False):
        if min(a[3], b[3]) - max(a[2], b[2]) < 1:
            return []
    return slices


def _fill_waists(slices: list[Slice], obstacles: list[Rect4]) -> list[Slice]:
    """A slice narrower than both its neighbours (a byline's row between headline and text)
    widens to what both neighbours span, where nothing of another article lies there."""
    out = list(slices)
    for i in range(1, len(out) - 1):
        top, bottom, x0, x1 = out[i]
        above, below = out[i - 1], out[i + 1]
        left = min(x0, max(above[2], below[2]))
        right = max(x1, min(above[3], below[3]))
        if left < x0 and not _blocked(left, top, x0, bottom, obstacles):
            x0 = left
        if right > x1 and not _blocked(x1, top, right, bottom, obstacles):
            x1 = right
        out[i] = (top, bottom, x0, x1)
    return out


def _merged(slices: list[Slice]) -> list[Slice]:
    """Consecutive slices of the same extent as one."""
    out: list[Slice] = []
    for top, bottom, x0, x1 in slices:
        if out and abs(out[-1][2] - x0) < _EPS and abs(out[-1][3] - x1) < _EPS:
            out[-1] = (out[-1][0], bottom, out[-1][2], out[-1][3])
        else:
            out.append((top, bottom, x0, x1))
    return out


def _snap(values: list[float], outward: int) -> dict[float, float]:
    """Edges within 2 pt of each other become one edge, the outermost (a column's lines end
    a point apart; the outline should not step for that)."""
    groups: list[list[float]] = []
    for v in sorted(set(values)):
        if groups and v - groups[-1][-1] <= 2.0:
            groups[-1].append(v)
        else:
            groups.append([v])
    return {v: (min(g) if outward < 0 else max(g)) for g in groups for v in g}


def _snapped(rects: list[Rect4]) -> list[Rect4]:
    left = _snap([r[0] for r in rects], -1)
    right = _snap([r[2] for r in rects], 1)
    return [[left[r[0]], r[1], right[r[2]], r[3]] for r in rects]


def outline(rects: list[Rect4], obstacles: list[Rect4]) -> list[Point] | None:
    """The article's outline as [[x, y], …] clockwise from the top left, or None (see above).
    `obstacles` are the other articles' blocks on the page."""
    if not rects:
        return None
    slices = _slices(_snapped(rects), obstacles)
    if not slices:
        return None
    right = []
    for top, bottom, _x0, x1 in slices:
        right += [[x1, top], [x1, bottom]]
    left = []
    for top, bottom, x0, _x1 in reversed(slices):
        left += [[x0, bottom], [x0, top]]
    points = [left[-1], *right, *left[:-1]]  # from the top left corner, clockwise
    # Drop points on a straight run (two steps of the same side at the same x).
    clean: list[Point] = []
    for p in points:
        if clean and abs(clean[-1][0] - p[0]) < 1e-6 and abs(clean[-1][1] - p[1]) < 1e-6:
            continue
        clean.append(p)
    simplified: list[Point] = []
    n = len(clean)
    for i, p in enumerate(clean):
        a, b = clean[i - 1], clean[(i + 1) % n]
        collinear = (abs(a[0] - p[0]) < 1e-6 and abs(p[0] - b[0]) < 1e-6) or (
            abs(a[1] - p[1]) < 1e-6 and abs(p[1] - b[1]) < 1e-6
        )
        if not collinear:
            simplified.append(p)
    return [[round(x, 1), round(y, 1)] for x, y in simplified]


def slices_of(points: list[Point]) -> list[Rect4]:
    """The polygon cut back into rectangles (for overlap checks): one per band between two
    successive y values of its vertices, as wide as the polygon is there."""
    ys = sorted({p[1] for p in points})
    out = []
    edges = [
        (points[i], points[(i + 1) % len(points)])
        for i in range(len(points))
        if abs(points[i][0] - points[(i + 1) % len(points)][0]) < 1e-6
    ]
    for ya, yb in zip(ys, ys[1:], strict=False):
        mid = (ya + yb) / 2
        xs = sorted(a[0] for a, b in edges if min(a[1], b[1]) < mid < max(a[1], b[1]))
        for x0, x1 in zip(xs[::2], xs[1::2], strict=False):
            out.append([x0, ya, x1, yb])
    return out
