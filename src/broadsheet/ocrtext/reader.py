"""What the reader's page view shows of a scan's recognised text (one query)."""

from __future__ import annotations

from typing import Any

from broadsheet.newspaper.models import Page
from broadsheet.ocr.engine import Line
from broadsheet.ocrtext.models import LOW_CONFIDENCE, PageText

# A line below this confidence is marked for readers as uncertain.
LINE_UNCERTAIN = 0.8


def page_ocr(page: Page) -> dict[str, Any] | None:
    """The recognised lines of a scanned page (corrections applied), its word boxes for the
    highlighter, and whether to warn of low confidence; None when it has none."""
    if page.text_quality not in ("none", "ocr"):
        return None
    row = (
        PageText.objects.filter(page=page, status=PageText.Status.DONE)
        .prefetch_related("corrections")
        .first()
    )
    if row is None:
        return None
    lines = row.corrected_lines()
    return {
        "lines": [
            {
                "text": ln["text"],
                "uncertain": ln.get("conf", 1.0) < LINE_UNCERTAIN and not ln.get("corrected"),
            }
            for ln in lines
        ],
        "low_confidence": row.confidence < LOW_CONFIDENCE,
        "confidence": row.confidence,
        # [[word text, x0, y0, x1, y1], …] per line, in points: the highlighter's input.
        "words": [[[w.text, *w.box] for w in Line.from_json(ln).words] for ln in lines],
    }
