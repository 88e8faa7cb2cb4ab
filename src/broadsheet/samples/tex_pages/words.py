"""Text as TeX sets it: body tokens in sentences and paragraphs, bylines, jump lines, titles.

Words come from the sample generator's own vocabulary (``stories.make_story``), never from a
real newspaper.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..bylines import Foreign, latin_byline
from ..stories import Story

# a Chinese body token: one ideograph or punctuation mark, or a run of Latin letters and digits
_ZH_TOKEN = re.compile(r"[A-Za-z0-9.,%:/+\-·]+|\S")
NO_LINE_START = set("，。、；：？！”’）》」』〉％%·…—")
NO_LINE_END = set("“‘（《「『〈")


@dataclass
class _Tok:
    text: str
    para: int  # paragraph number in the story
    unit: int  # sentence number: the flow sets whole sentences
    sub: bool = False  # part of a subhead


def tokens(
    story: Story, zh: bool, chars: int, subheads: bool, para: int = 0, unit: int = 0
) -> list[_Tok]:
    """Words (Chinese: characters) of at least ``chars`` characters, in paragraphs from ``para``
    and sentences from ``unit``; with ``subheads`` every fourth paragraph is a subhead."""
    toks: list[_Tok] = []
    total, count = 0, 0
    while total < chars:
        sub = subheads and count >= 3 and count % 4 == 3 and not (toks and toks[-1].sub)
        p = story.next_subhead() if sub else story.next_paragraph()
        start = 0
        for end in p.sentence_ends:
            sentence = p.text[start:end]
            start = end
            words = _ZH_TOKEN.findall(sentence) if zh else sentence.split()
            toks += [_Tok(w, para, unit, sub) for w in words]
            unit += 1
        para += 1
        total += len(p.text)
        count += not sub
    return toks


def renumber(toks: list[_Tok]) -> list[_Tok]:
    """A continuation's tokens: paragraphs and sentences counted again from 0."""
    paras: dict[int, int] = {}
    units: dict[int, int] = {}
    out = []
    for t in toks:
        p = paras.setdefault(t.para, len(paras))
        u = units.setdefault(t.unit, len(units))
        out.append(_Tok(t.text, p, u, t.sub))
    return out


def glue(prev: str, nxt: str) -> str:
    """The TeX glue between two Chinese tokens: a break allowed or not (punctuation), or the
    space between Chinese and Latin."""
    if nxt[0] in NO_LINE_START or prev[-1] in NO_LINE_END:
        return r"\N "
    if nxt[0].isascii() != prev[-1].isascii():
        return r"\E "
    return r"\B "


_FOREIGN: Foreign = {
    "di": (["Elena", "Marco", "Giulia", "Luca"], ["Dusi", "Rossi", "Bianchi", "Conti"], "e"),
    "par": (["Jean", "Claire", "Luc", "Sophie"], ["Dupont", "Moreau", "Girard", "Roux"], "et"),
    "von": (["Anna", "Max", "Jonas", "Lena"], ["Schmidt", "Weber", "Wagner", "Becker"], "und"),
    "por": (["Lucía", "Javier", "Carmen", "Diego"], ["García", "Moreno", "Ruiz", "Ortega"], "y"),
}


def byline(rng: random.Random, story: Story, zh: bool) -> str:
    return latin_byline(rng, story, zh, ["By", "By", "By", "di", "par", "von", "por"], _FOREIGN)


SIDEBAR_TITLES_EN = ["Key facts", "What happens next", "In numbers", "Background", "How to help"]
SIDEBAR_TITLES_ZH = ["相关链接", "背景", "数说", "延伸阅读", "小贴士"]
DISPLAY_ADS_EN = ["SALE", "Grand Opening", "Now Hiring", "50% OFF"]
DISPLAY_ADS_ZH = ["大促销", "盛大开业", "招聘", "五折"]
PAPERS_EN = ["The Harbourside Ledger", "Northgate Evening Post", "The Millford Tribune"]
PAPERS_ZH = ["江城商报", "滨江晨报", "东湖都市报"]
