"""Scans of sample pages: the degraded image, and the page's truth mapped onto it."""

from __future__ import annotations

import io
import json
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ...pdf.from_image import image_to_pdf
from ..issue import GeneratedPage
from . import degrade
from .options import ScanOptions

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the scan, top-left origin
TEXT_ROLES = ("kicker", "headline", "subheadline", "byline", "subhead", "body", "caption")


@dataclass(frozen=True)
class ScanBlock:
    """One drawn block of text (a headline, a column of body, a caption…), in reading order."""

    role: str
    text: str
    box: Box


@dataclass(frozen=True)
class ScanArticle:
    id: str
    kind: str
    headline: str
    text: str  # kicker, headline, subheadline, byline and text of the truth, one a line
    box: Box  # the bounding box of its regions on the scan
    regions: list[Box]
    blocks: list[ScanBlock]


@dataclass
class ScannedPage:
    """A scanned sample page: ``image`` (mode "L", two values when bilevel) and its truth."""

    index: int
    number: str
    language: str
    seed: int
    options: ScanOptions
    image: Image.Image
    transform: degrade.Affine  # page points → scan pixels
    articles: list[ScanArticle] = field(default_factory=list)
    jpeg_data: bytes | None = None  # the saved JPEG when options.jpeg is set

    @property
    def dpi(self) -> int:
        return self.options.dpi

    @property
    def text(self) -> str:
        """The page's text in reading order: its articles' texts, a blank line between them."""
        return "\n\n".join(article.text for article in self.articles if article.text)

    def map_point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.transform
        return a * x + b * y + c, d * x + e * y + f

    def map_box(self, bbox: Sequence[float]) -> Box:
        """A box in page points as the scan shows it: the bounding box of its mapped corners."""
        x0, y0, x1, y1 = bbox
        corners = [self.map_point(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return (round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1))

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, "PNG", dpi=(self.dpi, self.dpi))
        return buffer.getvalue()

    def jpeg(self, quality: int = 85) -> bytes:
        """The scan as JPEG: the very bytes saved when ``options.jpeg`` is set."""
        if self.jpeg_data is not None:
            return self.jpeg_data
        return degrade.jpeg(self.image, quality, self.dpi)[1]

    def pdf(self) -> bytes:
        """An image-only one-page PDF of the scan (``broadsheet.pdf.from_image``): one image
        pixel is one point. A scan without JPEG artefacts is embedded as JPEG at quality 90."""
        with tempfile.TemporaryDirectory() as tmp:
            source, dest = Path(tmp) / "scan", Path(tmp) / "scan.pdf"
            source.write_bytes(self.jpeg_data if self.jpeg_data is not None else self.png())
            image_to_pdf(source, dest, name=f"page {self.number}")
            return dest.read_bytes()

    def truth(self) -> dict[str, Any]:
        """The truth as JSON-ready data: pixels of the scan, top-left origin."""
        return {
            "index": self.index,
            "number": self.number,
            "language": self.language,
            "seed": self.seed,
            "options": self.options.__dict__,
            "width": self.image.width,
            "height": self.image.height,
            "transform": [round(v, 6) for v in self.transform],
            "text": self.text,
            "articles": [
                {
                    "id": a.id,
                    "kind": a.kind,
                    "headline": a.headline,
                    "text": a.text,
                    "box": list(a.box),
                    "regions": [list(r) for r in a.regions],
                    "blocks": [
                        {"role": b.role, "text": b.text, "box": list(b.box)} for b in a.blocks
                    ],
                }
                for a in self.articles
            ],
        }


def _rng(seed: int, page: GeneratedPage, options: ScanOptions) -> np.random.Generator:
    return np.random.default_rng([seed, page.index, zlib.crc32(options.name.encode())])


