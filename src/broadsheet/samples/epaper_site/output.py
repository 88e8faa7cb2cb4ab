"""Writing the site's files: HTML in planted encodings, page images, PDFs and broken files."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from .model import Page, Site

CHARSET = "%CHARSET%"  # the token templates put where the meta tag names the charset


@dataclass(frozen=True)
class Enc:
    codec: str  # how the bytes are made: utf-8, utf-8-sig (with BOM), gb2312, gb18030
    declared: str | None  # what the page's meta tag says (None: no charset meta at all)


# Encodings per scheme: (codec, declared). A gb2312 entry is written with the gb18030 codec
# (GBK bytes) when the text has characters outside GB2312, and still declares gb2312.
PALETTES: dict[str, list[Enc]] = {
    "classic": [
        Enc("gb2312", "gb2312"),
        Enc("gb2312", "gb2312"),
        Enc("utf-8", "utf-8"),
        Enc("utf-8-sig", "utf-8"),
        Enc("gb18030", "gbk"),
        Enc("utf-8", "gb2312"),  # the meta lies: UTF-8 bytes
        Enc("gb18030", "utf-8"),  # the meta lies: GBK bytes
    ],
    "main-ed": [
        Enc("utf-8", "utf-8"),
        Enc("utf-8", "utf-8"),
        Enc("utf-8-sig", "utf-8"),
        Enc("gb2312", "gb2312"),
        Enc("gb18030", "GBK"),
        Enc("utf-8", "gb2312"),
        Enc("utf-8", None),
    ],
    "current": [
        Enc("utf-8", "utf-8"),
        Enc("utf-8", "UTF-8"),
        Enc("utf-8-sig", "utf-8"),
        Enc("gb18030", "utf-8"),
        Enc("utf-8", None),
    ],
    "nbs": [
        Enc("utf-8", "utf-8"),
        Enc("utf-8", "utf-8"),
        Enc("gb2312", "gb2312"),
        Enc("gb18030", "gb18030"),
        Enc("utf-8", "gb2312"),
        Enc("gb18030", None),
    ],
    "paperindex": [
        Enc("gb2312", "gb2312"),
        Enc("gb2312", "gb2312"),
        Enc("gb18030", "gbk"),
        Enc("utf-8", "utf-8"),
        Enc("utf-8-sig", "utf-8"),
        Enc("gb18030", "utf-8"),
    ],
}
CLEAN = Enc("utf-8", "utf-8")


def _python_codec(name: str) -> str:
    name = name.lower()
    return {"gb2312": "gb2312", "gbk": "gbk", "gb18030": "gb18030"}.get(name, "utf-8")


class Output:
    """Writes files under the site root and keeps the record of every HTML file's encoding."""

    def __init__(self, root: Path, site: Site) -> None:
        self.root = root
        self.site = site
        self.rng = random.Random(site.rng.getrandbits(64))
        self.palette = PALETTES[site.scheme]
        self.deck: list[Enc] = []
        self.encodings: dict[str, dict] = {}
        self.written: set[str] = set()

    def _path(self, rel: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self.written.add(rel)
        return path

    def next_enc(self) -> Enc:
        if not self.site.traps:
            return CLEAN
        if not self.deck:  # a shuffled deck: every palette entry once per round
            self.deck = list(self.palette)
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def html(self, rel: str, text: str, *, enc: Enc | None = None, garble: bool = False) -> None:
        """Write an HTML page; `enc` None takes the next planted encoding."""
        enc = enc or self.next_enc()
        crlf = self.site.traps and self.rng.random() < 0.25
        if enc.declared is None:  # no charset meta at all: drop the line that holds it
            text = "\n".join(line for line in text.split("\n") if CHARSET not in line)
        else:
            text = text.replace(CHARSET, enc.declared)
        if crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        codec = enc.codec
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            codec = "gb18030"  # GBK bytes under a gb2312 label, as real sites have
            data = text.encode(codec)
        if garble:
            data = garbled(data, self.rng)
            codec = "invalid"
        self._path(rel).write_bytes(data)
        declared_ok = False
        if enc.declared and not garble:
            try:
                declared_ok = data.decode(_python_codec(enc.declared)).lstrip("\ufeff") == (
                    text.lstrip("\ufeff")
                )
            except UnicodeDecodeError:
                declared_ok = False
        self.encodings[rel] = {
            "codec": codec,
            "declared": enc.declared,
            "bom": data.startswith(b"\xef\xbb\xbf"),
            "crlf": crlf,
            "declared_ok": declared_ok,
        }
        if codec == "utf-8-sig":
            self.site.mark("bom", rel)
        if crlf:
            self.site.mark("crlf", rel)
        if enc.declared and not declared_ok and not garble:
            self.site.mark("meta_charset_mismatch", rel)
        if enc.declared is None:
            self.site.mark("no_charset_meta", rel)
        if codec == "gb18030" and any(_outside_gb2312(ch) for ch in text):
            self.site.mark("gbk_characters", rel)

    def copy(self, src: str, dst: str) -> None:
        """The same bytes under another name (a tablet twin)."""
        self._path(dst).write_bytes((self.root / src).read_bytes())
        self.encodings[dst] = dict(self.encodings[src])

    def data(self, rel: str, data: bytes) -> None:
        self._path(rel).write_bytes(data)


def _outside_gb2312(ch: str) -> bool:
    if ord(ch) < 0x80:
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def garbled(data: bytes, rng: random.Random) -> bytes:
    """Bytes invalid as UTF-8 and as GB18030: 0xFF bytes mixed in all through the file."""
    out = bytearray()
    for i in range(0, len(data), 9):
        out += data[i : i + 9]
        out.append(0xFF)
        if rng.random() < 0.3:
            out.append(0xFE)
    return bytes(out)


def bad_pdf(page: Page, rng: random.Random) -> bytes:
    """What a broken mirror holds for a PDF: a truncated file or a saved error page."""
    if rng.random() < 0.5:
        return page.pdf[: max(400, len(page.pdf) // 3)]
    return b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


def jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False)
    return buf.getvalue()


def render_images(page: Page) -> tuple[Image.Image, Image.Image | None]:
    """The full-size image and, when the scheme shows a separate one, the displayed image."""
    doc = pdfium.PdfDocument(page.pdf)
    try:
        pg = doc[0]
        scale = page.big_size[0] / page.width
        img = pg.render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    if img.size != page.big_size:
        img = img.resize(page.big_size, Image.Resampling.BILINEAR)
    small = None
    if page.image_path != page.big_path:
        small = img.resize(page.image_size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return img, small


def write_page_files(out: Output, page: Page, rng: random.Random) -> Image.Image | None:
    """The page's PDF and images as its fault allows; returns the full-size image (or None)."""
    if page.dropped or page.fault in ("no_page_files", "missing_page"):
        return None
    big, small = render_images(page)
    out.data(page.big_path, jpeg(big, 62))
    if small is not None:
        out.data(page.image_path, jpeg(small, 72))
    if page.fault == "bad_pdf":
        out.data(page.pdf_path, bad_pdf(page, rng))
    elif page.fault != "missing_pdf":
        out.data(page.pdf_path, page.pdf)
    return big
