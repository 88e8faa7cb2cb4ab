"""OCR engines on scanned sample pages: RapidOCR (PP-OCR ONNX models) against Tesseract.

    .venv/bin/python bench/ocr.py [--zh-pages 4] [--en-pages 2] [--dpi 200] [--band 0.3]
        [--degradations clean,archive,fax,blur] [--engines rapidocr,tesseract] [--seed 1]

Pages come from `broadsheet.samples` (江城晚报 for Chinese, The Riverside Courier for English)
and are scanned by `broadsheet.samples.scans` at `--dpi` with each named preset (the preset's
own dpi is replaced). To keep the run within minutes on two cores, each engine reads a band of
every scan, `--band` of the page's height across its whole width at a seeded height, and the
truth is the text blocks lying wholly inside the band.

Figures, per engine, per degradation and overall:
- CER: edit distance over CJK ideographs and Latin letters and digits (NFKC, case kept;
  whitespace and punctuation dropped) between the truth blocks in reading order and the
  recognised lines, each line given to the truth block holding its centre (the smallest such) and sorted
  top-to-bottom (then left-to-right) within it; lines outside every block (page furniture,
  photos, blocks cut by the band) are not counted. The layout is the truth's, so this measures
  recognition, not layout analysis. Total edits / total truth characters.
- search recall (Chinese pages): 200 seeded substrings of 2–4 ideographs per page taken from the
  band's truth; found when it occurs in the band's recognised text, whitespace removed (the
  lines in reading order as for CER, then every line as the engine gave them).
- seconds per page: recognition seconds scaled to a whole scan (seconds / share of its area).
- article F1 at 0.5 and seconds per whole page (`--pipeline-pages`, Chinese first, clean
  scans): Broadsheet's own OCR (`broadsheet.ocr.recognise_page`) and the page analyser on the
  recognised lines, scored against the sample's truth by `broadsheet.layout.evaluation`; on the
  same pages, the pipeline's whole-page CER and search recall (`page_cer`,
  `page_search_recall`: every truth block of the page, as for the bands) and its CPU seconds
  (`cpu_seconds_per_page`, this process: less affected than wall seconds by a busy machine).
The `rapidocr` band engine is Broadsheet's own (`broadsheet.ocr.engine`), so the band figures
measure the shipped settings.
Ends with one line `RESULT engine=… cer_clean=… cer_degraded=… search_recall=…
article_f1_at_0_5=… page_cer=… page_search_recall=… seconds_per_page=… cpu_seconds_per_page=…
band_seconds_per_page=…` for the recommended engine
(the lower degraded CER); both engines' band figures are printed above it.
Nothing is downloaded: RapidOCR is given the model files inside its wheel, and sockets are
closed for the whole run (any attempt to connect raises).
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from broadsheet.samples import generate_issue, profile_by_slug
from broadsheet.samples.scans import ScannedPage, preset, scan_pages

Line = tuple[str, tuple[float, float, float, float]]  # text, box in the image's pixels
Engine = Callable[..., list[Line]]  # (image, language, dpi=None)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def no_network(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("bench/ocr.py: an OCR engine tried to use the network")


def close_sockets() -> None:
    socket.socket.connect = no_network  # type: ignore[method-assign]
    socket.create_connection = no_network
    socket.getaddrinfo = no_network


def normalise(text: str) -> str:
    """The characters CER counts: CJK ideographs, Latin letters and digits (after NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if CJK.match(ch) or (ch.isascii() and ch.isalnum()))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (insertions by a running minimum)."""
    if not a or not b:
        return max(len(a), len(b))
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    ramp = np.arange(len(b) + 1, dtype=np.int32)
    row = ramp.copy()
    for i, ch in enumerate(a, start=1):
        cost = (bb != ord(ch)).astype(np.int32)
        new = np.empty_like(row)
        new[0] = i
        new[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        new = np.minimum.accumulate(new - ramp) + ramp
        row = new
    return int(row[-1])


def rapidocr_engine() -> Engine:
    """Broadsheet's own engine (`broadsheet.ocr.engine`: the PP-OCRv6 models of the wheel, its
    detection resolution and session options), so the band figures measure what ships."""
    from broadsheet.ocr.engine import rapidocr_engine as broadsheet_engine

    ocr = broadsheet_engine()

    def run(image: Image.Image, language: str, dpi: float | None = None) -> list[Line]:
        return [(ln.text, ln.box) for ln in ocr.lines(np.asarray(image.convert("L")), dpi)]

    return run


def tesseract_engine() -> Engine:
    def run(image: Image.Image, language: str, dpi: float | None = None) -> list[Line]:
        lang = "chi_sim" if language.startswith("zh") else "eng"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scan.png"
            image.save(path)
            out = subprocess.run(
                ["tesseract", str(path), "stdout", "-l", lang, "--psm", "3", "tsv"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        words: dict[tuple[str, ...], list[tuple[str, int, int, int, int]]] = defaultdict(list)
        for row in out.splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
                x, y, w, h = (int(v) for v in cols[6:10])
                words[tuple(cols[1:5])].append((cols[11], x, y, x + w, y + h))
        sep = "" if language.startswith("zh") else " "
        return [
            (
                sep.join(w[0] for w in ws),
                (
                    min(w[1] for w in ws),
                    min(w[2] for w in ws),
                    max(w[3] for w in ws),
                    max(w[4] for w in ws),
                ),
            )
            for ws in words.values()
        ]

    return run


ENGINES: dict[str, Callable[[], Engine]] = {
    "rapidocr": rapidocr_engine,
    "tesseract": tesseract_engine,
}


@dataclass
class Tally:
    edits: int = 0
    chars: int = 0
    found: int = 0
    searched: int = 0
    seconds: float = 0.0
    pages: float = 0.0  # whole-page equivalents read
    lost_lines: int = 0
    by_language: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, other: Tally) -> None:
        self.edits += other.edits
        self.chars += other.chars
        self.found += other.found
        self.searched += other.searched
        self.seconds += other.seconds
        self.pages += other.pages
        self.lost_lines += other.lost_lines
        for lang, (e, c) in other.by_language.items():
            self.by_language[lang][0] += e
            self.by_language[lang][1] += c

    def cer(self, language: str | None = None) -> float:
        e, c = (self.edits, self.chars) if language is None else self.by_language[language]
        return e / max(c, 1)

    def recall(self) -> float:
        return self.found / max(self.searched, 1)

    def spp(self) -> float:
        return self.seconds / max(self.pages, 1e-9)


@dataclass
class Band:
    """The part of a scan an engine reads, and the truth blocks wholly inside it."""

    scan: ScannedPage
    image: Image.Image
    top: float
    blocks: list[tuple[str, tuple[float, float, float, float]]]  # text, box on the band image
    share: float  # of the whole scan's area


def make_band(scan: ScannedPage, fraction: float, rng: random.Random) -> Band:
    height = scan.image.height
    top = 0 if fraction >= 1 else round(rng.uniform(0.1, max(0.1, 0.95 - fraction)) * height)
    bottom = min(height, top + round(fraction * height))
    blocks = []
    for article in scan.articles:
        for block in article.blocks:
            x0, y0, x1, y1 = block.box
            if y0 >= top and y1 <= bottom:
                blocks.append((block.text, (x0, y0 - top, x1, y1 - top)))
    image = scan.image.crop((0, top, scan.image.width, bottom))
    return Band(scan, image, top, blocks, (bottom - top) / height)


def in_rows(found: list[tuple[float, float, str]], tolerance: float = 12.0) -> list[str]:
    """A block's recognised pieces in reading order: top to bottom by row, left to right in a
    row. A justified line can come back as several pieces whose centres differ by a pixel or
    two, so pieces whose centres lie within `tolerance` px (a third of a body line at 200–300
    dpi) of the row's first are one row; a plain sort by (y, x) would read them out of order."""
    rows: list[list[tuple[float, float, str]]] = []
    for piece in sorted(found):
        if rows and piece[0] - rows[-1][0][0] <= tolerance:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return [t for row in rows for _, _, t in sorted(row, key=lambda p: p[1])]


