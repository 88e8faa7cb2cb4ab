"""Bylines and jump lines in several languages, shared by the Typst and TeX producers."""

from __future__ import annotations

import random

from .stories import Story, person_name

# particle → (first names, last names, the word for "and")
Foreign = dict[str, tuple[list[str], list[str], str]]


def latin_byline(
    rng: random.Random, story: Story, zh: bool, particles: list[str], foreign: Foreign
) -> str:
    """English pages carry agency and foreign bylines too (By, di, par, von, por …); Chinese
    pages the story's own (本报记者 …, 通讯员 …, 新华社…电（记者 …））."""
    if zh:
        return story.byline
    particle = rng.choice(particles)
    if particle == "By":
        a = b = person_name(rng, False)
        while b == a:
            b = person_name(rng, False)
        return rng.choice([f"By {a}", f"By {a} and {b}", f"By {a}, Staff Writer"])
    firsts, lasts, conj = foreign[particle]
    one, two = rng.sample(firsts, 2), rng.sample(lasts, 2)
    if rng.random() < 0.4:
        return f"{particle} {one[0]} {two[0]} {conj} {one[1]} {two[1]}"
    return f"{particle} {one[0]} {two[0]}"


def jump_text(zh: bool, page: int, to: bool, rng: random.Random) -> str:
    if zh:
        word = "下转" if to else "上接"
        return rng.choice([f"（{word}第{page}版）", f"{word}第{page}版"])
    word = "on" if to else "from"
    return rng.choice([f"Continued {word} page {page}", f"Continued {word} Page {page}"])
