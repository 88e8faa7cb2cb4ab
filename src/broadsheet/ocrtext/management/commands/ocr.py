"""broadsheet ocr [--publication SLUG] [--from D] [--to D] [--force] [--workers N]"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.newspaper.models import Publication
from broadsheet.ocrtext.backfill import Selection, backfill
from broadsheet.ocrtext.service import ocr_available


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Command(BaseCommand):
    help = (
        "Recognise (OCR) the scanned pages already in the archive; resumable: pages already "
        "recognised are skipped unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--publication", metavar="SLUG")
        parser.add_argument("--from", dest="start", metavar="D", help="first issue date")
        parser.add_argument("--to", dest="end", metavar="D", help="last issue date")
        parser.add_argument(
            "--force", action="store_true", help="recognise again pages already done"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="recognition processes (default 1, at low priority)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not ocr_available():
            raise CommandError(
                "OCR is not installed: pip install -e '.[ocr]' (rapidocr, onnxruntime)"
            )
        slug = options["publication"]
        if slug and not Publication.objects.filter(slug=slug).exists():
            raise CommandError(f"unknown publication {slug!r}")
        start = _date(options["start"]) if options["start"] else None
        end = _date(options["end"]) if options["end"] else None
        if start and end and start > end:
            raise CommandError("--from is after --to")
        if options["workers"] < 1:
            raise CommandError("--workers must be 1 or more")
        err: TextIO = getattr(self.stderr, "_out", sys.stderr)
        with contextlib.suppress(OSError):
            os.nice(10)  # the live site's workers come first for the CPU
        tty = hasattr(err, "isatty") and err.isatty()

        def report(done: int, total: int, left: float | None) -> None:
            eta = "estimating…" if left is None else f"{_clock(left)} left"
            if tty:
                filled = round(30 * done / total) if total else 30
                err.write(
                    f"\r  ocr {'█' * filled}{'·' * (30 - filled)} {done}/{total} pages, {eta} "
                )
                if done >= total:
                    err.write("\n")
            elif done and (done == total or done % 10 == 0):
                err.write(f"ocr: {done}/{total} pages, {eta}\n")
            err.flush()

        result = backfill(Selection(slug, start, end, options["force"]), options["workers"], report)
        self.stdout.write(
            f"recognised {result.recognised} page(s), {result.failed} failed, "
            f"{result.skipped} already recognised"
        )
