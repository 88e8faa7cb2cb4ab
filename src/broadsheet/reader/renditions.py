"""Page renditions made on demand and kept: other widths, WebP, the whole-issue PDF, crops.

Ingest stores one page image (BROADSHEET_PAGE_IMAGE_WIDTH wide) and a thumbnail, which keeps
tonight's paper fast to publish. Everything else a reader may ask for is derived on the first
request and stored next to the page's files under a name derived from them, so a re-ingest
(which writes a new folder) never serves a stale derivative.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.newspaper.models import Issue, Page
from broadsheet.pdf.document import render_page

# Widths a reader may ask for: the screen sizes of the page view and the zoom levels.
WIDTHS = (240, 480, 800, 1000, 1200, 1600, 2400, 3200)
FORMATS = {"jpg": ("JPEG", "image/jpeg"), "webp": ("WEBP", "image/webp")}


def _stored(field: object) -> str:
    """The storage name of a file field that must have one."""
    name = getattr(field, "name", None)
    if not name:
        raise FileNotFoundError("the page has no stored file")
    return str(name)


def _derived_name(base: str, suffix: str) -> str:
    path = PurePosixPath(base)
    return str(path.with_name(f"{path.stem}.{suffix}"))


def _store(name: str, content: bytes) -> str:
    """Save under exactly `name`; a concurrent request may have won the race, which is fine."""
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # another worker wrote the same derivative meanwhile
        default_storage.delete(saved)
    return name


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=62, method=4)
    else:
        image.save(buffer, "JPEG", quality=72, progressive=True)
    return buffer.getvalue()


def page_rendition(page: Page, width: int, fmt: str) -> str:
    """Storage name of the page image `width` pixels wide in `fmt`, made if needed."""
    if width not in WIDTHS or fmt not in FORMATS:
        raise ValueError("unsupported rendition")
    name = _derived_name(_stored(page.image), f"w{width}.{fmt}")
    if default_storage.exists(name):
        return name
    if width <= page.image_width:
        with default_storage.open(_stored(page.image), "rb") as fh:
            source = Image.open(fh)
            source.load()
        height = max(1, round(source.height * width / source.width))
        image = (
            source
            if width == source.width
            else source.resize((width, height), Image.Resampling.LANCZOS)
        )
    else:
        with default_storage.open(_stored(page.pdf), "rb") as fh:
            data = fh.read()
        doc = pdfium.PdfDocument(data)
        try:
            pdf_page = doc[0]
            image = render_page(pdf_page, width)
            pdf_page.close()
        finally:
            doc.close()
    return _store(name, _encode(image.convert("RGB"), fmt))


def crop_rendition(page: Page, box: tuple[float, float, float, float], width: int, key: str) -> str:
    """A crop of the page (box in points) scaled to `width` pixels, as JPEG; used for article
    photos and share cards."""
    name = _derived_name(_stored(page.image), f"{key}.jpg")
    if default_storage.exists(name):
        return name
    with default_storage.open(_stored(page.image), "rb") as fh:
        source = Image.open(fh)
        source.load()
    scale = source.width / page.width
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(source.width, max(x0 + 1, x1)), min(source.height, max(y0 + 1, y1))
    crop = source.crop((x0, y0, x1, y1))
    if crop.width > width:
        crop = crop.resize(
            (width, max(1, round(crop.height * width / crop.width))), Image.Resampling.LANCZOS
        )
    return _store(name, _encode(crop.convert("RGB"), "jpg"))


def issue_pdf(issue: Issue, pages: list[Page]) -> str:
    """The whole issue as one PDF: the pages' own PDFs joined in order."""
    if not pages:
        raise ValueError("the issue has no pages")
    name = _derived_name(_stored(pages[0].pdf), f"issue-v{issue.version}.pdf")
    if "/originals/" in name:
        name = name.replace("/originals/", "/")
    if default_storage.exists(name):
        return name
    out = pdfium.PdfDocument.new()
    sources = []
    try:
        for page in pages:
            with default_storage.open(_stored(page.pdf), "rb") as fh:
                doc = pdfium.PdfDocument(fh.read())
            sources.append(doc)
            out.import_pages(doc)
        buffer = io.BytesIO()
        out.save(buffer)
    finally:
        for doc in sources:
            doc.close()
        out.close()
    return _store(name, buffer.getvalue())
