"""Benchmark: `broadsheet import-mets` on every real library sample in ../shared/real/library
(NDNP batches, BnL, BL, BnF/ENMAP, RERO, KB), each source into a fresh data folder.

    .venv/bin/python bench/import_mets.py [--workers N] [--keep]

Prints per source the issues, pages, articles, problems reported and seconds, checks that a
second run imports nothing, and ends with
`RESULT issues=… pages=… articles=… pages_per_second=… problems_reported=…`.
Skips with a message when the samples are absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
SOURCES = {
    "ndnp oru testbatch": "library/ndnp/batch_oru_testbatch_ver01",
    "ndnp mnhi german": "library/ndnp/batch_mnhi_german_ver01",
    "BnL Luxembourg": "library/mets-alto/impresso/Luxembourg",
    "BL 1855": "library/mets-alto/impresso/BL",
    "BnF ENMAP": "library/mets-alto/impresso/BNF-EN",
    "RERO": "library/mets-alto/impresso/RERO2",
    "KB DIDL": "library/mets-alto/impresso/KB",
    "ALTO reference": "library/mets-alto/altoxml-reference_samples",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not (REAL / "library").is_dir():
        print(f"skipped: {REAL / 'library'} is absent")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-mets-"))
    try:
        return run(args, tmp)
    finally:
        if args.keep:
            print(f"(kept {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> int:
    os.environ["BROADSHEET_DATA_DIR"] = str(tmp / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from broadsheet.ingest.mets import import_path
    from broadsheet.newspaper.models import Publication

    call_command("migrate", verbosity=0)
    schemas = REAL / "schemas" if (REAL / "schemas").is_dir() else None
    totals = {"issues": 0, "pages": 0, "articles": 0, "problems": 0}
    seconds = 0.0
    print(f"{'source':<20} {'issues':>6} {'pages':>6} {'articles':>8} {'problems':>8} {'s':>7}")
    rerun_ok = True
    for i, (label, rel) in enumerate(SOURCES.items()):
        path = REAL / rel
        if not path.exists():
            print(f"{label:<20} absent")
            continue
        slug = f"lib{i}"
        Publication.objects.create(slug=slug, name=label, language="en")
        t0 = time.perf_counter()
        report = import_path(path, slug, publish=True, schemas=schemas, workers=args.workers)
        spent = time.perf_counter() - t0
        again = import_path(path, slug, publish=True, schemas=schemas, workers=args.workers)
        rerun_ok &= all(r.status == "unchanged" for r in again.issues)
        issues = report.count("imported")
        pages = sum(r.pages for r in report.issues if r.status == "imported")
        articles = sum(r.articles for r in report.issues if r.status == "imported")
        problems = report.problems_reported
        print(f"{label:<20} {issues:>6} {pages:>6} {articles:>8} {problems:>8} {spent:>7.2f}")
        totals["issues"] += issues
        totals["pages"] += pages
        totals["articles"] += articles
        totals["problems"] += problems
        seconds += spent
    print(f"second run imports nothing: {'yes' if rerun_ok else 'NO'}")
    rate = totals["pages"] / seconds if seconds else 0.0
    print(
        f"RESULT issues={totals['issues']} pages={totals['pages']} articles={totals['articles']} "
        f"pages_per_second={rate:.2f} problems_reported={totals['problems']}"
    )
    return 0 if rerun_ok else 1


if __name__ == "__main__":
    sys.exit(main())
