"""Real-page report of the page analyser: every page of the real newspaper PDFs, drawn and scored.

    .venv/bin/python bench/real_pages.py [--pdf-dir ../shared/real/pdf] [--out /tmp/real-pages]
        [--reference bench/real_pages_reference.json]

For every PDF in ``--pdf-dir`` (default: ``shared/real/pdf`` beside the project, see
``../shared/real/README.md``; the files are read there, never copied) and every page, the analyser
runs on the pypdfium2 page. An exception is a crash: counted, printed with its type and message,
and the report goes on. Per page it prints the text quality, the seconds taken and each article
(kind, headline, byline, characters of text, bounding box of its zones), and draws the page with
the articles' zones (coloured, numbered, labelled with the kind) and the reference stories
(dashed black) to ``--out/<file stem>_p<page>.png``.

The reference (``bench/real_pages_reference.json``) describes the born-digital pages as a person
sees them: each story's kind, its box in PDF points (origin top left) and its headline, stored only
as the sha1 of the normalised headline (``normalise_headline``) and its length, so that no text of
these pages is kept in the project. A file whose sha256 differs from the reference's is reported and
not scored.

Scoring is the "right headline and extent" criterion of the issue: a reference story is *found*
when an analysed article has the same normalised headline (equal sha1) and the bounding box of its
zones has IoU >= 0.5 with the story's box. A story printed without a headline (an image-only
advert, a picture) has an empty hash: then only the IoU counts and the kind must match. Each
analysed article finds at most one story. An analysed article that overlaps no reference story
is a false article (on furniture when it lies mostly on a furniture box of the reference); one that
matched nothing but overlaps a story is listed as extra (a split piece, a fragment, or the story's
article with the wrong headline or extent).

The last line is ``RESULT pages=N crashed=C stories_found_share=F seconds_per_page=S``, F being
found / total stories over the scored reference pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]

DEFAULT_PDF_DIR = Path(__file__).resolve().parents[2] / "shared/real/pdf"
DEFAULT_REFERENCE = Path(__file__).resolve().parent / "real_pages_reference.json"
DEFAULT_OUT = Path("/tmp/real-pages")
MIN_IOU = 0.5
# An article "overlaps" a story (or furniture) when their intersection covers this share of the
# smaller of the two boxes; hand-drawn boxes touch their neighbours by a point or two.
OVERLAP_SHARE = 0.1
RENDER_HEIGHT = 1200


# ---- pure scoring functions (unit-tested in tests/layout/test_real_pages.py) ----


def normalise_headline(text: str) -> str:
    """NFKC, lower case, without whitespace, punctuation, separators or control/format characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(
        ch
        for ch in text
        if not ch.isspace() and unicodedata.category(ch)[0] not in "PZ"
        if unicodedata.category(ch) not in ("Cc", "Cf")
    )


def headline_key(text: str) -> str:
    """sha1 (hex) of the normalised headline; "" when nothing is left of it."""
    norm = normalise_headline(text)
    return hashlib.sha1(norm.encode("utf-8")).hexdigest() if norm else ""


def as_box(values: Sequence[float]) -> Box:
    """A reference box [x0, y0, x1, y1] as a tuple."""
    x0, y0, x1, y1 = (float(v) for v in values)
    return (x0, y0, x1, y1)


