"""The TeX producer: pages compile, their truth (written by TeX at shipout) holds the PDF's
characters, the PDF has no space glyphs, the same seed gives the same pages. Skipped without
xelatex (scripts/install-system.sh bench)."""

from __future__ import annotations

import shutil
import unicodedata
from collections import Counter
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(shutil.which("xelatex") is None, reason="xelatex not installed")

pdfium = pytest.importorskip("pypdfium2")
pdfium_c = pytest.importorskip("pypdfium2.raw")


@pytest.fixture(scope="module")
def pages() -> dict[str, Any]:
    from broadsheet.samples.tex_pages import generate_pages

    en = generate_pages(5, 3, "en", ["ruled", "partial", "boxed"], small=True)
    zh = generate_pages(6, 3, "zh", ["partial", "adverts", "pictures"], small=True)
    return {"en": en, "zh": zh}


def _chars(pdf: bytes) -> tuple[list[tuple[str, float, float, bool]], float]:
    """Each character PDFium finds: text, centre (top-left origin), and whether PDFium made it up."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        height = page.get_height()
        tp = page.get_textpage()
        out = []
        for i in range(tp.count_chars()):
            c = tp.get_text_range(i, 1)
            generated = bool(pdfium_c.FPDFText_IsGenerated(tp.raw, i))
            if not c.strip():
                out.append((c, 0.0, 0.0, generated))
                continue
            x0, y0, x1, y1 = tp.get_charbox(i)
            out.append((c, (x0 + x1) / 2, height - (y0 + y1) / 2, generated))
        return out, height
    finally:
        doc.close()


def _inside(x: float, y: float, rects: list[list[float]], pad: float = 1.5) -> bool:
    return any(r[0] - pad <= x <= r[2] + pad and r[1] - pad <= y <= r[3] + pad for r in rects)


def _units(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKC", text)
    return Counter(c for c in text if c.isalnum())


def test_every_family_compiles(pages: dict[str, Any]) -> None:
    from broadsheet.samples.tex_pages import FAMILIES

    seen = {p.family for s in pages.values() for p in s.pages}
    assert seen == set(FAMILIES)
    for s in pages.values():
        for p in s.pages:
            assert p.pdf.startswith(b"%PDF")
            assert p.truth["articles"], p.family
            assert p.seconds < 20


def test_truth_regions_hold_the_pdf_characters(pages: dict[str, Any]) -> None:
    """Every letter of an article's text fields lies inside its regions in the PDF."""
    for s in pages.values():
        for p in s.pages:
            chars, _ = _chars(p.pdf)
            for art in p.truth["articles"]:
                want = Counter[str]()
                for name in ("kicker", "headline", "subheadline", "byline", "text"):
                    want.update(_units(art[name]))
                got = _units("".join(c for c, x, y, _ in chars if _inside(x, y, art["regions"])))
                missing = want - got
                assert sum(missing.values()) <= 0.01 * sum(want.values()) + 1, (
                    p.family,
                    art["id"],
                    art["headline"],
                    missing.most_common(8),
                )


def test_body_blocks_hold_their_words(pages: dict[str, Any]) -> None:
    for s in pages.values():
        for p in s.pages:
            chars, _ = _chars(p.pdf)
            for art in p.truth["articles"]:
                for b in art["blocks"]:
                    if b["role"] not in ("body", "headline", "caption", "byline") or not b["text"]:
                        continue
                    got = _units("".join(c for c, x, y, _ in chars if _inside(x, y, [b["bbox"]])))
                    # a word hyphenated across a column break counts where it ends
                    missing = _units(b["text"]) - got
                    assert sum(missing.values()) <= 12, (p.family, art["id"], b["role"], missing)


def test_no_space_glyphs(pages: dict[str, Any]) -> None:
    """TeX writes glue, not spaces: every space PDFium reports is one it made up."""
    for s in pages.values():
        for p in s.pages:
            chars, _ = _chars(p.pdf)
            spaces = [c for c in chars if c[0] == " "]
            assert spaces, "PDFium infers word spaces from the gaps"
            assert all(c[3] for c in spaces)


def test_chinese_and_english(pages: dict[str, Any]) -> None:
    zh_text = "".join(a["text"] for p in pages["zh"].pages for a in p.truth["articles"])
    en_text = " ".join(a["text"] for p in pages["en"].pages for a in p.truth["articles"])
    assert sum("\u4e00" <= c <= "\u9fff" for c in zh_text) > 1000
    assert len(en_text.split()) > 1000


def test_scores_itself_perfectly(pages: dict[str, Any]) -> None:
    from broadsheet.layout.evaluation import score_page

    for s in pages.values():
        for p in s.pages:
            score = score_page(p.truth, p.truth)
            assert score.zero_edit


def test_jump_carries_on(pages: dict[str, Any]) -> None:
    """A flowed lead on page 1 jumps; the rest of it opens under its headline later."""
    for s in [pages["zh"]]:  # the English set opens with a ruled page: a balanced lead
        first = s.pages[0].truth["articles"]
        to = [a for a in first if a["continued_to"]]
        later = [a for p in s.pages[1:] for a in p.truth["articles"] if a["continued_from"]]
        assert len(to) == len(later) == 1
        assert later[0]["headline"] == to[0]["headline"]


def test_deterministic(pages: dict[str, Any]) -> None:
    from broadsheet.samples.tex_pages import generate_pages

    again = generate_pages(6, 3, "zh", ["partial", "adverts", "pictures"], small=True)
    for a, b in zip(again.pages, pages["zh"].pages, strict=True):
        assert a.truth == b.truth
        assert a.source == b.source


def test_unknown_family() -> None:
    from broadsheet.samples.tex_pages import generate_pages

    with pytest.raises(ValueError):
        generate_pages(1, 1, "en", ["nope"])
