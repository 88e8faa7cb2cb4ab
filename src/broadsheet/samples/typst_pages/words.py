"""Text as Typst sets it: body tokens (words, Chinese characters), bylines, jump lines, titles."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..bylines import Foreign, jump_text, latin_byline
from ..stories import Story


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


_FOREIGN: Foreign = {
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
    return latin_byline(rng, story, zh, ["By", "By", "By", "di", "par", "von"], _FOREIGN)


_jump_text = jump_text


SIDEBAR_TITLES_EN = ["Key facts", "What happens next", "In numbers", "Background", "How to help"]
SIDEBAR_TITLES_ZH = ["相关链接", "背景", "数说", "延伸阅读", "小贴士"]
DISPLAY_ADS_EN = ["SALE", "Grand Opening", "Now Hiring", "50% OFF"]
DISPLAY_ADS_ZH = ["大促销", "盛大开业", "招聘", "五折"]
PAPERS_EN = ["The Millbrook Gazette", "Riverside Evening Star", "The Eastfield Herald"]
PAPERS_ZH = ["江城都市报", "星河晚报", "滨江日报"]