def box_area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: Box, b: Box) -> float:
    return box_area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def box_iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes [x0, y0, x1, y1]; 0.0 when both are empty."""
    inter = intersection(a, b)
    union = box_area(a) + box_area(b) - inter
    return inter / union if union > 0 else 0.0


def overlaps(a: Box, b: Box, share: float = OVERLAP_SHARE) -> bool:
    smaller = min(box_area(a), box_area(b))
    return smaller > 0 and intersection(a, b) >= share * smaller


def region_box(region: Sequence[Any]) -> Box | None:
    """A region's bounding box: a rectangle [x0, y0, x1, y1] or a polygon [[x, y], ...]."""
    if not region:
        return None
    if isinstance(region[0], int | float):
        if len(region) == 4:
            x0, y0, x1, y1 = (float(v) for v in region)
            return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        points = [(float(region[i]), float(region[i + 1])) for i in range(0, len(region) - 1, 2)]
    else:
        points = [(float(p[0]), float(p[1])) for p in region]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def regions_bbox(regions: Iterable[Sequence[Any]]) -> Box | None:
    """Bounding box of all of an article's regions; None when it has none."""
    boxes = [b for b in (region_box(r) for r in regions) if b is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass
class Missed:
    story: int  # index in the reference page's stories
    kind: str
    best_article: int | None  # index of the analysed article overlapping it most
    best_iou: float
    headline_equal: bool
    # the analysed article with the story's headline, if any (it may have the wrong extent)
    same_headline: int | None = None
    same_headline_iou: float = 0.0


@dataclass
class PageMatch:
    total: int
    found: list[tuple[int, int]] = field(default_factory=list)  # (story, article)
    missed: list[Missed] = field(default_factory=list)
    # unmatched articles overlapping a story: (article, story it overlaps most); split pieces,
    # fragments, or an article with the wrong headline or extent
    extra: list[tuple[int, int]] = field(default_factory=list)
    false_articles: list[int] = field(default_factory=list)
    on_furniture: list[int] = field(default_factory=list)  # false articles lying on furniture


def match_page(reference: dict[str, Any], articles: Sequence[dict[str, Any]]) -> PageMatch:
    """Score one page's analysed articles against its reference stories (see the module doc)."""
    stories = reference.get("stories", [])
    furniture = [as_box(f["box"]) for f in reference.get("furniture", [])]
    boxes = [regions_bbox(a.get("regions", [])) for a in articles]
    keys = [headline_key(a.get("headline", "")) for a in articles]
    candidates: list[tuple[float, int, int]] = []
    for s, story in enumerate(stories):
        sbox = as_box(story["box"])
        for a, abox in enumerate(boxes):
            if abox is None:
                continue
            iou = box_iou(sbox, abox)
            if iou < MIN_IOU:
                continue
            if story["headline_sha1"]:
                ok = keys[a] == story["headline_sha1"]
            else:
                ok = articles[a].get("kind") == story["kind"]
            if ok:
                candidates.append((iou, s, a))
    result = PageMatch(total=len(stories))
    used_s: set[int] = set()
    used_a: set[int] = set()
    for _iou, s, a in sorted(candidates, reverse=True):
        if s not in used_s and a not in used_a:
            used_s.add(s)
            used_a.add(a)
            result.found.append((s, a))
    result.found.sort()
    for s, story in enumerate(stories):
        if s in used_s:
            continue
        sbox = as_box(story["box"])
        best: int | None = None
        best_inter = 0.0
        for a, abox in enumerate(boxes):
            if abox is not None and intersection(sbox, abox) > best_inter:
                best, best_inter = a, intersection(sbox, abox)
        best_box = boxes[best] if best is not None else None
        same = [
            a
            for a in range(len(articles))
            if story["headline_sha1"] and keys[a] == story["headline_sha1"]
        ]
        same_box = boxes[same[0]] if same else None
        result.missed.append(
            Missed(
                story=s,
                kind=story["kind"],
                best_article=best,
                best_iou=box_iou(sbox, best_box) if best_box else 0.0,
                headline_equal=best is not None and best in same,
                same_headline=same[0] if same else None,
                same_headline_iou=box_iou(sbox, same_box) if same_box else 0.0,
            )
        )
    for a, abox in enumerate(boxes):
        if abox is None or a in used_a:
            continue
        touched = [
            (intersection(abox, as_box(story["box"])), s)
            for s, story in enumerate(stories)
            if overlaps(abox, as_box(story["box"]))
        ]
        if touched:
            result.extra.append((a, max(touched)[1]))
            continue
        result.false_articles.append(a)
        if any(intersection(abox, f) >= 0.5 * box_area(abox) for f in furniture):
            result.on_furniture.append(a)
    return result


# ---- running and drawing ----


@dataclass
class Summary:
    pages: int = 0
    crashed: int = 0
    found: int = 0
    total: int = 0
    seconds: float = 0.0
    pngs: list[Path] = field(default_factory=list)

    @property
    def found_share(self) -> float:
        return self.found / self.total if self.total else math.nan

    def result_line(self) -> str:
        per_page = self.seconds / self.pages if self.pages else math.nan
        return (
            f"RESULT pages={self.pages} crashed={self.crashed} "
            f"stories_found_share={self.found_share:.3f} seconds_per_page={per_page:.3f}"
        )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fmt_box(box: Box | None) -> str:
    return "[" + ", ".join(f"{v:.0f}" for v in box) + "]" if box else "[]"


def _cut(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


PALETTE = [
    (230, 25, 75),
    (60, 180, 75),
    (0, 130, 200),
    (245, 130, 48),
    (145, 30, 180),
    (70, 200, 200),
    (240, 50, 230),
    (150, 150, 0),
    (0, 128, 128),
    (170, 110, 40),
    (128, 0, 0),
    (0, 0, 128),
]


def _dashed_rect(draw: Any, box: Box, fill: tuple[int, ...], width: int, dash: float = 8) -> None:
    x0, y0, x1, y1 = box
    for (ax, ay), (bx, by) in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ):
        length = math.hypot(bx - ax, by - ay)
        steps = max(1, int(length // dash))
        for i in range(0, steps, 2):
            t0, t1 = i / steps, min(1.0, (i + 1) / steps)
            draw.line(
                [
                    (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                    (ax + (bx - ax) * t1, ay + (by - ay) * t1),
                ],
                fill=fill,
                width=width,
            )


def draw_page(
    page: Any,
    articles: Sequence[dict[str, Any]],
    reference: dict[str, Any] | None,
    path: Path,
) -> None:
    """Render ``page`` at about RENDER_HEIGHT px and draw zones (coloured) and reference (dashed)."""
    from PIL import Image, ImageDraw, ImageFont

    width_pt, height_pt = page.get_size()
    scale = RENDER_HEIGHT / height_pt
    image = page.render(scale=scale).to_pil().convert("RGBA")
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font = ImageFont.load_default(size=13)

    def px(box: Box) -> Box:
        return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)

    for n, article in enumerate(articles):
        colour = PALETTE[n % len(PALETTE)]
        first: Box | None = None
        for region in article.get("regions", []):
            if region and not isinstance(region[0], int | float):  # a polygon
                points = [(float(p[0]) * scale, float(p[1]) * scale) for p in region]
                draw.polygon(points, fill=colour + (35,), outline=colour + (220,), width=3)
                box = region_box(region)
            else:
                box = region_box(region)
                if box is None:
                    continue
                draw.rectangle(px(box), fill=colour + (35,), outline=colour + (220,), width=3)
            if first is None and box is not None:
                first = box
        if first is not None:
            x, y = first[0] * scale + 3, first[1] * scale + 3
            label = f"a{n + 1} {article.get('kind', '?')}"
            tb = draw.textbbox((x, y), label, font=font)
            draw.rectangle(tb, fill=colour + (230,))
            draw.text((x, y), label, fill=(255, 255, 255, 255), font=font)
    if reference:
        for f in reference.get("furniture", []):
            _dashed_rect(draw, px(as_box(f["box"])), (120, 120, 120, 200), 1, dash=4)
        for n, story in enumerate(reference.get("stories", [])):
            box = px(as_box(story["box"]))
            _dashed_rect(draw, box, (0, 0, 0, 255), 2)
            label = f"R{n} {story['kind']}"
            tb = draw.textbbox((0, 0), label, font=font)
            x, y = box[2] - (tb[2] - tb[0]) - 3, box[3] - (tb[3] - tb[1]) - 5
            draw.rectangle(
                (x - 1, y - 1, x + tb[2] - tb[0] + 1, y + tb[3] + 1), fill=(0, 0, 0, 220)
            )
            draw.text((x, y - tb[1] + 1), label, fill=(255, 255, 255, 255), font=font)
    Image.alpha_composite(image, overlay).convert("RGB").save(path)


def load_reference(path: Path) -> dict[str, Any]:
    if not path.exists():
        print(f"no reference at {path}: nothing is scored")
        return {}
    files: dict[str, Any] = json.loads(path.read_text("utf-8")).get("files", {})
    return files


def report_match(match: PageMatch, reference: dict[str, Any], articles: Sequence[Any]) -> None:
    stories = reference.get("stories", [])
    print(
        f"  reference: {match.total} stories, found {len(match.found)}, missed {len(match.missed)};"
        f" extra articles {len(match.extra)}, false articles {len(match.false_articles)}"
        f" ({len(match.on_furniture)} on furniture)"
    )
    for s, a in match.found:
        print(f"    found R{s} {stories[s]['kind']} = a{a + 1}")
    for m in match.missed:
        note = stories[m.story].get("note", "")
        if m.best_article is None:
            print(f"    MISSED R{m.story} {m.kind} ({note}): no article overlaps it")
            continue
        best = articles[m.best_article]
        why = []
        if stories[m.story]["headline_sha1"] and not m.headline_equal:
            why.append("headline differs" if best.get("headline") else "no headline")
        if m.best_iou < MIN_IOU:
            why.append(f"IoU {m.best_iou:.2f}")
        if not stories[m.story]["headline_sha1"] and best.get("kind") != m.kind:
            why.append(f"kind {best.get('kind')}")
        print(
            f"    MISSED R{m.story} {m.kind} ({note}): most overlap a{m.best_article + 1} "
            f"{best.get('kind')} {_cut(best.get('headline', ''))!r} IoU {m.best_iou:.2f}"
            f" [{', '.join(why) or 'taken by another story'}]"
        )
        if m.same_headline is not None and m.same_headline != m.best_article:
            print(f"      its headline is on a{m.same_headline + 1}, IoU {m.same_headline_iou:.2f}")
        elif stories[m.story]["headline_sha1"] and m.same_headline is None:
            print("      its headline is on no analysed article")
    for a, s in match.extra:
        art = articles[a]
        print(
            f"    EXTRA a{a + 1} {art.get('kind')} {_cut(art.get('headline', ''))!r} "
            f"within R{s} {stories[s]['kind']}"
        )
    for a in match.false_articles:
        art = articles[a]
        where = " (on furniture)" if a in match.on_furniture else ""
        print(f"    FALSE a{a + 1} {art.get('kind')} {_cut(art.get('headline', ''))!r}{where}")


def run(pdf_dir: Path, out: Path, reference_path: Path, draw: bool = True) -> Summary:
    """Analyse, print, draw and score every page of every PDF in ``pdf_dir``."""
    import pypdfium2 as pdfium

    from broadsheet.layout import analyze_page

    summary = Summary()
    references = load_reference(reference_path)
    if draw:
        out.mkdir(parents=True, exist_ok=True)
    scored_files: set[str] = set()
    for pdf_path in sorted(pdf_dir.glob("*.pdf")):
        ref_file = references.get(pdf_path.name)
        if ref_file and ref_file.get("sha256") != sha256_of(pdf_path):
            print(f"!! {pdf_path.name}: sha256 differs from the reference's; not scored")
            ref_file = None
        try:
            doc = pdfium.PdfDocument(str(pdf_path))
        except Exception as exc:
            summary.crashed += 1
            print(f"{pdf_path.name}: CRASH opening: {type(exc).__name__}: {exc}")
            continue
        try:
            for i in range(len(doc)):
                page = doc[i]
                summary.pages += 1
                start = time.perf_counter()
                try:
                    result: dict[str, Any] | None = analyze_page(page, i + 1)
                    crash = ""
                except Exception as exc:  # the report goes on
                    result = None
                    crash = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - start
                summary.seconds += elapsed
                articles: list[dict[str, Any]] = result.get("articles", []) if result else []
                quality = result.get("text_quality", "?") if result else "CRASH"
                print(f"\n{pdf_path.name} page {i + 1} (index {i}): {quality} {elapsed:.3f} s")
                if crash:
                    summary.crashed += 1
                    print(f"  CRASH {crash}")
                for n, art in enumerate(articles):
                    print(
                        f"  a{n + 1} {art.get('kind', '?'):7s} {_cut(art.get('headline', ''))!r}"
                        f" by {_cut(art.get('byline', ''), 40)!r} text={len(art.get('text', ''))}"
                        f" box={_fmt_box(regions_bbox(art.get('regions', [])))}"
                    )
                ref_page = (ref_file or {}).get("pages", {}).get(str(i))
                if ref_page is not None:
                    scored_files.add(pdf_path.name)
                    match = match_page(ref_page, articles)
                    summary.found += len(match.found)
                    summary.total += match.total
                    report_match(match, ref_page, articles)
                elif quality == "ok":
                    print("  (no reference for this page)")
                if draw:
                    png = out / f"{pdf_path.stem}_p{i + 1}.png"
                    try:
                        draw_page(page, articles, ref_page, png)
                        summary.pngs.append(png)
                    except Exception as exc:  # drawing is not the analyser: reported, not counted
                        print(f"  drawing failed: {type(exc).__name__}: {exc}")
                page.close()
        finally:
            doc.close()
    for name in sorted(set(references) - scored_files):
        print(f"!! reference file {name} was not scored (absent or changed)")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pdf-dir", type=Path, default=DEFAULT_PDF_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the overlay PNGs")
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--no-draw", action="store_true", help="skip the overlay PNGs")
    args = parser.parse_args(argv)
    if not args.pdf_dir.is_dir():
        print(f"no real PDFs at {args.pdf_dir}: nothing to report")
        print("RESULT pages=0 crashed=0 stories_found_share=nan")
        return 0
    summary = run(args.pdf_dir, args.out, args.reference, draw=not args.no_draw)
    print("\n== summary ==")
    print(
        f"pages {summary.pages}, crashed {summary.crashed}, reference stories found "
        f"{summary.found}/{summary.total}"
    )
    if summary.pngs:
        print(f"overlays: {len(summary.pngs)} PNGs in {args.out}")
    print(summary.result_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
