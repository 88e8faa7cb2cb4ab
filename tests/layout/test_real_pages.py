"""The real-page report (bench/real_pages.py): its scoring functions, and a run over the real PDFs."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH_FILE = Path(__file__).resolve().parents[2] / "bench" / "real_pages.py"
REAL_PDF = Path(__file__).resolve().parents[3] / "shared" / "real" / "pdf"


def _load_bench() -> ModuleType:
    name = "bench_real_pages"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH_FILE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules[name]


rp = _load_bench()


def test_normalise_headline() -> None:
    assert rp.normalise_headline("  Città’s  Big\nNews — Today! ") == "cittàsbignewstoday"
    assert rp.normalise_headline("ＡＢＣ　１２") == "abc12"  # NFKC folds full-width forms
    assert rp.normalise_headline("anti\u00adpirate, co-op") == "antipiratecoop"
    assert rp.normalise_headline("城市，新闻：“今天”") == "城市新闻今天"
    assert rp.headline_key("Big News") == rp.headline_key("big-news!")
    assert rp.headline_key(" … ") == ""


def test_box_iou_and_bounding_box() -> None:
    assert rp.box_iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert rp.box_iou((0, 0, 10, 10), (0, 0, 10, 5)) == pytest.approx(0.5)
    assert rp.box_iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(50 / 150)
    assert rp.box_iou((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0
    assert rp.box_iou((0, 0, 0, 0), (0, 0, 0, 0)) == 0.0
    assert rp.regions_bbox([[0, 0, 10, 10], [20, 5, 30, 40]]) == (0, 0, 30, 40)
    assert rp.regions_bbox([[[0, 0], [5, 10], [10, 0]]]) == (0, 0, 10, 10)  # a polygon
    assert rp.regions_bbox([]) is None


def _article(kind: str, headline: str, *regions: list[float]) -> dict[str, Any]:
    return {"kind": kind, "headline": headline, "regions": list(regions)}


def test_match_page_needs_headline_and_extent() -> None:
    reference = {
        "stories": [
            {"kind": "news", "box": [0, 0, 100, 100], "headline_sha1": rp.headline_key("Big News")},
            {"kind": "advert", "box": [0, 200, 100, 300], "headline_sha1": ""},
            {"kind": "news", "box": [200, 0, 300, 100], "headline_sha1": rp.headline_key("Other")},
        ],
        "furniture": [{"box": [0, 400, 300, 420]}],
    }
    articles = [
        _article("news", "BIG  news!", [0, 0, 100, 20], [0, 25, 100, 95]),  # found
        _article("brief", "", [0, 200, 100, 300]),  # right extent, wrong kind
        _article("news", "Other", [200, 0, 300, 30]),  # right headline, too small
        _article("news", "", [210, 40, 300, 100]),
        _article("news", "", [10, 402, 100, 418]),  # on furniture
    ]
    match = rp.match_page(reference, articles)
    assert match.total == 3
    assert match.found == [(0, 0)]
    missed = {m.story: m for m in match.missed}
    assert set(missed) == {1, 2}
    assert missed[1].best_article == 1 and missed[1].best_iou == 1.0
    assert missed[2].same_headline == 2 and missed[2].same_headline_iou == pytest.approx(0.3)
    assert match.extra == [(1, 1), (2, 2), (3, 2)]
    assert match.false_articles == [4] and match.on_furniture == [4]
    # an article finds one story at most, and an advert with the right kind is found
    articles[1]["kind"] = "advert"
    assert rp.match_page(reference, articles).found == [(0, 0), (1, 1)]


def test_reference_holds_no_page_text() -> None:
    files = json.loads(rp.DEFAULT_REFERENCE.read_text("utf-8"))["files"]
    for entry in files.values():
        assert len(entry["sha256"]) == 64
        for page in entry["pages"].values():
            for story in page["stories"]:
                assert set(story) <= {"kind", "box", "headline_sha1", "headline_chars", "note"}
                assert len(story["box"]) == 4
                assert (story["headline_sha1"] == "") == (story["headline_chars"] == 0)


def test_report_over_the_real_pdfs_does_not_crash(tmp_path: Path) -> None:
    if not REAL_PDF.is_dir():
        pytest.skip(f"no real PDFs at {REAL_PDF}")
    summary = rp.run(REAL_PDF, tmp_path, rp.DEFAULT_REFERENCE, draw=True)
    assert summary.pages > 0
    assert summary.crashed == 0
    assert len(summary.pngs) == summary.pages
    assert summary.total > 0 and not math.isnan(summary.found_share)
    assert summary.result_line().startswith(f"RESULT pages={summary.pages} crashed=0 ")
