"""Turning text into search tokens. Pure Python, no Django.

Chinese, Japanese and Korean text has no spaces between words, and a dictionary segmenter
(jieba) misses substrings that straddle its word boundaries. So every run of CJK characters
becomes its overlapping character pairs ("中华人民" -> 中华 华人 人民) followed by its last
character alone (民): any string of two or more characters is then exactly a phrase of pairs
at adjacent positions, and any single character is either the start of a pair or the last
character of a run (so a one-character query is the prefix query "中*"). Latin-script words
and numbers become lowercased words with a light plural stemmer (economies -> economy).
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add

# Kana, CJK extension A, unified ideographs, Hangul syllables, compatibility ideographs and
# the supplementary ideograph planes.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
# Spaces inside a run of CJK characters (PDF extraction often leaves them) do not split it.
_INNER_SPACE = "[ \t\u3000]"
TOKEN_RE = re.compile(rf"(?P<cjk>[{CJK}]+(?:{_INNER_SPACE}+[{CJK}]+)*)|(?P<word>[^\W_{CJK}]+)")
_SPACE_RE = re.compile(f"{_INNER_SPACE}+")
WORD_CHARS = rf"[^\W_{CJK}]"
CJK_CHAR_RE = re.compile(f"[{CJK}]")

# Full-width letters and digits (ＧＤＰ, ５Ｇ) map one-to-one onto ASCII, so character offsets
# survive. Full-width punctuation (，：) is left alone: it separates tokens either way.
_FULLWIDTH_ALNUM = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
FULLWIDTH = {c: c - 0xFEE0 for c in _FULLWIDTH_ALNUM}
_FULLWIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

MAX_WORD = 40
# Put between fields and paragraphs so that a phrase never spans two of them.
SEPARATOR = "|"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Harman's S-stemmer on a lowercased word: plural endings only, never wrong by much."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def normalise(text: str) -> str:
    """Same length as the input: full-width ASCII to ASCII, so offsets stay valid."""
    # translate() is slow; most texts have nothing to translate.
    return text.translate(FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def cjk_tokens(run: str) -> list[str]:
    """A run of CJK characters (no spaces) -> its pairs and its last character."""
    if len(run) == 1:
        return [run]
    tokens = list(map(add, run[:-1], run[1:]))
    tokens.append(run[-1])
    return tokens


def index_tokens(text: str) -> list[str]:
    """The tokens of a text, in order; positions are list indexes."""
    out: list[str] = []
    for m in TOKEN_RE.finditer(normalise(text)):
        if m.lastgroup == "cjk":
            run = m.group()
            if len(run) > 1 and (" " in run or "\t" in run or "\u3000" in run):
                run = _SPACE_RE.sub("", run)
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(map(add, run[:-1], run[1:]))
                out.append(run[-1])
        else:
            out.append(stem(m.group().lower()[:MAX_WORD]))
    return out


def field_tokens(parts: list[str]) -> list[str]:
    """Tokens of several texts (fields, paragraphs) with a separator between them."""
    out: list[str] = []
    for part in parts:
        tokens = index_tokens(part)
        if tokens:
            if out:
                out.append(SEPARATOR)
            out.extend(tokens)
    return out
