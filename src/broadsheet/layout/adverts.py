"""Adverts: framed or pictured display copy, and frames of drawings without any text."""

from __future__ import annotations

from broadsheet.layout.articles import Draft, _inside, _overlap, photo_block
from broadsheet.layout.blocks import Block
from broadsheet.layout.roles import is_advert_text
from broadsheet.pdf.extract import Rect


def _display_text(blocks: list[Block], body: float) -> bool:
    """Display copy: a big line and hardly any running text at body size (an advert's look,
    not a boxed article's, which has a body)."""
    chars = sum(len(ln.text) for b in blocks for ln in b.lines)
    running = sum(
        len(ln.text) for b in blocks for ln in b.lines if abs(ln.size - body) <= 0.12 * body
    )
    big = any(b.size >= 1.8 * body for b in blocks)
    return big and chars > 0 and running <= 0.2 * chars


def _boxed_article(blocks: list[Block], body: float) -> bool:
    """A headline over columns of running text, or a box holding running paragraphs only: a
    boxed article or sidebar whose body merely mentions advert wording (a sale, a phone
    number, 招商), not an advert."""
    heading = any(b.style == "big" and b.size >= 1.6 * body for b in blocks)
    running = sum(
        len(ln.text)
        for b in blocks
        if b.style == "body" and len(b.lines) >= 4
        for ln in b.lines
        if abs(ln.size - body) <= 0.12 * body
    )
    chars = sum(len(ln.text) for b in blocks for ln in b.lines)
    if heading and running >= 400 and running >= 0.6 * chars:
        return True
    # A sidebar of running paragraphs (its title at body size) that mentions 招商 or a sale:
    # advert wording inside news text is no advert's look.
    return running >= 200 and running >= 0.8 * chars


def _ear(r: Rect, page_width: float) -> bool:
    """A narrow frame at the page's left or right edge: where a masthead's ear stands."""
    return r.width <= 0.3 * page_width and (r.x0 <= 0.15 * page_width or r.x1 >= 0.85 * page_width)


def find_adverts(
    regions: list[Rect],
    blocks: list[Block],
    photos: list[Block],
    body: float,
    page_width: float,
) -> list[Draft]:
    """Frames and pictures holding display copy or advert wording. Text in the masthead band
    is furniture, except in a frame at the page's side edge: an ear sold as an advert."""
    drafts: list[Draft] = []
    taken: set[int] = set()
    for r in sorted(regions, key=lambda r: -(r.width * r.height)):
        if r.width < 40 or r.height < 30:
            continue
        ear = _ear(r, page_width)
        # Glyph boxes are rebuilt with a full-em ascent from the baseline: big display copy set
        # tight under a frame's edge seems to cross it by up to a quarter of its size.
        inside = [
            b
            for b in blocks
            if (not b.role or (ear and b.role == "furniture"))
            and id(b) not in taken
            and _inside(b, r, max(2.0, 0.25 * b.size))
        ]
        if not inside:
            continue
        text = " ".join(b.text() for b in inside)
        if not _display_text(inside, body) and (
            not is_advert_text(text) or _boxed_article(inside, body)
        ):
            continue
        for b in inside:
            taken.add(id(b))
            b.role = "advert"
        frame = photo_block(r)
        frame.role = "advert"
        for p in photos:
            if _inside(p, r):
                p.role = "advert"
        drafts.append(Draft(heading=None, units=[frame, *inside], kind="advert"))
    return drafts


def graphic_adverts(
    frames: list[Rect], graphics: list[Rect], blocks: list[Block], photos: list[Block]
) -> list[Draft]:
    """A frame with no text at all around several drawings or pictures (shapes, logos, a
    product shot beside a pattern) is an advert made only of images. A frame around a single
    picture is that picture's border, not an advert."""
    drafts: list[Draft] = []
    taken: list[Rect] = []
    for r in sorted(frames, key=lambda r: -(r.width * r.height)):
        if any(_within(r, t) for t in taken):
            continue
        if any(
            _overlap(b.x0, b.x1, r.x0, r.x1) > 0 and _overlap(b.y0, b.y1, r.y0, r.y1) > 0
            for b in blocks
            if b.lines
        ):
            continue
        inner = [g for g in graphics if g is not r and _within(g, r) and g.width * g.height > 4]
        if len(inner) < 2:
            continue
        taken.append(r)
        frame = photo_block(r)
        frame.role = "advert"
        for p in photos:
            if _inside(p, r):
                p.role = "advert"
        drafts.append(Draft(heading=None, units=[frame], kind="advert"))
    return drafts


def _within(a: Rect, b: Rect, slack: float = 1.0) -> bool:
    return (
        a.x0 >= b.x0 - slack
        and a.x1 <= b.x1 + slack
        and a.y0 >= b.y0 - slack
        and a.y1 <= b.y1 + slack
    )
