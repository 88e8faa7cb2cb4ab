"""Blocks no heading claimed: the article each continues, or headline-less articles.

After ownership (``ownership.py``), what is left over is the next column of an article whose
headline stands over only some of its columns, a sentence running on across a column rule,
text under a photo, a subhead the column's block runs round, the story beside a vertical
headline; the rest forms headline-less articles (continuations, sidebars without a title).
"""

from __future__ import annotations

from broadsheet.layout.articles import (
    Draft,
    _overlap,
    _rule_between,
    _vrule_between,
    same_frames,
)
from broadsheet.layout.blocks import Block, stacked_under
from broadsheet.layout.continuity import (
    _centres_heading,
    _is_byline_block,
    _rule_in_gutter,
    _runs_into,
    _sentence_runs_on,
)
from broadsheet.pdf.extract import Rect


def group_orphans(
    orphans: list[Block],
    hrules: list[Rect],
    vrules: list[Rect],
    body: float,
    frames: list[Rect] | None = None,
) -> list[Draft]:
    """Blocks no heading claims: join neighbours into headline-less articles."""
    parent = list(range(len(orphans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(orphans):
        for j in range(i + 1, len(orphans)):
            b = orphans[j]
            if a.role == "photo" and b.role == "photo":
                continue
            if not same_frames(a, b, frames or []):
                continue
            upper, lower = (a, b) if a.y0 <= b.y0 else (b, a)
            gap_y = lower.y0 - upper.y1
            ov_x = _overlap(a.x0, a.x1, b.x0, b.x1)
            stacked = ov_x >= 0.5 * min(a.width, b.width) and -2 <= gap_y <= 2.0 * body
            stacked = stacked and not _rule_between(
                upper.y1, lower.y0, max(a.x0, b.x0), min(a.x1, b.x1), hrules
            )
            left, right = (a, b) if a.x0 <= b.x0 else (b, a)
            gap_x = right.x0 - left.x1
            side = 0 <= gap_x <= 2.5 * body and abs(a.y0 - b.y0) <= 1.5 * body
            side = side and a.role != "photo" and b.role != "photo"
            side = side and not _vrule_between(left, right, vrules)
            if stacked or side:
                parent[find(i)] = find(j)
    groups: dict[int, list[Block]] = {}
    for i, b in enumerate(orphans):
        groups.setdefault(find(i), []).append(b)
    return [Draft(heading=None, units=g) for g in groups.values()]


def attach_photos_above(
    drafts: list[Draft],
    orphans: list[Block],
    hrules: list[Rect],
    body: float,
    frames: list[Rect] | None = None,
) -> list[Block]:
    """A photo no heading claims, standing right above a headline as wide as the article (or
    its band), opens that article: the photo and its caption join it. Returns the rest."""
    for p in [u for u in orphans if u.role == "photo"]:
        cap = p.meta.get("caption")
        bottom = cap.y1 if isinstance(cap, Block) and cap in orphans else p.y1
        best: Draft | None = None
        best_gap = 3 * body
        for d in drafts:
            h = d.heading
            if h is None or not same_frames(p, h.headline, frames or []):
                continue
            gap = h.y0 - bottom
            x0 = min([h.x0, *(u.x0 for u in d.units if u.role != "photo")])
            x1 = max([h.x1, *(u.x1 for u in d.units if u.role != "photo")])
            if not -2 <= gap <= best_gap or _overlap(x0, x1, p.x0, p.x1) < 0.6 * p.width:
                continue
            if _rule_between(bottom, h.y0, max(x0, p.x0), min(x1, p.x1), hrules):
                continue
            best, best_gap = d, gap
        if best is not None:
            best.units.append(p)
            orphans.remove(p)
            if isinstance(cap, Block) and cap in orphans:
                best.units.append(cap)
                orphans.remove(cap)
    return orphans


def photos_onto_headlines(
    drafts: list[Draft], hrules: list[Rect], body: float, frames: list[Rect] | None = None
) -> None:
    """A photo (and its caption) that one article holds at the foot of its columns, standing
    right on another article's headline (nearer to it than to the text above) and no wider
    than that article, leads that article: a photo set tight over a headline is its story's."""
    for a in drafts:
        for p in [u for u in a.units if u.role == "photo"]:
            cap = p.meta.get("caption")
            cap = cap if isinstance(cap, Block) and cap in a.units else None
            foot = cap.y1 if cap is not None else p.y1
            if a.heading is not None and a.heading.y0 >= p.y1 - 1:
                continue  # above its own headline already
            mine = [
                u
                for u in a.all_blocks()
                if u is not p and u is not cap and _overlap(u.x0, u.x1, p.x0, p.x1) > 0
            ]
            if any(u.y1 > p.y1 + 1 for u in mine):
                continue  # its article runs on below it
            above = max((u.y1 for u in mine if u.y1 <= p.y0 + 1), default=-1e9)
            for b in drafts:
                h = b.heading
                if b is a or h is None or not same_frames(p, h.headline, frames or []):
                    continue
                gap = h.y0 - foot
                x0 = min([h.x0, *(u.x0 for u in b.units)])
                x1 = max([h.x1, *(u.x1 for u in b.units)])
                if not -1 <= gap <= 1.5 * body or gap >= p.y0 - above:
                    continue
                if p.x0 < x0 - body or p.x1 > x1 + body:
                    continue
                if _rule_between(foot, h.y0, max(x0, p.x0), min(x1, p.x1), hrules):
                    continue
                for u in (p, cap):
                    if u is not None:
                        a.units.remove(u)
                        b.units.append(u)
                break


def _column_bottom(u: Block, blocks: list[Block], body: float) -> float:
    """The bottom of the column that ``u`` opens: blocks stacked closely under it (a subhead
    and the paragraphs after it are blocks of their own)."""
    return max([u.y1, *(v.y1 for v in stacked_under(u, blocks, body))])


def _beside_heading(
    u: Block, d: Draft, vrules: list[Rect], body: float, column: list[Block] | None = None
) -> float | None:
    """The gap from a column that starts level with a headline, right beside it, and runs on
    below it: the story's further columns next to a headline over only some of its columns.
    None when `u` is not such a column of `d`. ``column``: the blocks that may carry on
    ``u``'s column below it."""
    h = d.heading
    if h is None or not d.units or abs(u.y0 - h.y0) > 1.5 * body:
        return None
    if _column_bottom(u, column or [], body) < h.y1 + 2 * body:
        return None
    heading = h.headline
    # The article's own edge on that side: its headline or the columns under it.
    if heading.x0 <= u.x0:
        edge = max([heading.x1, *(v.x1 for v in d.units if v.x1 <= u.x0 + 2)])
        gap = u.x0 - edge
        left, right = heading, u
    else:
        edge = min([heading.x0, *(v.x0 for v in d.units if v.x0 >= u.x1 - 2)])
        gap = edge - u.x1
        left, right = u, heading
    if not -2 <= gap <= 3 * body:
        return None
    if _vrule_between(left, right, vrules) and not _grid_rules_between(
        left, right, d, vrules, body
    ):
        return None
    return gap


def _grid_rules_between(
    left: Block, right: Block, d: Draft, vrules: list[Rect], body: float
) -> bool:
    """The rules between ``left`` and ``right`` are the story's own column rules: each runs
    top to bottom with a rule that already stands between two of the article's columns (a
    multi-column story ruled throughout, its headline over only some of its columns)."""
    lo, hi = (left.x1, right.x0) if left.x1 <= right.x0 else (right.x1, left.x0)
    y0, y1 = max(left.y0, right.y0), min(left.y1, right.y1)
    between = [
        r
        for r in vrules
        if lo - 1 <= (r.x0 + r.x1) / 2 <= hi + 1 and _overlap(r.y0, r.y1, y0, y1) > 0
    ]
    columns = [v for v in d.units if v.role in ("", "body")]
    inner = [
        r
        for r in vrules
        if r not in between
        and any(
            a.x1 <= r.x0 + 1
            and r.x1 <= b.x0 + 1
            and b.x0 - a.x1 <= 3 * body
            and _overlap(a.y0, a.y1, r.y0, r.y1) > 0
            and _overlap(b.y0, b.y1, r.y0, r.y1) > 0
            for a in columns
            for b in columns
        )
    ]
    return bool(between) and all(
        any(abs(r.y0 - g.y0) <= 2 * body and abs(r.y1 - g.y1) <= 2 * body for g in inner)
        for r in between
    )


def absorb_orphans(
    drafts: list[Draft],
    orphans: list[Block],
    hrules: list[Rect],
    vrules: list[Rect],
    body: float,
    frames: list[Rect] | None = None,
) -> list[Block]:
    """Give unclaimed blocks to the article they continue: the next column of a short headline's
    article, or the text under a photo that spans further than the headline. Returns the rest.
    Passes repeat while they take something: a column a vertical headline's story gained by a
    sentence running on brings the next column beside it within reach."""
    while orphans:
        count = len(orphans)
        orphans = _absorb_pass(drafts, orphans, hrules, vrules, body, frames or [])
        if len(orphans) == count:
            break
    return orphans


def _absorb_pass(
    drafts: list[Draft],
    orphans: list[Block],
    hrules: list[Rect],
    vrules: list[Rect],
    body: float,
    boxes: list[Rect],
) -> list[Block]:
    _claim_for_vertical_headings(drafts, orphans, vrules, body, boxes)
    changed = True
    while changed and orphans:
        changed = False
        for u in list(orphans):
            best: Draft | None = None
            best_gap = 1e9
            for d in drafts:
                beside = _beside_heading(u, d, vrules, body, orphans)
                if d.heading is not None and not same_frames(u, d.heading.headline, boxes):
                    beside = None
                if beside is not None and d.heading is not None and d.heading.x0 > u.x0:
                    # A story runs on to the right of a headline over only some of its
                    # columns: a heading at the column's left comes first.
                    beside += 3 * body
                if beside is not None and beside < best_gap:
                    best, best_gap = d, beside
                # Above the headline's foot only a column beside it carries on (a block
                # under one of the article's columns that start level with the headline).
                high = d.heading is not None and u.y0 < d.heading.y1 - 2
                for v in d.units:
                    if v.role == "jump" or not same_frames(u, v, boxes):
                        continue
                    if high and (d.heading is None or v.y0 > d.heading.y0 + 1.5 * body):
                        continue
                    left, right = (v, u) if v.x0 <= u.x0 else (u, v)
                    gap_x = right.x0 - left.x1
                    side = (
                        -2 <= gap_x <= 2.5 * body
                        and abs(u.y0 - v.y0) <= 2.5 * body
                        and (
                            not _rule_in_gutter(left, right, vrules)
                            or (left is v and _sentence_runs_on(v, u, d))
                            or (left is u and _runs_into(u, v, d, orphans))
                            or (
                                left is u
                                and _centres_heading(u, d, body)
                                and _grid_rules_between(left, right, d, vrules, body)
                            )
                            # the story's next column under its headline's level, behind a
                            # rule like those between its own columns (a ruled story whose
                            # headline spans only some of its columns)
                            or (
                                left is v
                                and d.heading is not None
                                and u.y0 >= d.heading.y1 - 2
                                and _grid_rules_between(left, right, d, vrules, body)
                            )
                        )
                    )
                    gap_y = u.y0 - v.y1
                    ov = _overlap(u.x0, u.x1, v.x0, v.x1)
                    # (under a subhead centred in the column, or a short block flush with
                    # its left edge, a paragraph's last line and a subhead: the column
                    # carries on below it)
                    within = (
                        0 < len(v.lines) <= 2
                        and u.x0 - 2 <= v.x0
                        and v.x1 <= u.x1 + 2
                        and (abs(v.cx - u.cx) <= body or v.x0 <= u.x0 + 2)
                    )
                    # (leading squeezed to fit makes a column's blocks overlap by up to
                    # half a line)
                    below = (
                        -max(2.0, 0.5 * body) <= gap_y <= 2.0 * body
                        and (ov >= 0.8 * u.width or within)
                        and not _rule_between(v.y1, u.y0, max(u.x0, v.x0), min(u.x1, v.x1), hrules)
                    )
                    # A sentence running on across a column rule into a column that starts
                    # higher than the article's last column (beside a photo over the others)
                    run_on = (
                        not side
                        and left is v
                        and -2 <= gap_x <= 2.5 * body
                        and d.heading is not None
                        and d.heading.y0 - body <= u.y0 <= v.y1
                        and _sentence_runs_on(v, u, d)
                    )
                    side = side or run_on
                    gap = gap_x if side else gap_y if below else 1e9
                    if gap < best_gap:
                        best, best_gap = d, gap
            if best is not None:
                best.units.append(u)
                orphans.remove(u)
                changed = True
    return orphans


def _claim_for_vertical_headings(
    drafts: list[Draft], orphans: list[Block], vrules: list[Rect], body: float, boxes: list[Rect]
) -> None:
    """A vertical headline's story lies beside it, column after column, the columns' tops
    level with the headline's: those columns are claimed for it before any other article's
    text may be found to run on into them."""
    for d in drafts:
        h = d.heading
        if h is None or not h.headline.vertical:
            continue
        taken = True
        while taken:
            taken = False
            mine = [h.headline, *(v for v in d.units if v.role != "jump")]
            for u in list(orphans):
                if u.role == "photo" or not same_frames(u, h.headline, boxes):
                    continue
                if abs(u.y0 - h.y0) > 2 * body:
                    continue
                for m in mine:
                    gap = max(m.x0 - u.x1, u.x0 - m.x1)
                    left, right = (u, m) if u.cx < m.cx else (m, u)
                    # (or stacked on one of its columns: a byline over the first)
                    stacked = (
                        m is not h.headline
                        and _overlap(u.x0, u.x1, m.x0, m.x1) >= 0.5 * min(u.width, m.width)
                        and -2 <= max(m.y0 - u.y1, u.y0 - m.y1) <= 2 * body
                    )
                    # a byline or dateline opening the column beyond a rule: the story's
                    # first column (a ruled story set beside its vertical headline)
                    ruled_ok = not _vrule_between(left, right, vrules) or (
                        m is not h.headline and left is u and _is_byline_block(u)
                    )
                    if stacked or (-0.5 * body <= gap <= 3 * body and ruled_ok):
                        d.units.append(u)
                        orphans.remove(u)
                        taken = True
                        break
                if taken:
                    break


def merge_inner_lines(drafts: list[Draft], orphans: list[Block]) -> list[Block]:
    """A short piece lying inside another article's text block (a centred subhead that the
    column's lines run round: the block holds the lines above and below it) is a line of that
    block, in its place. Returns the rest."""
    columns = [v for d in drafts for v in d.units if v.role in ("", "body") and v.lines]
    rest: list[Block] = []
    for u in orphans:
        host = None
        if u.lines and len(u.lines) <= 2 and not u.vertical:
            host = next(
                (
                    v
                    for v in columns
                    if v.x0 - 1 <= u.x0
                    and u.x1 <= v.x1 + 1
                    and v.y0 < u.y0
                    and u.y1 < v.y1
                    and not v.vertical
                ),
                None,
            )
        if host is None:
            rest.append(u)
            continue
        for ln in u.lines:
            host.extend(ln)
        host.lines.sort(key=lambda ln: (ln.y0, ln.x0))
    return rest


def join_vertical_headings(drafts: list[Draft], vrules: list[Rect], body: float) -> list[Draft]:
    """A vertical headline (竖排标题) stands beside its story, most often at its right, its
    top level with the columns' tops; nothing starts under it, so no column is its by the
    band rule. The headline-less articles beside it, starting level with it and a gutter
    away from it or from the columns it already holds, are its story (column after column)."""
    out = list(drafts)
    for d in drafts:
        h = d.heading
        if h is None or not h.headline.vertical:
            continue
        while True:
            mine = [h.headline, *(u for u in d.units if u.role != "jump")]
            best: Draft | None = None
            best_gap = 3 * body
            for e in out:
                if e.heading is not None or not e.units or e is d:
                    continue
                top = min(u.y0 for u in e.units)
                if abs(top - h.y0) > 2 * body:
                    continue
                x0 = min(u.x0 for u in e.units)
                x1 = max(u.x1 for u in e.units)
                for m in mine:
                    # (a byline may reach a little past its column, over the gutter)
                    gap = max(m.x0 - x1, x0 - m.x1)
                    if not -0.5 * body <= gap <= best_gap:
                        continue
                    on_left = (x0 + x1) / 2 < m.cx
                    left, right = (e.units[0], m) if on_left else (m, e.units[0])
                    if _vrule_between(left, right, vrules):
                        continue
                    best, best_gap = e, gap
            if best is None:
                break
            d.units.extend(best.units)
            out.remove(best)
    return out
