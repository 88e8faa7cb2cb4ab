"""How the Typst and TeX producers start a set of pages: the seeded random source, the order
of template families, the issue date."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence


def start_set(
    producer: str,
    seed: int,
    count: int,
    language: str,
    families: Sequence[str] | None,
    known: Sequence[str],
) -> tuple[bool, random.Random, list[str], datetime.date]:
    """(Chinese?, the set's random source, the families in page order, the date); the same
    arguments always give the same. ``families`` names each page's family in turn (cycled); by
    default the seed deals out the ``known`` ones."""
    if count < 1:
        raise ValueError("a set has at least one page")
    zh = language.startswith("zh")
    master = random.Random(f"{producer}-{seed}-{language}")
    order = list(families) if families else master.sample(list(known), len(known))
    unknown = [f for f in order if f not in known]
    if unknown:
        raise ValueError(f"unknown template families {unknown}; known: {tuple(known)}")
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=master.randint(0, 700))
    return zh, master, order, date
