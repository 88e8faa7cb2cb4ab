"""A one-page PDF made from a page image (a scan, or an old e-paper site's page picture).

JPEG data is embedded as it is (DCTDecode), never decoded and compressed again; other formats
are converted to JPEG once. The page measures the image's pixels at 72 per inch, so one pixel
is one point and zones drawn on the image keep their numbers; an image larger than
``MAX_SIDE_POINTS`` on a side is placed at a finer resolution so that the page stays within it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from PIL import Image

MAX_PIXELS = 200_000_000
MAX_SIDE_POINTS = 2000


def page_size_of(width_px: int, height_px: int) -> tuple[float, float]:
    """The page size in points of a page made from an image of this many pixels."""
    factor = min(1.0, MAX_SIDE_POINTS / max(width_px, height_px, 1))
    return round(width_px * factor, 2), round(height_px * factor, 2)


class ImageError(ValueError):
    """The file is not an image we can make a page of."""


def image_to_pdf(source: Path, dest: Path, name: str | None = None) -> tuple[int, int]:
    """Write a one-page PDF of the image at ``source`` to ``dest``; returns its pixel size."""
    label = name or source.name
    try:
        with Image.open(source) as image:
            image.load()
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(f"{label}: the image is larger than {MAX_PIXELS} pixels")
            if image.format == "JPEG" and image.mode in {"RGB", "L"}:
                data = source.read_bytes()
                mode = image.mode
            else:
                converted = image.convert("L" if image.mode in {"1", "L", "LA", "I;16"} else "RGB")
                buffer = io.BytesIO()
                converted.save(buffer, "JPEG", quality=90)
                data, mode = buffer.getvalue(), converted.mode
    except ImageError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(f"{label}: not an image that can be read ({exc})") from exc
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, data)
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Image
    stream.Width = width
    stream.Height = height
    stream.ColorSpace = pikepdf.Name.DeviceRGB if mode == "RGB" else pikepdf.Name.DeviceGray
    stream.BitsPerComponent = 8
    stream.Filter = pikepdf.Name.DCTDecode
    pw, ph = page_size_of(width, height)
    page = pdf.add_blank_page(page_size=(pw, ph))
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream))
    page.Contents = pdf.make_stream(f"q {pw} 0 0 {ph} 0 0 cm /Im0 Do Q".encode())
    pdf.save(dest, deterministic_id=True)  # the same image always makes the same file
    return width, height


def blank_pdf(dest: Path, width: float, height: float) -> None:
    """Write a blank one-page PDF of ``width`` × ``height`` points (a page known only from its
    text, such as an ALTO file whose scan is missing); the same size makes the same file."""
    width = round(min(max(width, 72.0), 14400.0), 2)
    height = round(min(max(height, 72.0), 14400.0), 2)
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width, height))
    pdf.save(dest, deterministic_id=True)
