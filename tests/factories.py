"""Small, exact test PDFs made with reportlab: a page header and a few boxed articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A3
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "WQYMicroHei"
_FONT_FILES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]


def _register_font() -> str:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    for path in _FONT_FILES:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
            return FONT
    raise RuntimeError("install the Debian package fonts-wqy-microhei")


@dataclass
class ArticleSpec:
    headline: str
    paragraphs: list[str]
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the top left
    kicker: str = ""
    subheadline: str = ""
    byline: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    return lines


def draw_articles(c: canvas.Canvas, height: float, articles: list[ArticleSpec]) -> None:
    font = _register_font()
    for art in articles:
        x0, y0, x1, y1 = art.box
        y = y0
        c.setLineWidth(0.5)
        c.line(x0, height - (y1 + 6), x1, height - (y1 + 6))
        if art.kicker:
            y += 14
            c.setFont(font, 12)
            c.drawString(x0, height - y, art.kicker)
            y += 6
        y += 30
        c.setFont(font, 28)
        c.drawString(x0, height - y, art.headline)
        y += 8
        if art.subheadline:
            y += 16
            c.setFont(font, 14)
            c.drawString(x0, height - y, art.subheadline)
            y += 4
        if art.byline:
            y += 14
            c.setFont(font, 10)
            c.drawString(x0, height - y, art.byline)
        y += 6
        c.setFont(font, 10)
        for para in art.paragraphs:
            for line in _wrap(para, font, 10, x1 - x0):
                y += 14
                if y > y1:
                    break
                c.drawString(x0, height - y, line)


def write_page_pdf(
    path: Path,
    articles: list[ArticleSpec],
    header: str = "",
    pagesize: tuple[float, float] = A3,
    pages: int = 1,
) -> Path:
    font = _register_font()
    width, height = pagesize
    c = canvas.Canvas(str(path), pagesize=pagesize)
    for _ in range(pages):
        if header:
            c.setFont(font, 11)
            c.drawString(40, height - 50, header)
            c.line(40, height - 60, width - 40, height - 60)
        draw_articles(c, height, articles)
        c.showPage()
    c.save()
    return path


def ingest_first_page(
    page_pdfs: list[Path],
    manifest_for: Any,
    *,
    publication: str = "jcrb",
    date: Any = None,
    edition: int = 1,
    publish: bool = True,
) -> Any:
    """The first sample page ingested (and published) as an issue: by default jcrb's of
    ISSUE_DATE, edition 1."""
    from broadsheet.ingest.pipeline import IngestRequest, ingest
    from tests.conftest import ISSUE_DATE

    return ingest(
        IngestRequest(
            publication=publication,
            date=date or ISSUE_DATE,
            edition=edition,
            files=page_pdfs[:1],
            manifest=manifest_for(page_pdfs[:1]),
            publish=publish,
            workers=1,
        )
    ).issue
