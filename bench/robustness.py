"""Robustness of the page analyser: hostile and odd pages, each timed.

    .venv/bin/python bench/robustness.py [--mutations 60] [--seed 7]

Cases: a generated page of six stories (a baseline for time), a page of 30,000 stray tiny glyphs, a page
of 2-point text in 400 dense rows, a 14,400-point page, a page rotated by /Rotate 90, an empty
page, and `--mutations` copies of the newspaper page with random byte flips and truncations
(each either refused by PDFium when the file or a page is opened, which the ingest reports
as a damaged file naming the page, or analysed). No exception may escape the analyser; the figure is the slowest page, against the
bound stated in docs/page-analysis.md. Ends with
`RESULT cases=… crashed=… refused=… max_seconds=… newspaper_seconds=…`.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from broadsheet.layout import analyze_page

Draw = Callable[[canvas.Canvas], None]
WORDS = [
    "council",
    "bridge",
    "river",
    "vote",
    "traders",
    "mayor",
    "harbour",
    "plan",
    "evening",
    "residents",
]


def make_pdf(draw: Draw, size: tuple[float, float] = (842, 1191), rotate: int = 0) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    if rotate:
        c.setPageRotation(rotate)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def newspaper(c: canvas.Canvas) -> None:
    """Six stories in three columns: headlines, bylines, body text, rules."""
    rnd = random.Random(3)
    for story in range(6):
        x = 40 + (story % 3) * 260
        top = 1100 - (story // 3) * 520
        c.setFont("Helvetica-Bold", 22)
        c.drawString(x, top, " ".join(rnd.choice(WORDS).title() for _ in range(4)))
        c.setFont("Helvetica-Oblique", 9)
        c.drawString(x, top - 22, "By Anna Schmidt and Max Weber")
        c.setFont("Helvetica", 9)
        for row in range(36):
            c.drawString(x, top - 40 - row * 11, " ".join(rnd.choice(WORDS) for _ in range(7)))
        c.line(x, top - 450, x + 240, top - 450)


def stray_glyphs(c: canvas.Canvas) -> None:
    rnd = random.Random(1)
    for _ in range(30_000):
        c.setFont("Helvetica", rnd.choice([0.8, 1, 2, 3]))
        c.drawString(rnd.uniform(0, 840), rnd.uniform(0, 1190), rnd.choice("abcdefghij"))


def dense_rows(c: canvas.Canvas) -> None:
    rnd = random.Random(2)
    c.setFont("Helvetica", 2)
    for row in range(400):
        c.drawString(10, 1185 - row * 2.05, " ".join(rnd.choice(WORDS) for _ in range(90)))


def giant(c: canvas.Canvas) -> None:
    c.setFont("Helvetica-Bold", 200)
    c.drawString(100, 13000, "A HEADLINE ON A GIANT PAGE")
    c.setFont("Helvetica", 10)
    for row in range(300):
        c.drawString(100, 12000 - row * 12, " ".join(WORDS))


def cases(mutations: int, seed: int) -> Iterator[tuple[str, bytes]]:
    base = make_pdf(newspaper)
    yield "newspaper", base
    yield "30,000 stray tiny glyphs", make_pdf(stray_glyphs)
    yield "400 rows of 2 pt text", make_pdf(dense_rows)
    yield "14,400 pt page", make_pdf(giant, size=(14_400, 14_400))
    yield "rotated 90", make_pdf(newspaper, rotate=90)
    yield "empty page", make_pdf(lambda c: None)
    rnd = random.Random(seed)
    for k in range(mutations):
        data = bytearray(base)
        if k % 3 == 2:
            data = data[: rnd.randrange(len(data) // 4, len(data))]
            yield f"truncated #{k}", bytes(data)
            continue
        for _ in range(rnd.choice([1, 5, 50, 500])):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        yield f"byte flips #{k}", bytes(data)


def analyse_all(data: bytes) -> tuple[str, float, str]:
    """("ok" | "refused" | "crashed", seconds of the slowest page, what happened)."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return "refused", 0.0, f"not opened: {exc}"
    slowest, notes = 0.0, []
    try:
        for i in range(len(doc)):
            try:
                page = doc[i]
            except pdfium.PdfiumError as exc:  # the ingest refuses the file, naming the page
                return "refused", 0.0, f"page {i + 1} not loaded: {exc}"
            t0 = time.perf_counter()
            try:
                result = analyze_page(page, i + 1)
            except Exception as exc:  # noqa: BLE001 - what we are looking for
                return (
                    "crashed",
                    time.perf_counter() - t0,
                    "".join(traceback.format_exception_only(exc)).strip(),
                )
            finally:
                page.close()
            slowest = max(slowest, time.perf_counter() - t0)
            error = result.get("analysis_error")
            notes.append(
                f"{result['text_quality']}, {len(result['articles'])} articles"
                + (f", {error.split(';')[0]}" if error else "")
            )
    finally:
        doc.close()
    return "ok", slowest, "; ".join(notes) or "no pages"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    counts = {"ok": 0, "refused": 0, "crashed": 0}
    worst, newspaper_seconds = 0.0, 0.0
    for name, data in cases(args.mutations, args.seed):
        outcome, seconds, note = analyse_all(data)
        counts[outcome] += 1
        worst = max(worst, seconds)
        if name == "newspaper":
            newspaper_seconds = seconds
        print(f"{name:28s} {outcome:8s} {seconds:6.2f} s  {note[:110]}")
    total = sum(counts.values())
    print(
        f"RESULT cases={total} crashed={counts['crashed']} refused={counts['refused']} "
        f"max_seconds={worst:.2f} newspaper_seconds={newspaper_seconds:.3f}"
    )
    return 1 if counts["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
