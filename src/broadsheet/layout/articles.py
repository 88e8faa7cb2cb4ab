"""Form articles: heading groups own the blocks beneath them, bounded by rules and frames.

The newspaper convention this relies on: an article's headline stands above its body and spans
the columns the body runs in. So every text block (and every photo with its caption) belongs to
the nearest heading above it that overlaps it horizontally, unless a rule or a frame edge runs
between them. Blocks no heading claims become headline-less articles (continuations, briefs) or
picture articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from broadsheet.layout.blocks import Block, column_top
from broadsheet.layout.lines import is_cjk
from broadsheet.layout.roles import is_byline, is_jump_line
from broadsheet.pdf.extract import Rect


@dataclass
class Heading:
    blocks: list[Block]
    headline: Block

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.blocks)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.blocks)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.blocks)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.blocks)


@dataclass
class Draft:
    heading: Heading | None
    units: list[Block] = field(default_factory=list)
    kind: str = "news"
    story: str = ""  # the PDF's article thread it lies on ("thread-3"), when it has threads

    def all_blocks(self) -> list[Block]:
        return (self.heading.blocks if self.heading else []) + self.units

    def top(self) -> float:
        return min(b.y0 for b in self.all_blocks())

    def left(self) -> float:
        return min(b.x0 for b in self.all_blocks())


def photo_block(rect: Rect) -> Block:
    return Block([], rect.x0, rect.y0, rect.x1, rect.y1, 0.0, False, "photo", role="photo")


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _inside(b: Block, r: Rect, slack: float = 2.0) -> bool:
    return (
        b.x0 >= r.x0 - slack
        and b.x1 <= r.x1 + slack
        and b.y0 >= r.y0 - slack
        and b.y1 <= r.y1 + slack
    )


def same_frames(a: Block, b: Block, frames: list[Rect]) -> bool:
    """No frame holds one of the two blocks without the other: a frame's edge never runs
    between blocks of one article (a boxed story or sidebar is whole, and nothing outside it
    joins it)."""
    return all(_in_frame(a, f) == _in_frame(b, f) for f in frames)


def _in_frame(b: Block, f: Rect) -> bool:
    """Most of the block lies in the frame (text may run a line past a box drawn too short)."""
    w = _overlap(b.x0, b.x1, f.x0, f.x1)
    h = _overlap(b.y0, b.y1, f.y0, f.y1)
    area = max(b.x1 - b.x0, 0.1) * max(b.y1 - b.y0, 0.1)
    return w * h >= 0.5 * area


def _rule_between(top: float, bottom: float, x0: float, x1: float, hrules: list[Rect]) -> bool:
    width = x1 - x0
    for r in hrules:
        mid = (r.y0 + r.y1) / 2
        if top - 1.5 <= mid <= bottom + 1.5 and _overlap(r.x0, r.x1, x0, x1) >= 0.5 * width:
            return True
    return False


def _vrule_between(left: Block, right: Block, vrules: list[Rect]) -> bool:
    lo, hi = (left.x1, right.x0) if left.x1 <= right.x0 else (right.x1, left.x0)
    y0, y1 = max(left.y0, right.y0), min(left.y1, right.y1)
    for r in vrules:
        mid = (r.x0 + r.x1) / 2
        if lo - 1 <= mid <= hi + 1 and _overlap(r.y0, r.y1, y0, y1) > 0:
            return True
    return False


def _is_inline_subhead(b: Block, blocks: list[Block], hrules: list[Rect], body: float) -> bool:
    """A bold line barely larger than body text, with body text right above it in its column,
    is a subhead inside an article, not the headline of a new one."""
    if b.size >= 1.25 * body or len(b.lines) > 2:
        return False
    for o in blocks:
        if o.style != "body" or o.role:
            continue
        gap = b.y0 - o.y1
        close = -1 <= gap <= 1.6 * body and _overlap(o.x0, o.x1, b.x0, b.x1) >= 0.6 * b.width
        if close and not _rule_between(o.y1, b.y0, max(o.x0, b.x0), min(o.x1, b.x1), hrules):
            b.style = "body"
            b.bold = True
            return True
    if _column_top_subhead(b, blocks, body):
        b.style = "body"
        b.bold = True
        return True
    return False


def _column_top_subhead(b: Block, blocks: list[Block], body: float) -> bool:
    """A line centred over the column that starts right under it, level with the tops of the
    columns beside it: the subhead opening a column of a story whose headline is above, not
    that headline's subheadline (a brief's title is set flush left, unless a headline far
    bigger spans right over it)."""
    under = [
        o
        for o in blocks
        if o.style == "body"
        and not o.role
        and len(o.lines) >= 3
        and 0 <= o.y0 - b.y1 <= 1.2 * body
        and o.x0 - 1 <= b.x0
        and b.x1 <= o.x1 + 1
    ]
    if not under:
        return False
    column = under[0]
    left, right = b.x0 - column.x0, column.x1 - b.x1
    centred = min(left, right) >= body and abs(left - right) <= body
    # or flush left under a headline 1.8 times its size spanning it (a label over briefs is
    # smaller), right under it or under the one- or two-line deck set beneath it
    heads = [
        o
        for o in blocks
        if o is not b
        and o.style == "big"
        and o.size >= 1.8 * b.size
        and o.x0 - 1 <= b.x0
        and b.x1 <= o.x1 + 1
        and o.y1 <= b.y0
    ]
    decks = [
        d
        for d in blocks
        if d is not b
        and all(d is not o for o in heads)
        and len(d.lines) <= 2
        and d.y1 <= b.y0
        and any(
            0 <= d.y0 - o.y1 <= 2 * body and o.x0 - 1 <= d.x0 and d.x1 <= o.x1 + 1 for o in heads
        )
    ]
    under_headline = any(0 <= b.y0 - o.y1 <= 2 * body for o in heads + decks)
    if not centred and not under_headline:
        return False
    return any(
        o.style == "body"
        and not o.role
        and len(o.lines) >= 3
        and abs(column_top(o, blocks, body) - b.y0) <= 0.6 * body
        and _overlap(o.x0, o.x1, column.x0, column.x1) <= 0
        and min(abs(o.x0 - column.x1), abs(column.x0 - o.x1)) <= 3 * body
        for o in blocks
    )


def _is_split_byline(b: Block) -> bool:
    """A byline whose name is set big (typography.join_split_bylines), or the first line of a
    wrapped dateline (context._wrapped_dateline): never a headline."""
    return any(ln.meta.get("split_byline") for ln in b.lines)


def group_headings(
    blocks: list[Block],
    hrules: list[Rect],
    body: float,
    bars: list[Rect] = (),  # type: ignore[assignment]
) -> list[Heading]:
    """Stack big blocks into kicker / headline / subheadline groups. Text on a tinted bar (a
    section label such as 简讯) never joins text off the bar."""
    bigs = sorted(
        (b for b in blocks if b.style == "big" and not b.role and not _is_split_byline(b)),
        key=lambda b: b.y0,
    )
    bigs = [b for b in bigs if not _is_inline_subhead(b, blocks, hrules, body)]
    groups: list[list[Block]] = []
    for b in bigs:
        joined = False
        for g in reversed(groups):
            last = g[-1]
            gap = b.y0 - last.y1
            close = -0.3 * b.size <= gap <= 0.9 * min(b.size, last.size) + 2
            ov = _overlap(last.x0, last.x1, b.x0, b.x1)
            lo, hi = max(last.x0, b.x0), min(last.x1, b.x1)
            if (
                close
                and ov >= 0.5 * min(last.width, b.width)
                and not _rule_between(last.y1, b.y0, lo, hi, hrules)
                and not any(_inside(last, f) != _inside(b, f) for f in bars)
            ):
                g.append(b)
                joined = True
                break
        if not joined:
            groups.append([b])
    headings = []
    for g in groups:
        top = max(g, key=lambda b: (round(b.size, 1), -g.index(b)))
        headings.append(Heading(blocks=g, headline=top))
    return headings


# A caption's closing credit: "(Name/Paper)", "（新华社发）", "王明 摄".
_CREDIT_END = re.compile(r"([（(][^（()）]{2,60}[）)]|摄)\s*$")


def _under_photo(b: Block, photos: list[Block], body: float) -> bool:
    """Right under a photo and within its width: where the photo's caption sits."""
    return any(
        -2 <= b.y0 - p.y1 <= 1.6 * body and _overlap(b.x0, b.x1, p.x0, p.x1) >= 0.7 * b.width
        for p in photos
    )


