"""`broadsheet analyze FILE.pdf [--pages 1,3-5]`: print the page analysis as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from broadsheet.pdf.document import PdfError, validate_pdf


def parse_pages(spec: str, count: int) -> list[int]:
    """Parse "1,3-5" into [1, 3, 4, 5]; raise ValueError naming the bad part."""
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            raise ValueError(f"empty item in page list {spec!r}")
        lo_text, sep, hi_text = part.partition("-")
        try:
            lo = int(lo_text)
            hi = int(hi_text) if sep else lo
        except ValueError:
            raise ValueError(f"{part!r} is not a page number or a range like 3-5") from None
        if lo < 1 or hi < lo:
            raise ValueError(f"{part!r} is not a valid page range")
        if hi > count:
            raise ValueError(f"page {hi} does not exist (the PDF has {count} pages)")
        pages.extend(n for n in range(lo, hi + 1) if n not in pages)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="broadsheet analyze", description="Find the articles on the pages of a newspaper PDF."
    )
    parser.add_argument("file", help="the page PDF (one or several pages)")
    parser.add_argument("--pages", help="pages to analyse, 1-based: 1,3-5 (default: all)")
    args = parser.parse_args(argv)
    path = Path(args.file)
    try:
        info = validate_pdf(path)
    except PdfError as exc:
        print(f"broadsheet analyze: {exc}", file=sys.stderr)
        return 2
    pages = None
    if args.pages:
        try:
            pages = parse_pages(args.pages, len(info.pages))
        except ValueError as exc:
            print(f"broadsheet analyze: --pages: {exc}", file=sys.stderr)
            return 2
    from broadsheet.layout import analyze_pdf

    result = analyze_pdf(path, pages)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
