"""`broadsheet restore SRC [--force]`: verify a backup, restore the database and the files,
migrate and rebuild the search index (broadsheet.backup, docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `broadsheet backup` into the configured database and files "
        "folder (stop the site first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", metavar="SRC", help="the backup folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and files that are not empty",
        )

    def handle(self, *args: Any, src: str, force: bool = False, **options: Any) -> None:
        try:
            manifest = restore(Path(src), force=force, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in manifest.get("missing_files", []):
            self.stderr.write(
                f"warning: {name} was missing when the backup was made; run `broadsheet repair`"
            )
        counts = manifest["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {counts['issues']} issue(s), {counts['pages']} page(s) and "
                f"{counts['files']} file(s) from the backup made {manifest['created']}"
            )
        )
