"""Benchmark of the page analyser against generated pages with ground truth.

Four producers: the reportlab sample generator (``broadsheet.samples.generate_issue``), Chromium
print-to-PDF (``broadsheet.samples.chromium``), Typst (``broadsheet.samples.typst_pages``) and
XeLaTeX (``broadsheet.samples.tex_pages``). A
DEVELOPMENT set (seeds the analyser is tuned on) and a HELD-OUT set (other seeds, dates, profiles
and page formats, never looked at while tuning) are reported separately, each producer on its own
line too. Generated pages are cached under bench/.cache/.

    .venv/bin/python bench/analysis.py [--quick] [--show-failures]

The last line is the held-out summary: ``RESULT article_f1_at_0_8=… …``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from broadsheet.layout import analyze_page
from broadsheet.layout.evaluation import PageScore, score_page, summarise

CACHE = Path(__file__).resolve().parent / ".cache"

# (producer, key, params). Held-out sets use seeds, dates and profiles never used in development.
DEV_SETS: list[tuple[str, dict[str, Any]]] = [
    ("chromium", {"seed": 1, "language": "zh", "count": 4}),
    ("chromium", {"seed": 2, "language": "en", "count": 4}),
    ("chromium", {"seed": 3, "language": "zh", "count": 3}),
    ("reportlab", {"profile": 0, "date": "2024-05-06", "seed": 1, "pages": 4}),
    ("reportlab", {"profile": 1, "date": "2024-05-07", "seed": 2, "pages": 4}),
    # Typst: the seed deals each set three of the five template families; these two sets hold
    # all five (en: partial, adverts, ruled; zh: adverts, boxed, pictures)
    ("typst", {"seed": 1, "language": "en", "count": 3}),
    ("typst", {"seed": 3, "language": "zh", "count": 3}),
    # TeX (XeLaTeX): no space glyphs, hyphenated Latin, multicol rules, mdframed, lettrine
    ("tex", {"seed": 1, "language": "en", "count": 5}),
    ("tex", {"seed": 2, "language": "zh", "count": 5}),
    ("tex", {"seed": 3, "language": "en", "count": 2}),
]
# Extra tuning pages (seeds and dates used nowhere else), so tuning does not overfit the 19 DEV pages.
TUNE_SETS: list[tuple[str, dict[str, Any]]] = [
    ("reportlab", {"profile": 2, "date": "2024-06-03", "seed": 201, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2024-06-10", "seed": 202, "pages": 4}),
    ("reportlab", {"profile": 1, "date": "2024-06-17", "seed": 203, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2024-06-24", "seed": 204, "pages": 4}),
    ("chromium", {"seed": 205, "language": "zh", "count": 4}),
    ("chromium", {"seed": 206, "language": "en", "count": 4}),
    # More reportlab tuning pages (seeds 211+), for jumps: other dates and profiles
    ("reportlab", {"profile": -1, "date": "2024-07-01", "seed": 211, "pages": 4}),
    ("reportlab", {"profile": 1, "date": "2024-07-08", "seed": 212, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2024-07-15", "seed": 213, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2024-07-22", "seed": 214, "pages": 4}),
    # Typst tuning pages in both formats (the development sets have no A4 pages): seeds 301+
    ("typst", {"seed": 301, "language": "en", "count": 5}),
    ("typst", {"seed": 302, "language": "zh", "count": 5}),
    ("typst", {"seed": 303, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 304, "language": "en", "count": 3, "small": True}),
    # More Typst tuning pages (seeds 305+), both languages and formats, and XeLaTeX tuning pages
    # (seeds 401+; it had none): the shape of the held-out sets with seeds used nowhere else.
    ("typst", {"seed": 305, "language": "en", "count": 5}),
    ("typst", {"seed": 306, "language": "zh", "count": 5}),
    ("typst", {"seed": 307, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 308, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 401, "language": "en", "count": 5}),
    ("tex", {"seed": 402, "language": "zh", "count": 5}),
    ("tex", {"seed": 403, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 404, "language": "en", "count": 3, "small": True}),
    # Further batches (seeds 309+, 405+), each added once the one before was solved.
    ("typst", {"seed": 309, "language": "en", "count": 5}),
    ("typst", {"seed": 310, "language": "zh", "count": 5}),
    ("typst", {"seed": 311, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 312, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 405, "language": "en", "count": 5}),
    ("tex", {"seed": 406, "language": "zh", "count": 5}),
    ("tex", {"seed": 407, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 408, "language": "en", "count": 3, "small": True}),
    ("typst", {"seed": 313, "language": "en", "count": 5}),
    ("typst", {"seed": 314, "language": "zh", "count": 5}),
    ("tex", {"seed": 409, "language": "en", "count": 5}),
    ("tex", {"seed": 410, "language": "zh", "count": 5}),
    # Round 3 (seeds 315+, 221+, 207+): Typst in both languages and formats, reportlab issues in
    # the shape of the held-out ones (other dates, profiles -1 and 2 among them), and Chromium.
    ("typst", {"seed": 315, "language": "en", "count": 5}),
    ("typst", {"seed": 316, "language": "zh", "count": 5}),
    ("typst", {"seed": 317, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 318, "language": "en", "count": 3, "small": True}),
    ("reportlab", {"profile": -1, "date": "2024-08-05", "seed": 221, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2024-08-19", "seed": 222, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2024-12-02", "seed": 223, "pages": 4}),
    ("reportlab", {"profile": 1, "date": "2025-01-13", "seed": 224, "pages": 4}),
    ("chromium", {"seed": 207, "language": "zh", "count": 4}),
    ("chromium", {"seed": 208, "language": "en", "count": 4}),
    # Round 4, in the held-out sets' shape (59 pages): scored once with the rules of round 3
    # before any change (zero-edit 0.898; see CHANGELOG), then tuned on.
    ("chromium", {"seed": 209, "language": "zh", "count": 4}),
    ("chromium", {"seed": 210, "language": "en", "count": 4}),
    ("chromium", {"seed": 211, "language": "zh", "count": 4}),
    ("chromium", {"seed": 212, "language": "en", "count": 3}),
    ("reportlab", {"profile": -1, "date": "2025-02-03", "seed": 225, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2025-02-17", "seed": 226, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2025-03-03", "seed": 227, "pages": 4}),
    ("typst", {"seed": 319, "language": "en", "count": 5}),
    ("typst", {"seed": 320, "language": "zh", "count": 5}),
    ("typst", {"seed": 321, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 322, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 411, "language": "en", "count": 5}),
    ("tex", {"seed": 412, "language": "zh", "count": 5}),
    ("tex", {"seed": 413, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 414, "language": "en", "count": 3, "small": True}),
    # Round 5, the same shape plus a reportlab issue (63 pages): scored once with round 4's
    # rules before any change (zero-edit 0.937, every target met on each producer), then tuned.
    ("chromium", {"seed": 213, "language": "zh", "count": 4}),
    ("chromium", {"seed": 214, "language": "en", "count": 4}),
    ("chromium", {"seed": 215, "language": "zh", "count": 4}),
    ("chromium", {"seed": 216, "language": "en", "count": 3}),
    ("reportlab", {"profile": -1, "date": "2025-03-17", "seed": 228, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2025-03-31", "seed": 229, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2025-04-14", "seed": 230, "pages": 4}),
    ("reportlab", {"profile": 1, "date": "2025-04-28", "seed": 231, "pages": 4}),
    ("typst", {"seed": 323, "language": "en", "count": 5}),
    ("typst", {"seed": 324, "language": "zh", "count": 5}),
    ("typst", {"seed": 325, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 326, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 415, "language": "en", "count": 5}),
    ("tex", {"seed": 416, "language": "zh", "count": 5}),
    ("tex", {"seed": 417, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 418, "language": "en", "count": 3, "small": True}),
    # Round 6: Typst (32 pages) and six-page reportlab issues for more jump lines; untouched
    # with round 5's rules: zero-edit 0.929, Typst 0.906, jumps 25/27.
    ("typst", {"seed": 327, "language": "en", "count": 5}),
    ("typst", {"seed": 328, "language": "zh", "count": 5}),
    ("typst", {"seed": 329, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 330, "language": "en", "count": 3, "small": True}),
    ("typst", {"seed": 331, "language": "en", "count": 5}),
    ("typst", {"seed": 332, "language": "zh", "count": 5}),
    ("typst", {"seed": 333, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 334, "language": "en", "count": 3, "small": True}),
    ("reportlab", {"profile": -1, "date": "2025-05-12", "seed": 232, "pages": 6}),
    ("reportlab", {"profile": 2, "date": "2025-05-26", "seed": 233, "pages": 6}),
    ("reportlab", {"profile": 0, "date": "2025-06-09", "seed": 234, "pages": 6}),
    ("reportlab", {"profile": 1, "date": "2025-06-23", "seed": 235, "pages": 6}),
    # Round 7 (untouched with round 6's rules and those from the retired held-out pages:
    # zero-edit 0.962; Typst 1.000, XeLaTeX 0.875).
    ("chromium", {"seed": 217, "language": "zh", "count": 4}),
    ("chromium", {"seed": 218, "language": "en", "count": 4}),
    ("reportlab", {"profile": -1, "date": "2025-07-07", "seed": 236, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2025-07-21", "seed": 237, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2025-08-04", "seed": 238, "pages": 4}),
    ("typst", {"seed": 335, "language": "en", "count": 5}),
    ("typst", {"seed": 336, "language": "zh", "count": 5}),
    ("typst", {"seed": 337, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 338, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 419, "language": "en", "count": 5}),
    ("tex", {"seed": 420, "language": "zh", "count": 5}),
    ("tex", {"seed": 421, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 422, "language": "en", "count": 3, "small": True}),
    # Round 8: XeLaTeX only (jump lines), untouched: zero-edit 0.962, jumps 5/5.
    ("tex", {"seed": 423, "language": "en", "count": 5}),
    ("tex", {"seed": 424, "language": "zh", "count": 5}),
    ("tex", {"seed": 425, "language": "en", "count": 5}),
    ("tex", {"seed": 426, "language": "zh", "count": 5}),
    ("tex", {"seed": 427, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 428, "language": "en", "count": 3, "small": True}),
    # Round 9: XeLaTeX, scored once after the new held-out run (zero-edit 1.000, jumps 4/4);
    # nothing was tuned on it.
    ("tex", {"seed": 429, "language": "en", "count": 5}),
    ("tex", {"seed": 430, "language": "zh", "count": 5}),
    ("tex", {"seed": 431, "language": "en", "count": 5}),
    ("tex", {"seed": 432, "language": "zh", "count": 5}),
    # The first held-out sets (seeds 101-104, 77-79), run at the end of every round from the
    # first session of issue #11 on, retired to tuning on 2026-12-07 when their failures were
    # first looked at; the new held-out sets below replace them.
    ("chromium", {"seed": 101, "language": "zh", "count": 4}),
    ("chromium", {"seed": 102, "language": "en", "count": 4}),
    ("chromium", {"seed": 103, "language": "zh", "count": 4}),
    ("chromium", {"seed": 104, "language": "en", "count": 3}),
    ("reportlab", {"profile": -1, "date": "2024-09-18", "seed": 77, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2024-10-02", "seed": 78, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2024-11-11", "seed": 79, "pages": 4}),
    ("typst", {"seed": 101, "language": "en", "count": 5}),
    ("typst", {"seed": 102, "language": "zh", "count": 5}),
    ("typst", {"seed": 103, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 104, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 101, "language": "en", "count": 5}),
    ("tex", {"seed": 102, "language": "zh", "count": 5}),
    ("tex", {"seed": 103, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 104, "language": "en", "count": 3, "small": True}),
]
HELD_OUT_SETS: list[tuple[str, dict[str, Any]]] = [
    # Second held-out sets (from 2026-12-07), the shape of the first: seeds, dates and profiles
    # used nowhere else. NEVER look at their pages, failures or figures while tuning; run them
    # once, at the end of a round, to report.
    ("chromium", {"seed": 121, "language": "zh", "count": 4}),
    ("chromium", {"seed": 122, "language": "en", "count": 4}),
    ("chromium", {"seed": 123, "language": "zh", "count": 4}),
    ("chromium", {"seed": 124, "language": "en", "count": 3}),
    ("reportlab", {"profile": -1, "date": "2025-09-15", "seed": 87, "pages": 4}),
    ("reportlab", {"profile": 2, "date": "2025-10-06", "seed": 88, "pages": 4}),
    ("reportlab", {"profile": 0, "date": "2025-11-03", "seed": 89, "pages": 4}),
    ("typst", {"seed": 121, "language": "en", "count": 5}),
    ("typst", {"seed": 122, "language": "zh", "count": 5}),
    ("typst", {"seed": 123, "language": "zh", "count": 3, "small": True}),
    ("typst", {"seed": 124, "language": "en", "count": 3, "small": True}),
    ("tex", {"seed": 121, "language": "en", "count": 5}),
    ("tex", {"seed": 122, "language": "zh", "count": 5}),
    ("tex", {"seed": 123, "language": "zh", "count": 3, "small": True}),
    ("tex", {"seed": 124, "language": "en", "count": 3, "small": True}),
]


def _generator_digest(producer: str) -> str:
    """A digest of the sample generators' source, so a changed generator never reuses stale pages.

    The Typst producer's package (``samples/typst_pages/``, and the Typst version) counts only
    for its own pages: the reportlab and Chromium pages do not use it, so a change to it keeps
    their caches."""
    import hashlib

    import broadsheet.samples as samples

    digest = hashlib.sha256()
    root = Path(samples.__file__).parent
    for path in sorted(root.glob("*.py")):  # the modules only: not the typst_pages package
        digest.update(path.read_bytes())
    if producer == "tex":  # like Typst: its own package counts only for its own pages
        for path in sorted((root / "tex_pages").glob("*.py")):
            digest.update(path.read_bytes())
    if producer == "typst":
        for path in sorted((root / "typst_pages").glob("*.py")):
            digest.update(path.read_bytes())
        from importlib.metadata import version

        digest.update(version("typst").encode())
    return digest.hexdigest()[:10]


def _key(producer: str, params: dict[str, Any]) -> str:
    return (
        producer
        + "-"
        + "-".join(f"{k}{v}" for k, v in sorted(params.items()))
        + "-"
        + _generator_digest(producer)
    )


def _generate(producer: str, params: dict[str, Any]) -> list[tuple[bytes, dict[str, Any]]]:
    if producer == "chromium":
        from broadsheet.samples.chromium import generate_pages

        return [
            (p.pdf, p.truth)
            for p in generate_pages(params["seed"], params["count"], params["language"])
        ]
    if producer == "typst":
        from broadsheet.samples.typst_pages import generate_pages as typeset

        pages = typeset(
            params["seed"],
            params["count"],
            params["language"],
            small=str(params.get("small")) == "True",
        )
        return [(p.pdf, p.truth) for p in pages.pages]
    if producer == "tex":
        from broadsheet.samples.tex_pages import generate_pages as typeset_tex

        tex = typeset_tex(
            params["seed"],
            params["count"],
            params["language"],
            small=str(params.get("small")) == "True",
        )
        return [(p.pdf, p.truth) for p in tex.pages]
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue  # type: ignore[attr-defined]

    profiles = list(DEMO_PUBLICATIONS)
    profile = profiles[params["profile"] % len(profiles)]
    date = datetime.date.fromisoformat(params["date"])
    issue = generate_issue(profile, date, params["pages"], params["seed"])
    return [(p.pdf, p.truth) for p in issue.pages]


def load_set(producer: str, params: dict[str, Any]) -> list[tuple[bytes, dict[str, Any]]]:
    folder = CACHE / _key(producer, params)
    if (folder / "done").exists():
        out = []
        for pdf_path in sorted(folder.glob("*.pdf")):
            truth = json.loads(pdf_path.with_suffix(".json").read_text("utf-8"))
            out.append((pdf_path.read_bytes(), truth))
        return out
    pages = _generate(producer, params)
    folder.mkdir(parents=True, exist_ok=True)
    for n, (pdf, truth) in enumerate(pages, start=1):
        (folder / f"{n:03d}.pdf").write_bytes(pdf)
        (folder / f"{n:03d}.json").write_text(json.dumps(truth, ensure_ascii=False), "utf-8")
    (folder / "done").write_text("ok")
    return pages


def _labels(producer: str, params: dict[str, Any], count: int) -> dict[int, str] | None:
    """The printed page labels of a set's pages (jump lines name them), where the producer
    makes whole issues: the reportlab sample issues."""
    if producer != "reportlab":
        return None
    from broadsheet.samples import DEMO_PUBLICATIONS  # type: ignore[attr-defined]

    profiles = list(DEMO_PUBLICATIONS)
    profile = profiles[params["profile"] % len(profiles)]
    return {i: profile.page_label(i) for i in range(1, count + 1)}


JUMPS: dict[str, list[int]] = {}  # producer -> [right, total], filled by run_set


def run_set(
    sets: list[tuple[str, dict[str, Any]]], show: bool
) -> Iterator[tuple[str, PageScore, float]]:
    from broadsheet.layout import link_jumps
    from broadsheet.layout.evaluation import jump_links

    for producer, params in sets:
        try:
            pages = load_set(producer, params)
        except Exception as exc:  # a producer that is not available is reported, not fatal
            print(f"  skip {_key(producer, params)}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        truths, preds = [], []
        for pdf, truth in pages:
            doc = pdfium.PdfDocument(pdf)
            try:
                page = doc[0]
                start = time.perf_counter()
                pred = analyze_page(page, truth.get("index", 1))
                elapsed = time.perf_counter() - start
                page.close()
            finally:
                doc.close()
            score = score_page(truth, pred)
            truths.append(truth)
            preds.append(pred)
            if show and not score.zero_edit:
                print(
                    f"  {_key(producer, params)} p{truth.get('index')}: true {score.true_count} "
                    f"pred {score.pred_count} @0.95 {score.matched[0.95]} splits {score.splits} merges {score.merges}"
                )
            yield producer, score, elapsed
        # Jumps are linked across the whole set (one issue), as the ingest does.
        link_jumps(preds, _labels(producer, params, len(preds)))
        right, total = jump_links(truths, preds)
        tally = JUMPS.setdefault(producer, [0, 0])
        tally[0] += right
        tally[1] += total


def report(name: str, rows: list[tuple[str, PageScore, float]]) -> dict[str, float]:
    figures: dict[str, float] = {}
    jumps = dict(JUMPS)
    JUMPS.clear()
    groups = {"overall": rows}
    for producer in sorted({r[0] for r in rows}):
        groups[producer] = [r for r in rows if r[0] == producer]
    print(f"\n== {name} ==")
    for group, items in groups.items():
        if not items:
            continue
        s = summarise([r[1] for r in items])
        secs = sum(r[2] for r in items) / len(items)
        roles = " ".join(f"{k}={v:.3f}" for k, v in sorted(s.role_accuracy.items()))
        tallies = list(jumps.values()) if group == "overall" else [jumps.get(group, [0, 0])]
        jump_right, jump_total = sum(t[0] for t in tallies), sum(t[1] for t in tallies)
        jump_share = jump_right / jump_total if jump_total else 1.0
        print(
            f"{group:10s} pages={s.pages} true={s.true_articles} pred={s.pred_articles} "
            f"F1@.5={s.article_f1[0.5]:.3f} F1@.8={s.article_f1[0.8]:.3f} F1@.95={s.article_f1[0.95]:.3f} "
            f"splits={s.splits} merges={s.merges} zoneIoU={s.zone_iou:.3f} order={s.reading_order:.3f} "
            f"zero_edit={s.zero_edit_pages:.3f} jumps={jump_right}/{jump_total} s/page={secs:.3f} {roles}"
        )
        if group == "overall":
            figures = {
                "article_f1_at_0_8": s.article_f1[0.8],
                "article_f1_at_0_95": s.article_f1[0.95],
                "zone_iou": s.zone_iou,
                "headline_acc": s.role_accuracy.get("headline", 0.0),
                "zero_edit_pages": s.zero_edit_pages,
                # Split and merged true articles, as a share of all true articles.
                "splits_merges_share": (s.splits + s.merges) / s.true_articles
                if s.true_articles
                else 0.0,
                # Continued articles whose jump is linked to the right continuation.
                "jump_links": jump_share,
                "seconds_per_page": secs,
            }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show-failures", action="store_true", help="list pages needing edits (dev set)"
    )
    parser.add_argument("--dev-only", action="store_true")
    parser.add_argument("--tune", action="store_true", help="also report the extra tuning pages")
    args = parser.parse_args(argv)
    report("DEVELOPMENT", list(run_set(DEV_SETS, args.show_failures)))
    if args.tune:
        report("TUNING", list(run_set(TUNE_SETS, args.show_failures)))
    if args.dev_only:
        return 0
    held = report("HELD-OUT", list(run_set(HELD_OUT_SETS, False)))
    print("RESULT " + " ".join(f"{k}={v:.3f}" for k, v in held.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
