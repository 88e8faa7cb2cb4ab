"""The public side: ``generate_pages`` (a set of pages, each laid out until a pass changes
nothing, then the whole set as one PDF) and ``draw_truth``."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..overlay import draw_truth  # noqa: F401 - part of this package's interface
from ..sets import start_set
from ..stories import HeadlineLedger
from .articles import _Continuation
from .compiler import _Typst
from .markup import PREAMBLE
from .page import _Page
from .words import PAPERS_EN, PAPERS_ZH

FAMILIES = ("ruled", "boxed", "partial", "adverts", "pictures")
MAX_PASSES = 16
PAGE_SIZES = [(842.0, 1191.0), (792.0, 1224.0), (900.0, 1300.0)]
SMALL_SIZE = (595.0, 842.0)


@dataclass
class TypstPage:
    index: int  # 1-based page number in the set
    family: str  # the template family of the page
    pdf: bytes  # a one-page PDF
    truth: dict[str, Any]  # the page dict of the analysis contract
    source: str  # the page's Typst source
    passes: int  # layout passes until the page settled


@dataclass
class TypstSet:
    seed: int
    language: str
    pages: list[TypstPage]
    pdf: bytes  # every page in one PDF, compiled from one Typst document

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
) -> TypstSet:
    """Typeset ``count`` pages; the same arguments always give the same pages and truth.

    ``families`` names the template family of each page in turn (cycled); by default the seed
    deals them out, a set of up to five pages never repeating one. ``small`` sets A4 pages with
    fewer columns (quick, for tests). ``workdir`` keeps the Typst sources and images there
    (to look at a page again with the ``typst`` command line); by default a scratch folder.
    """
    zh, master, order, date = start_set("typst", seed, count, language, families, FAMILIES)
    paper = master.choice(PAPERS_ZH if zh else PAPERS_EN)
    size = SMALL_SIZE if small else master.choice(PAGE_SIZES)
    pending: dict[int, list[_Continuation]] = {}
    ledger = HeadlineLedger()
    pages: list[TypstPage] = []
    bodies: list[str] = []
    images: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="broadsheet-typst-") as tmp:
        ty = _Typst(Path(workdir or tmp))
        for index in range(1, count + 1):
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
                ty.metrics,
                ledger,
            )
            for passes in range(1, MAX_PASSES + 1):  # noqa: B007 - reported below
                source = page.source()
                pdf, got = ty.run(source, page.images)
                assert got is not None
                data = got
                if not page.advance(data):
                    break
            else:
                raise RuntimeError(f"page {index} of seed {seed} did not settle")
            for to, cont in page.carry():
                pending.setdefault(to, []).append(cont)
            pages.append(TypstPage(index, family, pdf, page.truth(data), source, passes))
            bodies.append("\n".join(page.body()))
            images.update(page.images)
        head = PREAMBLE.format(width=size[0], height=size[1], lang=_lang(zh))
        whole, _ = ty.run(head + "\n#pagebreak()\n".join(bodies) + "\n", images, probe=False)
    return TypstSet(seed, language, pages, whole)


def _lang(zh: bool) -> str:
    return 'lang: "zh", region: "cn"' if zh else 'lang: "en"'
