"""Benchmark: `broadsheet import-epaper` on a generated archive of every site generation,
next to `broadsheet ingest` of the same pages in the same run.

    .venv/bin/python bench/import_epaper.py [--issues 60] [--pages 10] [--workers N] [--quick]
        [--keep]

`--quick` is a smoke test of 10 issues x 4 pages (two issues per scheme: each site plants its
eight faults on eight distinct pages); `--keep` keeps the temporary folder (sites, data).

1. Generates imitation e-paper sites (`broadsheet.samples.epaper_site.write_site`, traps on),
   the issues spread over all five SCHEMES: one site folder per scheme, consecutive dates per
   scheme and a date range of its own per scheme, so that all of them import into one
   publication. The generation time is printed apart; it is not measured.
2. Imports every site with `import_site(..., publish=True)` and times the wall clock.
3. Baseline: `ingest()` (with analysis, published, into a publication of its own, as an operator
   would run `broadsheet ingest`) of exactly the page files the importer handed to the
   pipeline: each issue's page PDFs as the site links them, and for the pages the importer made
   from their image (no PDF, or a broken one) the same image-made PDFs. Those pages are counted
   in both per-page figures, so both sides do the same pages.
4. Checks the report: the number of skips reported against the faults planted (the truth's
   "skips"), and the multiset of (date, kind); any difference is listed with its files.
5. Re-runs the import: every issue must be reported `unchanged`.
6. Reads the real saved pages in ../shared/real/epaper (when present) with the pure parser
   (areas, titles, zones with a title, parse time per page) and the real article fragments;
   they have no images or PDFs, so they cannot be imported.
7. Prints a table per scheme and the totals, and estimates a 20-year daily archive of 16 pages
   (116,800 pages) on this machine and on 8 cores: the reading of the site (timed as a dry
   run) is taken to stay in one process, the rest to scale with the workers up to the cores.

Ends with `RESULT pages_per_second=… ratio_to_ingest=… skips_reported=… skips_planted=…`
(pages imported per wall-clock second; ratio = import seconds per page / ingest seconds per
page; skips over the whole archive).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

PUBLICATION = "jcrb"  # the sample profile the sites are made of; the import goes here
BASELINE = "jcrb-ingest"  # the baseline ingest goes to a publication of its own
REAL = Path(__file__).resolve().parents[2] / "shared" / "real" / "epaper"
ARCHIVE_PAGES = 20 * 365 * 16  # a 20-year daily archive of 16 pages
# A start date per scheme, years apart, roughly in the era each generation was used.
START = {
    "paperindex": dt.date(2006, 3, 1),
    "classic": dt.date(2009, 3, 1),
    "main-ed": dt.date(2013, 3, 1),
    "nbs": dt.date(2017, 3, 1),
    "current": dt.date(2022, 3, 1),
}


def spread(total: int, schemes: list[str]) -> dict[str, int]:
    """``total`` issues over the schemes, as evenly as possible (each gets at least one)."""
    n = max(total, len(schemes))
    return {
        s: n // len(schemes) + (1 if i < n % len(schemes) else 0) for i, s in enumerate(schemes)
    }


def start_of(scheme: str, i: int) -> dt.date:
    return START.get(scheme, dt.date(2000 + 3 * i, 3, 1))


def generate(root: Path, schemes: list[str], issues: int, pages: int) -> dict[str, dict]:
    """One site per scheme; returns per scheme its site folder and truth."""
    from broadsheet.samples.epaper_site import write_site

    sites: dict[str, dict] = {}
    for i, (scheme, days) in enumerate(spread(issues, schemes).items()):
        out = root / scheme
        t0 = time.perf_counter()
        truth = write_site(
            out,
            scheme,
            publication=PUBLICATION,
            start=start_of(scheme, i),
            days=days,
            pages=pages,
            seed=i,
            traps=True,
        )
        seconds = time.perf_counter() - t0
        sites[scheme] = {"site": out / "site", "truth": truth, "gen_seconds": seconds}
        n_pages = sum(len(issue["pages"]) for issue in truth["issues"])
        image = sum(1 for issue in truth["issues"] for p in issue["pages"] if p["source"] != "pdf")
        print(
            f"  {scheme:<11} {len(truth['issues']):>3} issues, {n_pages:>4} pages "
            f"({image} from images), {len(truth['skips'])} faults planted: {seconds:.1f} s"
        )
    return sites


def compare_skips(reported: list[dict[str, str]], planted: list[dict[str, str]]) -> list[str]:
    """The differences between reported and planted skips by (date, kind), with their files."""
    have = Counter((s["date"], s["kind"]) for s in reported)
    want = Counter((s["date"], s["kind"]) for s in planted)
    lines = []
    for key in sorted(set(have) | set(want)):
        if have[key] == want[key]:
            continue
        date, kind = key
        lines.append(f"  {date} {kind}: reported {have[key]}, planted {want[key]}")
        for s in reported:
            if (s["date"], s["kind"]) == key:
                lines.append(f"      reported {s['file']}: {s.get('reason', '')}")
        for s in planted:
            if (s["date"], s["kind"]) == key:
                lines.append(f"      planted  {s['file']}")
    return lines


def baseline_ingest(site: Path, workers: int, work: Path) -> tuple[float, int, int]:
    """Ingest (with analysis) the page files the importer used for every issue of ``site``;
    returns the wall seconds of the ingest calls, the pages and the issues."""
    from broadsheet.ingest.legacy import build_manifest
    from broadsheet.ingest.pipeline import IngestRequest, _limits, ingest
    from broadsheet.legacy.site import find_issues, read_issue

    seconds, pages, issues = 0.0, 0, 0
    for files in find_issues(site):
        legacy = read_issue(site, files, _limits())
        folder = work / files.date.isoformat()
        folder.mkdir(parents=True)
        # The importer's own choice of files: linked PDFs, or PDFs made from page images.
        manifest, paths, _, _ = build_manifest(legacy, BASELINE, folder)
        if not paths:
            continue
        # Files named by their printed label, as an operator's typesetting hands them over.
        names = [f"{entry['number']}.pdf" for entry in manifest["pages"]]
        t0 = time.perf_counter()
        outcome = ingest(
            IngestRequest(
                publication=BASELINE,
                date=files.date,
                files=paths,
                names=names,
                publish=True,
                workers=workers,
            )
        )
        seconds += time.perf_counter() - t0
        pages += outcome.pages
        issues += 1
    return seconds, pages, issues


def real_pages() -> None:
    """The pure parser on the real saved pages (no images, PDFs or article pages there)."""
    from broadsheet.legacy.decoding import decode
    from broadsheet.legacy.html import read_article, read_page
    from broadsheet.legacy.site import find_issues, page_links

    print()
    if not REAL.is_dir():
        print(f"real pages: {REAL} is absent; skipped")
        return
    print(f"real saved pages ({REAL}): parsed only. They hold no page images or PDFs (nor")
    print("their article pages), so they cannot be imported; these figures are the parser's.")
    print(
        f"  {'page':<52}{'scheme':<9}{'areas':>6}{'zones':>6}{'titles':>7}"
        f"{'zones w/ title':>16}{'ms/page':>9}"
    )
    totals = Counter()
    times = []
    for paper in sorted(p for p in REAL.iterdir() if p.is_dir()):
        for files in find_issues(paper):
            for rel in files.pages:
                raw = (paper / rel).read_bytes()

                def parse(raw: bytes = raw, rel: str = rel, date: dt.date = files.date) -> Any:
                    html = read_page(decode(raw).text)
                    return html, page_links(rel, html, date)

                runs = []
                for _ in range(10):
                    t0 = time.perf_counter()
                    html, links = parse()
                    runs.append(time.perf_counter() - t0)
                ms = 1000 * statistics.median(runs)
                times.append(ms)
                zones = len(links.areas)
                titles = sum(1 for t in links.titles.values() if t)
                titled = sum(1 for key in links.areas if links.titles.get(key))
                share = f"{titled}/{zones} = {titled / zones:.0%}" if zones else "-"
                print(
                    f"  {paper.name + '/' + rel:<52}{files.scheme:<9}{len(html.areas):>6}"
                    f"{zones:>6}{titles:>7}{share:>16}{ms:>9.2f}"
                )
                totals.update(pages=1, areas=len(html.areas), zones=zones, titled=titled)
                totals.update(titles=titles)
    if totals["pages"]:
        print(
            f"  {totals['pages']} pages: {totals['areas']} areas, {totals['zones']} map zones "
            f"(articles), {totals['titles']} titles, {totals['titled']} zones with a title "
            f"({totals['titled'] / max(1, totals['zones']):.0%}); median parse "
            f"{statistics.median(times):.2f} ms/page"
        )
    fragments_file = REAL / "hbrb" / "_fragments" / "2023-02-11" / "content.txt"
    if fragments_file.is_file():
        marker = '<div id="scroller">'
        text = decode(fragments_file.read_bytes()).text
        fragments = [marker + part for part in text.split(marker)[1:]]
        t0 = time.perf_counter()
        articles = [read_article(f) for f in fragments]
        ms = 1000 * (time.perf_counter() - t0) / max(1, len(fragments))
        whole = sum(1 for a in articles if a.headline and a.paragraphs)
        print(
            f"  hbrb article fragments: {len(fragments)}, with a headline and body {whole} "
            f"({whole / max(1, len(fragments)):.0%}); {ms:.2f} ms per fragment"
        )


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h ({seconds / 86400:.2f} days)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=60)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="10 issues x 4 pages (smoke test)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and data")
    args = parser.parse_args()
    if args.quick:
        # Two issues of four pages per scheme: each site plants its eight faults on distinct
        # pages, so with fewer pages every page of a site would be faulty.
        args.issues, args.pages = 10, 4

    tmp = Path(tempfile.mkdtemp(prefix="bench-import-epaper-"))
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

    from broadsheet.ingest.legacy import import_site
    from broadsheet.ingest.pipeline import default_workers
    from broadsheet.newspaper.models import Publication
    from broadsheet.samples import profile_by_slug
    from broadsheet.samples.epaper_site import SCHEMES

    call_command("migrate", verbosity=0)
    profile = profile_by_slug(PUBLICATION)
    for slug, name in ((PUBLICATION, profile.name), (BASELINE, f"{profile.name} (ingest)")):
        Publication.objects.create(slug=slug, name=name, language=profile.language)
    workers = args.workers or default_workers()
    cores = os.cpu_count() or 1
    schemes = list(SCHEMES)

    print(f"generating {args.issues} issues x {args.pages} pages over {len(schemes)} schemes")
    t0 = time.perf_counter()
    sites = generate(tmp / "sites", schemes, args.issues, args.pages)
    print(f"generated in {time.perf_counter() - t0:.1f} s (not measured)")

    # ---- import, timed
    print(f"\nimporting ({workers} workers, {cores} cores)")
    reports: dict[str, dict] = {}
    for scheme, entry in sites.items():
        t0 = time.perf_counter()
        report = import_site(entry["site"], PUBLICATION, publish=True, workers=workers)
        entry["seconds"] = time.perf_counter() - t0
        reports[scheme] = report.as_dict()
        totals = reports[scheme]["totals"]
        entry["pages"] = sum(r["pages"] for r in reports[scheme]["issues"])
        entry["issues"] = totals["issues"]
        print(
            f"  {scheme:<11} {totals['imported']}/{totals['issues']} issues imported, "
            f"{entry['pages']} pages, {totals['articles']} articles, {totals['skips']} skips, "
            f"{totals['notes']} notes: {entry['seconds']:.1f} s"
        )
        for r in reports[scheme]["issues"]:
            if r["status"] != "imported":
                print(f"    ! {r['date']} {r['status']}: {r['message']}")
        truth_pages = sum(len(i["pages"]) for i in entry["truth"]["issues"])
        if truth_pages != entry["pages"]:
            print(f"    ! the truth has {truth_pages} pages, the import {entry['pages']}")

    # ---- the report against the planted faults
    print("\nskips: reported vs planted")
    reported_total = planted_total = 0
    mismatched = False
    for scheme, entry in sites.items():
        reported = [s for r in reports[scheme]["issues"] for s in r["skips"]]
        planted = list(entry["truth"]["skips"])
        reported_total += len(reported)
        planted_total += len(planted)
        kinds = Counter(s["kind"] for s in planted)
        diff = compare_skips(reported, planted)
        mismatched |= bool(diff)
        print(
            f"  {scheme:<11} reported {len(reported):>3}, planted {len(planted):>3} "
            f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or 'none'})"
            f"{'' if diff else ': same (date, kind) multiset'}"
        )
        for line in diff:
            print(line)
        notes = sum(len(r["notes"]) for r in reports[scheme]["issues"])
        print(f"  {'':<11} notes reported {notes}, truth notes {len(entry['truth']['notes'])}")
    print(
        f"  total reported {reported_total}, planted {planted_total}: "
        f"{'MISMATCH' if mismatched or reported_total != planted_total else 'match'}"
    )

    # ---- re-run: everything unchanged
    print("\nre-running the import")
    rerun_seconds = 0.0
    all_unchanged = True
    for scheme, entry in sites.items():
        t0 = time.perf_counter()
        report = import_site(entry["site"], PUBLICATION, publish=True, workers=workers)
        entry["rerun"] = time.perf_counter() - t0
        rerun_seconds += entry["rerun"]
        statuses = Counter(r.status for r in report.issues)
        ok = set(statuses) == {"unchanged"}
        all_unchanged &= ok
        print(
            f"  {scheme:<11} {entry['rerun']:.2f} s: "
            f"{', '.join(f'{n} {s}' for s, n in statuses.items())}"
            f"{'' if ok else '  <-- NOT ALL UNCHANGED'}"
        )
        images = {
            issue["date"]: sum(1 for p in issue["pages"] if p["source"] != "pdf")
            for issue in entry["truth"]["issues"]
        }
        for r in report.issues:
            if r.status != "unchanged":
                print(
                    f"      {r.date} {r.status} ({images.get(r.date.isoformat(), 0)} of its "
                    f"{r.pages} pages made from images) {r.message}"
                )
    print(
        f"  re-run total {rerun_seconds:.2f} s: {'all' if all_unchanged else 'NOT all'} unchanged"
    )

    # The reading of the site alone (pages, articles, manifests, image pages, fingerprints):
    # a dry run does all the importer does before it hands an issue to the pipeline.
    reading_seconds = 0.0
    for entry in sites.values():
        t0 = time.perf_counter()
        import_site(entry["site"], PUBLICATION, publish=True, dry_run=True, workers=workers)
        reading_seconds += time.perf_counter() - t0
    print(f"  dry run (reading the sites only) {reading_seconds:.2f} s")

    # ---- baseline: ingest of the same pages, with analysis
    print(f"\nbaseline: broadsheet ingest of the same page files ({workers} workers)")
    for scheme, entry in sites.items():
        seconds, pages, issues = baseline_ingest(entry["site"], workers, tmp / "ingest" / scheme)
        entry["ingest_seconds"], entry["ingest_pages"] = seconds, pages
        print(f"  {scheme:<11} {issues} issues, {pages} pages: {seconds:.1f} s")

    real_pages()

    # ---- table
    print()
    print(
        f"{'scheme':<12}{'issues':>7}{'pages':>7}{'import s':>10}{'pages/s':>9}"
        f"{'ingest s':>10}{'pages/s':>9}{'ratio':>7}{'re-run s':>10}"
    )
    for scheme, e in sites.items():
        imp_pps = e["pages"] / e["seconds"] if e["seconds"] else 0.0
        ing_pps = e["ingest_pages"] / e["ingest_seconds"] if e["ingest_seconds"] else 0.0
        ratio = (
            (e["seconds"] / e["pages"]) / (e["ingest_seconds"] / e["ingest_pages"])
            if e["pages"] and e["ingest_pages"]
            else 0.0
        )
        print(
            f"{scheme:<12}{e['issues']:>7}{e['pages']:>7}{e['seconds']:>10.1f}{imp_pps:>9.2f}"
            f"{e['ingest_seconds']:>10.1f}{ing_pps:>9.2f}{ratio:>7.2f}{e['rerun']:>10.2f}"
        )
    issues = sum(e["issues"] for e in sites.values())
    pages = sum(e["pages"] for e in sites.values())
    seconds = sum(e["seconds"] for e in sites.values())
    ingest_pages = sum(e["ingest_pages"] for e in sites.values())
    ingest_seconds = sum(e["ingest_seconds"] for e in sites.values())
    if not (pages and ingest_pages):
        print("no page was imported: nothing to measure")
        return 1
    pps = pages / seconds
    ratio = (seconds / pages) / (ingest_seconds / ingest_pages)
    print(
        f"{'total':<12}{issues:>7}{pages:>7}{seconds:>10.1f}{pps:>9.2f}"
        f"{ingest_seconds:>10.1f}{ingest_pages / ingest_seconds:>9.2f}{ratio:>7.2f}"
        f"{rerun_seconds:>10.2f}"
    )
    image_pages = sum(
        1
        for e in sites.values()
        for issue in e["truth"]["issues"]
        for p in issue["pages"]
        if p["source"] != "pdf"
    )
    print(
        f"per page: import {seconds / pages:.3f} s, ingest {ingest_seconds / ingest_pages:.3f} s "
        f"({image_pages} of the pages made from images, counted on both sides)"
    )

    # ---- estimate for a 20-year archive
    # Model: the reading of the site (the dry run) is done in one process; the rest
    # (rendering, storing, indexing) is taken to scale with the workers up to the core count.
    serial = min(reading_seconds, seconds) / pages
    parallel = seconds / pages - serial
    here = min(workers, cores)
    print()
    print(
        f"estimate for a 20-year daily archive of 16 pages ({ARCHIVE_PAGES:,} pages).\n"
        f"Assumptions: the reading of the site ({serial:.3f} s/page, the dry run) stays in one "
        f"process; the rest ({parallel:.3f} s/page, measured with {here} busy workers) scales "
        "linearly with workers up to the core count, at this machine's speed per core; the "
        "time per page stays as measured while the archive grows (not measured here):"
    )
    for label, n in (
        (f"this machine, {cores} cores, {cores} workers", cores),
        ("8 cores, 8 workers", 8),
    ):
        per_page = serial + parallel * here / n
        print(f"  {label}: {per_page:.3f} s/page -> {hours(ARCHIVE_PAGES * per_page)}")
    print(
        f"  (as measured, {workers} workers, no scaling: {hours(ARCHIVE_PAGES * seconds / pages)})"
    )

    print(
        f"RESULT pages_per_second={pps:.3f} ratio_to_ingest={ratio:.3f} "
        f"skips_reported={reported_total} skips_planted={planted_total}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
