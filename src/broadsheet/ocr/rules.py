"""Rules (column and story separators, frames) found on a scan: long thin runs of ink.

The page analyser uses rules to separate columns and stories, as it does on typeset pages.
A run is a rule when it is long (a share of the page's side) and thin; a photo or a black
block has long runs too, but many rows of them, and is dropped by the thickness limit.
"""

from __future__ import annotations

import numpy as np

Box = tuple[float, float, float, float]


def _runs(ink: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of the horizontal runs of ink at least `min_len` long."""
    pad = np.zeros((ink.shape[0], 1), dtype=np.int8)
    edges = np.diff(np.hstack([pad, ink.astype(np.int8), pad]), axis=1)
    starts, ends = np.argwhere(edges == 1), np.argwhere(edges == -1)
    lengths = ends[:, 1] - starts[:, 1]
    keep = lengths >= min_len
    return [(int(r), int(a), int(b)) for (r, a), b in zip(starts[keep], ends[keep, 1], strict=True)]


def _group(runs: list[tuple[int, int, int]], max_thick: int) -> list[Box]:
    """Runs on neighbouring rows that overlap by half become one rule; thick groups (photos,
    blocks) are dropped. Boxes in (x0, y0, x1, y1) of the runs' axis."""
    open_: list[list[int]] = []  # [x0, y0, x1, y1]
    done: list[list[int]] = []
    for row, a, b in sorted(runs):
        for g in open_:
            overlap = min(b, g[2]) - max(a, g[0])
            if g[3] in (row - 1, row) and overlap >= 0.5 * min(b - a, g[2] - g[0]):
                g[0], g[2], g[3] = min(g[0], a), max(g[2], b), row
                break
        else:
            open_.append([a, row, b, row])
        still: list[list[int]] = []
        for g in open_:
            (still if g[3] >= row - 1 else done).append(g)
        open_ = still
    done.extend(open_)
    return [
        (float(g[0]), float(g[1]), float(g[2]), float(g[3] + 1))
        for g in done
        if g[3] + 1 - g[1] <= max_thick
    ]


def find_rules(image: np.ndarray, min_share: float = 0.08, dark: int = 110) -> list[Box]:
    """Horizontal and vertical rules of a greyscale page image (H×W uint8), in its pixels."""
    if image.size == 0:
        return []
    h, w = image.shape
    ink = image < dark
    thick = max(3, round(min(h, w) / 250))  # about 6 px on a 1600 px page
    across = _group(_runs(ink, max(40, round(w * min_share))), thick)
    down = _group(_runs(ink.T, max(40, round(h * min_share))), thick)
    return across + [(y0, x0, y1, x1) for x0, y0, x1, y1 in down]
