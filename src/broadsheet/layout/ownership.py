"""Which article owns each block: the heading above it, the article beside it, or none.

Every text block (and photo) belongs to the nearest heading above it whose *band* overlaps it,
unless a rule or a frame edge runs between them. A heading's band is its own width grown over the
row of columns starting right under it (a centred headline is often narrower than its body).
Blocks left over join the article they continue (next column, text under a photo); the rest
form headline-less articles.
"""

from __future__ import annotations

from broadsheet.layout.articles import (
    Draft,
    Heading,
    _inside,
    _overlap,
    _rule_between,
    _vrule_between,
    same_frames,
)
from broadsheet.layout.blocks import Block, stacked_under
from broadsheet.layout.roles import is_byline, jump_of
from broadsheet.pdf.extract import Rect


def _owner(
    u: Block,
    headings: list[Heading],
    bands: list[tuple[float, float]],
    hrules: list[Rect],
    frames: list[Rect],
    body: float,
) -> int:
    """Index of the nearest heading above ``u`` whose band overlaps it, or -1."""
    best = -1
    best_key: tuple[float, float] = (1e9, 0.0)
    for i, h in enumerate(headings):
        if h.y1 > u.y0 + 0.5 * body:
            continue
        x0, x1 = bands[i]
        ov = _overlap(x0, x1, u.x0, u.x1)
        if ov < min(0.25 * u.width, 0.25 * (x1 - x0)) or ov <= 0:
            continue
        lo, hi = max(x0, u.x0), min(x1, u.x1)
        if _rule_between(h.y1, u.y0, lo, hi, hrules):
            continue
        if any(_inside(u, f) != _inside(h.headline, f) for f in frames):
            continue
        key = (u.y0 - h.y1, -ov)
        if key < best_key:
            best, best_key = i, key
    return best


def _continues_column(u: Block, units: list[Block], top: float, body: float) -> bool:
    """``u`` carries on a column that started above ``top`` (it is not the top of a column):
    a chain of blocks stacked closely above it reaches above ``top``."""
    seen = {id(u)}
    frontier = [u]
    while frontier:
        w = frontier.pop()
        for v in units:
            if id(v) in seen or v.y1 > w.y0 + 1 or w.y0 - v.y1 > 2 * body:
                continue
            if _overlap(w.x0, w.x1, v.x0, v.x1) < 0.5 * min(w.width, v.width):
                continue
            if v.y0 < top:
                return True
            seen.add(id(v))
            frontier.append(v)
    return False


def _column_span(u: Block, units: list[Block], body: float) -> tuple[float, float]:
    """Left and right edges of the column ``u`` opens: ``u`` and the text stacked under it,
    starting about where it starts (not a picture or an advert under the column's foot)."""
    column = [
        v
        for v in [u, *stacked_under(u, units, body)]
        if v is u or (v.lines and v.role not in ("photo", "advert") and v.x0 >= u.x0 - 3 * body)
    ]
    return min(v.x0 for v in column), max(v.x1 for v in column)


