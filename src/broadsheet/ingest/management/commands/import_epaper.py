"""`broadsheet import-epaper SITE_DIR --publication SLUG`: an old e-paper site's archive in."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.ingest.legacy import IssueResult, import_site
from broadsheet.ingest.management.import_output import finish, print_issue
from broadsheet.ingest.pipeline import IngestError
from broadsheet.ingest.progress import ProgressBar


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Import the archive of an old e-paper site (a local mirror, as wget --mirror leaves it): "
        "every issue found goes through the ingest pipeline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("site_dir", type=Path, metavar="SITE_DIR")
        parser.add_argument("--publication", required=True, metavar="SLUG")
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
        parser.add_argument("--publish", action="store_true", help="publish each imported issue")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be imported; change nothing"
        )
        parser.add_argument("--report", type=Path, metavar="FILE", help="write the report as JSON")
        parser.add_argument("--workers", type=int, default=None, help="parallel page workers")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date("--from", options["start"]), _date("--to", options["end"])
        if start and end and start > end:
            raise CommandError("--from is after --to")
        bar = ProgressBar(sys.stderr)
        verbose = options["verbosity"] >= 1

        def said(result: IssueResult) -> None:
            if verbose:
                print_issue(self, bar, result, f"{result.date.isoformat()} {result.scheme:<10}")

        try:
            report = import_site(
                options["site_dir"],
                options["publication"],
                start=start,
                end=end,
                publish=options["publish"],
                dry_run=options["dry_run"],
                workers=options["workers"],
                progress=bar,
                on_issue=said,
            )
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        finish(self, report, options["report"], report.count("failed"))
