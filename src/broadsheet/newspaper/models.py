"""The newspaper itself: publications, issues, pages, articles and their regions on pages.

Coordinates are PDF points with the origin at the top left of the page; images and zones are
scaled at display time, never stored in the pixels of one rendition.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", _("Simplified Chinese")
        EN = "en", _("English")

    slug = models.SlugField(unique=True, max_length=40)
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.ZH_HANS)
    timezone = models.CharField(max_length=64, default="Asia/Shanghai")
    sort_order = models.IntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="issues")
    date = models.DateField()
    edition = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change that alters what readers see; part of cache validators.
    version = models.PositiveIntegerField(default=1)
    # The highest article number ever given in this issue: numbers are URLs, never reused.
    last_article_number = models.PositiveIntegerField(default=0)
    # Set with every change readers see, cleared once the search index has it: a run killed
    # between its commit and its indexing is found and finished by `broadsheet repair`.
    index_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["publication", "-date", "edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date", "edition"], name="unique_issue_per_edition"
            )
        ]
        indexes = [models.Index(fields=["publication", "status", "date"])]

    def __str__(self) -> str:
        suffix = f" ed.{self.edition}" if self.edition != 1 else ""
        return f"{self.publication.slug} {self.date.isoformat()}{suffix}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def publish(self) -> None:
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.version += 1

    def take_article_number(self) -> int:
        """The next article number of this issue (the caller holds the issue's row lock and
        saves `last_article_number`)."""
        used = Article.objects.filter(issue=self).aggregate(m=models.Max("number"))["m"] or 0
        retired = (
            RetiredArticle.objects.filter(issue=self).aggregate(m=models.Max("number"))["m"] or 0
        )
        self.last_article_number = max(self.last_article_number, used, retired) + 1
        return self.last_article_number


class IssueEvent(models.Model):
    """One line of an issue's event log: what a pipeline step or an editor did, and when."""

    class Level(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Warning")
        ERROR = "error", _("Error")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    step = models.CharField(max_length=40)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    message = models.TextField()
    seconds = models.FloatField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.step}: {self.message}"


class Page(models.Model):
    class TextQuality(models.TextChoices):
        OK = "ok", _("Text OK")
        GARBLED = "garbled", _("Garbled text")
        OCR = "ocr", _("Scan with an OCR text layer")
        NONE = "none", _("No text")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="pages")
    sequence = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=20, help_text=_("Printed page label, e.g. 010 or A01"))
    name = models.CharField(max_length=100, blank=True)
    width = models.FloatField(help_text=_("Width in PDF points"))
    height = models.FloatField(help_text=_("Height in PDF points"))
    # The copy readers get: rewritten without scripts, actions, attachments, forms or
    # encryption (`broadsheet.pdf.sanitize`). `source` is the file as it was received.
    pdf = models.FileField(upload_to="unused", max_length=300)
    image = models.FileField(upload_to="unused", max_length=300)
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)
    thumbnail = models.FileField(upload_to="unused", max_length=300)
    text_quality = models.CharField(
        max_length=10, choices=TextQuality.choices, default=TextQuality.OK
    )
    # False for a page made blank from its text alone (an import with no page image or PDF).
    has_image = models.BooleanField(default=True)
    source_name = models.CharField(max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    # The original file, unchanged (for the archive and the desk), and which of its pages
    # this is (a multi-page file is shared by its pages).
    source = models.FileField(upload_to="unused", max_length=300, blank=True)
    source_page = models.PositiveSmallIntegerField(default=0)
    # Digest of everything the page's analysis depends on (file, page, manifest facts): an
    # unchanged page is not processed again, so its articles and corrections stay as they are.
    input_digest = models.CharField(max_length=64, blank=True)
    # What was removed from the reader's copy of the PDF ("JavaScript", "embedded file …").
    pdf_removed = models.JSONField(default=list, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issue", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "sequence"], name="unique_page_sequence"),
            models.UniqueConstraint(fields=["issue", "number"], name="unique_page_number"),
        ]

    def __str__(self) -> str:
        return f"{self.issue} p.{self.number}"


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        PICTURE = "picture", _("Picture")
        BRIEF = "brief", _("Brief")
        ADVERT = "advert", _("Advert")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles")
    # The page where the article starts; continuations have regions on further pages.
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="articles")
    # Stable number within the issue, used in URLs; assigned once at ingest.
    number = models.PositiveIntegerField()
    # Position in the issue's reading order (page by page, then on the page).
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEWS)
    kicker = models.CharField(max_length=500, blank=True)
    headline = models.CharField(max_length=500, blank=True)
    subheadline = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=500, blank=True)
    # Body as a list of blocks: {"type": "paragraph" | "subhead", "text": "..."}.
    body = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["issue", "order"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="unique_article_number")
        ]

    def __str__(self) -> str:
        return self.headline or f"Article {self.number}"

    @property
    def title(self) -> str:
        """The headline, or a readable stand-in for an article without one."""
        if self.headline:
            return self.headline
        text = self.body_text or self.kicker or self.subheadline
        if text:
            return (text[:30] + "…") if len(text) > 30 else text
        # Nothing to read (a picture without caption, an image-only advert): a zone must still
        # be a link with a name.
        return _("%(kind)s %(number)s") % {"kind": self.get_kind_display(), "number": self.number}

    @property
    def closed_title(self) -> str:
        """The name shown where the text may not be read: the headline, never the stand-in
        `title` makes from the body."""
        if self.headline:
            return self.headline
        return _("%(kind)s %(number)s") % {"kind": self.get_kind_display(), "number": self.number}

    @property
    def paragraphs(self) -> list[dict[str, Any]]:
        """The body blocks readers see ({"type", "text"}; the page a block stands on is the
        desk's business)."""
        return [
            {"type": b.get("type", "paragraph"), "text": b["text"]}
            for b in self.body
            if isinstance(b, dict) and b.get("text")
        ]

    @property
    def body_text(self) -> str:
        return "\n\n".join(b["text"] for b in self.paragraphs)


