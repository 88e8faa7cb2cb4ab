"""The image operations of a scan, each on an 8-bit grayscale ("L") Pillow image.

Fast by design: the heavy work is Pillow's (C) filters, resizes and affine transform; numpy
adds noise and dust in place, in 16-bit and 32-bit arithmetic.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter, ImageOps

Affine = tuple[float, float, float, float, float, float]  # x' = a x + b y + c, y' = d x + e y + f


def render(pdf: bytes, dpi: int) -> Image.Image:
    """The first page of ``pdf`` rendered in grayscale at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        document.close()
    return image


def bleed_through(image: Image.Image, verso: Image.Image, opacity: float) -> Image.Image:
    """Show ``verso`` mirrored (the other side of the sheet) faintly through ``image``."""
    back = ImageOps.mirror(verso).resize(image.size, Image.Resampling.BILINEAR)
    back = back.filter(ImageFilter.GaussianBlur(max(1.0, image.width / 1200)))
    lut = [round(255 - opacity * (255 - v)) for v in range(256)]
    return ImageChops.multiply(image, back.point(lut))


def uneven_light(image: Image.Image, strength: float, rng: np.random.Generator) -> Image.Image:
    """Darken the page smoothly: a gradient from a random side, a vignette and a spine shadow."""
    size = 64
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    angle = rng.uniform(0, 2 * math.pi)
    gradient = (np.cos(angle) * (xx - 0.5) + np.sin(angle) * (yy - 0.5)) + 0.5
    vignette = ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2
    spine_x = 0.0 if rng.random() < 0.5 else 1.0
    spine = np.exp(-np.abs(xx - spine_x) / 0.06)
    shade = 0.45 * gradient + 0.3 * vignette + 0.5 * spine
    shade = shade / max(float(shade.max()), 1e-6)
    field = (255 * (1 - strength * shade)).clip(0, 255).astype(np.uint8)
    light = Image.fromarray(field, "L").resize(image.size, Image.Resampling.BICUBIC)
    return ImageChops.multiply(image, light)


def add_border(
    image: Image.Image, mean_px: float, rng: np.random.Generator
) -> tuple[Image.Image, int, tuple[int, int]]:
    """Put the page on a darker scanner bed: uneven margins on the four sides.

    Returns the new image, the bed's grey and the page's top-left offset on it."""
    left, top, right, bottom = (max(2, round(mean_px * rng.uniform(0.4, 1.6))) for _ in range(4))
    grey = int(rng.integers(25, 80))
    bed = Image.new("L", (image.width + left + right, image.height + top + bottom), grey)
    bed.paste(image, (left, top))
    # a soft shadow along the page's edges, as a lid leaves it
    edge = Image.new("L", bed.size, 255)
    edge.paste(200, (left - 2, top - 2, left + image.width + 2, top + image.height + 2))
    edge.paste(255, (left + 2, top + 2, left + image.width - 2, top + image.height - 2))
    return ImageChops.multiply(bed, edge), grey, (left, top)


def rotation(width: int, height: int, degrees: float) -> tuple[Affine, tuple[int, int]]:
    """The forward affine map of a counter-clockwise rotation by ``degrees`` about the image's
    centre onto a canvas just large enough, and that canvas's size."""
    theta = math.radians(degrees)
    cos, sin = math.cos(theta), math.sin(theta)
    new_w = math.ceil(abs(width * cos) + abs(height * sin))
    new_h = math.ceil(abs(width * sin) + abs(height * cos))
    cx, cy, ncx, ncy = width / 2, height / 2, new_w / 2, new_h / 2
    # image coordinates have y pointing down, so counter-clockwise on screen is this matrix
    a, b, d, e = cos, sin, -sin, cos
    c = ncx - (a * cx + b * cy)
    f = ncy - (d * cx + e * cy)
    return (a, b, c, d, e, f), (new_w, new_h)


def invert(m: Affine) -> Affine:
    a, b, c, d, e, f = m
    det = a * e - b * d
    ia, ib, id_, ie = e / det, -b / det, -d / det, a / det
    return (ia, ib, -(ia * c + ib * f), id_, ie, -(id_ * c + ie * f))


def rotate(image: Image.Image, degrees: float, fill: int) -> tuple[Image.Image, Affine]:
    """Rotate ``image`` (the scan's skew); returns it and the forward map of its pixels."""
    forward, size = rotation(image.width, image.height, degrees)
    rotated = image.transform(
        size, Image.Transform.AFFINE, invert(forward), Image.Resampling.BILINEAR, fillcolor=fill
    )
    return rotated, forward


def blur(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def noise(image: Image.Image, sigma: float, specks: float, rng: np.random.Generator) -> Image.Image:
    """Gaussian sensor noise of ``sigma`` grey levels, and dust specks on a share of pixels."""
    pixels = np.asarray(image, dtype=np.int16).copy()
    if sigma > 0:
        grain = rng.standard_normal(pixels.shape, dtype=np.float32)
        grain *= sigma
        pixels += grain.astype(np.int16)
    if specks > 0:
        height, width = pixels.shape
        count = int(specks * pixels.size)
        ys = rng.integers(0, height - 1, count)
        xs = rng.integers(0, width - 1, count)
        values = np.where(rng.random(count) < 0.7, 20, 250).astype(np.int16)
        for dy, dx in ((0, 0), (0, 1), (1, 0), (1, 1)):  # 2 × 2 specks
            pixels[ys + dy, xs + dx] = values
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8), "L")


def bilevel(image: Image.Image, threshold: int) -> Image.Image:
    """Black (0) at or under ``threshold``, white (255) above: two values, still mode "L"."""
    return image.point([0 if v <= threshold else 255 for v in range(256)])


def jpeg(image: Image.Image, quality: int, dpi: int) -> tuple[Image.Image, bytes]:
    """Encode as JPEG at ``quality``; returns the decoded image (with its artefacts) and bytes."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, dpi=(dpi, dpi))
    data = buffer.getvalue()
    decoded = Image.open(io.BytesIO(data))
    decoded.load()
    return decoded.convert("L"), data
