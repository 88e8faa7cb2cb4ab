"""The kinds of article a slot can hold: news (with jumps), picture, a stack of briefs, advert."""

from __future__ import annotations

import datetime
import random

from .article import Composed, Composer, Continuation, Style, box_op, equal_frames
from .images import photo_jpeg
from .ops import Box, ImageOp, LineOp, RectOp, TextOp, rounded, union
from .planner import Grid, Slot
from .stories import HeadlineLedger, Story, advert_copy, make_story, picture_title
from .typeset import wrap_phrases

BOX_PAD = 7.0


def slot_x(grid: Grid, slot: Slot) -> tuple[float, float]:
    return grid.col_x(slot.col0)[0], grid.col_x(slot.col0 + slot.span - 1)[1]


def jump_text(chinese: bool, label: str, to: bool) -> str:
    if chinese:
        where = f"第{int(label)}版" if label.isdigit() else f"{label}版"
        return f"（{'下转' if to else '上接'}{where}）"
    return f"{'Continued on' if to else 'Continued from'} Page {label}"


def heading_regions(out: Composed, roles: tuple[str, ...]) -> list[Box]:
    boxes = [tuple(b["bbox"]) for b in out.blocks if b["role"] in roles]
    return [union(boxes)] if boxes else []  # type: ignore[arg-type]


def compose_news(
    style: Style,
    grid: Grid,
    slot: Slot,
    story: Story,
    rng: random.Random,
    *,
    headline_size: float,
    jump_label: str = "",
    continuation: Continuation | None = None,
) -> Composed:
    """A news article; when its slot is too small for the body, try again with less above it."""
    attempts = [
        (headline_size, True, True),
        (headline_size, False, True),
        (headline_size * 0.8, False, False),
        (headline_size * 0.6, False, False),
    ]
    for size, photo, extras in attempts:
        out = _compose_news_once(
            style, grid, slot, story, rng, size, photo, extras, jump_label, continuation
        )
        if out.text:
            break
    return out


def _compose_news_once(
    style: Style,
    grid: Grid,
    slot: Slot,
    story: Story,
    rng: random.Random,
    headline_size: float,
    allow_photo: bool,
    allow_extras: bool,
    jump_label: str,
    continuation: Continuation | None,
) -> Composed:
    x0, x1 = slot_x(grid, slot)
    top, bottom = slot.top, slot.bottom
    box: Box | None = None
    if slot.boxed:
        box = (x0, top, x1, bottom)
        x0, x1, top, bottom = x0 + BOX_PAD, x1 - BOX_PAD, top + BOX_PAD, bottom - BOX_PAD
    comp = Composer(style, rng, x0, x1)
    if box is not None:
        comp.out.ops.append(box_op(box, (0.96, 0.95, 0.92) if rng.random() < 0.5 else None, 0.8))
    y = top
    seed = rng.getrandbits(32)
    if slot.photo == "top" and continuation is None and allow_photo:
        height = min((x1 - x0) * rng.uniform(0.32, 0.45), slot.height * 0.34)
        y = comp.photo((x0, y, x1, y + height), story.caption, seed) + style.body_size
    if continuation is not None:
        y = comp.heading(story, headline_size, y, kicker=False, sub=False)
    else:
        y = comp.heading(
            story,
            headline_size,
            y,
            kicker=slot.kicker and allow_extras,
            sub=slot.subheadline and allow_extras,
        )
    byline_on_top = bool(story.byline) and continuation is None and rng.random() < 0.5
    if byline_on_top:
        y = comp.byline_top(story, y)
    frames = equal_frames(x0, x1, slot.span, grid.gutter, y, bottom)
    if slot.photo == "body" and continuation is None and allow_photo:
        k = slot.span if slot.span <= 2 else rng.randint(2, max(2, slot.span - 1))
        first = 0 if rng.random() < 0.6 else slot.span - k
        px0, px1 = frames[first].x0, frames[first + k - 1].x1
        ph = min((px1 - px0) * rng.uniform(0.55, 0.72), (bottom - y) * 0.5)
        cap_bottom = comp.photo((px0, y, px1, y + ph), story.caption, seed)
        for f in frames[first : first + k]:
            f.top = cap_bottom + style.body_size * 0.6
    jump_to = jump_text(style.chinese, jump_label, True) if slot.jump_to else ""
    jump_from = ""
    remainder = None
    if continuation is not None:
        jump_from = jump_text(style.chinese, continuation.from_label, False)
        remainder = continuation.remainder
    placed, paras, cut = comp.flow_body(
        story,
        frames,
        byline_in_column=not byline_on_top and continuation is None,
        jump_from=jump_from,
        jump_to=jump_to,
        remainder=remainder,
    )
    comp.record_body(placed, paras)
    out = comp.out
    extra = heading_regions(out, ("kicker", "headline", "subheadline"))
    extra += [tuple(b["bbox"]) for b in out.blocks if b["role"] in ("photo", "caption")]  # type: ignore[misc]
    if byline_on_top:
        extra += [tuple(b["bbox"]) for b in out.blocks if b["role"] == "byline"]  # type: ignore[misc]
    comp.finish_regions(placed, extra)
    if box is not None:
        out.regions = [box]
    if slot.jump_to:
        out.continued_to = slot.jump_to
        out.carry = Continuation(story, 0, "", cut, to_page=slot.jump_to)
    if continuation is not None:
        out.continued_from = continuation.from_page
        out.byline = ""
    return out


