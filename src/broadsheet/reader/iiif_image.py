"""IIIF Image API 3.0 (compliance level 2) over the page PDFs, rendered by PDFium.

Each page is one image service. Its full size is the page at ``FULL_SCALE`` pixels a point
(216 dpi), bounded to ``MAX_SIDE`` pixels on the longer side; a page made from an image only
(a scan: text quality "none" or "ocr", and its content one image XObject covering the page,
with at most invisible text besides) has the image's own pixel size as its full size instead.

A request renders only its region, at the scale it asks for, straight from the PDF, so deep
zoom stays sharp (the text of a born-digital page is vector). Tiles of the grid announced in
`info.json` and the announced sizes are kept in storage next to the page's files; any other
request is kept in Django's cache by the view's conditional response (bounded, evicted).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.core.cache import cache
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from broadsheet.newspaper.models import Page
from broadsheet.reader.renditions import _store, _stored

CONTEXT = "http://iiif.io/api/image/3/context.json"
PROFILE = "level2"
PROFILE_URI = "http://iiif.io/api/image/3/level2.json"
FULL_SCALE = 3.0  # pixels per point of a PDF page's full size
MAX_SIDE = 6000  # longest side of a PDF page's full size
MAX_WIDTH = MAX_HEIGHT = 12000  # largest image a request may ask for (upscaled or not)
MAX_AREA = 40_000_000
TILE = 512
SMALLEST = 96  # the sizes list stops above this width
FORMATS = {
    "jpg": ("JPEG", "image/jpeg"),
    "png": ("PNG", "image/png"),
    "webp": ("WEBP", "image/webp"),
}
QUALITIES = ("default", "color", "gray", "bitonal")
EXTRA_FEATURES = ["mirroring", "sizeUpscaling", "profileLinkHeader", "canonicalLinkHeader"]
IMAGE_ONLY_QUALITIES = {"none", "ocr"}


class BadRequest(ValueError):
    """A malformed or unsupported image request (answered 400)."""


@dataclass(frozen=True)
class FullSize:
    width: int
    height: int
    from_image: bool = False  # the page is one image; this is its pixel size


@dataclass(frozen=True)
class ImageRequest:
    region: tuple[int, int, int, int]  # x, y, w, h in full-size pixels
    size: tuple[int, int]
    upscaled: bool
    mirror: bool
    rotation: int
    quality: str
    fmt: str

    def canonical(self, full: FullSize) -> str:
        x, y, w, h = self.region
        region = "full" if self.region == (0, 0, full.width, full.height) else f"{x},{y},{w},{h}"
        size = f"{'^' if self.upscaled else ''}{self.size[0]},{self.size[1]}"
        rotation = f"{'!' if self.mirror else ''}{self.rotation}"
        quality = "default" if self.quality == "color" else self.quality
        return f"{region}/{size}/{rotation}/{quality}.{self.fmt}"


# --- the full size of a page ------------------------------------------------------------------


def image_only_pixels(pdf_page: pdfium.PdfPage) -> tuple[int, int] | None:
    """The pixel size of the one image that makes the page, or None if the page is more."""
    width, height = pdf_page.get_size()
    images = []
    for obj in pdf_page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(obj)
        elif obj.type not in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
            return None  # paths or shadings: drawn content besides the image
    if len(images) != 1:
        return None
    left, bottom, right, top = images[0].get_bounds()
    slack_x, slack_y = width * 0.02, height * 0.02
    if left > slack_x or bottom > slack_y or right < width - slack_x or top < height - slack_y:
        return None
    px_width, px_height = images[0].get_px_size()
    return (int(px_width), int(px_height)) if px_width > 0 and px_height > 0 else None


def _pdf_bytes(page: Page) -> bytes:
    with default_storage.open(_stored(page.pdf), "rb") as fh:
        return bytes(fh.read())


def full_size(page: Page) -> FullSize:
    """The service's full size (see the module's doc); opens the PDF only for scans, once."""
    pdf_name = str(getattr(page.pdf, "name", "") or "")
    if page.text_quality in IMAGE_ONLY_QUALITIES and pdf_name:
        key = "bs:iiif:px:" + hashlib.sha256(pdf_name.encode()).hexdigest()[:32]
        pixels = cache.get(key)
        if pixels is None:
            try:
                doc = pdfium.PdfDocument(_pdf_bytes(page))
            except (OSError, pdfium.PdfiumError):
                doc = None
            if doc is not None:
                try:
                    pdf_page = doc[0]
                    pixels = image_only_pixels(pdf_page) or ()
                    pdf_page.close()
                finally:
                    doc.close()
                cache.set(key, pixels, None)
        if pixels:
            return FullSize(pixels[0], pixels[1], from_image=True)
    scale = min(FULL_SCALE, MAX_SIDE / max(page.width, page.height, 1.0))
    return FullSize(max(1, round(page.width * scale)), max(1, round(page.height * scale)))


def scale_factors(full: FullSize) -> list[int]:
    factors, factor = [1], 1
    while max(full.width, full.height) / factor > TILE:
        factor *= 2
        factors.append(factor)
    return factors


def sizes(full: FullSize) -> list[dict[str, int]]:
    """Whole-image sizes a viewer can ask for cheaply (kept in storage once made), smallest
    first; the full size is listed when within the limits."""
    out = []
    for factor in scale_factors(full):
        width, height = math.ceil(full.width / factor), math.ceil(full.height / factor)
        if width < SMALLEST and factor > 1:
            break
        if width * height <= MAX_AREA and width <= MAX_WIDTH and height <= MAX_HEIGHT:
            out.append({"width": width, "height": height})
    return sorted(out, key=lambda s: s["width"])


def info(service_id: str, full: FullSize) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": PROFILE,
        "width": full.width,
        "height": full.height,
        "maxWidth": MAX_WIDTH,
        "maxHeight": MAX_HEIGHT,
        "maxArea": MAX_AREA,
        "sizes": sizes(full),
        "tiles": [{"width": TILE, "height": TILE, "scaleFactors": scale_factors(full)}],
        "extraQualities": ["color", "gray", "bitonal"],
        "extraFormats": ["webp"],
        "preferredFormats": ["jpg"],
        "extraFeatures": EXTRA_FEATURES,
    }


# --- parsing a request ------------------------------------------------------------------------

# Bounded lengths: no number a request may name is longer (and int() of 5000 digits raises).
_INT = r"(?:0|[1-9][0-9]{0,8})"
_NUM = r"(?:[0-9]{1,9}(?:\.[0-9]{1,9})?|\.[0-9]{1,9})"
_REGION_PX = re.compile(rf"^({_INT}),({_INT}),({_INT}),({_INT})$")
_REGION_PCT = re.compile(rf"^pct:({_NUM}),({_NUM}),({_NUM}),({_NUM})$")
_SIZE = re.compile(rf"^(\^?)(?:(max)|pct:({_NUM})|(!?)({_INT})?,({_INT})?)$")
_ROTATION = re.compile(rf"^(!?)({_NUM})$")


def _region(text: str, full: FullSize) -> tuple[int, int, int, int]:
    W, H = full.width, full.height
    if text == "full":
        return 0, 0, W, H
    if text == "square":
        side = min(W, H)
        return (W - side) // 2, (H - side) // 2, side, side
    if match := _REGION_PX.match(text):
        x, y, w, h = (int(v) for v in match.groups())
    elif match := _REGION_PCT.match(text):
        px, py, pw, ph = (float(v) for v in match.groups())
        x, y = round(px * W / 100), round(py * H / 100)
        w, h = round(pw * W / 100), round(ph * H / 100)
    else:
        raise BadRequest(f"unknown region {text[:40]!r}")
    if w <= 0 or h <= 0 or x >= W or y >= H:
        raise BadRequest("the region is empty or outside the image")
    return x, y, min(w, W - x), min(h, H - y)


def _size(text: str, rw: int, rh: int) -> tuple[tuple[int, int], bool]:
    match = _SIZE.match(text)
    if not match:
        raise BadRequest(f"unknown size {text[:40]!r}")
    caret, is_max, pct, confined, w_text, h_text = match.groups()
    upscale = bool(caret)
    if is_max:
        limit = min(MAX_WIDTH / rw, MAX_HEIGHT / rh, math.sqrt(MAX_AREA / (rw * rh)))
        factor = limit if upscale else min(1.0, limit)
        width, height = max(1, math.floor(rw * factor)), max(1, math.floor(rh * factor))
    elif pct is not None:
        n = float(pct)
        if n <= 0 or (n > 100 and not upscale):
            raise BadRequest("pct: must be above 0 (and at most 100 without ^)")
        width, height = max(1, round(rw * n / 100)), max(1, round(rh * n / 100))
    elif confined:
        if w_text is None or h_text is None:
            raise BadRequest("!w,h needs both a width and a height")
        factor = min(int(w_text) / rw, int(h_text) / rh)
        width, height = max(1, round(rw * factor)), max(1, round(rh * factor))
    elif w_text is not None and h_text is not None:
        width, height = int(w_text), int(h_text)
    elif w_text is not None:
        width = int(w_text)
        height = max(1, round(rh * width / rw))
    elif h_text is not None:
        height = int(h_text)
        width = max(1, round(rw * height / rh))
    else:
        raise BadRequest("the size needs a width or a height")
    if width <= 0 or height <= 0:
        raise BadRequest("the size must not be 0")
    bigger = width > rw or height > rh
    if bigger and not upscale:
        raise BadRequest("a size larger than the region needs ^ (upscaling)")
    if width > MAX_WIDTH or height > MAX_HEIGHT or width * height > MAX_AREA:
        raise BadRequest("the size is larger than this service gives (see maxWidth, maxArea)")
    return (width, height), bigger


def parse(region: str, size: str, rotation: str, quality: str, fmt: str, full: FullSize) -> Any:
    """Parse the four path segments of an image request into an :class:`ImageRequest`."""
    box = _region(region, full)
    (width, height), upscaled = _size(size, box[2], box[3])
    match = _ROTATION.match(rotation)
    if not match:
        raise BadRequest(f"unknown rotation {rotation[:40]!r}")
    degrees = float(match.group(2))
    if degrees not in (0.0, 90.0, 180.0, 270.0):
        raise BadRequest("only rotations by 0, 90, 180 and 270 degrees are supported")
    if quality not in QUALITIES:
        raise BadRequest(f"unknown quality {quality[:40]!r}")
    if fmt not in FORMATS:
        raise BadRequest(f"unsupported format {fmt[:40]!r}")
    return ImageRequest(
        box, (width, height), upscaled, bool(match.group(1)), int(degrees), quality, fmt
    )


# --- rendering --------------------------------------------------------------------------------


def render(page: Page, full: FullSize, req: ImageRequest) -> Image.Image:
    """The requested region at the requested size, rendered from the page PDF."""
    x, y, w, h = req.region
    out_w, out_h = req.size
    doc = pdfium.PdfDocument(_pdf_bytes(page))
    try:
        pdf_page = doc[0]
        pw, ph = pdf_page.get_size()
        per_x, per_y = full.width / pw, full.height / ph  # full-size pixels per point
        crop = (x / per_x, ph - (y + h) / per_y, pw - (x + w) / per_x, y / per_y)
        scale = out_w / (w / per_x)
        bitmap = pdf_page.render(scale=scale, crop=crop, may_draw_forms=True, prefer_bgrx=False)
        try:
            image = bitmap.to_pil().convert("RGB")
        finally:
            bitmap.close()
            pdf_page.close()
    finally:
        doc.close()
    if image.size != (out_w, out_h):  # rounding of the crop, or a w,h that changes the aspect
        image = image.resize((out_w, out_h), Image.Resampling.LANCZOS)
    if req.mirror:
        image = ImageOps.mirror(image)
    if req.rotation:
        turn = {
            90: Image.Transpose.ROTATE_270,
            180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_90,
        }
        image = image.transpose(turn[req.rotation])  # IIIF turns clockwise
    if req.quality == "gray":
        image = image.convert("L")
    elif req.quality == "bitonal":
        image = image.convert("1")
    return image


def encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "jpg":
        if image.mode == "1":
            image = image.convert("L")
        image.save(buffer, "JPEG", quality=80)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=75, method=4)
    else:
        image.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def is_standard(req: ImageRequest, full: FullSize) -> bool:
    """A tile of the announced grid or an announced size, unrotated: kept in storage."""
    if req.rotation or req.mirror or req.upscaled:
        return False
    x, y, w, h = req.region
    if (x, y, w, h) == (0, 0, full.width, full.height):
        return {"width": req.size[0], "height": req.size[1]} in sizes(full)
    for factor in scale_factors(full):
        span = TILE * factor
        if x % span or y % span:
            continue
        if w == min(span, full.width - x) and h == min(span, full.height - y):
            # Viewers ask for `w,` or `w,h`; the height may round either way.
            width, height = math.ceil(w / factor), math.ceil(h / factor)
            return req.size[0] == width and abs(req.size[1] - height) <= 1
    return False


def stored_name(page: Page, canonical: str) -> str:
    base = PurePosixPath(_stored(page.pdf))
    if "originals" in base.parts:
        base = PurePosixPath(*[p for p in base.parts if p != "originals"])
    return str(base.with_name(f"{base.stem}.iiif") / canonical.replace("/", "_"))


def image_bytes(page: Page, full: FullSize, req: ImageRequest) -> bytes:
    """The encoded image: from storage for standard requests (made and kept on the first),
    rendered afresh otherwise (the view's response cache keeps those for a while)."""
    if not is_standard(req, full):
        return encode(render(page, full, req), req.fmt)
    name = stored_name(page, req.canonical(full))
    try:
        with default_storage.open(name, "rb") as fh:
            return bytes(fh.read())
    except (FileNotFoundError, OSError):
        pass
    data = encode(render(page, full, req), req.fmt)
    _store(name, data)
    return data