def _font_of(b: Block) -> str:
    return b.lines[0].chars[0].font_name if b.lines and b.lines[0].chars else ""


def attach_heading_lines(
    headings: list[Heading],
    blocks: list[Block],
    hrules: list[Rect],
    body: float,
    photos: list[Block] = (),  # type: ignore[assignment]
    body_font: str = "",
) -> None:
    """Small lines right above a headline are kickers; lines right below it are subheadlines.

    Kickers are taken nearest first, so a stack of two short lines climbs up from the headline;
    a line right under a photo is the photo's caption, not a kicker, once a kicker stands between
    it and the headline. A line right below the headline in a display style (larger than body,
    in another face, not bold like a byline) is a subheadline."""
    for h in headings:
        size = h.headline.size
        candidates = [
            b
            for b in blocks
            if not b.role
            and b.style != "big"
            and len(b.lines) <= 2
            and _overlap(b.x0, b.x1, h.x0, h.x1) >= 0.6 * b.width
        ]
        for b in sorted(candidates, key=lambda b: -b.y1):
            if b.role:
                continue
            text = b.text()
            # Tightly set, the kicker's descent box may reach into the headline's box, whose
            # top (rebuilt from the baseline) stands above its capitals.
            above = -(0.15 * b.size + 0.12 * size) <= h.y0 - b.y1 <= 0.7 * size
            lo, hi = max(b.x0, h.x0), min(b.x1, h.x1)
            if not above or _rule_between(b.y1, h.y0, lo, hi, hrules):
                continue  # (a line over a rule ends the story above: no kicker)
            other_face = bool(body_font) and bool(b.lines) and _font_of(b) != body_font
            if not (
                b.bold
                or b.style == "small"
                or b.size > body * 1.05
                or text.startswith(("—", "-"))
                or (other_face and b.size >= body * 0.95)
            ):
                continue
            has_kicker = h.y0 < h.headline.y0 - 1  # a kicker (or a stacked line) above
            credit = _CREDIT_END.search(text) is not None
            if is_byline(text) or ((has_kicker or credit) and _under_photo(b, photos, body)):
                continue
            b.role = "kicker"
            h.blocks.insert(0, b)
        for b in sorted(candidates, key=lambda b: b.y0):
            if b.role:
                continue
            text = b.text()
            if not 0 <= b.y0 - h.y1 <= 0.7 * size:
                continue
            if _rule_between(h.y1, b.y0, max(b.x0, h.x0), min(b.x1, h.x1), hrules):
                continue
            # A line opening with a dash is a subheadline even when it ends in 报道.
            dash = text.startswith(("—", "－", "--"))
            if not dash and is_byline(text):
                continue
            # A deck in display style: larger than body, not bold, in another face (an italic
            # deck) or, where the PDF names the faces alike, clearly larger and no sentence.
            other_face = bool(body_font) and _font_of(b) != body_font
            larger = b.size >= 1.2 * body and not _SENTENCE_END.search(text)
            display = b.size >= 1.1 * body and not b.bold and (other_face or larger)
            if dash or display:
                b.role = "subheadline"
                h.blocks.append(b)
        ordered = sorted(h.blocks, key=lambda b: b.y0)
        h.blocks = ordered
        for b in ordered:
            if b is h.headline:
                b.role = "headline"
            elif not b.role or b.role in ("kicker", "subheadline"):
                b.role = "kicker" if b.y0 < h.headline.y0 else "subheadline"


