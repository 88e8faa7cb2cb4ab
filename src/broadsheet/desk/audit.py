"""The audit trail: every desk change to an issue, with who and when."""

from __future__ import annotations

from typing import Any

from broadsheet.desk.models import Change
from broadsheet.newspaper.models import Issue, IssueEvent


def record(
    issue: Issue,
    user: Any,
    action: str,
    summary: str,
    *,
    before: list[dict[str, Any]] | None = None,
    after: list[int] | None = None,
    undoable: bool = False,
    event: bool = False,
) -> Change:
    who = user if getattr(user, "is_authenticated", False) else None
    change = Change.objects.create(
        issue=issue,
        user=who,
        action=action,
        summary=summary,
        before=before or [],
        after=after or [],
        undoable=undoable,
    )
    if event:
        name = who.get_username() if who else "system"
        IssueEvent.objects.create(
            issue=issue, step=f"desk_{action}"[:40], message=f"{summary} ({name})"
        )
    return change
