"""No page may crash or hang the analyser: hostile and odd pages from bench/robustness.py
(stray glyphs, dense tiny text, a giant page, a rotated one, an empty one, damaged copies),
each analysed or refused, never an exception; pages past the analyser's bounds say so."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from broadsheet.layout import page as page_module

BENCH = Path(__file__).resolve().parents[2] / "bench" / "robustness.py"


@pytest.fixture(scope="module")
def robustness():
    spec = importlib.util.spec_from_file_location("bench_robustness", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_robustness"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def outcomes(robustness):
    return {
        name: robustness.analyse_all(data) for name, data in robustness.cases(mutations=30, seed=11)
    }


def test_every_case_is_analysed_or_refused_never_a_crash(outcomes):
    for name, (outcome, _seconds, note) in outcomes.items():
        assert outcome != "crashed", (name, note)
    assert outcomes["newspaper"][0] == "ok" and "ok," in outcomes["newspaper"][2]
    assert outcomes["empty page"][::2] == ("ok", "none, 0 articles")
    assert outcomes["rotated 90"][0] == "ok"
    assert outcomes["14,400 pt page"][0] == "ok"
    damaged = [o[0] for n, o in outcomes.items() if "#" in n]
    assert "refused" in damaged and "ok" in damaged


def test_pages_past_the_bounds_are_flagged_not_analysed(outcomes):
    for name in ("30,000 stray tiny glyphs", "400 rows of 2 pt text"):
        outcome, _seconds, note = outcomes[name]
        assert outcome == "ok" and "too complex to analyse" in note, (name, note)


def test_the_bounds_sit_far_above_a_dense_real_page():
    # A broadsheet page holds 20,000-40,000 characters and a few hundred blocks.
    assert page_module.MAX_CHARS >= 150_000
    assert page_module.MAX_BLOCKS >= 3_000 and page_module.MAX_PAIRS >= 100 * 1_000
