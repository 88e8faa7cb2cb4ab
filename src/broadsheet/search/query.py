"""Reading what a reader typed into phrases of tokens. Pure Python, no Django.

Syntax (deliberately small, so no input can be a syntax error):

- words separated by spaces must all match, in any order: ``5G 基站``
- each space-free chunk is a phrase: ``GDP增长`` matches "GDP增长" and "GDP 增长";
- ``"…"`` (or “…”, 「…」) is one phrase, spaces between Chinese characters ignored;
  an unclosed quote runs to the end of the query;
- ``econom*`` is a prefix search on a Latin word (at least two letters before the star);
- every other character (operators, brackets, emoji, punctuation) only separates words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from broadsheet.search.text import TOKEN_RE, WORD_CHARS, normalise, stem

MAX_QUERY_CHARS = 256
MAX_PHRASES = 12
_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』«»＂"})
_INNER_SPACE_RE = re.compile("[ \t\u3000]+")


@dataclass(frozen=True)
class Segment:
    """One CJK run or one Latin word of a phrase (already lowercased and stemmed)."""

    text: str
    cjk: bool
    prefix: bool = False


@dataclass(frozen=True)
class Term:
    """One position of an index phrase query: an exact token or a prefix of tokens.

    ``prefix_max`` bounds the token length for a prefix (None: any length); a single CJK
    character as prefix matches the character itself or a pair starting with it.
    """

    text: str
    prefix: bool = False
    prefix_max: int | None = None


@dataclass(frozen=True)
class Phrase:
    segments: tuple[Segment, ...]

    @property
    def terms(self) -> list[Term]:
        """Index terms at adjacent positions (see text.py for how runs are indexed)."""
        terms: list[Term] = []
        last = len(self.segments) - 1
        for i, seg in enumerate(self.segments):
            if not seg.cjk:
                terms.append(Term(seg.text, prefix=seg.prefix))
            elif len(seg.text) == 1:
                # Followed by more in the phrase: the text's run ends here, so it is the
                # run's last-character token; otherwise any pair starting with it.
                terms.append(Term(seg.text) if i < last else Term(seg.text, True, 2))
            else:
                s = seg.text
                terms.extend(Term(s[j : j + 2]) for j in range(len(s) - 1))
                if i < last:
                    terms.append(Term(s[-1]))
        return terms

    @property
    def gram(self) -> str | None:
        """A phrase of one or three CJK characters is one gram (text.gram_tokens): a single
        term without positions, exact and fast however common it is."""
        if len(self.segments) == 1:
            seg = self.segments[0]
            if seg.cjk and len(seg.text) in (1, 3):
                return seg.text
        return None

    @property
    def covering_grams(self) -> list[str]:
        """Three-character grams that every match of a longer phrase contains: for each CJK
        segment of four or more characters, trigrams from every third character and the
        last one. Asked for alongside the phrase, they narrow the articles whose positions
        must be checked (two common words written together are each everywhere, their
        trigram across the join is not)."""
        out: list[str] = []
        for seg in self.segments:
            s = seg.text
            if seg.cjk and len(s) >= 4:
                starts = [*range(0, len(s) - 3, 3), len(s) - 3]
                out.extend(s[i : i + 3] for i in starts if s[i : i + 3] not in out)
        return out

    @property
    def display(self) -> str:
        out = ""
        for seg in self.segments:
            if out and not (seg.cjk and out[-1:] and not out[-1].isascii()):
                out += " "
            out += seg.text + ("*" if seg.prefix else "")
        return out.strip()


@dataclass
class ParsedQuery:
    phrases: list[Phrase] = field(default_factory=list)
    error: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.phrases


def segments(chunk: str) -> list[Segment]:
    out: list[Segment] = []
    for m in TOKEN_RE.finditer(chunk):
        if m.lastgroup == "cjk":
            out.append(Segment(_INNER_SPACE_RE.sub("", m.group()), True))
        else:
            out.append(Segment(stem(m.group().lower()[:40]), False))
    return out


_PREFIX_RE = re.compile(rf"({WORD_CHARS}{{2,}})\*+\s*$")


def _phrase(chunk: str) -> Phrase | None:
    segs = segments(chunk)
    if not segs:
        return None
    prefix = _PREFIX_RE.search(chunk)
    if prefix and not segs[-1].cjk:
        segs[-1] = Segment(prefix.group(1).lower()[:40], False, True)
    return Phrase(tuple(segs))


def parse_query(raw: str) -> ParsedQuery:
    text = normalise(raw or "").translate(_QUOTES).strip()
    if not text:
        return ParsedQuery()
    if len(text) > MAX_QUERY_CHARS:
        return ParsedQuery(
            error=str(_("The query is too long: use at most %(n)d characters."))
            % {"n": MAX_QUERY_CHARS}
        )
    phrases: list[Phrase] = []
    for i, part in enumerate(text.split('"')):
        chunks = [part] if i % 2 else part.split()
        for chunk in chunks:
            phrase = _phrase(chunk)
            if phrase is not None and phrase not in phrases:
                phrases.append(phrase)
    if not phrases:
        return ParsedQuery(
            error=str(_("Nothing to search for: type words, numbers or Chinese characters."))
        )
    if len(phrases) > MAX_PHRASES:
        return ParsedQuery(
            error=str(_("Too many search terms: use at most %(n)d.")) % {"n": MAX_PHRASES}
        )
    return ParsedQuery(phrases)