def scan_page(
    page: GeneratedPage,
    options: ScanOptions,
    seed: int = 0,
    *,
    verso: GeneratedPage | Image.Image | None = None,
    language: str = "",
) -> ScannedPage:
    """Scan one sample page. ``verso`` is the page that bleeds through (a page, or its image
    already rendered); without it ``options.bleed`` does nothing. Deterministic per seed."""
    rng = _rng(seed, page, options)
    dpi = options.dpi
    scale = dpi / 72
    image = degrade.render(page.pdf, dpi)
    if options.bleed and verso is not None:
        back = verso if isinstance(verso, Image.Image) else degrade.render(verso.pdf, dpi)
        image = degrade.bleed_through(image, back, options.bleed)
    if options.light:
        image = degrade.uneven_light(image, options.light, rng)
    fill, offset = 255, (0, 0)
    if options.border:
        image, fill, offset = degrade.add_border(image, options.border / 25.4 * dpi, rng)
    transform: degrade.Affine = (scale, 0.0, float(offset[0]), 0.0, scale, float(offset[1]))
    if options.skew:
        image, rotation = degrade.rotate(image, options.skew, fill)
        transform = _compose(rotation, transform)
    if options.blur:
        image = degrade.blur(image, options.blur * dpi / 300)
    if options.noise or options.specks:
        image = degrade.noise(image, options.noise, options.specks, rng)
    if options.bilevel:
        image = degrade.bilevel(image, options.threshold)
    jpeg_data = None
    if options.jpeg:
        image, jpeg_data = degrade.jpeg(image, options.jpeg, dpi)
    scanned = ScannedPage(
        index=page.index,
        number=page.number,
        language=language,
        seed=seed,
        options=options,
        image=image,
        transform=transform,
        jpeg_data=jpeg_data,
    )
    scanned.articles = [_article(scanned, article) for article in page.truth["articles"]]
    return scanned


def scan_pages(
    pages: Sequence[GeneratedPage], options: ScanOptions, seed: int = 0, *, language: str = ""
) -> list[ScannedPage]:
    """Scan pages of one issue; with ``options.bleed`` each shows the next page (the last page
    the one before it) through the paper."""
    renders: dict[int, Image.Image] = {}

    def verso(i: int) -> Image.Image | None:
        if not options.bleed or len(pages) < 2:
            return None
        j = i + 1 if i + 1 < len(pages) else i - 1
        if j not in renders:
            renders[j] = degrade.render(pages[j].pdf, options.dpi)
        return renders[j]

    return [
        scan_page(page, options, seed, verso=verso(i), language=language)
        for i, page in enumerate(pages)
    ]


def write_scans(
    scans: Iterable[ScannedPage], out_dir: Path, formats: Sequence[str] = ("pdf", "png")
) -> list[Path]:
    """Write each scan as ``{number}.pdf`` / ``.png`` / ``.jpg`` and all truth as
    ``truth.json``; returns the image and PDF files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    truths = []
    for scan in scans:
        for fmt in formats:
            data = {"pdf": scan.pdf, "png": scan.png, "jpg": scan.jpeg}[fmt]()
            path = out_dir / f"{scan.number}.{fmt}"
            path.write_bytes(data)
            written.append(path)
        truths.append(scan.truth())
    (out_dir / "truth.json").write_text(json.dumps({"pages": truths}, ensure_ascii=False, indent=1))
    return written


def _compose(outer: degrade.Affine, inner: degrade.Affine) -> degrade.Affine:
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + b1 * d2,
        a1 * b2 + b1 * e2,
        a1 * c2 + b1 * f2 + c1,
        d1 * a2 + e1 * d2,
        d1 * b2 + e1 * e2,
        d1 * c2 + e1 * f2 + f1,
    )


def _article(scan: ScannedPage, article: dict[str, Any]) -> ScanArticle:
    blocks = [
        ScanBlock(block["role"], block["text"], scan.map_box(block["bbox"]))
        for block in article["blocks"]
        if block["role"] in TEXT_ROLES and block["text"].strip()
    ]
    regions = [scan.map_box(region) for region in article["regions"]]
    box = (
        min(r[0] for r in regions),
        min(r[1] for r in regions),
        max(r[2] for r in regions),
        max(r[3] for r in regions),
    )
    return ScanArticle(
        id=article["id"],
        kind=article["kind"],
        headline=article["headline"],
        text="\n".join(
            article[key]
            for key in ("kicker", "headline", "subheadline", "byline", "text")
            if article[key]
        ),
        box=box,
        regions=regions,
        blocks=blocks,
    )
