"""Recognised lines as the page analyser's input, and the analysis made from them.

The same analyser that reads typeset pages (`broadsheet.layout.analyze_content`, also used for
METS/ALTO imports) reads the recognised lines: one character per letter spread over its word's
box, the size from the line's height, so headlines stand out by size. Vertical lines are left
to the page-level text (the analyser reads horizontal lines).
"""

from __future__ import annotations

from typing import Any

from broadsheet.layout.page import analyze_content
from broadsheet.ocr.engine import Line
from broadsheet.pdf.extract import Char, PageContent, Rect

# Below this mean confidence a line is not given to the analyser (noise, photo texture).
LINE_CONFIDENCE = 0.6


def page_content(
    lines: list[Line], width: float, height: float, rules: list[list[float]] | None = None
) -> PageContent:
    content = PageContent(width=width, height=height)
    content.rules = [Rect(*r[:4]) for r in rules or [] if r[2] > r[0] and r[3] > r[1]]
    index = 0
    for line in lines:
        if line.vertical or line.confidence < LINE_CONFIDENCE:
            continue
        size = max(1.0, (line.box[3] - line.box[1]) * 0.8)
        first = True
        for word in line.words:
            text = "".join(word.text.split())
            x0, y0, x1, y1 = word.box
            if not text or x1 <= x0 or y1 <= y0:
                continue
            step = (x1 - x0) / len(text)
            for i, ch in enumerate(text):
                content.chars.append(
                    Char(
                        text=ch,
                        x0=x0 + i * step,
                        y0=line.box[1],
                        x1=x0 + (i + 1) * step,
                        y1=line.box[3],
                        font_name="OCR",
                        font_size=size,
                        bold=False,
                        index=index,
                        space_before=i == 0 and not first,
                    )
                )
                index += 1
            first = False
    return content


def analyse_lines(
    lines: list[Line],
    width: float,
    height: float,
    index: int,
    rules: list[list[float]] | None = None,
) -> dict[str, Any]:
    """The analysis contract's page (docs/page-analysis.md) for recognised lines; on any
    failure of the analyser, a page without articles (the page keeps its page-level text)."""
    try:
        analysis = analyze_content(page_content(lines, width, height, rules), index)
    except Exception as exc:  # noqa: BLE001 - the page-level text is still there
        return {"index": index, "width": width, "height": height, "articles": [], "error": str(exc)}
    return analysis


def usable_articles(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """The analysis's articles worth publishing: with text, not adverts or furniture."""
    return [
        a
        for a in analysis.get("articles", [])
        if a.get("kind") != "advert" and len((a.get("text") or "").strip()) >= 20
    ]
