"""Turning text into search tokens. Pure Python, no Django.

Chinese, Japanese and Korean text has no spaces between words, and a dictionary segmenter
(jieba) misses substrings that straddle its word boundaries. So every run of CJK characters
becomes its overlapping character pairs ("中华人民" -> 中华 华人 人民) followed by its last
character alone (民): any string of two or more characters is then exactly a phrase of pairs
at adjacent positions, and any single character is either the start of a pair or the last
character of a run (so a one-character query is the prefix query "中*"). Latin-script words
and numbers become lowercased words with a light plural stemmer (economies -> economy).

``token_text`` is the fast path used for indexing: the same tokens as ``index_tokens``, as one
space-separated string built with whole-array numpy operations (one character class lookup, one
pass that writes each CJK character with its successor), so no Python code runs per character
or per token. ``index_tokens`` is the reference (a regular-expression loop); tests check that
both agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import add

import numpy as np

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


# Character classes for the fast path, over the Basic Multilingual Plane (a text with a
# character beyond it takes the reference path).
_OTHER, _WORD, _CJK, _SPACE, _SEP = 0, 1, 2, 3, 4
# field_text joins the parts of an article with this (private use) character, which becomes
# the separator token, so a whole article is tokenised in one pass.
_SENTINEL = "\ue000"
_HAS_TOKEN_RE = re.compile(rf"[^\W_]|[{CJK}]")
_BLANK = 0x20


@lru_cache(maxsize=1)
def _classes() -> np.ndarray:
    # Word characters (what [^\W_] matches) found by one regular-expression pass over the
    # plane: each becomes U+10000, which no character of the plane is.
    bmp = "".join(map(chr, range(0x10000)))
    marked = re.sub(r"[^\W_]", "\U00010000", bmp)
    codes = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = (codes == 0x10000).astype(np.uint8)  # _WORD where 1
    for lo, hi in ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF)):
        table[lo : hi + 1] = _CJK
    table[0xF900 : 0xFAFF + 1] = _CJK
    table[[0x20, 0x09, 0x3000]] = _SPACE
    table[ord(_SENTINEL)] = _SEP
    return table


_S = (ord("s"), ord("S"))


def token_text(text: str) -> str:
    """``" ".join(index_tokens(text))`` up to repeated blanks, several times faster."""
    fast = None if _SENTINEL in text else _fast_tokens(text)
    return " ".join(index_tokens(text)) if fast is None else fast


def _fast_tokens(text: str) -> str | None:
    """The numpy path; None where the reference path must answer."""
    prepared = _prepare(text)
    return None if prepared is None else _emit_tokens(*prepared)


def _prepare(text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Code points and character classes, inner blanks dropped and plurals stemmed; None
    where the reference path must answer."""
    text = normalise(text)
    if not text:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint8)
    a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if a.max() > 0xFFFF:
        return None
    cls = _classes()[a]
    spaces = np.flatnonzero(cls == _SPACE)
    if spaces.size:
        # Blanks with a CJK character on both sides (PDF extraction leaves them) are dropped.
        # Runs of blanks: [first, end) with the characters before and after them.
        breaks = np.flatnonzero(np.diff(spaces) != 1) + 1
        first = spaces[np.concatenate(([0], breaks))]
        end = spaces[np.concatenate((breaks - 1, [spaces.size - 1]))] + 1
        inside = (first > 0) & (end < a.size)
        if inside.any():
            first, end = first[inside], end[inside]
            inner = (cls[first - 1] == _CJK) & (cls[end] == _CJK)
            if inner.any():
                keep = np.ones(a.size, dtype=bool)
                for lo, hi in zip(first[inner].tolist(), end[inner].tolist(), strict=True):
                    keep[lo:hi] = False
                a, cls = a[keep], cls[keep]
    word = cls == _WORD
    if word.any():
        edges = np.flatnonzero(np.diff(np.concatenate(([False], word, [False])).view(np.int8)))
        starts, ends = edges[::2], edges[1::2]
        if (ends - starts).max() > MAX_WORD:
            # A word longer than MAX_WORD is cut: rare enough for the reference path.
            return None
        # Plural stemming, only for words of four or more letters ending in s.
        last = a[ends - 1]
        cand = ((last == _S[0]) | (last == _S[1])) & (ends - starts > 3)
        if cand.any():
            a = a.copy()
            for st, en in zip(starts[cand].tolist(), ends[cand].tolist(), strict=True):
                w = a[st:en].tobytes().decode("utf-32-le").lower()
                stemmed = stem(w)
                if stemmed != w:
                    # Only endings change: "ies" -> "y", or the final "s" goes (0 is dropped).
                    k = len(stemmed) - 1
                    a[st + k] = ord(stemmed[k])
                    a[st + k + 1 : en] = 0
    return a, cls


