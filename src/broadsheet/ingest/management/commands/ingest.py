"""`broadsheet ingest`: page PDFs in, an issue out (the same pipeline the desk uses)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.ingest.pipeline import IngestError, IngestRequest, ingest
from broadsheet.ingest.progress import ProgressBar


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Ingest the page PDFs of one issue: validate, render, analyse, store and optionally publish."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "pdfs",
            nargs="+",
            type=Path,
            metavar="PDF",
            help="one PDF per page, or a multi-page PDF",
        )
        parser.add_argument("--publication", required=True, metavar="SLUG")
        parser.add_argument("--date", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--edition", type=int, default=1, metavar="N")
        parser.add_argument(
            "--manifest", type=Path, metavar="FILE", help="JSON manifest (docs/ingest.md)"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish the issue when it is stored"
        )
        parser.add_argument("--workers", type=int, default=None, help="parallel page workers")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="the files are the whole issue: pages of the issue not among them are removed",
        )
        parser.add_argument(
            "--reanalyse",
            action="store_true",
            help="analyse every page again, even those whose file has not changed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        request = IngestRequest(
            publication=options["publication"],
            date=_date(options["date"]),
            edition=options["edition"],
            files=options["pdfs"],
            manifest=options["manifest"],
            publish=options["publish"],
            workers=options["workers"],
            replace=options["replace"],
            reanalyse=options["reanalyse"],
        )
        try:
            outcome = ingest(request, progress=ProgressBar(sys.stderr))
        except IngestError as exc:
            raise CommandError(str(exc)) from exc
        for warning in outcome.warnings:
            self.stderr.write(f"warning: {warning}")
        issue = outcome.issue
        stored = outcome.stored
        if stored is not None and not stored.changed:
            self.stdout.write(
                f"unchanged {issue}: every page is as it was ({outcome.pages} pages, "
                f"{outcome.articles} articles), status {issue.status}"
            )
            return
        verb = "replaced" if outcome.replaced else "ingested"
        self.stdout.write(
            f"{verb} {issue}: {outcome.pages} pages, {outcome.articles} articles, status {issue.status}"
        )
        if stored is not None and outcome.replaced:
            self.stdout.write(
                f"  pages: {stored.pages_processed} processed, {stored.pages_unchanged} unchanged, "
                f"{stored.pages_removed} removed; articles: {stored.articles_kept} kept, "
                f"{stored.articles_new} new, {stored.articles_retired} gone (their URLs answer 410)"
            )
        if options["verbosity"] >= 2:
            for step, seconds in outcome.timings.steps.items():
                self.stdout.write(f"  {step:<14} {seconds:7.3f} s")
