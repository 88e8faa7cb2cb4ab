"""Small newspaper pages drawn with reportlab for the analyser's tests."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CJK = "WQYMicroHei"
_registered = False


def register_fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(
            TTFont(CJK, "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0)
        )
        _registered = True


@dataclass
class Page:
    width: float = 595.0
    height: float = 842.0
    ops: list[tuple] = field(default_factory=list)

    def text(self, x: float, y: float, s: str, size: float = 9.0, font: str = CJK) -> None:
        """Text with its top-left corner at (x, y), y from the top."""
        self.ops.append(("text", x, y, s, size, font))

    def column(
        self,
        x: float,
        y: float,
        width: float,
        s: str,
        size: float = 9.0,
        leading: float = 1.5,
        font: str = CJK,
    ) -> float:
        """Flow CJK text into lines of the given width; return the y below the last line."""
        per_line = max(1, int(width // size))
        for i in range(0, len(s), per_line):
            self.text(x, y, s[i : i + per_line], size, font)
            y += size * leading
        return y

    def words(
        self,
        x: float,
        y: float,
        width: float,
        s: str,
        size: float = 9.0,
        font: str = "Times-Roman",
        leading: float = 1.3,
    ) -> float:
        line = ""
        for word in s.split():
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, font, size) > width and line:
                self.text(x, y, line, size, font)
                y += size * leading
                line = word
            else:
                line = trial
        if line:
            self.text(x, y, line, size, font)
            y += size * leading
        return y

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8) -> None:
        self.ops.append(("rule", x0, y0, x1, y1, width))

    def box(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        fill: tuple[float, float, float] | None = None,
    ) -> None:
        """A rectangle (a frame, or a tinted bar when ``fill`` is given)."""
        self.ops.append(("box", x0, y0, x1, y1, fill))

    def paragraphs(
        self, x: float, y: float, width: float, paras: list[str], size: float = 9.0
    ) -> float:
        """CJK paragraphs with a two-character first-line indent; return the y below."""
        per_line = max(1, int(width // size))
        for para in paras:
            first = True
            rest = para
            while rest:
                n = per_line - 2 if first else per_line
                self.text(x + (2 * size if first else 0), y, rest[:n], size)
                rest = rest[n:]
                first = False
                y += size * 1.5
        return y

    def image(self, x: float, y: float, w: float, h: float) -> None:
        self.ops.append(("image", x, y, w, h))

    def pdf(self) -> bytes:
        register_fonts()
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(self.width, self.height))
        for op in self.ops:
            if op[0] == "text":
                _, x, y, s, size, font = op
                c.setFont(font, size)
                c.drawString(x, self.height - y - size * 0.88, s)
            elif op[0] == "rule":
                _, x0, y0, x1, y1, width = op
                c.setLineWidth(width)
                c.line(x0, self.height - y0, x1, self.height - y1)
            elif op[0] == "box":
                _, x0, y0, x1, y1, fill = op
                if fill is not None:
                    c.setFillColorRGB(*fill)
                c.rect(x0, self.height - y1, x1 - x0, y1 - y0, stroke=1, fill=int(fill is not None))
                c.setFillColorRGB(0, 0, 0)
            elif op[0] == "image":
                _, x, y, w, h = op
                img = Image.new("RGB", (40, 30), (120, 140, 160))
                c.drawImage(ImageReader(img), x, self.height - y - h, w, h)
        c.showPage()
        c.save()
        return buf.getvalue()

    def document(self) -> pdfium.PdfDocument:
        return pdfium.PdfDocument(self.pdf())


BODY_A = "城市公园今年新增绿地面积较去年明显扩大，市民休闲空间更加丰富。" * 6
BODY_B = "社区服务中心推出便民措施，老年居民办理业务更加方便快捷。" * 6


def two_article_page() -> Page:
    p = Page()
    p.text(40, 20, "第3版 城市新闻 2024年5月6日 星期一", 8)
    p.rule(30, 36, 565, 36)
    p.text(40, 50, "公园建设迎来新进展", 22)
    p.text(40, 80, "本报记者 王明", 9)
    y = p.column(40, 96, 250, BODY_A)
    p.rule(30, y + 6, 300, y + 6)
    p.text(310, 50, "社区服务更贴心", 20)
    p.text(310, 76, "——多项便民措施落地", 12)
    p.column(310, 96, 250, BODY_B)
    p.rule(302, 40, 302, 400)
    return p