def _emit_tokens(a: np.ndarray, cls: np.ndarray) -> str:
    if not a.size:
        return ""
    word = cls == _WORD
    cjk = cls == _CJK
    out = np.empty((a.size, 3), dtype=np.uint32)
    # Each character: itself if it is a word or CJK character (else a blank); a CJK
    # character's successor if that is CJK too (0 is dropped); a blank after a CJK character
    # and before one. So "x中华人" becomes "x 中华 华人 人 ".
    out[:, 0] = np.where(word | cjk, a, _BLANK)
    out[:-1, 1] = (cjk[:-1] & cjk[1:]) * a[1:]
    out[-1, 1] = 0
    out[:-1, 2] = (cjk[:-1] | cjk[1:]) * _BLANK
    out[-1, 2] = _BLANK
    sep = cls == _SEP
    if sep.any():
        out[sep, 1] = ord(SEPARATOR)
        out[sep, 2] = _BLANK
    flat = out.ravel()
    return flat[flat != 0].tobytes().decode("utf-32-le").lower()


def _emit_grams(a: np.ndarray, cls: np.ndarray) -> str:
    """Each CJK character alone, then the three characters from it when its run has them."""
    cjk = cls == _CJK
    if not cjk.any():
        return ""
    n = a.size
    tri = np.zeros(n, dtype=bool)
    if n > 2:
        tri[:-2] = cjk[:-2] & cjk[1:-1] & cjk[2:]
    out = np.zeros((n, 6), dtype=np.uint32)
    out[:, 0] = cjk * a
    out[:, 1] = cjk * _BLANK
    out[:-2, 2] = tri[:-2] * a[:-2]
    out[:-2, 3] = tri[:-2] * a[1:-1]
    out[:-2, 4] = tri[:-2] * a[2:]
    out[:, 5] = tri * _BLANK
    flat = out.ravel()
    return flat[flat != 0].tobytes().decode("utf-32-le")


def cjk_runs(text: str) -> list[str]:
    """The CJK runs of a text, inner blanks removed (what pairs and grams are made of)."""
    out = []
    for m in TOKEN_RE.finditer(normalise(text)):
        if m.lastgroup == "cjk":
            out.append(_SPACE_RE.sub("", m.group()))
    return out


def gram_tokens(text: str) -> list[str]:
    """The reference for grams: every CJK character, each followed by the three characters
    starting at it when its run is long enough. A one- or three-character query is then one
    term, with no positions to check."""
    out: list[str] = []
    for run in cjk_runs(text):
        for i, c in enumerate(run):
            out.append(c)
            if i + 3 <= len(run):
                out.append(run[i : i + 3])
    return out


def field_texts(parts: list[str]) -> tuple[str, str]:
    """(tokens, grams) of several texts: ``field_text`` and ``field_grams`` in one pass."""
    kept = [p for p in parts if _HAS_TOKEN_RE.search(p)]
    if not kept:
        return "", ""
    if not any(_SENTINEL in p for p in kept):
        prepared = _prepare(_SENTINEL.join(kept))
        if prepared is not None:
            return _emit_tokens(*prepared), _emit_grams(*prepared)
    return _slow_field_text(kept), " ".join(g for p in kept for g in gram_tokens(p))


def field_grams(parts: list[str]) -> str:
    return field_texts(parts)[1]


def field_text(parts: list[str]) -> str:
    """Space-separated tokens of several texts with a separator between them (fast path).

    The parts with any token are joined by a sentinel character and tokenised in one pass
    (the numpy path costs some microseconds per call, and articles have many paragraphs)."""
    return field_texts(parts)[0]


def _slow_field_text(kept: list[str]) -> str:
    out = []
    for part in kept:
        tokens = token_text(part)
        if tokens and not tokens.isspace():
            out.append(tokens)
    return f" {SEPARATOR} ".join(out)


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
