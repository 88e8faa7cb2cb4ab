"""python -m broadsheet.samples.epaper_site OUT_DIR --scheme classic [--publication jcrb]
[--start 2017-07-22] [--days 2] [--pages 4] [--seed N] [--no-traps]"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from collections import Counter
from pathlib import Path

from . import SCHEMES, write_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m broadsheet.samples.epaper_site",
        description="Write an imitation legacy e-paper site with planted traps and its truth.",
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scheme", choices=SCHEMES, default="classic")
    parser.add_argument("--publication", default="jcrb")
    parser.add_argument("--start", type=datetime.date.fromisoformat, default="2017-07-22")
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-traps", dest="traps", action="store_false")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    truth = write_site(
        args.out_dir,
        args.scheme,
        publication=args.publication,
        start=args.start,
        days=args.days,
        pages=args.pages,
        seed=args.seed,
        traps=args.traps,
    )
    took = time.perf_counter() - began
    site = args.out_dir / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sum(len(i["pages"]) for i in truth["issues"])
    articles = sum(len(p["articles"]) for i in truth["issues"] for p in i["pages"])
    print(f"wrote {site} ({len(files)} files, {sum(p.stat().st_size for p in files)} bytes)")
    print(f"truth {args.out_dir / 'truth.json'}: {len(truth['issues'])} issues, {pages} pages,")
    print(f"  {articles} articles, {len(truth['skips'])} skips, {len(truth['notes'])} notes")
    for kind, n in sorted(Counter(s["kind"] for s in truth["skips"]).items()):
        print(f"  skip {kind}: {n}")
    print(f"  traps: {', '.join(truth['traps'])}")
    print(f"took {took:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
