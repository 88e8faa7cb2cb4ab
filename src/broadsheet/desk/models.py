"""The desk's own state: who may edit what, uploaded page files, processing state, audit trail.

The newspaper's rows (issues, pages, articles, regions) stay in `broadsheet.newspaper`; the desk
adds what only the editing workflow needs. Uploaded files are stored through Django's storage
under names the desk generates, never under a name the browser sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from broadsheet.newspaper.models import Issue, Publication


class DeskRole(models.Model):
    """An editor prepares and publishes issues of their publications; an admin does everything."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Admin")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_role"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    publications = models.ManyToManyField(Publication, blank=True, related_name="editors")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class FailedLogin(models.Model):
    """One failed login attempt; recent ones slow further attempts for the same key."""

    key = models.CharField(max_length=200, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.key} at {self.at:%H:%M:%S}"


class IssueDesk(models.Model):
    """Processing state of an issue on the desk, and facts readers never see."""

    class State(models.TextChoices):
        IDLE = "idle", _("Waiting for pages")
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        DONE = "done", _("Processed")
        FAILED = "failed", _("Failed")

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="desk")
    state = models.CharField(max_length=12, choices=State.choices, default=State.IDLE)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # New uploads arrived while a run was going: run again when it ends.
    rerun = models.BooleanField(default=False)
    # The background job of the queued or running run (a django-tasks result id), to tell a
    # run whose worker died from one that is slow; and when the run last showed progress.
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # Figures of the last successful run ({"pages": n, "articles": m, "warnings": [...]}),
    # rendered in the reader's language by `message_display`; `message` keeps the text.
    outcome = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.issue}: {self.state}"

    @property
    def message_display(self) -> str:
        """The last run's message in the active language ("3 pages, 6 articles" → 3 版，6 篇稿件)."""
        if self.state != self.State.DONE or "pages" not in self.outcome:
            return self.message
        pages, articles = int(self.outcome["pages"]), int(self.outcome.get("articles", 0))
        text = ngettext("%(n)d page", "%(n)d pages", pages) % {"n": pages}
        text = pgettext("pages, articles", "%(pages)s, %(articles)s") % {
            "pages": text,
            "articles": ngettext("%(n)d article", "%(n)d articles", articles) % {"n": articles},
        }
        return "\n".join([text, *self.outcome.get("warnings", [])])


def upload_name(instance: PageUpload, filename: str) -> str:
    issue = instance.issue
    return (
        f"desk/{issue.publication.slug}/{issue.date.isoformat()}-ed{issue.edition}/"
        f"{uuid.uuid4().hex}.pdf"
    )


class PageUpload(models.Model):
    """A page file waiting to be processed into the issue: a new page, or the replacement of
    the page with the same label. Once processed it becomes (part of) a `Page`, and this row
    goes. `reanalyse` asks for the page's own stored file to be analysed again."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        PROCESSING = "processing", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="uploads")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=20)
    name = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to=upload_name, max_length=300, blank=True)
    reanalyse = models.BooleanField(default=False)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    # Unused since pages became the one record of what was processed (kept for old rows).
    processed_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issue", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "label"], name="unique_upload_label"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.label} ({self.original_name})"


class Change(models.Model):
    """The audit trail: who changed what in an issue, when, and the state before (for undo)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="desk_changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)
    # What happened, as an action name (a key of `audit.MESSAGES`) and its parameters; the
    # sentence is rendered at display time in the reader's language (`audit.describe`).
    action = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    # The English sentence: for the admin, and the text of entries older than `params`.
    summary = models.TextField()
    # Snapshot of the touched articles before the change, and the article numbers after it.
    before = models.JSONField(default=list, blank=True)
    after = models.JSONField(default=list, blank=True)
    undoable = models.BooleanField(default=False)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.summary}"

    @property
    def description(self) -> str:
        """The entry as a sentence in the active language."""
        from broadsheet.desk.audit import describe

        return describe(self)