def compose_picture(
    style: Style, grid: Grid, slot: Slot, story: Story, rng: random.Random, headline_size: float
) -> Composed:
    x0, x1 = slot_x(grid, slot)
    comp = Composer(style, rng, x0, x1)
    comp.out.kind = "picture"
    size = comp.fit_headline(picture_title(rng, story.language), headline_size, x1 - x0, 1)
    y = comp.text_lines(
        "headline",
        picture_title(rng, story.language),
        style.headline,
        size,
        slot.top,
        bold=style.headline_bold,
    )
    comp.out.headline = comp.out.blocks[-1]["text"]
    y += 4
    cap_lines = wrap_phrases(
        story.caption, style.caption, style.caption_size, x1 - x0, chinese=style.chinese
    )
    cap_height = len(cap_lines) * style.caption_size * 1.25 + 6
    height = min(slot.bottom - y - cap_height, (x1 - x0) * 0.75)
    comp.photo((x0, y, x1, y + height), story.caption, rng.getrandbits(32))
    # As in the analysis contract: the caption is a block of its own, not body text.
    comp.out.text = ""
    comp.out.regions = [union([tuple(b["bbox"]) for b in comp.out.blocks])]  # type: ignore[misc]
    return comp.out


def compose_briefs(
    style: Style,
    grid: Grid,
    slot: Slot,
    rng: random.Random,
    section: str,
    date: datetime.date,
    credit_marks: tuple[str, ...],
    label: str,
    ledger: HeadlineLedger | None = None,
) -> tuple[list[Composed], list]:
    """A column of short items under a label bar; the bar is decoration, each item an article."""
    x0, x1 = slot_x(grid, slot)
    decoration: list = []
    bar = style.body_size * 2.0
    decoration.append(RectOp((x0, slot.top, x1, slot.top + bar), stroke=None, fill=style.accent))
    lsize = style.body_size * 1.25
    lx = x0 + ((x1 - x0) - style.headline.width(label, lsize)) / 2
    base = slot.top + bar / 2 + lsize * 0.35
    decoration.append(TextOp(lx, base, label, style.headline.name, lsize, color=(1, 1, 1)))
    top = slot.top + bar + 6
    count = max(2, min(4, int((slot.bottom - top) // 150)))
    each = (slot.bottom - top) / count
    items: list[Composed] = []
    for i in range(count):
        a_top, a_bottom = top + i * each, top + (i + 1) * each - (8 if i < count - 1 else 0)
        if i:
            decoration.append(LineOp(x0, a_top - 4, x1, a_top - 4, 0.4))
        story = make_story(
            rng,
            style_language(style),
            section,
            date,
            byline=False,
            credit=rng.random() < 0.4,
            credit_marks=credit_marks,
            ledger=ledger,
        )
        comp = Composer(style, rng, x0, x1)
        comp.out.kind = "brief"
        hsize = style.body_size * 1.3
        size = comp.fit_headline(story.headline, hsize, x1 - x0, 3)
        y = comp.text_lines(
            "headline",
            story.headline,
            style.subhead,
            min(size, hsize),
            a_top,
            bold=style.chinese,
            center=False,
        )
        comp.out.headline = comp.out.blocks[-1]["text"]
        frames = equal_frames(x0, x1, 1, grid.gutter, y + 2, a_bottom)
        placed, paras, _ = comp.flow_body(story, frames, byline_in_column=False, max_paragraphs=3)
        comp.record_body(placed, paras)
        comp.finish_regions(placed, heading_regions(comp.out, ("headline",)))
        items.append(comp.out)
    return items, decoration


def style_language(style: Style) -> str:
    return "zh-hans" if style.chinese else "en"


def compose_advert(
    style: Style, grid: Grid, slot: Slot, rng: random.Random, date: datetime.date
) -> Composed:
    x0, x1 = slot_x(grid, slot)
    box = (x0, slot.top, x1, slot.bottom)
    title, body = advert_copy(rng, style_language(style), date)
    comp = Composer(style, rng, x0 + 12, x1 - 12)
    out = comp.out
    out.kind = "advert"
    tint = rng.choice(((1.0, 0.96, 0.85), (0.9, 0.95, 1.0), (1.0, 1.0, 1.0), (0.93, 0.98, 0.92)))
    out.ops.append(RectOp(box, stroke=(0, 0, 0), fill=tint, width=1.5))
    inner = (x0 + 4, slot.top + 4, x1 - 4, slot.bottom - 4)
    out.ops.append(RectOp(inner, stroke=style.accent, fill=None, width=0.6))
    width = x1 - x0 - 24
    with_photo = slot.span >= 4 and rng.random() < 0.6
    if with_photo:
        pw = width * 0.35
        comp.x1 = x1 - 12 - pw - 10
        width = comp.x1 - comp.x0
        ph = slot.height - 28
        pbox = (x1 - 12 - pw, slot.top + 14, x1 - 12, slot.top + 14 + ph)
        out.ops.append(ImageOp(pbox, photo_jpeg(rng.getrandbits(32), int(pw), int(ph))))
        out.blocks.append({"role": "photo", "bbox": rounded(pbox), "text": ""})
    hsize = min(44.0, comp.fit_headline(title, 44.0, width, 1))
    body_size = max(style.body_size * 1.3, 11.0)
    body_lines = wrap_phrases(body, style.kicker, body_size, width, chinese=style.chinese)
    total = hsize * 1.2 + 8 + len(body_lines) * body_size * 1.35
    y = slot.top + max(14.0, (slot.height - total) / 2)
    y = comp.text_lines(
        "headline",
        title,
        style.headline,
        hsize,
        y,
        bold=style.headline_bold,
        color=style.accent,
        center=True,
    )
    out.headline = out.blocks[-1]["text"]
    comp.text_lines(
        "body", body, style.kicker, body_size, y + 8, leading=body_size * 1.35, center=True
    )
    out.text = out.blocks[-1]["text"]
    out.regions = [box]
    return out
