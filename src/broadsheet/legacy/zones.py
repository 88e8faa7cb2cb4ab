"""Article zones from image maps: parse, clean, merge and scale ``<area>`` shapes.

Map coordinates are pixels of the page image as displayed (integer or fractional); polygons are
rectilinear outlines, often L- or U-shaped, written with repeated and collinear points. One
article may own several areas (``?div=0``, ``?div=1``), the same area twice (``?div=0`` and
``?div=-1`` with identical coordinates) and a picture area inside its text polygon.
"""

from __future__ import annotations

import math
import re

Point = tuple[float, float]
Polygon = list[Point]

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
EPSILON = 1e-6


class BrokenAreaError(ValueError):
    """An ``<area>`` whose shape or coordinates cannot be read."""


def parse_area(shape: str | None, coords: str | None) -> Polygon:
    """The polygon of one ``<area>``, in displayed-image pixels."""
    shape = (shape or "rect").strip().lower()
    parts = [p for p in re.split(r"[\s,;]+", (coords or "").strip()) if p]
    if not parts or not all(_NUMBER.match(p) for p in parts):
        raise BrokenAreaError(f"coordinates {coords!r} are not a list of numbers")
    values = [float(p) for p in parts]
    if shape in {"rect", "rectangle"}:
        if len(values) != 4:
            raise BrokenAreaError(f"a rectangle needs 4 numbers, not {len(values)}")
        x0, y0, x1, y1 = values
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        polygon = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    elif shape in {"poly", "polygon"}:
        if len(values) % 2:
            raise BrokenAreaError(f"a polygon needs pairs of numbers, not {len(values)} numbers")
        polygon = list(zip(values[::2], values[1::2], strict=True))
    elif shape in {"circle", "circ"}:
        if len(values) != 3:
            raise BrokenAreaError(f"a circle needs 3 numbers, not {len(values)}")
        x, y, r = values
        polygon = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    else:
        raise BrokenAreaError(f"unknown shape {shape!r}")
    cleaned = clean(polygon)
    if len(cleaned) < 3 or area(cleaned) <= EPSILON:
        raise BrokenAreaError(f"coordinates {coords!r} enclose no area")
    return cleaned


def _collinear(a: Point, b: Point, c: Point) -> bool:
    cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    scale = max(1.0, math.dist(a, b) * math.dist(b, c))
    return abs(cross) <= 1e-9 * scale


def clean(polygon: Polygon) -> Polygon:
    """Repeated points, a closing point equal to the first, and collinear points removed."""
    points = [p for i, p in enumerate(polygon) if i == 0 or p != polygon[i - 1]]
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    changed = True
    while changed and len(points) >= 3:
        changed = False
        for i in range(len(points)):
            a, b, c = points[i - 1], points[i], points[(i + 1) % len(points)]
            if b == a or _collinear(a, b, c):
                del points[i]
                changed = True
                break
    return points


def area(polygon: Polygon) -> float:
    total = 0.0
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def bbox(polygon: Polygon) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(point: Point, polygon: Polygon) -> bool:
    """Point in polygon, the boundary counting as inside."""
    x, y = point
    n = len(polygon)
    for i in range(n):
        (x0, y0), (x1, y1) = polygon[i], polygon[(i + 1) % n]
        on_line = abs((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) <= 1e-6 * max(
            1.0, math.dist((x0, y0), (x1, y1))
        )
        within_x = min(x0, x1) - 1e-6 <= x <= max(x0, x1) + 1e-6
        if on_line and within_x and min(y0, y1) - 1e-6 <= y <= max(y0, y1) + 1e-6:
            return True
    inside = False
    for i in range(n):
        (x0, y0), (x1, y1) = polygon[i], polygon[(i + 1) % n]
        if (y0 > y) != (y1 > y):
            cross_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            if x < cross_x:
                inside = not inside
    return inside


def contains(outer: Polygon, inner: Polygon) -> bool:
    """Every corner of ``inner`` and the middle of each of its sides lies in ``outer``."""
    ox0, oy0, ox1, oy1 = bbox(outer)
    ix0, iy0, ix1, iy1 = bbox(inner)
    if ix0 < ox0 - 1e-6 or iy0 < oy0 - 1e-6 or ix1 > ox1 + 1e-6 or iy1 > oy1 + 1e-6:
        return False
    probes = list(inner) + [
        ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        for a, b in zip(inner, inner[1:] + inner[:1], strict=True)
    ]
    return all(_inside(p, outer) for p in probes)


def _same(a: Polygon, b: Polygon) -> bool:
    if len(a) != len(b):
        return False
    ka = sorted((round(x, 3), round(y, 3)) for x, y in a)
    kb = sorted((round(x, 3), round(y, 3)) for x, y in b)
    return ka == kb


def merge(polygons: list[Polygon]) -> tuple[list[Polygon], list[Polygon]]:
    """One article's areas: duplicates dropped; returns its zones (in their first order) and the
    areas lying inside another of its areas (a picture marked inside its text polygon)."""
    kept: list[Polygon] = []
    for polygon in polygons:
        if any(_same(polygon, other) for other in kept):
            continue
        kept.append(polygon)
    inner = [
        i
        for i, p in enumerate(kept)
        if any(j != i and area(o) > area(p) and contains(o, p) for j, o in enumerate(kept))
    ]
    return [p for i, p in enumerate(kept) if i not in inner], [kept[i] for i in inner]


def scale(polygon: Polygon, sx: float, sy: float) -> Polygon:
    return [(round(x * sx, 2), round(y * sy, 2)) for x, y in polygon]