def find_captions(photos: list[Block], blocks: list[Block], body: float, body_font: str) -> None:
    for p in photos:
        best: Block | None = None
        for b in blocks:
            if b.role not in ("", "furniture") or b.style == "big" or len(b.lines) > 5:
                continue
            if b.meta.get("folio"):
                continue
            if _overlap(b.x0, b.x1, p.x0, p.x1) < 0.7 * b.width:
                continue
            gap = b.y0 - p.y1
            if not (-2 <= gap <= 1.6 * body):
                continue
            text = b.text()
            font = b.lines[0].chars[0].font_name
            looks = (
                b.style == "small"
                or b.bold
                or (font != body_font and font)
                or text.rstrip("）)").endswith("摄")
            )
            if looks and (best is None or b.y0 < best.y0):
                best = b
        if best is not None:
            best.role = "caption"
            p.meta["caption"] = best


def mark_bylines_and_jumps(draft: Draft, body: float, body_bold: bool = False) -> None:
    """Bylines, jump lines, subheads and body among an article's blocks. Bold marks a subhead
    only on pages whose body text is not bold itself (黑体 body faces are)."""
    seen: list[Block] = []  # text blocks read so far
    for u in sorted(draft.units, key=lambda b: (b.y0, b.x0)):
        if u.role in ("photo", "caption", "advert"):
            continue
        text = u.text()
        if u.role == "jump" or (len(u.lines) == 1 and is_jump_line(text)):
            u.role = "jump"
            continue
        if (
            not u.role
            and len(u.lines) <= 2
            and not text.startswith(("—", "－"))
            and (is_byline(text) or _is_split_byline(u))
            and (len(text) < 30 or not _under_text(u, seen))
        ):
            u.role = "byline"
            _take_byline_tail(u, draft, body)
            continue
        if not u.role:
            sub = u.meta.get("subhead") or u.style == "big"
            sub = sub or (u.bold and not body_bold and len(u.lines) <= 2)
            u.role = "subhead" if sub else "body"
            seen.append(u)


