"""Publish now or at a set time, unpublish, withdraw; the checklist that warns before."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.desk import audit
from broadsheet.desk.processing import desk_state
from broadsheet.newspaper.models import Article, Issue, Page


def checklist(issue: Issue) -> list[str]:
    """Warnings an editor should see before publishing `issue`."""
    warnings: list[str] = []
    pages = list(Page.objects.filter(issue=issue).order_by("sequence"))
    if not pages:
        return [_("The issue has no processed pages.")]
    for slot in issue.uploads.all():
        warnings.append(
            _("A new file for page %(label)s is not processed yet (%(status)s).")
            % {"label": slot.label, "status": slot.get_status_display()}
        )
    for label in missing_labels([p.number for p in pages]):
        warnings.append(_("Page %(label)s seems to be missing.") % {"label": label})
    with_articles = set(
        Article.objects.filter(issue=issue).values_list("regions__page_id", flat=True)
    )
    from broadsheet.ocrtext.models import PageText

    ocr_states = dict(PageText.objects.filter(page__issue=issue).values_list("page_id", "status"))
    for page in pages:
        if page.id not in with_articles:
            warnings.append(_("Page %(label)s has no articles.") % {"label": page.number})
        ocr = ocr_states.get(page.id)
        if ocr == PageText.Status.DONE:  # a scan whose text was recognised (docs/ocr.md)
            warnings.append(
                _("Page %(label)s: its text was recognised automatically (OCR); check it.")
                % {"label": page.number}
            )
        elif ocr == PageText.Status.QUEUED:
            warnings.append(
                _(
                    "Page %(label)s: its text is being recognised (OCR); until then it is"
                    " shown as image and PDF."
                )
                % {"label": page.number}
            )
        elif page.text_quality != Page.TextQuality.OK:
            warnings.append(
                _("Page %(label)s: %(quality)s; it will be shown as image and PDF only.")
                % {"label": page.number, "quality": page.get_text_quality_display()}
            )
    return warnings


def missing_labels(labels: list[str]) -> list[str]:
    """Gaps in numbered runs of labels: A01, A02, A04 → A03; 01, 03 → 02."""
    runs: dict[tuple[str, int], set[int]] = {}
    for label in labels:
        m = re.fullmatch(r"([A-Za-z]*)(\d+)", label)
        if m:
            runs.setdefault((m.group(1), len(m.group(2))), set()).add(int(m.group(2)))
    missing = []
    for (prefix, width), numbers in sorted(runs.items()):
        for n in range(min(numbers), max(numbers)):
            if n not in numbers and n > 0:
                missing.append(f"{prefix}{n:0{width}d}")
    return missing


def _reindex(issue: Issue) -> None:
    """Update the search index once the change is committed. `index_pending` stays set until
    the index has it, so a crash in between is found and finished by `broadsheet repair`."""
    Issue.objects.filter(pk=issue.pk).update(index_pending=True)
    try:
        from broadsheet.search.api import index_issue
    except ImportError:
        return
    transaction.on_commit(lambda: index_issue(issue))


def publish_now(issue: Issue, user: Any) -> None:
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == Issue.Status.PUBLISHED:
            return
        issue.publish()
        issue.publish_at = None
        issue.save()
        audit.record(issue, user, "published", event=True)
        _reindex(issue)


def schedule(issue: Issue, when: dt.datetime, user: Any) -> None:
    from broadsheet.desk.tasks import publish_scheduled

    with transaction.atomic():
        issue.publish_at = when
        issue.save(update_fields=["publish_at", "updated_at"])
        audit.record(
            issue,
            user,
            "scheduled",
            {"when": when.isoformat()},
            event=True,
        )
    publish_scheduled.using(run_after=when).enqueue(issue.pk, when.isoformat())


def publish_if_due(issue_id: int, when_iso: str) -> str:
    """What the worker runs at `publish_at`: publish unless the schedule changed meanwhile."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.publish_at is None:
            return "not scheduled"
        if issue.publish_at != dt.datetime.fromisoformat(when_iso):
            return "rescheduled"
        if issue.status != Issue.Status.READY:
            return f"not ready ({issue.status})"
        if issue.publish_at > timezone.now():
            return "not due"
        issue.publish()
        issue.publish_at = None
        issue.save()
        audit.record(issue, None, "published_on_time", event=True)
        _reindex(issue)
    return "published"


def unpublish(issue: Issue, user: Any) -> None:
    with transaction.atomic():
        issue.status = Issue.Status.READY
        issue.publish_at = None
        issue.version += 1
        issue.save()
        audit.record(issue, user, "unpublished", event=True)
        _reindex(issue)


def withdraw(issue: Issue, reason: str, user: Any) -> None:
    with transaction.atomic():
        issue.status = Issue.Status.WITHDRAWN
        issue.publish_at = None
        issue.version += 1
        issue.save()
        state = desk_state(issue)
        state.withdrawn_reason = reason
        state.save(update_fields=["withdrawn_reason", "updated_at"])
        audit.record(issue, user, "withdrawn", {"reason": reason}, event=True)
        _reindex(issue)


def after_correction(issue: Issue) -> None:
    """A change readers see: new cache validators, and search updated at once if published."""
    Issue.objects.filter(pk=issue.pk).update(version=F("version") + 1, index_pending=True)
    issue.refresh_from_db(fields=["version", "index_pending", "updated_at"])
    if issue.status == Issue.Status.PUBLISHED:
        _reindex(issue)
