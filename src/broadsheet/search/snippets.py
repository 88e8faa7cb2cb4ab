"""Snippets: a window of the original text with the matched strings in <mark>.

Highlighting works on the original text with one regular expression per phrase, so nothing is
ever inserted between Chinese characters; the result is escaped HTML, safe to show as is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from broadsheet.search.query import ParsedQuery, Phrase, Segment
from broadsheet.search.text import CJK, WORD_CHARS, normalise

SNIPPET_CHARS = 120
_LEAD = 30
_MAX_MATCHES = 400
_GAP = rf"[^\w{CJK}]*"  # what may stand between two segments of a phrase: spaces, punctuation
_NOT_WORD_BEFORE = rf"(?<!{WORD_CHARS})"
_NOT_WORD_AFTER = rf"(?!{WORD_CHARS})"


def _segment_pattern(seg: Segment) -> str:
    if seg.cjk:
        return "[ \t\u3000]*".join(re.escape(c) for c in seg.text)
    word = re.escape(seg.text)
    if seg.prefix:
        return f"{_NOT_WORD_BEFORE}{word}{WORD_CHARS}*"
    # The stemmer removed plural endings; accept them back.
    variants = [word + "(?:s|es|'s)?"]
    if seg.text.endswith("y"):
        variants.append(re.escape(seg.text[:-1]) + "ies")
    return f"{_NOT_WORD_BEFORE}(?:{'|'.join(variants)}){_NOT_WORD_AFTER}"


def _phrase_pattern(phrase: Phrase) -> str:
    return _GAP.join(_segment_pattern(s) for s in phrase.segments)


@lru_cache(maxsize=256)
def _compile(phrases: tuple[Phrase, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"({_phrase_pattern(p)})" for p in phrases), re.IGNORECASE)


def highlighter(query: ParsedQuery) -> re.Pattern[str] | None:
    return _compile(tuple(query.phrases)) if query.phrases else None


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    pos = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, pattern: re.Pattern[str] | None) -> str:
    """The whole text, escaped, with every match marked (for headlines)."""
    if pattern is None:
        return escape(text)
    spans = [m.span() for m in pattern.finditer(normalise(text)) if m.end() > m.start()]
    return _mark(text, spans, 0, len(text))


def snippet(text: str, pattern: re.Pattern[str] | None, size: int = SNIPPET_CHARS) -> str:
    """The best window of ``text``: the one holding the most different phrases, then the first."""
    text = " ".join(text.split())
    matches: list[tuple[int, int, int]] = []
    if pattern is not None:
        for m in pattern.finditer(normalise(text)):
            if m.end() > m.start():
                matches.append((m.start(), m.end(), m.lastindex or 0))
                if len(matches) >= _MAX_MATCHES:
                    break
    if not matches:
        end = min(len(text), size)
        return escape(text[:end]) + ("…" if end < len(text) else "")
    best, best_score = 0, -1
    j = 0
    for i, (s, _e, _g) in enumerate(matches):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] <= s + size - _LEAD:
            j += 1
        score = len({g for _s, _e2, g in matches[i : j + 1]})
        if score > best_score:
            best, best_score = i, score
    start = max(0, matches[best][0] - _LEAD)
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    body = _mark(text, [(s, e) for s, e, _g in matches], start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
