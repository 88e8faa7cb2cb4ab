"""The audit trail: every desk change to an issue, with who and when.

An entry stores what happened as an action name and its parameters (article numbers,
headlines, reasons…), never as a finished sentence: the sentence is rendered at display time
in the reader's language (`describe`). `summary` keeps an English rendering for the admin and
for entries written before actions had parameters, which are shown as stored.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from broadsheet.desk.models import Change
from broadsheet.newspaper.models import Article, Issue, IssueEvent

# action -> the sentence, with %(name)s for its parameters. `%(article)s` is an article's
# label ("#3 headline"), built from the parameters `article` (number) and `headline`.
MESSAGES: dict[str, Any] = {
    "zone_moved": _("Zone of %(article)s moved or resized"),
    "zone_drawn": _("Zone drawn for %(article)s"),
    "zone_deleted": _("Zone of %(article)s deleted"),
    "merged": _("%(other)s merged into %(article)s"),
    "linked": _("%(other)s linked as the continuation of %(article)s"),
    "split_off": _("%(new)s split off %(article)s"),
    "deleted": _("%(article)s deleted"),
    "kind_set": _("%(article)s marked as %(kind)s"),
    "text_edited": _("Text of %(article)s edited"),
    "reordered": _("Articles reordered"),
    "undone": _("Undone: %(change)s"),
    "published": _("Published"),
    "published_on_time": _("Published at the set time"),
    "scheduled": _("Scheduled to publish at %(when)s"),
    "unpublished": _("Unpublished"),
    "withdrawn": _("Withdrawn: %(reason)s"),
    "page_uploaded": _("Page %(label)s uploaded (%(file)s)"),
    "page_replaced": _("New file for page %(label)s uploaded (%(file)s)"),
    "upload_edited": _("Waiting page %(label)s named “%(name)s”"),
    "upload_removed": _("Waiting file for page %(label)s removed"),
    "page_relabelled": _("Page %(label)s relabelled %(to)s"),
    "page_renamed": _("Page %(label)s renamed “%(name)s”"),
    "page_moved": _("Page %(label)s moved to position %(position)s"),
    "pages_sorted": _("Pages sorted by label"),
    "page_removed": _("Page %(label)s removed; articles gone: %(articles)s"),
    "page_reanalysis": _("Page %(label)s queued to be analysed again"),
    "processed": _(
        "Processed page(s) %(labels)s: %(kept)s articles kept, %(added)s new, %(retired)s gone"
    ),
    "process_failed": _("Processing failed (%(labels)s): %(reason)s"),
    "run_retried": _("Processing retried"),
    "run_reset": _("Processing reset"),
}


# The issue event's step for an action, as named before entries had parameters.
EVENT_STEPS = {
    "published": "publish",
    "published_on_time": "publish",
    "scheduled": "schedule",
    "unpublished": "unpublish",
    "withdrawn": "withdraw",
}


def article_params(article: Article, key: str = "article") -> dict[str, Any]:
    """The parameters naming an article in an entry: its number and its headline then."""
    return {key: article.number, f"{key}_headline": article.title[:80]}


def _label(params: dict[str, Any], key: str) -> str:
    return f"#{params.get(key)} {params.get(f'{key}_headline', '')}".strip()[:80]


def render(action: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """The entry as a sentence in the active language; `fallback` for unknown actions."""
    message = MESSAGES.get(action)
    if message is None or params is None:
        return fallback
    values: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str | int | float):
            values[key] = value
        elif isinstance(value, list):
            values[key] = ", ".join(f"#{v}" if isinstance(v, int) else str(v) for v in value) or "—"
    for key in ("article", "other", "new"):
        if key in params:
            values[key] = _label(params, key)
    if "kind" in params:
        values["kind"] = dict(Article.Kind.choices).get(params["kind"], params["kind"])
    if "when" in params:
        when = parse_datetime(str(params["when"]))
        values["when"] = (
            timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else params["when"]
        )
    if "reason" in params:
        values["reason"] = params["reason"]
    if "change" in params:
        inner = params["change"] if isinstance(params["change"], dict) else {}
        values["change"] = render(
            inner.get("action", ""), inner.get("params"), inner.get("summary", "")
        )
    try:
        return gettext(str(message)) % values
    except (KeyError, TypeError, ValueError):
        return fallback


def describe(change: Change) -> str:
    """What `change` did, in the active language (old entries: their stored text)."""
    return render(change.action, change.params, change.summary)


def record(
    issue: Issue,
    user: Any,
    action: str,
    params: dict[str, Any] | None = None,
    *,
    before: list[dict[str, Any]] | None = None,
    after: list[int] | None = None,
    undoable: bool = False,
    event: bool = False,
) -> Change:
    """Store one entry. `action` must be a key of MESSAGES; `params` fill its sentence."""
    if action not in MESSAGES:
        raise ValueError(f"unknown audit action {action!r}")
    params = params or {}
    with translation.override("en"):
        summary = render(action, params, action)
    who = user if getattr(user, "is_authenticated", False) else None
    change = Change.objects.create(
        issue=issue,
        user=who,
        action=action,
        params=params,
        summary=summary,
        before=before or [],
        after=after or [],
        undoable=undoable,
    )
    if event:
        name = who.get_username() if who else "system"
        event_row = IssueEvent.objects.create(
            issue=issue,
            step=f"desk_{EVENT_STEPS.get(action, action)}"[:40],
            message=f"{summary} ({name})",
        )
        # The history page shows the event in the reader's language through its entry.
        change.params = {**params, "event": event_row.pk}
        change.save(update_fields=["params"])
    return change


def nested(change: Change) -> dict[str, Any]:
    """`change` as the parameter of another entry (an undo names what it undid)."""
    return {"action": change.action, "params": change.params, "summary": change.summary}


# Issue events written by the ingest pipeline are English text; the history page shows the
# known ones in the reader's language (anything else as stored).
STEP_NAMES: dict[str, Any] = {
    "receive": _("Receive"),
    "validate": _("Validate"),
    "render_cpu": _("Render"),
    "encode_cpu": _("Encode images"),
    "analyse_cpu": _("Analyse"),
    "analyse": _("Analyse"),
    "pages": pgettext_lazy("processing step", "Pages"),
    "merge": _("Merge"),
    "store_files": _("Store files"),
    "store_rows": _("Store articles"),
    "store": _("Store"),
    "publish": _("Publish"),
    "sanitize_cpu": _("Clean the readers’ PDF"),
    "index": _("Search index"),
}
_STORED = re.compile(r"(replaced|ingested) (\d+) pages, (\d+) articles from (\d+) file\(s\)")


def step_name(step: str) -> str:
    if step.startswith("desk_"):
        return gettext("Desk")
    name = STEP_NAMES.get(step)
    return gettext(str(name)) if name is not None else step


def event_text(step: str, message: str) -> str:
    """An ingest event's message in the active language, when it is one of the known ones."""
    if message == f"{step} done":
        return gettext("%(step)s: done") % {"step": step_name(step)}
    stored = _STORED.fullmatch(message)
    if stored:
        pages, articles, files = (int(n) for n in stored.groups()[1:])
        values = {
            "pages": ngettext("%(n)d page", "%(n)d pages", pages) % {"n": pages},
            "articles": ngettext("%(n)d article", "%(n)d articles", articles) % {"n": articles},
            "files": ngettext("%(n)d file", "%(n)d files", files) % {"n": files},
        }
        if stored.group(1) == "replaced":
            return gettext("Replaced: %(pages)s, %(articles)s from %(files)s") % values
        return gettext("Stored: %(pages)s, %(articles)s from %(files)s") % values
    if message == "published":
        return gettext("Published")
    if message == "correction published":
        return gettext("Correction published")
    return message
