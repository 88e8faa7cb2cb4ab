"""`broadsheet import-mets PATH --publication SLUG`: library newspapers (METS/ALTO) in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.ingest.management.import_output import finish, print_issue
from broadsheet.ingest.mets import MetsResult, import_path
from broadsheet.ingest.pipeline import IngestError
from broadsheet.ingest.progress import ProgressBar
from broadsheet.legacy.site import Problem
from broadsheet.library.to_manifest import ARTICLE_MODES


class Command(BaseCommand):
    help = (
        "Import newspaper issues in METS/ALTO: an NDNP batch, a folder of issues or one "
        "issue's METS file; every issue goes through the ingest pipeline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--publication", required=True, metavar="SLUG")
        parser.add_argument("--publish", action="store_true", help="publish each imported issue")
        parser.add_argument(
            "--articles",
            choices=ARTICLE_MODES,
            default="analyse",
            help="for issues the METS does not segment: analyse their ALTO text, or none",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be imported; change nothing"
        )
        parser.add_argument("--report", type=Path, metavar="FILE", help="write the report as JSON")
        parser.add_argument(
            "--schemas",
            type=Path,
            metavar="DIR",
            help="a folder of METS/ALTO XSDs to check documents against (or BROADSHEET_XML_SCHEMAS)",
        )
        parser.add_argument("--workers", type=int, default=None, help="parallel page workers")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar(sys.stderr)
        verbose = options["verbosity"] >= 1

        def said(outcome: MetsResult | Problem) -> None:
            if not verbose:
                return
            if bar.enabled:
                self.stderr.write("\r\033[K", ending="")
            if isinstance(outcome, Problem):
                self.stdout.write(f"not imported {outcome.kind}: {outcome.file}: {outcome.reason}")
                return
            head = f"{outcome.date.isoformat()} ed.{outcome.edition} {outcome.scheme:<8}"
            print_issue(self, bar, outcome, head, f"  [{outcome.source}]")

        try:
            report = import_path(
                options["path"],
                options["publication"],
                publish=options["publish"],
                dry_run=options["dry_run"],
                articles=options["articles"],
                schemas=options["schemas"],
                workers=options["workers"],
                progress=bar,
                on_issue=said,
            )
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        failed = report.count("failed") + sum(1 for p in report.problems if p.kind == "failed")
        other = f", {len(report.problems)} other files not imported"
        finish(self, report, options["report"], failed, other)
