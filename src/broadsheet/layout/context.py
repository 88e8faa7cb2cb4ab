"""Line roles that depend on the lines around them: bylines and jump lines.

A byline is short and stands apart: between the headline block and the body, or at the start or
end of the body. A line that merely *starts* with 记者 or ends with 摄 (摄氏度 broken at a line end)
inside a running paragraph is body text. A line runs on when the line above it in its column fills
the column and it is not indented, or when it fills the column itself and the next line carries
on without an indent, in the same font.
"""

from __future__ import annotations

import re

from broadsheet.layout.lines import Line, is_cjk
from broadsheet.layout.roles import is_byline, is_jump_line, is_whole_jump_line


def _font(ln: Line) -> str:
    return ln.chars[0].font_name if ln.chars else ""


def _neighbour(ln: Line, lines: list[Line], below: bool) -> Line | None:
    """The line right above (or below) ``ln`` in its column: same size, overlapping, close."""
    best: Line | None = None
    best_gap = 1e9
    for o in lines:
        if o is ln or o.vertical or abs(o.size - ln.size) > 0.12 * ln.size:
            continue
        gap = (o.y0 - ln.y1) if below else (ln.y0 - o.y1)
        if gap < -0.3 * ln.size or gap > 0.8 * ln.size:
            continue
        overlap = min(o.x1, ln.x1) - max(o.x0, ln.x0)
        if overlap < 0.5 * min(o.width, ln.width) or abs(o.x0 - ln.x0) > 2.5 * ln.size:
            continue
        if gap < best_gap:
            best, best_gap = o, gap
    return best


def runs_on(ln: Line, lines: list[Line], only_above: bool = False) -> bool:
    """True when ``ln`` is a line in the middle of running text rather than a line of its own.
    ``only_above``: only a paragraph running into the line counts (a line that says nothing
    but "continued on page 4" never opens a paragraph that runs on below it)."""
    above = _neighbour(ln, lines, below=False)
    below = _neighbour(ln, lines, below=True)
    group = [x for x in (above, ln, below) if x is not None]
    left = min(x.x0 for x in group)
    right = max(x.x1 for x in group)
    slack = 0.5 * ln.size
    indented = ln.x0 - left > 0.8 * ln.size
    same_above = above is not None and _font(above) == _font(ln)
    if same_above and above is not None and above.x1 >= right - slack and not indented:
        return True  # the paragraph above carries on into this line
    if only_above:
        return False
    if below is not None and _font(below) == _font(ln):
        below_indented = below.x0 - left > 0.8 * ln.size
        wrapped_credit = (
            below.x1 < right - 2 * ln.size
            and len(ln.text) + len(below.text) <= 40
            and is_byline(ln.text + below.text)
        )
        if ln.x1 >= right - slack and not below_indented and not wrapped_credit:
            return True  # this line fills the column and the paragraph carries on below
    return False


def mark_line_roles(lines: list[Line], body: float) -> None:
    """Set ``role`` to "jump" or "byline" on lines that stand on their own with that wording."""
    for ln in lines:
        if ln.vertical:
            continue
        text = ln.text
        if len(text) > 40:
            continue
        if is_jump_line(text):
            role = "jump"
        elif ln.meta.get("split_byline") or (
            abs(ln.size - body) <= 0.15 * body and is_byline(text) and text[:1] not in "—－-"
        ):
            role = "byline"
        else:
            _wrapped_dateline(ln, lines, body)
            continue
        if not runs_on(ln, lines, only_above=role == "jump" and is_whole_jump_line(text)):
            ln.role = role
            if role == "byline":
                _closing_tail(ln, lines)


# A byline line ending in a credit word continues with the name on the next line.
_CREDIT_WORD = re.compile(r"(记者|通讯员|实习生|摄影|评论员|撰稿|编辑|[,，、和]|\band)\s*$")


def _line_under(ln: Line, lines: list[Line]) -> Line | None:
    """The short line right under ``ln`` and within its width (left-aligned or centred)."""
    for o in lines:
        if o is ln or o.vertical or abs(o.size - ln.size) > 0.12 * ln.size:
            continue
        # (an opening bracket hangs half an em out to the left: "（记者 …）")
        if (
            -0.3 * ln.size <= o.y0 - ln.y1 <= 0.8 * ln.size
            and ln.x0 - 0.6 * ln.size <= o.x0 <= ln.x1
        ):
            return o
    return None


def _closing_tail(ln: Line, lines: list[Line]) -> None:
    """A byline wrapped onto short lines below it (新华社…电（记 / 者 / 林敏生）, 本报记者 王明
    通讯员 / 赵强): those lines are the byline's tail while the bracket is open or the joined
    text still reads as a byline."""
    text = ln.text
    cur = ln
    for _ in range(3):
        below = _line_under(cur, lines)
        if below is None or below.role:
            return
        limit = 12 if is_cjk(below.text[0]) else 24
        if len(below.text) > limit:
            return
        open_bracket = text.count("（") + text.count("(") > text.count("）") + text.count(")")
        joined = text + " " + below.text
        role_word = _CREDIT_WORD.search(text) is not None and len(below.text) <= limit - 4
        after = _line_under(below, lines)
        right = max(cur.x1, after.x1 if after is not None else cur.x1)
        # Wrapped: the line is nearly full, or the next line's first word would not have fit.
        first_word = below.text.split(" ", 1)[0]
        word_width = below.width * len(first_word) / max(1, len(below.text))
        no_room = cur.x1 + 0.3 * cur.size + word_width > right + 0.2 * cur.size
        wrapped = (cur.x1 >= right - 2.5 * cur.size or no_room) and len(cur.text) >= 6
        name_like = not any(ch in "，。；：！？,.;:!?" for ch in below.text.rstrip(".）)"))
        # short: it stops well before the column's edge, or (a centred byline) it is centred
        # under the line and narrower
        centred = abs(below.cx - cur.cx) <= 0.5 * cur.size and below.width < cur.width
        short = below.x1 < right - 2 * cur.size or centred
        if not open_bracket and not (
            (role_word or wrapped) and name_like and short and len(joined) <= 50
        ):
            return
        if not open_bracket and _font(below) != _font(ln):
            return
        below.role = "byline"
        text, cur = joined, below
        if open_bracket and below.text.rstrip().endswith(("）", ")")):
            return


def _wrapped_dateline(ln: Line, lines: list[Line], body: float) -> None:
    """A byline wrapped where neither part reads as one alone (新华社北京7月24日 / 电（记者
    范卫浩）): the line fills its column, the short line under it completes it, and together
    they read as a byline standing on their own (no paragraph runs into the first)."""
    if abs(ln.size - body) > 0.15 * body or not is_cjk(ln.text[0]):
        return  # (Latin bylines wrapped so are read whole from their block)
    if any(ch in "，。；：！？,.;:!?" for ch in ln.text):
        return  # a sentence (a caption ending in its credit), not a dateline
    below = _line_under(ln, lines)
    if below is None or below.role or len(below.text) > (16 if is_cjk(below.text[0]) else 30):
        return
    after = _line_under(below, lines)
    right = max(ln.x1, after.x1 if after is not None else ln.x1)
    if ln.x1 < right - 2.5 * ln.size or below.x1 >= right - ln.size:
        return  # the first line is not full, or the second is not short
    joined = ln.text + below.text if is_cjk(ln.text[-1]) else ln.text + " " + below.text
    if not is_byline(joined) or runs_on(ln, lines, only_above=True):
        return
    ln.role = below.role = "byline"
    ln.meta["split_byline"] = True  # its block is a byline though it does not read as one
