"""A page's style: its faces, body size and pitch, columns, gutter and accent, dealt by the seed."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass
class _Style:
    zh: bool
    body: tuple[str, ...]
    head: tuple[str, ...]
    aux: tuple[str, ...]  # kickers, bylines, captions
    subhead: tuple[str, ...]  # subheads in the body, bold
    head_weight: str
    size: float  # body size
    pitch: float  # baseline to baseline
    columns: int
    gutter: float
    indent: float  # em
    center: bool  # headlines centred
    accent: str
    section: str
    asc: float = 0.0  # body font, measured by Typst
    desc: float = 0.0

    @property
    def lang(self) -> str:
        return 'lang: "zh", region: "cn"' if self.zh else 'lang: "en"'

    @property
    def language(self) -> str:
        return "zh-hans" if self.zh else "en"

    @property
    def leading(self) -> float:
        """Typst's ``par.leading``: from one line's descender to the next one's ascender."""
        return max(0.5, self.pitch - self.asc - self.desc)


def _style(rng: random.Random, zh: bool, small: bool, section: str) -> _Style:
    if zh:
        body = rng.choice(
            [
                ("Noto Serif CJK SC",),
                ("AR PL UMing", "Noto Serif CJK SC"),
                ("WenQuanYi Micro Hei", "Noto Sans CJK SC"),
            ]
        )
        head, weight = rng.choice(
            [
                (("Noto Sans CJK SC",), "black"),
                (("WenQuanYi Zen Hei",), "regular"),
                (("Noto Serif CJK SC",), "bold"),
            ]
        )
        aux = rng.choice([("Noto Sans CJK SC",), ("WenQuanYi Micro Hei", "Noto Sans CJK SC")])
        subhead: tuple[str, ...] = rng.choice(
            [("Noto Sans CJK SC",), ("Noto Serif CJK SC",)]
        )  # both have a bold
        size = rng.choice([9.0, 9.5, 10.0])
        pitch = size * rng.uniform(1.45, 1.6)
        columns = 5 if small else rng.choice([6, 7])
        indent = 2.0
    else:
        body = rng.choice([("Liberation Serif",), ("DejaVu Serif",), ("Libertinus Serif",)])
        head, weight = rng.choice(
            [
                (("Liberation Sans",), "bold"),
                (("DejaVu Sans",), "bold"),
                (("Libertinus Serif",), "bold"),
                (("Liberation Serif",), "bold"),
            ]
        )
        aux = rng.choice([("Liberation Sans",), ("DejaVu Sans",)])
        subhead = rng.choice([aux, body])
        size = rng.choice([8.5, 9.0, 9.5]) if body[0] != "Libertinus Serif" else 10.0
        pitch = size * rng.uniform(1.18, 1.3)
        columns = 4 if small else rng.choice([5, 6])
        indent = rng.choice([1.0, 1.5])
    return _Style(
        zh=zh,
        body=body,
        head=head,
        aux=aux,
        subhead=subhead,
        head_weight=weight,
        size=size,
        pitch=round(pitch, 2),
        columns=columns,
        gutter=round(size * rng.uniform(1.2, 1.6), 1),
        indent=indent,
        center=rng.random() < 0.3,
        accent=rng.choice(['rgb("#8b1a1a")', 'rgb("#1d3f6e")', 'rgb("#2f5d34")', "black"]),
        section=section,
    )
