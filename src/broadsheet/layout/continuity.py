"""Whether one column's text runs on into another: a column ending mid-sentence and the next
opening mid-sentence, bylines that open no sentence, rules in a gutter, and a headline centred
over a story's columns (used by ``orphans.py`` to give leftover columns to their stories)."""

from __future__ import annotations

import re

from broadsheet.layout.articles import Draft, _overlap
from broadsheet.layout.blocks import Block
from broadsheet.layout.roles import is_byline
from broadsheet.pdf.extract import Rect

_SENTENCE_DONE = re.compile(r"[.!?。！？…”»\"')）]\s*$")


def _sentence_runs_on(v: Block, u: Block, owner: Draft) -> bool:
    """The article's column ``v`` stops in the middle of a sentence, and ``u``, the column to
    its right, is where it goes on: the bottom of ``v``'s column (its lowest block in the
    article) ends without a full stop, and ``u`` opens mid-sentence (no paragraph indent; in
    Latin script, a small letter). A column rule between them is then the story's own."""
    column = [w for w in owner.units if _overlap(w.x0, w.x1, v.x0, v.x1) > 0.5 * v.width]
    bottom = max(column, key=lambda w: w.y1)
    if bottom.role not in ("", "body"):
        return False
    return _opens_mid_sentence(bottom, u)


def _opens_mid_sentence(bottom: Block, top: Block) -> bool:
    """``bottom`` (the foot of a column) ends without a full stop and ``top`` (the head of the
    next) opens mid-sentence: no paragraph indent, no byline, and in Latin script a small
    letter."""
    if not bottom.lines or not top.lines:
        return False
    end = bottom.lines[-1].text.rstrip()
    start = top.lines[0].text.lstrip()
    if not end or not start or _SENTENCE_DONE.search(end) or _is_byline_block(top):
        return False
    if top.lines[0].x0 - top.x0 > 0.8 * top.lines[0].size:
        return False  # an indented first line opens a paragraph
    return not start[0].isalpha() or start[0].islower() or not start[0].isascii()


def _rule_in_gutter(left: Block, right: Block, vrules: list[Rect]) -> bool:
    """A vertical rule in the gutter between the two, along either of them (they need not
    overlap in height: a byline over one column beside the next column's top)."""
    lo, hi = left.x1, right.x0
    y0, y1 = min(left.y0, right.y0), max(left.y1, right.y1)
    return any(lo - 1 <= (r.x0 + r.x1) / 2 <= hi + 1 and r.y1 > y0 and r.y0 < y1 for r in vrules)


def _is_byline_block(b: Block) -> bool:
    """A byline opens no sentence that another column runs into."""
    return bool(b.meta.get("byline_line")) or (len(b.lines) <= 2 and is_byline(b.text()))


def _runs_into(u: Block, v: Block, owner: Draft, orphans: list[Block]) -> bool:
    """The mirror of `_sentence_runs_on`: the piece ``u``, left of the article's column ``v``
    behind a rule, is the story's first column (under a headline centred over the columns
    right of it): its column stops mid-sentence and ``v``, the top of its column in the
    article, opens mid-sentence."""
    column = [w for w in orphans if _overlap(w.x0, w.x1, u.x0, u.x1) > 0.5 * u.width]
    bottom = max([u, *column], key=lambda w: w.y1)
    tops = [w for w in owner.units if _overlap(w.x0, w.x1, v.x0, v.x1) > 0.5 * v.width]
    top = min(tops, key=lambda w: w.y0)
    if top is not v or v.role not in ("", "body"):
        return False
    return _opens_mid_sentence(bottom, v)


def _centres_heading(u: Block, d: Draft, body: float) -> bool:
    """With the column ``u`` at its left, the article's headline stands centred over its
    columns, as it does not without it: ``u`` is the story's first column (a headline centred
    over a ruled story's columns)."""
    h = d.heading
    columns = [v for v in d.units if v.role in ("", "body") and v.y0 >= (h.y1 if h else 0) - 2]
    if h is None or not columns:
        return False
    x1 = max(v.x1 for v in columns)
    without = abs((min(v.x0 for v in columns) + x1) / 2 - h.headline.cx)
    with_u = abs((u.x0 + x1) / 2 - h.headline.cx)
    return with_u <= body and with_u < without
