"""Who may read what: an access policy per publication, and subscriptions of readers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.newspaper.models import Publication


class Level(models.TextChoices):
    FREE = "free", _("Free for everyone")
    REGISTERED = "registered", _("Registered readers")
    SUBSCRIBERS = "subscribers", _("Subscribers only")


class AccessPolicy(models.Model):
    """A publication without a policy is free. `free_after_days` frees the archive: issues older
    than that many days are open to everyone, except the PDFs when `pdf_level` is stricter."""

    publication = models.OneToOneField(
        Publication, on_delete=models.CASCADE, related_name="access_policy"
    )
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.FREE)
    pdf_level = models.CharField(
        max_length=12,
        choices=Level.choices,
        blank=True,
        help_text=_("Level for page PDFs; empty means the same as the level above."),
    )
    free_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Issues older than this many days are free (the PDFs keep their level)."),
    )

    class Meta:
        verbose_name_plural = "access policies"

    def __str__(self) -> str:
        return f"{self.publication}: {self.level}"


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self, at: object = None) -> SubscriptionQuerySet:
        now = at or timezone.now()
        return self.filter(starts_at__lte=now).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        )


class Subscription(models.Model):
    """A reader's subscription to one publication, granted by an admin or through the API."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("Granted by an admin")
        API = "api", _("Subscription system (API)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="subscriptions"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ADMIN)
    reference = models.CharField(
        max_length=200, blank=True, help_text=_("Id in the newspaper's own subscription system")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["user", "publication", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.publication}"


def _policy_changed(sender: type, instance: AccessPolicy, **kwargs: object) -> None:
    """Cached pages of the publication were built under the old rules: new validators."""
    from broadsheet.newspaper.models import Issue

    Issue.objects.filter(publication_id=instance.publication_id).update(
        version=models.F("version") + 1
    )


models.signals.post_save.connect(_policy_changed, sender=AccessPolicy)
models.signals.post_delete.connect(_policy_changed, sender=AccessPolicy)
