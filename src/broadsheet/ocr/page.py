"""One scanned page recognised: prepared, turned upright, read (vertical columns included)
and its lines mapped to page points (origin top left, as every box Broadsheet stores)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from broadsheet.ocr.engine import Engine, Line, Word, even_words
from broadsheet.ocr.order import reading_order
from broadsheet.ocr.preprocess import map_box, prepare, turn
from broadsheet.ocr.rules import find_rules

# Orientation is tried on a copy at most this many pixels on its longer side.
ORIENTATION_SIDE = 1000
# A page read upright with lines this confident (mean) is not tried in other orientations.
CONFIDENT = 0.85
# How many of the largest lines are read to decide the orientation.
SAMPLE = 12


@dataclass
class Recognition:
    lines: list[Line]
    width: float  # page size in points: the lines' coordinate space
    height: float
    engine: str
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # points
    rotation: int = 0
    skew: float = 0.0
    seconds: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        """Mean line confidence weighted by characters (0 without text)."""
        total = sum(len(ln.text) for ln in self.lines)
        if not total:
            return 0.0
        return sum(ln.confidence * len(ln.text) for ln in self.lines) / total


def _score(lines: list[Line]) -> float:
    return sum(ln.confidence * len(ln.text) for ln in lines if ln.confidence >= 0.5)


def _mean_confidence(lines: list[Line]) -> float:
    total = sum(len(ln.text) for ln in lines)
    return sum(ln.confidence * len(ln.text) for ln in lines) / total if total else 0.0


def orientation(image: Image.Image, engine: Engine) -> int:
    """Clockwise quarter turns (0–3) that make the page upright. Lines are found on a small
    copy; the largest few are cut from the page and read as they are and turned (a half turn
    when they lie across, quarter turns when they stand, where upright columns of CJK are also
    read top to bottom); the orientation read most confidently wins."""
    factor = min(1.0, ORIENTATION_SIDE / max(image.size))
    small = image
    if factor < 1:
        small = image.resize(
            (max(1, round(image.width * factor)), max(1, round(image.height * factor))),
            Image.Resampling.BOX,
        )
    found = engine.boxes(np.asarray(small))
    if not found:
        return 0
    big = sorted(found, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)[:SAMPLE]
    full = np.asarray(image)
    crops = [
        full[
            int(b[1] / factor) : int(b[3] / factor) + 1, int(b[0] / factor) : int(b[2] / factor) + 1
        ]
        for b in big
    ]
    crops = [c for c in crops if c.size]
    across = sum(c.shape[1] >= c.shape[0] for c in crops) * 2 >= len(crops)

    def score(k: int) -> tuple[float, float]:
        total = weight = 0.0
        for crop in crops:
            turned = np.rot90(crop, -k) if k else crop  # clockwise, as `turn`
            h, w = turned.shape
            box = (0.0, 0.0, float(w), float(h))
            if h > 1.5 * w:
                line = read_vertical(turned, Line("", box, 0.0), engine)
                text, conf = line.text, line.confidence
            else:
                text, conf = engine.read(np.ascontiguousarray(turned))
            n = len(text.strip())
            total += conf * n
            weight += n
        return total, (total / weight if weight else 0.0)

    if not across:
        # Standing lines: upright columns of CJK, or a page on its side. The recogniser reads
        # a CJK glyph turned a quarter almost as surely as upright, so the strokes decide:
        # upright glyphs (CJK and Latin alike) have more edge across than along the line.
        if stroke_ratio(crops) < 1.0:
            return 0
        return max((1, 3), key=lambda k: (score(k)[0], -k))
    upright = score(0)
    if upright[1] >= CONFIDENT:
        return 0
    flipped = score(2)
    return 2 if flipped[0] > upright[0] else 0


def upright(lines: list[Line]) -> bool:
    """Whether the page as read is already upright, so that `orientation` need not be tried:
    most of its lines lie across and they read confidently (a page upside down or on its side
    reads poorly, and standing lines may be CJK columns or a page on its side)."""
    if not lines:
        return False
    across = sum(not _tall(ln.box) for ln in lines) >= 0.9 * len(lines)
    return across and _mean_confidence(lines) >= CONFIDENT


def stroke_ratio(crops: list[np.ndarray]) -> float:
    """Edge energy down the image over edge energy across it: below 1 for upright glyphs,
    above 1 for glyphs on their side."""
    down = across = 0.0
    for crop in crops:
        a = crop.astype(np.float32)
        down += float(np.abs(np.diff(a, axis=0)).sum())
        across += float(np.abs(np.diff(a, axis=1)).sum())
    return down / across if across else 1.0


def _tall(box: tuple[float, float, float, float]) -> bool:
    return (box[3] - box[1]) > 1.5 * (box[2] - box[0])


def _cells(column: np.ndarray) -> list[tuple[int, int]]:
    """Rows of a vertical text column split into characters at the blank rows between them."""
    ink = (column < 128).sum(axis=1)
    cells: list[tuple[int, int]] = []
    start = None
    for y, n in enumerate(ink):
        if n and start is None:
            start = y
        elif not n and start is not None:
            cells.append((start, y))
            start = None
    if start is not None:
        cells.append((start, len(ink)))
    width = column.shape[1]
    merged: list[tuple[int, int]] = []
    for a, b in cells:  # join the parts of one character (e.g. 二, 三) split by a gap
        if merged and (b - merged[-1][0]) <= width * 1.05:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def read_vertical(image: np.ndarray, line: Line, engine: Engine) -> Line:
    """A tall line read as upright characters one below the other: its characters cut apart
    and laid side by side, then read; kept only if that reads more confidently."""
    x0, y0, x1, y1 = (int(round(v)) for v in line.box)
    column = image[max(0, y0) : y1, max(0, x0) : x1]
    if column.size == 0:
        return line
    cells = _cells(column)
    if len(cells) < 2:
        return line
    w = column.shape[1]
    pad = max(2, w // 8)
    tallest = max(b - a for a, b in cells)
    strip = np.full((max(w, tallest) + 2 * pad, (w + pad) * len(cells) + pad), 255, np.uint8)
    for i, (a, b) in enumerate(cells):  # each character as it stands, side by side
        at = pad + i * (w + pad)
        strip[pad : pad + (b - a), at : at + w] = column[a:b]
    text, conf = engine.read(strip)
    text = text.strip()
    if not text or conf <= line.confidence:
        return line
    box = (float(x0), float(y0), float(x1), float(y1))
    if len(text) == len(cells):
        words = tuple(
            Word(ch, (float(x0), float(y0 + a), float(x1), float(y0 + b)), conf)
            for ch, (a, b) in zip(text, cells, strict=True)
        )
    else:
        words = even_words(text, box, conf, vertical=True)
    return Line(text, box, conf, words, vertical=True)


def _with_vertical(image: np.ndarray, lines: list[Line], engine: Engine) -> list[Line]:
    return [read_vertical(image, ln, engine) if _tall(ln.box) else ln for ln in lines]


def recognise_page(
    scan: Image.Image,
    engine: Engine,
    page_size: tuple[float, float] | None = None,
    rotate: bool = True,
    deskew: bool = True,
) -> Recognition:
    """Recognise a scan; boxes come back in page points (`page_size`, default: the scan's
    pixels), in reading order as the engine found them (top to bottom, left to right)."""
    t0 = time.perf_counter()
    prepared = prepare(scan, deskew=deskew)
    image, to_scan = prepared.image, prepared.to_scan
    arr = np.asarray(image)
    # The scan's resolution, when the page's size is known: fine scans are detected coarser.
    dpi = scan.width / (page_size[0] / 72.0) if page_size and page_size[0] > 0 else None
    found = engine.lines(arr, dpi)
    quarter = 0
    if rotate and not upright(found):
        quarter = orientation(image, engine)
    if quarter:
        image, m = turn(image, quarter)
        to_scan = to_scan @ m
        arr = np.asarray(image)
        found = engine.lines(arr, dpi)
    lines = _with_vertical(arr, found, engine)
    # Reading order: bands top to bottom, columns left to right (vertical text: right to left).
    lines = reading_order(lines, right_to_left=sum(ln.vertical for ln in lines) * 2 > len(lines))
    width, height = page_size or (float(scan.width), float(scan.height))
    sx, sy = width / scan.width, height / scan.height
    to_page = np.array([[sx, 0, 0], [0, sy, 0], [0, 0, 1.0]]) @ to_scan

    def place(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = map_box(to_page, box)
        return (max(0.0, x0), max(0.0, y0), min(width, x1), min(height, y1))

    rules = [place(r) for r in find_rules(arr)]
    mapped = [
        Line(
            ln.text,
            place(ln.box),
            ln.confidence,
            tuple(Word(w.text, place(w.box), w.confidence) for w in ln.words),
            ln.vertical,
        )
        for ln in lines
    ]
    return Recognition(
        lines=mapped,
        width=width,
        height=height,
        engine=engine.version,
        rules=rules,
        rotation=quarter * 90,
        skew=prepared.skew,
        seconds=time.perf_counter() - t0,
        meta={"crop": list(prepared.crop)},
    )