def _under_text(u: Block, seen: list[Block]) -> bool:
    """Text of the article stands above ``u`` in its column: ``u`` is inside the story, not
    at the head of a column where a byline stands."""
    return any(v.y1 <= u.y0 + 2 and _overlap(v.x0, v.x1, u.x0, u.x1) > 0 for v in seen)


_WEB_ADDRESS = re.compile(
    r"^\s*((https?://)?(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?|[\w.+-]+@[\w-]+(\.[\w-]+)+)\s*$",
    re.IGNORECASE,
)


def is_furniture_draft(draft: Draft, width: float, height: float) -> bool:
    """Page furniture that the margins' rules did not catch: a headline-less piece that is
    only a web or mail address (a footer's URL), a lone label line (a section's name over its
    stories: "FOOTBALL", "要闻"), or a lone small image without caption at a page edge (a
    logo)."""
    if draft.heading is not None:
        return False
    texts = [u.text() for u in draft.units if u.role not in ("photo", "advert")]
    photos = [u for u in draft.units if u.role == "photo"]
    if len(texts) == 1 and not photos and _is_label(draft.units[0]):
        return True
    if texts and not photos:
        words = " ".join(texts).split()
        return bool(words) and len(words) <= 3 and all(_WEB_ADDRESS.match(w) for w in words)
    if photos and not texts and len(photos) == 1:
        p = photos[0]
        small = p.width * p.height <= 0.03 * width * height
        at_edge = p.y1 >= 0.88 * height or p.y0 <= 0.06 * height
        return small and at_edge
    return False


_SENTENCE_END = re.compile(r"[.!?。！？:：,，;；]\s*$")


def _is_label(u: Block) -> bool:
    """One short line that says nothing: at most three words (or eight CJK characters), no
    sentence punctuation at its end, no digits but a year's."""
    text = u.text().strip()
    if len(u.lines) != 1 or not text or _SENTENCE_END.search(text):
        return False
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    if cjk:
        return cjk <= 8 and len(text) <= 10
    words = text.split()
    return len(words) <= 3 and len(text) <= 30 and not any(ch.isdigit() for ch in text)


def _take_byline_tail(byline: Block, draft: Draft, body: float) -> None:
    """A byline wrapped onto short lines: join them to it."""
    taken = True
    while taken:
        taken = False
        for w in list(draft.units):
            if w is byline or w.role or not w.meta.get("byline_line") or len(w.lines) != 1:
                continue
            if -1 <= w.y0 - byline.y1 <= 0.8 * body and byline.x0 - 2 * body < w.x0 < byline.x1:
                line = w.lines[0]
                last = byline.lines[-1].text
                if is_cjk(last[-1]) and is_cjk(line.text[0]):
                    line.text = " " + line.text  # CJK lines join without a space otherwise
                byline.extend(line)
                draft.units.remove(w)
                taken = True
                break