def heading_bands(
    headings: list[Heading],
    units: list[Block],
    owners: list[int],
    vrules: list[Rect],
    body: float,
) -> list[tuple[float, float]]:
    """Grow each heading's width over the row of columns that starts right under it."""
    bands = [(h.x0, h.x1) for h in headings]
    grown_by: dict[int, list[Block]] = {}
    spans: dict[int, tuple[float, float]] = {}  # the column each unit opens, made once

    def span(u: Block) -> tuple[float, float]:
        if id(u) not in spans:
            spans[id(u)] = _column_span(u, units, body)
        return spans[id(u)]

    for i, h in enumerate(headings):
        row = [
            u
            for u, o in zip(units, owners, strict=True)
            if (o in (i, -1) or headings[o].y1 < h.y0)
            and h.y1 - 0.5 * body <= u.y0 <= h.y1 + 3.5 * body
            and not _continues_column(u, units, h.y1, body)
        ]
        x0, x1 = bands[i]
        members = [u for u in row if _overlap(x0, x1, u.x0, u.x1) > 0]
        if not members:
            continue
        grown = True
        while grown:
            grown = False
            for u in row:
                if u in members:
                    continue
                for m in members:
                    left, right = (m, u) if m.x0 <= u.x0 else (u, m)
                    # measured to the column each opens: its top may be a short line (a jump
                    # line, a paragraph's last line) that stops well short of the gutter
                    gap = span(right)[0] - span(left)[1]
                    stacked = _overlap(m.x0, m.x1, u.x0, u.x1) > 0.5 * min(m.width, u.width)
                    if stacked or (
                        -2 <= gap <= 2.5 * body
                        and _overlap(m.y0, m.y1, u.y0, u.y1) > 0
                        and not _vrule_between(left, right, vrules)
                    ):
                        members.append(u)
                        grown = True
                        break
        grown_by[i] = members
    # A column two neighbouring headings both reach goes where it leaves both headings better
    # placed over their columns: a headline narrower than its body stands over the middle of it
    # or flush with its left edge. The blocks of one column (a byline over its text) go
    # together: moved one at a time, the one left behind would hold the column's place.
    for i, mine in grown_by.items():
        for k, theirs in grown_by.items():
            if k <= i:
                continue
            contested = [u for u in mine if any(u is t for t in theirs)]
            for group in _by_column(contested):
                rest_mine = [m for m in mine if not any(m is g for g in group)]
                rest_theirs = [t for t in theirs if not any(t is g for g in group)]
                to_mine = _misplaced(headings[i], mine) + _misplaced(headings[k], rest_theirs)
                to_theirs = _misplaced(headings[i], rest_mine) + _misplaced(headings[k], theirs)
                if to_mine <= to_theirs:
                    theirs[:] = rest_theirs
                else:
                    mine[:] = rest_mine
    for i, members in grown_by.items():
        h = headings[i]
        if members:
            # as wide as the columns the members open (a subhead narrower than its column)
            reach = [span(m) for m in members]
            bands[i] = (min(h.x0, *(a for a, _ in reach)), max(h.x1, *(b for _, b in reach)))
    return bands


def _by_column(blocks: list[Block]) -> list[list[Block]]:
    """The blocks in groups, one per column: blocks whose widths overlap by half go together."""
    groups: list[list[Block]] = []
    for b in sorted(blocks, key=lambda b: (b.x0, b.y0)):
        for g in groups:
            if any(_overlap(b.x0, b.x1, o.x0, o.x1) >= 0.5 * min(b.width, o.width) for o in g):
                g.append(b)
                break
        else:
            groups.append([b])
    return groups


def _misplaced(h: Heading, members: list[Block]) -> float:
    """How badly the heading stands over these columns, as a share of their width: how far
    off their centre, or off their left edge if it is set flush left, whichever is less."""
    if not members:
        return 0.0
    x0 = min(h.x0, *(m.x0 for m in members))
    x1 = max(h.x1, *(m.x1 for m in members))
    width = max(1.0, x1 - x0)
    centred = abs((x0 + x1) / 2 - (h.x0 + h.x1) / 2) / width
    flush = abs(h.x0 - min(m.x0 for m in members)) / width
    return min(centred, flush)


def _column_of(h: Heading, units: list[Block], body: float) -> tuple[float, float]:
    """The column a small heading stands in: its own width joined with the text right under it
    (a subhead is often centred in its column, narrower than it)."""
    x0, x1 = h.x0, h.x1
    for u in units:
        if 0 <= u.y0 - h.y1 <= 2 * body and _overlap(u.x0, u.x1, h.x0, h.x1) >= 0.5 * (h.x1 - h.x0):
            x0, x1 = min(x0, u.x0), max(x1, u.x1)
    return x0, x1


def _side_ok(h: Heading, band: tuple[float, float], body: float) -> bool:
    """The heading stands in the column right next to the article's band."""
    return band[0] - 3 * body <= h.x1 and h.x0 <= band[1] + 3 * body


