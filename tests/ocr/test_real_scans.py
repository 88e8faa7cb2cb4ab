"""Real scans from /work/shared/real/pdf (skipped where that folder is absent): text is
recognised and the articles made of it are text, not junk. Recognitions are cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet.ocr.content import analyse_lines, usable_articles
from broadsheet.ocr.engine import Line
from broadsheet.ocr.judge import plausibility
from broadsheet.ocr.worker import ocr_pdf_page

pytest.importorskip("rapidocr", reason="the ocr extra is not installed")

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real" / "pdf"
# The smallest page of the set (a 1944 camp newspaper, 550 × 919 pt): about 100 s to recognise
# on a busy two-core machine the first time, then read from the cache.
SCAN = REAL / "topaz-times_ttt_19441101-19450131_0059.pdf"


@pytest.mark.skipif(not SCAN.exists(), reason=f"{SCAN} is not there")
def test_real_scan_is_recognised_without_junk_articles() -> None:
    result = ocr_pdf_page(str(SCAN), 0)
    assert result.ok and result.source == "ocr"  # the image-only page has no layer to keep
    lines = [Line.from_json(d) for d in result.lines]
    text = " ".join(ln.text for ln in lines)
    assert len(lines) > 100 and result.confidence > 0.85
    assert plausibility(text) > 0.9
    for word in ("UTAH", "December", "1944", "COUNCIL"):
        assert word.lower() in text.lower()
    articles = usable_articles(analyse_lines(lines, result.width, result.height, 1, result.rules))
    assert len(articles) >= 3
    assert all(plausibility(a["text"]) > 0.8 for a in articles)
    assert all(
        0 <= r[0] < r[2] <= result.width + 1 and 0 <= r[1] < r[3] <= result.height + 1
        for a in articles
        for r in a["regions"]
    )
