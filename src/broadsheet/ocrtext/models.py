"""Recognised text of scanned pages (issue #15), one row per page, and editors' corrections."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from broadsheet.newspaper.models import Page

# Below this mean confidence readers are told the text may contain errors (it always was
# recognised automatically; the notice is stronger below it).
LOW_CONFIDENCE = 0.9


class PageText(models.Model):
    """What OCR made of one page: lines with boxes (PDF points, origin top left), words with
    boxes and confidences, the text chosen (ours or the PDF's own layer) and why."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Recognised")
        FAILED = "failed", _("Failed")

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="ocr_text")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The page's input_digest when recognised: a changed page is recognised again.
    input_digest = models.CharField(max_length=64, blank=True)
    engine = models.CharField(max_length=60, blank=True)
    lines = models.JSONField(default=list, blank=True)
    rules = models.JSONField(default=list, blank=True)  # [x0, y0, x1, y1] in points
    text = models.TextField(blank=True)
    layer_text = models.TextField(blank=True)  # the PDF's own OCR layer, when it was kept
    confidence = models.FloatField(default=0.0)
    source = models.CharField(max_length=10, default="ocr")  # "ocr" (ours) or "pdf" (its layer)
    choice = models.CharField(max_length=200, blank=True)
    rotation = models.SmallIntegerField(default=0)
    skew = models.FloatField(default=0.0)
    articles = models.PositiveIntegerField(default=0)  # articles the analyser found (0: page text)
    seconds = models.FloatField(default=0.0)
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"OCR of {self.page}"

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def corrected_lines(self) -> list[dict[str, Any]]:
        """The lines with the editors' corrections applied (the latest per line). A correction
        follows its line by place (the box it was made on), so it survives recognising the
        page again even when the lines come out numbered differently."""
        out = [dict(line) for line in self.lines]
        for fix in self.corrections.all():
            target = _line_at(out, fix.line, fix.box)
            if target is not None:
                out[target] = {**out[target], "text": fix.text, "words": [], "corrected": True}
        return out


def _overlap(a: list[float], b: list[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _line_at(lines: list[dict[str, Any]], index: int, box: list[float]) -> int | None:
    if not box:
        return index if index < len(lines) else None
    if index < len(lines) and _overlap(lines[index]["box"], box) >= 0.5:
        return index
    best = max(range(len(lines)), key=lambda i: _overlap(lines[i]["box"], box), default=None)
    if best is not None and _overlap(lines[best]["box"], box) >= 0.5:
        return best
    return None


class LineCorrection(models.Model):
    """An editor's correction of one recognised line; undo deletes the latest. Corrections
    are kept by line number and survive recognising the page again."""

    page_text = models.ForeignKey(PageText, on_delete=models.CASCADE, related_name="corrections")
    line = models.PositiveIntegerField()
    box = models.JSONField(default=list, blank=True)  # the line's box when corrected (points)
    text = models.TextField()
    previous = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"line {self.line} of {self.page_text}"
