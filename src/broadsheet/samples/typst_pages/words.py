"""Text as Typst sets it: body tokens (words, Chinese characters), bylines, jump lines, titles."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..stories import Story, person_name


@dataclass
class _Tok:
    text: str
    para: int
    sub: bool = False  # part of a subhead
    end: bool = False  # ends a sentence of a body paragraph


def _tokens(story: Story, zh: bool, chars: int, subheads: bool, first: int = 0) -> list[_Tok]:
    """Words (Chinese: characters) of about ``chars`` characters, in paragraphs from ``first``."""
    toks: list[_Tok] = []
    para, total, count = first, 0, 0
    while total < chars:
        sub = subheads and count >= 3 and count % 4 == 3 and not (toks and toks[-1].sub)
        p = story.next_subhead() if sub else story.next_paragraph()
        ends = set(p.sentence_ends)
        if zh:
            for i, ch in enumerate(p.text):
                if not ch.isspace():
                    toks.append(_Tok(ch, para, sub, not sub and (i + 1) in ends))
        else:
            pos = 0
            for word in p.text.split(" "):
                pos += len(word)
                if word:
                    toks.append(_Tok(word, para, sub, not sub and pos in ends))
                pos += 1
        para += 1
        total += len(p.text)
        count += not sub
    return toks


_FOREIGN = {
    "di": (
        ["Elena", "Marco", "Giulia", "Luca", "Chiara"],
        ["Dusi", "Rossi", "Bianchi", "Conti"],
        "e",
    ),
    "par": (
        ["Jean", "Claire", "Luc", "Sophie", "Marie"],
        ["Dupont", "Moreau", "Girard", "Roux"],
        "et",
    ),
    "von": (
        ["Anna", "Max", "Jonas", "Lena", "Paul"],
        ["Schmidt", "Weber", "Wagner", "Becker"],
        "und",
    ),
}


def _byline(rng: random.Random, story: Story, zh: bool) -> str:
    """English pages carry agency and foreign bylines too: By, di, par, von."""
    if zh:
        return story.byline  # 本报记者 …, 通讯员 …, 新华社…电（记者 …）
    particle = rng.choice(["By", "By", "By", "di", "par", "von"])
    if particle == "By":
        a = b = person_name(rng, False)
        while b == a:
            b = person_name(rng, False)
        return rng.choice([f"By {a}", f"By {a} and {b}", f"By {a}, Staff Writer"])
    firsts, lasts, conj = _FOREIGN[particle]
    one, two = rng.sample(firsts, 2), rng.sample(lasts, 2)
    if rng.random() < 0.4:
        return f"{particle} {one[0]} {two[0]} {conj} {one[1]} {two[1]}"
    return f"{particle} {one[0]} {two[0]}"


def _jump_text(zh: bool, page: int, to: bool, rng: random.Random) -> str:
    if zh:
        word = "下转" if to else "上接"
        return rng.choice([f"（{word}第{page}版）", f"{word}第{page}版"])
    word = "on" if to else "from"
    return rng.choice([f"Continued {word} page {page}", f"Continued {word} Page {page}"])


SIDEBAR_TITLES_EN = ["Key facts", "What happens next", "In numbers", "Background", "How to help"]
SIDEBAR_TITLES_ZH = ["相关链接", "背景", "数说", "延伸阅读", "小贴士"]
DISPLAY_ADS_EN = ["SALE", "Grand Opening", "Now Hiring", "50% OFF"]
DISPLAY_ADS_ZH = ["大促销", "盛大开业", "招聘", "五折"]
PAPERS_EN = ["The Millbrook Gazette", "Riverside Evening Star", "The Eastfield Herald"]
PAPERS_ZH = ["江城都市报", "星河晚报", "滨江日报"]
