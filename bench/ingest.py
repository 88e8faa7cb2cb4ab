"""Benchmark: ingest a 16-page broadsheet issue; compare with PDFium rendering the same pages.

    .venv/bin/python bench/ingest.py [--pages 16] [--repeat 3] [--workers N]

Prints seconds per page for each pipeline step and in total, next to the time PDFium alone
takes to render the same pages at the same size in the same run (the baseline), and ends with
`RESULT seconds_per_page=… ratio_to_render=…` (wall-clock seconds of the whole ingest, parallel
as the command runs it, per page; ratio = ingest wall time / single-process render time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--publication", default=None, help="sample profile slug (default: first)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    os.environ["BROADSHEET_DATA_DIR"] = str(tmp / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    import pypdfium2 as pdfium
    from django.conf import settings
    from django.core.management import call_command

    from broadsheet.ingest.pipeline import IngestRequest, default_workers, ingest
    from broadsheet.newspaper.models import Publication
    from broadsheet.pdf.document import render_page
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue

    call_command("migrate", verbosity=0)
    profile = next(
        (p for p in DEMO_PUBLICATIONS if p.slug == args.publication), DEMO_PUBLICATIONS[0]
    )
    Publication.objects.create(slug=profile.slug, name=profile.name, language=profile.language)
    t0 = time.perf_counter()
    issue = generate_issue(profile, dt.date(2026, 11, 27), args.pages, seed=7)
    files = write_issue(issue, tmp / "pdfs")
    print(f"generated {len(files)} pages of {profile.name} in {time.perf_counter() - t0:.2f} s")
    width = settings.BROADSHEET_PAGE_IMAGE_WIDTH
    workers = args.workers or default_workers()

    render_runs, ingest_runs, step_runs = [], [], []
    for run in range(args.repeat):
        t0 = time.perf_counter()
        for path in files:
            doc = pdfium.PdfDocument(str(path))
            page = doc[0]
            render_page(page, width)
            page.close()
            doc.close()
        render_runs.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        outcome = ingest(
            IngestRequest(
                publication=profile.slug,
                date=dt.date(2026, 11, 27),
                files=files,
                publish=True,
                workers=workers,
                # Every run does the whole work: without it the second run finds every page
                # unchanged and only compares digests.
                reanalyse=True,
            )
        )
        ingest_runs.append(time.perf_counter() - t0)
        step_runs.append(dict(outcome.timings.steps))
        print(
            f"run {run + 1}: render-only {render_runs[-1]:.2f} s, ingest {ingest_runs[-1]:.2f} s "
            f"({outcome.pages} pages, {outcome.articles} articles, {workers} workers)"
        )

    n = len(files)
    render = statistics.median(render_runs)
    total = statistics.median(ingest_runs)
    print()
    print(f"{'step':<16}{'s/page':>10}   (median of {args.repeat} runs; *_cpu summed over workers)")
    for step in step_runs[0]:
        value = statistics.median(r.get(step, 0.0) for r in step_runs)
        print(f"{step:<16}{value / n:>10.4f}")
    print(f"{'ingest total':<16}{total / n:>10.4f}   wall clock")
    print(f"{'render only':<16}{render / n:>10.4f}   PDFium at {width} px, one process")
    index = statistics.median(r.get("index", 0.0) for r in step_runs)
    print(f"search indexing share of ingest: {100 * index / total:.1f} %")
    print(
        f"RESULT seconds_per_page={total / n:.3f} ratio_to_render={total / render:.2f} "
        f"render_seconds_per_page={render / n:.3f} index_share={index / total:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
