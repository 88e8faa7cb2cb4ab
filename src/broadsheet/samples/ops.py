"""Drawing operations: what a page is made of, in top-left page coordinates (points).

Layout code appends these to a list; ``render.py`` turns them into PDF content. Truth boxes
are computed from the same values, so they match what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]  # x0, y0 (top), x1, y1 (bottom)
Color = tuple[float, float, float]

BLACK: Color = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class TextOp:
    x: float
    baseline: float
    text: str
    font: str  # reportlab font name
    size: float
    char_space: float = 0.0
    word_space: float = 0.0
    color: Color = BLACK
    bold: bool = False  # fill and stroke the glyphs, for faces without a bold weight


@dataclass(frozen=True)
class LineOp:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: Color = BLACK


@dataclass(frozen=True)
class RectOp:
    box: Box
    stroke: Color | None = BLACK
    fill: Color | None = None
    width: float = 0.5


@dataclass(frozen=True)
class ImageOp:
    box: Box
    jpeg: bytes


Op = TextOp | LineOp | RectOp | ImageOp


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def merge_columns(boxes: list[Box]) -> list[Box]:
    """Join side-by-side boxes with the same top and bottom (full columns) into one."""
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: (round(b[1], 1), round(b[3], 1), b[0])):
        if out:
            a = out[-1]
            if abs(a[1] - b[1]) < 0.5 and abs(a[3] - b[3]) < 0.5 and 0 <= b[0] - a[2] < 30:
                out[-1] = (a[0], a[1], max(a[2], b[2]), a[3])
                continue
        out.append(b)
    return out


def rounded(box: Box) -> list[float]:
    return [round(v, 2) for v in box]


def article_truth(art: Any, text: str, regions: list[Box], blocks: list[Any]) -> dict[str, Any]:
    """One article of a page's truth in the contract's shape (docs/page-analysis.md), from a
    producer's article record (``kind``, ``kicker`` … ``continued_to``/``continued_from``)."""
    return {
        "id": "",
        "kind": art.kind,
        "kicker": art.kicker,
        "headline": art.headline,
        "subheadline": art.subheadline,
        "byline": art.byline,
        "text": text,
        "regions": [[round(v, 1) for v in r] for r in merge_columns(regions)],
        "blocks": blocks,
        "continued_to": {"page": art.continued_to} if art.continued_to else None,
        "continued_from": {"page": art.continued_from} if art.continued_from else None,
    }