def _white_above(
    h: Heading, j: int, g: Heading, units: list[Block], owners: list[int], body: float
) -> bool:
    """White space over ``h``'s column, more than 2.5 lines deep, between ``h`` and the running
    text (or photo) above it in that column, below ``g``'s foot, where that text is another
    story's than ``g``'s (``j``), or ``h`` has a kicker (a smaller line over its headline): a
    subhead has neither, so ``h`` opens a story of its own (set under another story in the
    column, or in a column beside ``g``'s story), not a subhead of ``g``'s story."""
    feet = [
        (u.y1, o)
        for u, o in zip(units, owners, strict=True)
        if u.y1 <= h.y0 + 1
        and u.y1 > g.y1
        and (len(u.lines) >= 2 or u.role in ("photo", "caption"))
        and _overlap(u.x0, u.x1, h.x0, h.x1) >= 0.5 * (h.x1 - h.x0)
    ]
    if not feet:
        return False
    foot, owner = max(feet)
    kicker = any(
        b.y1 <= h.headline.y0 + 1 and b.size < 0.9 * h.headline.size
        for b in h.blocks
        if b is not h.headline
    )
    return h.y0 - foot > 2.5 * body and (owner not in (j, -1) or kicker)


def _bylined(h: Heading, units: list[Block], body: float) -> bool:
    """A byline stands right under the heading: a story's headline (a subhead has none)."""
    return any(
        -2 <= u.y0 - h.y1 <= 1.5 * body
        and _overlap(u.x0, u.x1, h.x0, h.x1) >= 0.5 * min(u.width, h.x1 - h.x0)
        and len(u.lines) <= 3
        and (bool(u.meta.get("byline_line")) or is_byline(u.text()))
        for u in units
    )


def _inline_subheads(
    headings: list[Heading],
    bands: list[tuple[float, float]],
    units: list[Block],
    owners: list[int],
    hrules: list[Rect],
    vrules: list[Rect],
    frames: list[Rect],
    body: float,
) -> list[Heading]:
    """Small headings inside another article's columns: the columns of the article above run on
    beside them (they started above the heading and end below its top). Those are subheads."""
    out: list[Heading] = []
    for i, h in enumerate(headings):
        if h.headline.size >= 1.6 * body or sum(len(b.lines) for b in h.blocks) > 8:
            continue
        if any(len(b.lines) > 6 for b in h.blocks):
            continue
        for j, g in enumerate(headings):
            if j == i or g.y1 > h.y0 or g.headline.size < 1.15 * h.headline.size:
                continue
            if _rule_between(g.y1, h.y0, h.x0, h.x1, hrules):
                continue
            if any(
                k not in (i, j)
                and 0 <= h.y0 - o.y1 <= 3 * body
                and _overlap(o.x0, o.x1, h.x0, h.x1) > 0
                for k, o in enumerate(headings)
            ):
                continue  # a label or another heading right above: h opens an item of its own
            if _white_above(h, j, g, units, owners, body) or _bylined(h, units, body):
                continue
            boxed = any(_inside(h.headline, f) and _inside(g.headline, f) for f in frames)
            started = continues = False
            cx0, cx1 = _column_of(h, units, body)
            for u, o in zip(units, owners, strict=True):
                if o != j or u.y1 < h.y0 - 2 * body:
                    continue
                gap = max(u.x0 - cx1, cx0 - u.x1)
                if -2 <= gap <= 3 * body and not _vrule_between(u, h.headline, vrules):
                    started = started or u.y0 <= h.y0 + body
                    continues = continues or u.y1 >= h.y1 + body
            in_band = _overlap(*bands[j], h.x0, h.x1) >= 0.8 * (h.x1 - h.x0)
            if boxed or (started and continues and (in_band or _side_ok(h, bands[j], body))):
                out.append(h)
                break
    return out


def _column(u: Block, units: list[Block], body: float) -> list[Block]:
    """The blocks stacked closely under ``u``, down its column."""
    return stacked_under(u, units, body)


