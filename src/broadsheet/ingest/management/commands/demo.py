"""`broadsheet demo`: build the sample newspapers through the real ingest pipeline."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Issue, Publication


class Command(BaseCommand):
    help = "Create the demo publications and ingest a week of generated issues for each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="consecutive days per publication")
        parser.add_argument("--end", default=None, help="last issue date (default: today)")
        parser.add_argument("--min-pages", type=int, default=4)
        parser.add_argument("--max-pages", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue

        end = dt.date.fromisoformat(options["end"]) if options["end"] else timezone.localdate()
        days = [end - dt.timedelta(days=n) for n in range(options["days"] - 1, -1, -1)]
        started = time.perf_counter()
        built = 0
        for order, profile in enumerate(DEMO_PUBLICATIONS):
            pub, _ = Publication.objects.update_or_create(
                slug=profile.slug,
                defaults={"name": profile.name, "language": profile.language, "sort_order": order},
            )
            for date in days:
                if Issue.objects.filter(publication=pub, date=date, status="published").exists():
                    continue
                rng = random.Random(f"{profile.slug}{date.isoformat()}")
                pages = rng.randint(options["min_pages"], options["max_pages"])
                if date.weekday() == 0:  # a fuller Monday paper
                    pages = max(pages, min(16, options["max_pages"] + 4))
                generated = generate_issue(profile, date, pages)
                with tempfile.TemporaryDirectory() as tmp:
                    files = write_issue(generated, Path(tmp))
                    manifest = Path(tmp) / "manifest.json"
                    _write_manifest(generated, files, manifest)
                    outcome = ingest(
                        IngestRequest(
                            publication=pub.slug,
                            date=date,
                            files=files,
                            manifest=manifest,
                            publish=True,
                        )
                    )
                built += 1
                self.stdout.write(
                    f"{pub.slug} {date.isoformat()}: {outcome.pages} pages, {outcome.articles} articles"
                )
        self.stdout.write(
            f"demo ready: {built} issue(s) built in {time.perf_counter() - started:.1f} s"
        )


def _write_manifest(generated: Any, files: list[Path], target: Path) -> None:
    """Page names and labels come from the generator; the articles are left to the analyser."""
    import json

    pages = [
        {"file": path.name, "number": page.number, "name": page.name}
        for path, page in zip(files, generated.pages, strict=True)
    ]
    target.write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