def score(band: Band, lines: list[Line], seconds: float, rng: random.Random) -> Tally:
    per_block: list[list[tuple[float, float, str]]] = [[] for _ in band.blocks]
    tally = Tally(seconds=seconds, pages=band.share)
    for text, (x0, y0, x1, y1) in lines:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        inside = [
            (b[2] - b[0]) * (b[3] - b[1])
            if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]
            else float("inf")
            for _, b in band.blocks
        ]
        if not inside or min(inside) == float("inf"):
            tally.lost_lines += 1
            continue
        per_block[inside.index(min(inside))].append((cy, cx, text))
    truth = "".join(normalise(text) for text, _ in band.blocks)
    hyp = "".join(normalise(t) for ls in per_block for t in in_rows(ls))
    tally.edits, tally.chars = edit_distance(truth, hyp), len(truth)
    language = band.scan.language[:2]
    tally.by_language[language] = [tally.edits, tally.chars]
    if language == "zh":
        ordered = [t for ls in per_block for t in in_rows(ls)] + [t for t, _ in lines]
        recognised = re.sub(r"\s+", "", "".join(ordered))  # reading order, then every line
        runs = [run for text, _ in band.blocks for run in CJK_RUN.findall(text)]
        if runs:
            for _ in range(200):
                run = rng.choice(runs)
                length = min(len(run), rng.randint(2, 4))
                start = rng.randint(0, len(run) - length)
                tally.found += run[start : start + length] in recognised
                tally.searched += 1
    return tally


