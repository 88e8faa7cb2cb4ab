"""`broadsheet backup DEST`: a consistent snapshot of the database and the stored files
(broadsheet.backup, docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder DEST."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", metavar="DEST", help="a new (or empty) folder")

    def handle(self, *args: Any, dest: str, **options: Any) -> None:
        try:
            report = backup(Path(dest), log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in report.missing:
            self.stderr.write(
                f"warning: {name} was deleted after the database snapshot and is not in the "
                "backup (`broadsheet repair` after a restore makes page files again)"
            )
        for name in report.vanished:
            self.stdout.write(f"{name}: deleted while the backup ran; not included")
        counts = report.manifest["counts"]
        self.stdout.write(
            f"skipped {len(report.skipped)} rendition(s) the reader makes again on demand"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"backed up {counts['publications']} publication(s), {counts['issues']} "
                f"issue(s), {counts['pages']} page(s), {counts['articles']} article(s) and "
                f"{counts['files']} file(s) to {report.dest}"
            )
        )
