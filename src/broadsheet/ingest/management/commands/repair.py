"""`broadsheet repair`: check the data directory against the database and fix what a crash
left behind (see broadsheet.ingest.repair)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.ingest.repair import GRACE, repair


class Command(BaseCommand):
    help = (
        "Check stored files, runs, desk states and the search index against the database, "
        "and repair what a crash left behind."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="only report; exit with status 1 if anything needs repair",
        )
        parser.add_argument(
            "--grace",
            type=int,
            default=int(GRACE.total_seconds()),
            metavar="SECONDS",
            help="files younger than this are never taken for orphans (default 3600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fix = not options["check"]
        report = repair(fix=fix, grace=dt.timedelta(seconds=max(0, options["grace"])))
        for finding in report.findings:
            mark = "fixed" if finding.fixed else ("TO FIX" if not fix else "NOT FIXED")
            self.stdout.write(f"[{mark}] {finding.kind}: {finding.what}")
        if not report.findings:
            self.stdout.write("The data directory and the database agree: nothing to repair.")
            return
        fixed = sum(1 for f in report.findings if f.fixed)
        self.stdout.write(f"{report.problems} problem(s) found, {fixed} fixed.")
        if not fix or report.unfixed:
            raise CommandError(
                f"{len(report.unfixed)} problem(s) left"
                + (" (run without --check to repair)" if not fix else "")
            )
