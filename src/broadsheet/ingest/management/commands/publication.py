"""`broadsheet publication add|list`: manage the titles of the site."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from broadsheet.newspaper.models import Publication

# Slugs that would shadow the site's own paths.
RESERVED = {
    "admin",
    "search",
    "static",
    "i18n",
    "desk",
    "api",
    "media",
    "accounts",
    "iiif",
    "lang",
    "index",
    "feeds",
}


class Command(BaseCommand):
    help = "Add or list publications."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a publication (or update its name and language)")
        add.add_argument("slug")
        add.add_argument("--name", required=True)
        add.add_argument(
            "--language", choices=[c for c, _ in Publication.Language.choices], default="zh-hans"
        )
        add.add_argument("--sort-order", type=int, default=0)
        add.add_argument("--timezone", default=None)
        sub.add_parser("list", help="list publications")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for pub in Publication.objects.all():
                self.stdout.write(f"{pub.slug}\t{pub.language}\t{pub.name}")
            return
        slug = options["slug"]
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(f"{slug!r} is not a valid slug (letters, digits, - and _)") from None
        if slug.lower() in RESERVED:
            raise CommandError(
                f"{slug!r} is reserved for the site's own pages; choose another slug"
            )
        defaults: dict[str, Any] = {
            "name": options["name"],
            "language": options["language"],
            "sort_order": options["sort_order"],
        }
        if options["timezone"]:
            defaults["timezone"] = options["timezone"]
        pub, created = Publication.objects.update_or_create(slug=slug, defaults=defaults)
        self.stdout.write(f"{'added' if created else 'updated'} publication {pub.slug}: {pub.name}")