class RetiredArticle(models.Model):
    """An article number that no longer has an article: its URL answers 410 Gone, or
    redirects to the article that absorbed it (`merged_into`). Never given to another story."""

    class Reason(models.TextChoices):
        DELETED = "deleted", _("Deleted by an editor")
        MERGED = "merged", _("Merged into another article")
        REPROCESSED = "reprocessed", _("Gone after its page was processed again")
        PAGE_REMOVED = "page_removed", _("Its page was removed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="retired_articles")
    number = models.PositiveIntegerField()
    headline = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    merged_into = models.PositiveIntegerField(null=True, blank=True)
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="unique_retired_number")
        ]

    def __str__(self) -> str:
        return f"{self.issue} #{self.number} ({self.reason})"


class Region(models.Model):
    """A rectangle (or rectilinear polygon) of an article on one page, in PDF points."""

    class Role(models.TextChoices):
        ZONE = "zone", _("Zone")
        KICKER = "kicker", _("Kicker")
        HEADLINE = "headline", _("Headline")
        SUBHEADLINE = "subheadline", _("Subheadline")
        BYLINE = "byline", _("Byline")
        BODY = "body", _("Body")
        SUBHEAD = "subhead", _("Subhead")
        PHOTO = "photo", _("Photo")
        CAPTION = "caption", _("Caption")
        JUMP = "jump", _("Jump line")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="regions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="regions")
    role = models.CharField(max_length=12, choices=Role.choices)
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    # Optional outline for non-rectangular zones: [[x, y], ...] in points.
    polygon = models.JSONField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["page", "id"]

    def __str__(self) -> str:
        return f"{self.role} [{self.x0:.0f},{self.y0:.0f},{self.x1:.0f},{self.y1:.0f}]"

    @property
    def bbox(self) -> list[float]:
        return [self.x0, self.y0, self.x1, self.y1]

    def points(self) -> list[list[float]]:
        if self.polygon:
            return [list(p) for p in self.polygon]
        return [[self.x0, self.y0], [self.x1, self.y0], [self.x1, self.y1], [self.x0, self.y1]]
