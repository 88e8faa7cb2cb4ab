"""Small generated scans for the OCR tests, and a cache of recognitions by content hash."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from broadsheet.ocr.engine import Line
from broadsheet.ocr.page import Recognition

FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"  # fonts-noto-cjk (install-system)
CACHE = Path(
    os.environ.get("BROADSHEET_OCR_TEST_CACHE", Path.home() / ".cache/broadsheet-tests/ocr")
)


def font(size: int) -> Any:
    return ImageFont.truetype(FONT, size)


def text_image(lines: list[str], size: tuple[int, int] = (600, 400), px: int = 26) -> Image.Image:
    """A white page with these lines in black, one below the other."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((24, 20 + i * int(px * 1.7)), line, font=font(px), fill=0)
    return image


def vertical_image(
    columns: list[str], size: tuple[int, int] = (400, 600), px: int = 30
) -> Image.Image:
    """Upright characters in columns read top to bottom, right to left."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for c, column in enumerate(columns):
        x = size[0] - 60 - c * int(px * 1.8)
        for i, ch in enumerate(column):
            draw.text((x, 20 + i * int(px * 1.35)), ch, font=font(px), fill=0)
    return image


def image_pdf(image: Image.Image, dest: Path) -> Path:
    """An image-only one-page PDF of the image (a scan without any text layer)."""
    from broadsheet.pdf.from_image import image_to_pdf

    png = dest.with_suffix(".png")
    image.save(png)
    image_to_pdf(png, dest)
    png.unlink()
    return dest


def _code_version() -> str:
    """A hash of the OCR package's source: changed code never reads old results."""
    import broadsheet.ocr

    digest = hashlib.sha256()
    for path in sorted(Path(broadsheet.ocr.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE = _code_version()


def cached_recognise(real: Any) -> Any:
    """`recognise_page` with its results cached by the scan's SHA-256, the engine version, the
    OCR code's hash and the arguments, so the suite recognises each fixture once per machine."""

    def run(scan: Image.Image, engine: Any, page_size: Any = None, **kwargs: Any) -> Recognition:
        key = hashlib.sha256(
            scan.convert("L").tobytes()
            + f"{CODE}{scan.size}{engine.version}{page_size}{sorted(kwargs.items())}".encode()
        ).hexdigest()
        path = CACHE / f"{key}.json"
        if path.exists():
            data = json.loads(path.read_text())
            return Recognition(
                lines=[Line.from_json(d) for d in data["lines"]],
                width=data["width"],
                height=data["height"],
                engine=data["engine"],
                rules=[tuple(r) for r in data["rules"]],
                rotation=data["rotation"],
                skew=data["skew"],
            )
        rec: Recognition = real(scan, engine, page_size, **kwargs)
        CACHE.mkdir(parents=True, exist_ok=True)
        data = {
            "lines": [ln.to_json() for ln in rec.lines],
            "width": rec.width,
            "height": rec.height,
            "engine": rec.engine,
            "rules": [list(r) for r in rec.rules],
            "rotation": rec.rotation,
            "skew": rec.skew,
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False))
        tmp.replace(path)
        return rec

    return run
