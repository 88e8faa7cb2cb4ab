"""Turn drawing operations into PDF pages with reportlab."""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .ops import ImageOp, LineOp, Op, RectOp, TextOp

PageOps = tuple[float, float, list[Op], str]  # width, height, ops, title


def render_pdf(pages: Iterable[PageOps], *, title: str = "") -> bytes:
    # reportlab's pure-Python ASCII85 encoder is slow and ASCII85 only makes files bigger;
    # switch it off for our canvas only
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _render(pages, title)
    finally:
        rl_config.useA85 = saved


def _render(pages: Iterable[PageOps], title: str) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=True, pageCompression=1)
    canvas.setCreator("Broadsheet sample generator (reportlab)")
    if title:
        canvas.setTitle(title)
    for width, height, ops, _page_title in pages:
        canvas.setPageSize((width, height))
        _draw(canvas, height, ops)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _draw(c: Canvas, height: float, ops: list[Op]) -> None:
    batch: list[TextOp] = []
    for op in ops:
        if isinstance(op, TextOp) and not op.bold:
            batch.append(op)
            continue
        if batch:
            _text_batch(c, height, batch)
            batch = []
        if isinstance(op, TextOp):
            _text_batch(c, height, [op])
        elif isinstance(op, LineOp):
            c.setStrokeColorRGB(*op.color)
            c.setLineWidth(op.width)
            c.line(op.x0, height - op.y0, op.x1, height - op.y1)
        elif isinstance(op, RectOp):
            x0, y0, x1, y1 = op.box
            if op.fill is not None:
                c.setFillColorRGB(*op.fill)
            if op.stroke is not None:
                c.setStrokeColorRGB(*op.stroke)
                c.setLineWidth(op.width)
            c.rect(
                x0,
                height - y1,
                x1 - x0,
                y1 - y0,
                stroke=op.stroke is not None,
                fill=op.fill is not None,
            )
        elif isinstance(op, ImageOp):
            x0, y0, x1, y1 = op.box
            c.drawImage(ImageReader(io.BytesIO(op.jpeg)), x0, height - y1, x1 - x0, y1 - y0)
    if batch:
        _text_batch(c, height, batch)


def _text_batch(c: Canvas, height: float, ops: list[TextOp]) -> None:
    """Lines in one text object. Tc, Tw and Tr are text state that outlives BT/ET, so the
    object is wrapped in q/Q."""
    c.saveState()
    text = c.beginText()
    font: tuple[str, float] | None = None
    color = None
    char_space = word_space = 0.0
    for op in ops:
        if (op.font, op.size) != font:
            font = (op.font, op.size)
            text.setFont(op.font, op.size)
        if op.color != color:
            color = op.color
            text.setFillColorRGB(*op.color)
        if op.char_space != char_space:
            char_space = op.char_space
            text.setCharSpace(char_space)
        if op.word_space != word_space:
            word_space = op.word_space
            text.setWordSpace(word_space)
        if op.bold:
            c.setStrokeColorRGB(*op.color)
            c.setLineWidth(op.size * 0.035)
            text.setTextRenderMode(2)
        text.setTextOrigin(op.x, height - op.baseline)
        text.textOut(op.text)
    c.drawText(text)
    c.restoreState()