def build_scans(args: argparse.Namespace) -> dict[str, list[ScannedPage]]:
    date = datetime.date(2026, 11, 27)
    sets = [("jcwb", args.zh_pages), ("courier", args.en_pages)]
    scans: dict[str, list[ScannedPage]] = {}
    for name in args.degradations.split(","):
        options = preset(name, dpi=args.dpi)
        scans[name] = []
        for slug, count in sets:
            if count:
                profile = profile_by_slug(slug)
                issue = generate_issue(profile, date, pages=count, seed=args.seed)
                scans[name] += scan_pages(
                    issue.pages, options, args.seed, language=profile.language
                )
    return scans


def pipeline_figures(count: int, args: argparse.Namespace) -> dict[str, float]:
    """Whole clean scans (Chinese first) through Broadsheet's own OCR
    (`broadsheet.ocr.recognise_page`: border, contrast, deskew, orientation, vertical columns)
    and the page analyser on its lines: article F1 at 0.5 against each sample page's truth
    (`broadsheet.layout.evaluation`), and the wall seconds per whole page (the 15 s target)."""
    from broadsheet.layout.evaluation import score_page, summarise
    from broadsheet.ocr import rapidocr_engine as ocr_engine
    from broadsheet.ocr import recognise_page
    from broadsheet.ocr.content import analyse_lines, usable_articles

    pairs: list[tuple[dict[str, Any], ScannedPage]] = []
    for slug, pages in (("jcwb", args.zh_pages), ("courier", args.en_pages)):
        if pages:
            profile = profile_by_slug(slug)
            issue = generate_issue(profile, datetime.date(2026, 11, 27), pages, seed=args.seed)
            scans = scan_pages(
                issue.pages, preset("clean", dpi=args.dpi), args.seed, language=profile.language
            )
            pairs += [(page.truth, scan) for page, scan in zip(issue.pages, scans, strict=True)]
    pairs = pairs[:count]
    if not pairs:
        keys = ("article_f1", "seconds_per_page", "cpu_seconds_per_page", "cer", "recall")
        return {key: float("nan") for key in keys}
    engine = ocr_engine()
    scores, seconds, cpu, tally = [], 0.0, 0.0, Tally()
    for truth, sc in pairs:
        t0, c0 = time.perf_counter(), time.process_time()
        rec = recognise_page(sc.image, engine, (truth["width"], truth["height"]))
        analysis = analyse_lines(rec.lines, rec.width, rec.height, truth["index"], list(rec.rules))
        analysis["articles"] = usable_articles(analysis)
        took, took_cpu = time.perf_counter() - t0, time.process_time() - c0
        seconds += took
        cpu += took_cpu
        scores.append(score_page(truth, analysis))
        # Whole-page CER and recall of the shipped pipeline: its lines back in scan pixels,
        # scored against every truth block of the page as the bands are.
        kx, ky = sc.image.width / rec.width, sc.image.height / rec.height
        page_lines = [
            (ln.text, (ln.box[0] * kx, ln.box[1] * ky, ln.box[2] * kx, ln.box[3] * ky))
            for ln in rec.lines
        ]
        whole = make_band(sc, 1.0, random.Random(0))
        page = score(whole, page_lines, took, random.Random(f"{args.seed}-page-{sc.index}"))
        tally.add(page)
        print(
            f"pipeline  {sc.language:7} page {truth['index']}: {len(rec.lines)} lines, "
            f"{len(analysis['articles'])} articles (truth {len(truth['articles'])}), "
            f"cer={page.cer():.4f} rotation={rec.rotation} {took:.1f} s ({took_cpu:.1f} s CPU)",
            flush=True,
        )
    summary = summarise(scores)
    return {
        "article_f1": summary.article_f1[0.5],
        "seconds_per_page": seconds / len(pairs),
        "cpu_seconds_per_page": cpu / len(pairs),
        "cer": tally.cer(),
        "recall": tally.recall() if tally.searched else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zh-pages", type=int, default=4)
    parser.add_argument("--en-pages", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--band", type=float, default=0.3)
    parser.add_argument("--degradations", default="clean,archive,fax,blur")
    parser.add_argument("--engines", default="rapidocr,tesseract")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pipeline-pages",
        type=int,
        default=2,
        help="whole clean scans (Chinese first) read by broadsheet.ocr and its analysis",
    )
    args = parser.parse_args(argv)
    close_sockets()
    started = time.perf_counter()
    scans = build_scans(args)
    count = sum(len(v) for v in scans.values())
    print(f"scans: {count} at {args.dpi} dpi, generated in {time.perf_counter() - started:.1f} s")
    bands = {
        name: [
            make_band(s, args.band, random.Random(f"{args.seed}-{s.language}-{s.index}"))
            for s in ss
        ]
        for name, ss in scans.items()
    }
    results: dict[str, dict[str, Tally]] = {}
    for engine_name in args.engines.split(","):
        engine = ENGINES[engine_name]()
        results[engine_name] = {}
        for name, bs in bands.items():
            total = Tally()
            for band in bs:
                t0 = time.perf_counter()
                lines = engine(band.image, band.scan.language, band.scan.dpi)
                seconds = time.perf_counter() - t0
                total.add(
                    score(band, lines, seconds, random.Random(f"{args.seed}-{band.scan.index}"))
                )
            results[engine_name][name] = total
            print(
                f"{engine_name:9} {name:9} cer={total.cer():.4f} (zh {total.cer('zh'):.4f}, "
                f"en {total.cer('en'):.4f}) recall={total.recall():.3f} "
                f"s/page={total.spp():.1f} truth_chars={total.chars} lost_lines={total.lost_lines}",
                flush=True,
            )
    summary: dict[str, dict[str, float]] = {}
    for engine_name, per in results.items():
        clean, degraded, overall = Tally(), Tally(), Tally()
        for name, tally in per.items():
            (clean if name == "clean" else degraded).add(tally)
            overall.add(tally)
        summary[engine_name] = {
            "cer_clean": clean.cer(),
            "cer_degraded": degraded.cer(),
            "search_recall": overall.recall(),
            "seconds_per_page": overall.spp(),
        }
    chosen = min(
        summary, key=lambda e: (summary[e]["cer_degraded"], summary[e]["seconds_per_page"])
    )
    pipe = pipeline_figures(args.pipeline_pages, args)
    print(f"total {time.perf_counter() - started:.0f} s; dpi={args.dpi} band={args.band}")
    for engine_name in sorted(summary, key=lambda e: e == chosen):
        s = summary[engine_name]
        print(
            f"{'chosen' if engine_name == chosen else 'other '} engine={engine_name} "
            f"cer_clean={s['cer_clean']:.4f} cer_degraded={s['cer_degraded']:.4f} "
            f"search_recall={s['search_recall']:.3f} seconds_per_page={s['seconds_per_page']:.1f}"
        )
    s = summary[chosen]
    print(
        f"RESULT engine={chosen} cer_clean={s['cer_clean']:.4f} "
        f"cer_degraded={s['cer_degraded']:.4f} search_recall={s['search_recall']:.3f} "
        f"article_f1_at_0_5={pipe['article_f1']:.3f} "
        f"page_cer={pipe['cer']:.4f} page_search_recall={pipe['recall']:.3f} "
        f"seconds_per_page={pipe['seconds_per_page']:.1f} "
        f"cpu_seconds_per_page={pipe['cpu_seconds_per_page']:.1f} "
        f"band_seconds_per_page={s['seconds_per_page']:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
