"""The public side: ``generate_pages`` (a set of pages, each compiled once by XeLaTeX, the rest
of a jumped story carried to a later page) and ``draw_truth``."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..overlay import draw_truth  # noqa: F401 - part of this package's interface
from ..sets import start_set
from ..stories import HeadlineLedger
from .articles import _Continuation
from .compiler import run_xelatex
from .page import _Page, paper_name
from .truth import page_truth

FAMILIES = ("ruled", "boxed", "partial", "adverts", "pictures")
PAGE_SIZES = [(842.0, 1191.0), (792.0, 1224.0), (900.0, 1300.0)]
SMALL_SIZE = (595.0, 842.0)


@dataclass
class TexPage:
    index: int  # 1-based page number in the set
    family: str  # the template family of the page
    pdf: bytes  # a one-page PDF
    truth: dict[str, Any]  # the page dict of the analysis contract
    source: str  # the page's LaTeX source
    seconds: float  # to write and compile it


@dataclass
class TexSet:
    seed: int
    language: str
    pages: list[TexPage]

    def truth(self) -> dict[str, Any]:
        return {"pages": [p.truth for p in self.pages]}


def generate_pages(
    seed: int,
    count: int = 1,
    language: str = "en",
    families: Sequence[str] | None = None,
    *,
    small: bool = False,
    workdir: Path | None = None,
) -> TexSet:
    """Typeset ``count`` pages; the same arguments always give the same pages and truth.

    ``families`` names the template family of each page in turn (cycled); by default the seed
    deals them out, a set of up to five pages never repeating one. ``small`` sets A4 pages with
    four columns. ``workdir`` keeps each page's LaTeX source, images and log there (one folder
    a page); by default a scratch folder. Raises ``TexUnavailableError`` without xelatex.
    """
    zh, master, order, date = start_set("tex", seed, count, language, families, FAMILIES)
    paper = paper_name(master, zh)
    size = SMALL_SIZE if small else master.choice(PAGE_SIZES)
    pending: dict[int, list[_Continuation]] = {}
    ledger = HeadlineLedger()
    pages: list[TexPage] = []
    with tempfile.TemporaryDirectory(prefix="broadsheet-tex-") as tmp:
        root = Path(workdir or tmp)
        for index in range(1, count + 1):
            start = time.perf_counter()
            family = order[(index - 1) % len(order)]
            page = _Page(
                random.Random(master.getrandbits(64)),
                index,
                count,
                zh,
                family,
                small,
                date,
                paper,
                size,
                pending.pop(index, []),
                ledger,
            )
            source = page.source()
            pdf, pos = run_xelatex(source, page.images, root / f"page-{index:03d}", size[1])
            truth = page_truth(index, size[0], size[1], page.articles, pos, zh, page.gutter)
            for art in page.articles:  # the rest of a jumped story goes on to its page
                if art.continued_to and art.body is not None and art.story is not None:
                    rest = art.body.toks[art.jump_cut :]
                    cont = _Continuation(art.story, art.headline, rest, index)
                    pending.setdefault(art.continued_to, []).append(cont)
            pages.append(TexPage(index, family, pdf, truth, source, time.perf_counter() - start))
    return TexSet(seed, language, pages)
