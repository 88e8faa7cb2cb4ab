"""Preparing a scan for recognition: greyscale, contrast, scanner border, skew, rotation.

Every step that moves pixels gives its affine map from its output back to its input, so the
boxes found on the prepared image are mapped exactly back to the scan (and then to points).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

Matrix = np.ndarray  # 3×3, output pixel → input pixel


def identity() -> Matrix:
    return np.eye(3)


@dataclass
class Prepared:
    image: Image.Image  # greyscale, upright, deskewed, border cut off
    to_scan: Matrix  # prepared pixel → scan pixel
    skew: float = 0.0  # degrees, counter-clockwise positive, as measured
    rotation: int = 0  # 0, 90, 180, 270: how far the scan was turned clockwise to be upright
    crop: tuple[int, int, int, int] = (0, 0, 0, 0)


def normalise_contrast(image: Image.Image) -> Image.Image:
    """Even out uneven light (divide by the paper's brightness, estimated on a coarse grid)
    and stretch ink to black and paper to white."""
    grey = image.convert("L")
    small = grey.resize((max(1, grey.width // 16), max(1, grey.height // 16)), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5)).resize(grey.size, Image.Resampling.BILINEAR)
    a = np.asarray(grey, dtype=np.float32)
    b = np.maximum(np.asarray(paper, dtype=np.float32), 32.0)
    flat = np.clip(a / b * 255.0, 0, 255)
    lo, hi = np.percentile(flat, [0.5, 99.5]) if flat.size else (0.0, 255.0)
    if hi - lo < 16:  # a blank or uniform page: leave it
        return Image.fromarray(flat.astype(np.uint8))
    out = np.clip((flat - lo) / (hi - lo) * 255.0, 0, 255)
    return Image.fromarray(out.astype(np.uint8))


def border_box(image: Image.Image, dark: float = 110.0) -> tuple[int, int, int, int]:
    """The paper inside a dark scanner border: edge rows and columns whose mean is darker
    than `dark` are cut off (at most a fifth of each side)."""
    a = np.asarray(image.convert("L"), dtype=np.float32)
    h, w = a.shape
    rows, cols = a.mean(axis=1), a.mean(axis=0)

    def inner(profile: np.ndarray, limit: int) -> tuple[int, int]:
        start, end = 0, len(profile)
        while start < limit and profile[start] < dark:
            start += 1
        while end > len(profile) - limit and profile[end - 1] < dark:
            end -= 1
        return start, end

    y0, y1 = inner(rows, h // 5)
    x0, x1 = inner(cols, w // 5)
    return x0, y0, x1, y1


def measure_skew(image: Image.Image, max_angle: float = 4.0, step: float = 0.1) -> float:
    """The angle (degrees, counter-clockwise positive) of the text lines, by the projection
    profile: the turn back that makes the rows of ink sharpest (as broadsheet.samples.scans)."""
    small = image.convert("L")
    factor = 800 / max(small.width, 1)
    if factor < 1:
        small = small.resize((800, max(1, round(small.height * factor))), Image.Resampling.BOX)
    ink = Image.eval(small, lambda v: 255 - v)

    def sharpness(angle: float) -> float:
        turned = np.asarray(ink.rotate(-angle, Image.Resampling.BILINEAR), dtype=np.float32)
        return float(np.square(np.diff(turned.sum(axis=1))).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, step)
    return round(float(max(fine, key=sharpness)), 2)


def rotate_about_centre(image: Image.Image, degrees: float) -> tuple[Image.Image, Matrix]:
    """Turn the image counter-clockwise by `degrees` about its centre (same size, white
    corners); returns it and its output → input map."""
    t = math.radians(degrees)
    cx, cy = image.width / 2, image.height / 2
    # Output point p = R(θ)(q − c) + c, so q = R(−θ)(p − c) + c; y grows downwards, so a
    # counter-clockwise turn on screen is R with the sine's sign flipped.
    c, s = math.cos(t), math.sin(t)
    m = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    shift_in = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1.0]])
    shift_out = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1.0]])
    matrix = shift_in @ m @ shift_out
    data = tuple(matrix[:2].reshape(-1))
    out = image.transform(
        image.size, Image.Transform.AFFINE, data, Image.Resampling.BILINEAR, fillcolor=255
    )
    return out, matrix


def turn(image: Image.Image, quarter_turns: int) -> tuple[Image.Image, Matrix]:
    """Turn clockwise by 90° × `quarter_turns`; returns it and its output → input map."""
    k = quarter_turns % 4
    w, h = image.width, image.height
    if k == 0:
        return image, identity()
    if k == 1:  # clockwise: output (x, y) ← input (y, h − x)
        return image.transpose(Image.Transpose.ROTATE_270), np.array(
            [[0, 1, 0], [-1, 0, h], [0, 0, 1.0]]
        )
    if k == 2:
        return image.transpose(Image.Transpose.ROTATE_180), np.array(
            [[-1, 0, w], [0, -1, h], [0, 0, 1.0]]
        )
    return image.transpose(Image.Transpose.ROTATE_90), np.array(
        [[0, -1, w], [1, 0, 0], [0, 0, 1.0]]
    )


def prepare(scan: Image.Image, deskew: bool = True) -> Prepared:
    """Greyscale, contrast, border crop and deskew (rotation is decided by the recogniser)."""
    grey = scan.convert("L")
    x0, y0, x1, y1 = border_box(grey)
    to_scan = np.array([[1, 0, x0], [0, 1, y0], [0, 0, 1.0]])
    image = normalise_contrast(grey.crop((x0, y0, x1, y1)))
    inked = (np.asarray(image) < 128).mean() > 0.002  # a blank page has no lines to measure
    skew = measure_skew(image) if deskew and inked else 0.0
    if abs(skew) >= 0.15:
        image, m = rotate_about_centre(image, -skew)
        to_scan = to_scan @ m
    return Prepared(image=image, to_scan=to_scan, skew=skew, crop=(x0, y0, x1, y1))


def map_box(matrix: Matrix, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    """The bounding box of a box's four corners under `matrix`."""
    x0, y0, x1, y1 = box
    pts = matrix @ np.array([[x0, x1, x1, x0], [y0, y0, y1, y1], [1, 1, 1, 1.0]])
    return (
        float(pts[0].min()),
        float(pts[1].min()),
        float(pts[0].max()),
        float(pts[1].max()),
    )
