"""Editors' corrections of recognised lines: correct, undo; each republishes (and so
reindexes) the page's text at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from broadsheet.newspaper.models import IssueEvent, Page
from broadsheet.ocrtext.models import LineCorrection, PageText
from broadsheet.ocrtext.service import publish_row

MAX_LINE = 2000


class CorrectionError(ValueError):
    """The correction cannot be made; the message says why."""


def _row(page: Page) -> PageText:
    row = PageText.objects.filter(page=page, status=PageText.Status.DONE).first()
    if row is None:
        raise CorrectionError("this page has no recognised text")
    return row


def correct(page: Page, line: int, text: str, user: Any) -> LineCorrection:
    row = _row(page)
    text = " ".join(text.split())
    lines = row.corrected_lines()
    if not 0 <= line < len(lines):
        raise CorrectionError(f"no line {line + 1} on this page (it has {len(lines)})")
    if not text:
        raise CorrectionError("a line cannot be empty")
    if len(text) > MAX_LINE:
        raise CorrectionError(f"a line can have at most {MAX_LINE} characters")
    if text == lines[line]["text"]:
        raise CorrectionError("the line is unchanged")
    fix = LineCorrection.objects.create(
        page_text=row,
        line=line,
        box=lines[line]["box"],
        text=text,
        previous=lines[line]["text"],
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    try:
        publish_row(page, row)
    except Exception as exc:
        fix.delete()  # not published, so not kept: the editor sees why and can try again
        raise CorrectionError(f"the page's text could not be republished ({exc})") from exc
    IssueEvent.objects.create(
        issue=page.issue,
        step="ocr",
        message=f"page {page.number}, line {line + 1} corrected: "
        f"{fix.previous[:60]!r} → {text[:60]!r}",
        data={"label": page.number, "line": line, "correction": fix.pk},
    )
    return fix


def undo(page: Page, user: Any) -> LineCorrection | None:
    """Take back the page's latest correction (None when there is none)."""
    row = _row(page)
    last = row.corrections.order_by("-id").first()
    if last is None:
        return None
    with transaction.atomic():
        last.delete()
        IssueEvent.objects.create(
            issue=page.issue,
            step="ocr",
            message=f"page {page.number}, line {last.line + 1}: correction undone "
            f"(back to {last.previous[:60]!r})",
            data={"label": page.number, "line": last.line},
        )
    publish_row(page, row)
    return last
