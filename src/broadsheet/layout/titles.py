"""Titles of headline-less articles: a sidebar's or a boxed brief's title set at body size,
bold or in the display face, over its text, taken as its headline."""

from __future__ import annotations

import re
from collections import Counter

from broadsheet.layout.articles import _SENTENCE_END, Draft, Heading, _font_of, _is_label
from broadsheet.layout.blocks import Block


def promote_box_title(draft: Draft, body: float) -> None:
    """A headline-less article that opens with a short bold title over its text (a sidebar's
    or a boxed brief's title, set at body size) takes that title as its headline."""
    if draft.heading is not None:
        return
    text_units = sorted(
        (u for u in draft.units if u.role in ("subhead", "body")), key=lambda b: (b.y0, b.x0)
    )
    if not text_units:
        return
    if text_units[0].y0 <= min(u.y0 for u in draft.units) + 0.5 * body and _split_title_line(
        draft, text_units[0]
    ):
        return
    if len(text_units) < 2:
        return
    first = text_units[0]
    if (
        _is_label(first)
        and len(text_units) >= 3
        and _title_like(text_units[1], text_units[2:], body)
        and text_units[1].y0 - first.y1 <= 2 * body
    ):
        # A section's name on its bar over the first item of a column of briefs: not part
        # of the brief (the label rule leaves such a line out wherever it stands alone).
        draft.units.remove(first)
        text_units = text_units[1:]
        first = text_units[0]
    if first.role != "subhead" and not _title_like(first, text_units[1:], body):
        return
    if len(first.lines) > 3 or len(first.text()) > 80:
        return
    if first.y0 > min(u.y0 for u in draft.units) + 0.5 * body:
        return  # something stands above it: it does not open the article
    if not any(u.role == "body" and u.y0 >= first.y1 - 1 for u in text_units[1:]):
        return
    first.role = "headline"
    draft.units.remove(first)
    draft.heading = Heading(blocks=[first], headline=first)


def _title_like(first: Block, rest: list[Block], body: float) -> bool:
    """A brief's title set in the display face at about body size: one to three lines, in
    another face than the text under it and not smaller, not ending a sentence."""
    if not first.lines or not rest or len(first.lines) > 3 or first.size < 0.95 * body:
        return False
    faces = Counter(_font_of(u) for u in rest if u.role in ("", "body") and u.lines)
    if not faces:
        return False
    text_face = faces.most_common(1)[0][0]
    return _font_of(first) != text_face and not _SENTENCE_END.search(first.text())


_DONE = re.compile(r"[.!?。！？…”»\"')）:：,，;；、]\s*$")


def _split_title_line(draft: Draft, first: Block) -> Block | None:
    """A headline-less piece whose first line stands alone as a paragraph, short and without
    closing punctuation, over an indented paragraph (a sidebar's "背景" or "Background" set in
    the body's own face and size): that line becomes a block of its own, the title."""
    if first.role != "body" or len(first.lines) < 3 or first.vertical:
        return None
    top, nxt = first.lines[0], first.lines[1]
    if top.x0 - first.x0 > 0.8 * top.size or nxt.x0 - first.x0 <= 0.8 * nxt.size:
        return None  # the title hangs from the left edge; the line under it opens a paragraph
    words = top.text.split()
    if top.width > 0.5 * first.width or len(words) > 6 or len(top.text) > 16:
        return None
    if _DONE.search(top.text) or nxt.y0 < top.y1 - 1:
        return None
    first.lines.remove(top)
    first.x0 = min(ln.x0 for ln in first.lines)
    first.y0 = min(ln.y0 for ln in first.lines)
    first.x1 = max(ln.x1 for ln in first.lines)
    first.y1 = max(ln.y1 for ln in first.lines)
    title = Block([top], top.x0, top.y0, top.x1, top.y1, top.size, top.bold, first.style)
    title.role = "headline"
    draft.heading = Heading(blocks=[title], headline=title)
    return title
