"""Keeping article numbers when pages are processed again.

An article's number is its URL, so it must survive every re-run. Three steps, all pure:

1. `match_pieces`: on a page that changed, pair each article piece the new analysis found
   with the old part it continues (by its text, its place on the page and its headline), one
   to one, so that an unchanged page analysed again pairs every piece with itself.
2. `group_pieces`: join the pieces of the whole issue into articles, through the jump links
   of the analysis and through identity (pieces that continue parts of one old article stay
   one article, even when a re-run lost the jump line between them).
3. `assign_numbers`: each article takes the number of the old article whose start it holds,
   else of any old part it holds, else a new number; an old number left over was merged into
   the article that holds its parts, or is retired.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

Box = tuple[float, float, float, float]

# Below this score a new piece is a new story, not the continuation of an old one.
MIN_SCORE = 0.35


@dataclass(frozen=True)
class Signature:
    """What identifies one article's part on one page."""

    text: str
    headline: str
    box: Box | None

    @staticmethod
    def of(text: str, headline: str, boxes: Iterable[Sequence[float]]) -> Signature:
        boxes = [tuple(map(float, b)) for b in boxes if len(b) == 4]
        box = (
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            if boxes
            else None
        )
        return Signature(text=text or "", headline=headline or "", box=box)  # type: ignore[arg-type]


_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


def _grams(text: str) -> Counter[str]:
    key = _STRIP.sub("", text.lower())
    if len(key) < 2:
        return Counter([key]) if key else Counter()
    return Counter(key[i : i + 2] for i in range(len(key) - 1))


def text_similarity(a: str, b: str) -> float:
    """Overlap of character pairs (multiset Jaccard): 1 for the same text, ~0 for unrelated."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    shared = sum((ga & gb).values())
    return shared / sum((ga | gb).values())


def box_iou(a: Box | None, b: Box | None) -> float:
    if a is None or b is None:
        return 0.0
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def score(old: Signature, new: Signature) -> float:
    text = text_similarity(old.text, new.text)
    place = box_iou(old.box, new.box)
    head = text_similarity(old.headline, new.headline) if old.headline and new.headline else 0.0
    if text < 0.3 and place < 0.5 and head < 0.8:
        return 0.0
    return 0.6 * text + 0.25 * place + 0.15 * head


def match_pieces(old: Sequence[Signature], new: Sequence[Signature]) -> dict[int, int]:
    """Pairs {new index: old index}, one to one, maximising the total score."""
    if not old or not new:
        return {}
    scores = np.array([[score(o, n) for o in old] for n in new])
    rows, cols = linear_sum_assignment(-scores)
    return {int(r): int(c) for r, c in zip(rows, cols, strict=True) if scores[r, c] >= MIN_SCORE}


@dataclass
class Piece:
    """One article's part on one page, old (kept) or new (from this run's analysis)."""

    key: tuple[int, str]  # (page index in the issue, article id on that page)
    position: int  # reading order on its page
    # The old article this piece is (kept) or continues (matched), and whether the old part
    # was that article's start.
    origin: int | None = None
    origin_start: bool = False
    kept: bool = False
    has_headline: bool = False
    # Jump links from the analysis: the key of the piece this one continues to / from.
    continued_to: tuple[int, str] | None = None
    continued_from: tuple[int, str] | None = None


@dataclass
class Group:
    pieces: list[Piece] = field(default_factory=list)
    number: int | None = None

    @property
    def first(self) -> Piece:
        return self.pieces[0]

    def pages(self) -> set[int]:
        return {p.key[0] for p in self.pieces}


def group_pieces(pieces: Sequence[Piece]) -> list[Group]:
    """Articles of the issue in reading order, each a list of pieces in page order."""
    by_key = {p.key: p for p in pieces}
    parent = {p.key: p.key for p in pieces}

    def find(k: tuple[int, str]) -> tuple[int, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    members: dict[tuple[int, str], list[Piece]] = {p.key: [p] for p in pieces}

    def union(a: tuple[int, str], b: tuple[int, str]) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        if sorted([ra, rb])[0] == rb:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))

    # Jump links the analysis found, unless both ends are kept (an unchanged pair keeps its
    # old grouping, whatever the jump lines say now) or the far end names another piece.
    for piece in pieces:
        target = piece.continued_to
        if target is None or target not in by_key or target == piece.key:
            continue
        other = by_key[target]
        if piece.kept and other.kept:
            continue
        back = other.continued_from
        if back is not None and back[0] != piece.key[0]:
            continue
        union(piece.key, target)

    # Identity: pieces of one old article stay together, unless the article already has a
    # piece on that page through a jump link (then the newcomer is a split: its own article).
    by_origin: dict[int, list[Piece]] = {}
    for piece in sorted(pieces, key=lambda p: (not p.kept, not p.origin_start, p.key)):
        if piece.origin is not None:
            by_origin.setdefault(piece.origin, []).append(piece)
    for same in by_origin.values():
        anchor = same[0]
        for piece in same[1:]:
            root = find(anchor.key)
            if find(piece.key) == root:
                continue
            pages = {p.key[0] for p in members[root]}
            if piece.key[0] in pages:
                continue
            union(anchor.key, piece.key)

    groups = [Group(sorted(m, key=lambda p: (p.key[0], p.position))) for m in members.values()]
    groups.sort(key=lambda g: (g.first.key[0], g.first.position))
    return groups


@dataclass
class Numbering:
    # Old numbers that now belong to no article, and the article each was merged into (None:
    # retired, its URL answers 410).
    retired: dict[int, int | None] = field(default_factory=dict)


def assign_numbers(groups: Sequence[Group], old_numbers: Iterable[int], last: int) -> Numbering:
    """Set `group.number` for every group; `last` is the highest number ever given."""
    taken: set[int] = set()

    def claim(group: Group, candidates: list[int]) -> None:
        for number in candidates:
            if number not in taken:
                group.number = number
                taken.add(number)
                return

    def starts(group: Group, kept: bool | None) -> list[int]:
        return [
            p.origin
            for p in group.pieces
            if p.origin is not None and p.origin_start and (kept is None or p.kept == kept)
        ]

    # Strongest claims first: an unchanged start, then a matched start, then any part.
    for group in groups:
        claim(group, starts(group, kept=True))
    for group in groups:
        if group.number is None:
            claim(group, starts(group, kept=False))
    for group in groups:
        if group.number is None:
            claim(group, [p.origin for p in group.pieces if p.origin is not None])
    for group in groups:
        if group.number is None:
            last += 1
            group.number = last

    numbering = Numbering()
    holder: dict[int, int] = {}
    for group in groups:
        for piece in group.pieces:
            if piece.origin is not None and piece.origin not in holder:
                assert group.number is not None
                holder[piece.origin] = group.number
    for number in old_numbers:
        if number not in taken:
            numbering.retired[number] = holder.get(number)
    return numbering
