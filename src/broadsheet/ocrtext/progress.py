"""Where the recognition of an issue's scanned pages stands, for the desk's issue view.

OCR runs as background tasks after the issue is stored (`tasks.py`), so the desk's own run
line says "All pages processed" while scans are still being read: this tells the editor how
many pages are recognised, queued or failed, and about how long the rest will take.
"""

from __future__ import annotations

from django.db.models import Avg
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from broadsheet.newspaper.models import Issue, IssueEvent
from broadsheet.ocrtext.models import PageText


def page_states(issue: Issue) -> dict[int, PageText]:
    """Each scanned page's recognition record, by page id (born-digital pages have none)."""
    rows = PageText.objects.filter(page__issue=issue).only("id", "page_id", "status")
    return {row.page_id: row for row in rows}


def seconds_per_page() -> float | None:
    """The mean time of the last 50 recognitions anywhere (None before the first)."""
    recent = IssueEvent.objects.filter(step="ocr", seconds__isnull=False).order_by("-id")[:50]
    mean = IssueEvent.objects.filter(pk__in=recent.values("pk")).aggregate(m=Avg("seconds"))["m"]
    return float(mean) if mean else None


def summary(states: dict[int, PageText]) -> str:
    """One line for the desk, or "" when the issue has no scanned pages."""
    if not states:
        return ""
    counts = {status: 0 for status in PageText.Status.values}
    for row in states.values():
        counts[row.status] = counts.get(row.status, 0) + 1
    total = len(states)
    parts = [
        ngettext(
            "Text recognition (OCR): %(done)d of %(total)d scanned page done",
            "Text recognition (OCR): %(done)d of %(total)d scanned pages done",
            total,
        )
        % {"done": counts[PageText.Status.DONE], "total": total}
    ]
    queued = counts[PageText.Status.QUEUED]
    if queued:
        parts.append(_("%(n)d waiting") % {"n": queued})
        per_page = seconds_per_page()
        if per_page:
            minutes = max(1, round(queued * per_page / 60))
            parts.append(_("about %(n)d min left") % {"n": minutes})
    if counts[PageText.Status.FAILED]:
        parts.append(
            _("%(n)d failed (published as image and PDF; see the history)")
            % {"n": counts[PageText.Status.FAILED]}
        )
    return ", ".join(parts)