def _beside_heading(
    u: Block,
    headings: list[Heading],
    units: list[Block],
    vrules: list[Rect],
    frames: list[Rect],
    body: float,
    bands: list[tuple[float, float]] | None = None,
) -> int:
    """Index of the heading ``u`` stands right beside, or -1: ``u`` opens a column (nothing
    stacked above it) level with the heading's top, a gutter from it with no rule between, and
    runs on below the heading's foot. That column is the heading's story (a headline over only
    some of its columns), not the story of a heading further up whose band reaches it across
    the white space above."""
    if u.role not in ("", "body") or not u.lines:
        return -1
    # A story runs on to the right of a headline over only some of its columns: a heading to
    # the left of ``u`` is tried before one to its right.
    order = sorted(range(len(headings)), key=lambda k: headings[k].x0 > u.x0)
    for k in order:
        h = headings[k]
        if min(abs(u.y0 - h.y0), abs(u.y0 - h.headline.y0)) > 1.5 * body:
            continue
        # measured from the story's edge: its headline, or the columns under it (a headline
        # narrower than its columns)
        x0, x1 = h.x0, h.x1
        if bands is not None:
            b0, b1 = bands[k]
            x1 = max(x1, b1) if b1 <= u.x0 + 2 else x1
            x0 = min(x0, b0) if b0 >= u.x1 - 2 else x0
        gap = u.x0 - x1 if u.x0 >= x1 - 2 else x0 - u.x1
        if not -2 <= gap <= 3 * body or _vrule_between(u, h.headline, vrules):
            continue
        if not same_frames(u, h.headline, frames) or _continues_column(u, units, u.y0 - 1, body):
            continue
        if max([u.y1, *(v.y1 for v in _column(u, units, body))]) >= h.y1 + 2 * body:
            return k
    return -1


def assign_units(
    headings: list[Heading],
    units: list[Block],
    hrules: list[Rect],
    vrules: list[Rect],
    frames: list[Rect],
    body: float,
) -> tuple[list[Draft], list[Block]]:
    bands = [(h.x0, h.x1) for h in headings]
    owners = [_owner(u, headings, bands, hrules, frames, body) for u in units]
    bands = heading_bands(headings, units, owners, vrules, body)
    owners = [_owner(u, headings, bands, hrules, frames, body) for u in units]
    inline = _inline_subheads(headings, bands, units, owners, hrules, vrules, frames, body)
    if inline:
        for h in inline:
            for b in h.blocks:
                b.role = ""
                b.style = "body"
                b.bold = True
                b.meta["subhead"] = True
                units.append(b)
        keep = [k for k, h in enumerate(headings) if h not in inline]
        headings[:] = [headings[k] for k in keep]
        bands = [bands[k] for k in keep]
    drafts = [Draft(heading=h) for h in headings]
    orphans: list[Block] = []
    owners = [_owner(u, headings, bands, hrules, frames, body) for u in units]
    for n, u in enumerate(units):
        beside = (
            _beside_heading(u, headings, units, vrules, frames, body, bands)
            if owners[n] >= 0
            else -1
        )
        # (a column starting right under its owner's heading is that story's, whatever
        # stands beside it)
        if beside >= 0 and u.y0 - headings[owners[n]].y1 > 3.5 * body:
            # the column follows it down: the blocks stacked under it that the heading above held
            for v in _column(u, units, body):
                m = next(k for k, w in enumerate(units) if w is v)
                if owners[m] == owners[n]:
                    owners[m] = beside
            owners[n] = beside
    for u, best in zip(units, owners, strict=True):
        if best >= 0:
            drafts[best].units.append(u)
        else:
            orphans.append(u)
    for d in drafts:
        _cut_below_jump(d, orphans)
    return drafts, orphans


def _cut_below_jump(d: Draft, orphans: list[Block]) -> None:
    """A "continued on page N" line ends its story in its column: what stands under it there
    (a photo over the next story's headline) is not the story's."""
    ends = [
        u
        for u in d.units
        if u.role == "jump" and u.lines and (jump_of(u.text()) or ("", ""))[0] == "to"
    ]
    for j in ends:
        if not any(
            v.y1 <= j.y0 + 1 and _overlap(v.x0, v.x1, j.x0, j.x1) > 0 for v in d.units if v is not j
        ):
            continue  # not under the story's text: a reference beside its byline
        for u in [u for u in d.units if u.y0 >= j.y1 - 1 and _overlap(u.x0, u.x1, j.x0, j.x1) > 0]:
            d.units.remove(u)
            orphans.append(u)
