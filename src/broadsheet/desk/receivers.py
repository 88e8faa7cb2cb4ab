"""What the desk does when a run rewrites articles: earlier corrections to them can no
longer be undone (their snapshots describe a page that has been processed again)."""

from __future__ import annotations

from typing import Any

from broadsheet.desk.models import Change
from broadsheet.newspaper.models import Issue


def supersede_undo(
    sender: Any, issue: Issue, numbers: set[int], page_ids: set[int], **_: Any
) -> None:
    if not numbers and not page_ids:
        return
    for change in Change.objects.filter(issue=issue, undoable=True, undone_at__isnull=True):
        snaps = [s for s in change.before if isinstance(s, dict)]
        touched = {s.get("number") for s in snaps} | set(change.after)
        pages = {s.get("page_id") for s in snaps} | {
            r.get("page_id") for s in snaps for r in s.get("regions", []) if isinstance(r, dict)
        }
        if touched & numbers or pages & page_ids:
            change.undoable = False
            change.params = {**change.params, "superseded": True}
            change.save(update_fields=["undoable", "params"])
