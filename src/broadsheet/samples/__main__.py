"""``python -m broadsheet.samples OUT_DIR --publication SLUG --date YYYY-MM-DD --pages N``."""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

from .fonts import FontMissingError
from .issue import generate_issue, write_issue
from .profiles import DEMO_PUBLICATIONS, profile_by_slug


def build_parser() -> argparse.ArgumentParser:
    slugs = ", ".join(p.slug for p in DEMO_PUBLICATIONS)
    parser = argparse.ArgumentParser(
        prog="python -m broadsheet.samples",
        description="Write a synthetic newspaper issue: page PDFs plus truth.json and manifest.json.",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--publication", default=DEMO_PUBLICATIONS[0].slug, help=f"one of: {slugs}")
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=datetime.date.today(),
        help="issue date, YYYY-MM-DD (default: today)",
    )
    parser.add_argument("--pages", type=int, default=8, help="number of pages (default: 8)")
    parser.add_argument("--seed", type=int, default=None, help="vary the issue (default: none)")
    parser.add_argument(
        "--single-file",
        action="store_true",
        help="one multi-page issue.pdf instead of one PDF per page",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        profile = profile_by_slug(args.publication)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.pages < 1:
        print("error: --pages must be at least 1", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        issue = generate_issue(profile, args.date, args.pages, seed=args.seed)
    except FontMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    paths = write_issue(issue, args.out_dir, single_file=args.single_file)
    articles = sum(len(p.truth["articles"]) for p in issue.pages)
    elapsed = time.perf_counter() - started
    print(
        f"{profile.name} {args.date.isoformat()}: {len(issue.pages)} pages, {articles} articles, "
        f"{len(paths)} PDF file(s) in {args.out_dir} ({elapsed:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
