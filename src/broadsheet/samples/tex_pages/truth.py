"""A page's ground truth from what TeX wrote at shipout (``compiler._Pos``): blocks, regions,
text. Nothing here reads the PDF."""

from __future__ import annotations

from typing import Any

from ..ops import article_truth as truth_of_article
from ..ops import union
from .articles import MARK, _Article
from .compiler import _Pos, _Rec
from .markup import Box

HEADING = ("kicker", "headline", "subheadline")


def rec_box(r: _Rec, role: str) -> Box:
    """A recorded block's box: from its top to its bottom, across its widest line as aligned."""
    w = r.width if r.align == "j" or role in ("frame", "") else r.widest
    off = {"l": 0.0, "c": (r.width - w) / 2, "r": r.width - w, "j": 0.0}[r.align]
    return (r.x + off, r.y - r.height, r.x + off + w, r.y + r.depth)


def _columns(art: _Article, pos: _Pos, gutter: float) -> list[tuple[float, float, float, float]]:
    """The article's text columns as (x0, x1, top, bottom): flowed ones from their records,
    a multicols box split into its columns."""
    body = art.body
    assert body is not None
    if body.mc:
        r = pos.recs.get(body.mc)
        if r is None:
            return []
        n = body.mc_cols
        cw = (r.width - (n - 1) * gutter) / n
        return [
            (r.x + c * (cw + gutter), r.x + c * (cw + gutter) + cw, r.y - r.height, r.y + r.depth)
            for c in range(n)
        ]
    out = []
    for key in body.cols:
        for x, top, h in pos.cols.get(key, []):
            out.append((x, x + body.cw, top, top + h))
    return out


def article_truth(art: _Article, pos: _Pos, zh: bool, gutter: float) -> dict[str, Any] | None:  # noqa: C901
    blocks: list[dict[str, Any]] = []
    regions: list[Box] = []
    heading: list[Box] = []
    for key, role, text in art.recs:
        r = pos.recs.get(key)
        if r is None or role in ("", "frame"):
            continue
        box = rec_box(r, role)
        blocks.append({"role": role, "bbox": _round(box), "text": text})
        if role in HEADING and art.kind != "picture":
            heading.append(box)
        else:
            regions.append(box)
    if heading:
        regions.insert(0, union(heading))
    text = art.text
    body = art.body
    if body is not None:
        sep = "" if zh else " "
        shipped = sorted(
            i - body.number * MARK
            for i in pos.words
            if body.number * MARK <= i < (body.number + 1) * MARK
        )
        cols = _columns(art, pos, gutter)
        per_col: dict[int, list[int]] = {}
        for i in shipped:
            x, y = pos.words[body.number * MARK + i]
            best = min(range(len(cols)), key=lambda c: _distance(cols[c], x, y))
            per_col.setdefault(best, []).append(i)
        for c, idx in sorted(per_col.items(), key=lambda kv: (cols[kv[0]][0], cols[kv[0]][2])):
            ys = [pos.words[body.number * MARK + i][1] for i in idx]
            right = max([cols[c][1]] + [pos.words[body.number * MARK + i][0] for i in idx])
            rect = (cols[c][0], min(ys) - pos.asc, right, max(ys) + pos.desc)
            if c == 0 and pos.caps and art.dropcap:
                cap = pos.caps[0]
                blocks.append({"role": "body", "bbox": _round(cap), "text": body.toks[0].text[0]})
            blocks.append(
                {
                    "role": "body",
                    "bbox": _round(rect),
                    "text": sep.join(body.toks[i].text for i in idx),
                }
            )
            regions.append(rect)
        paras: list[list[str]] = []
        last = -1
        for i in shipped:
            t = body.toks[i]
            if t.para != last:
                paras.append([])
                last = t.para
            paras[-1].append(t.text)
        text = "\n\n".join(sep.join(p) for p in paras)
        art.jump_cut = (shipped[-1] + 1) if shipped else 0
        if not text:
            return None
    if art.frame:
        r = pos.recs.get(art.frame)
        if r is not None:
            regions = [rec_box(r, "frame")]
    if not regions:
        return None
    return truth_of_article(art, text, regions, blocks)


def _distance(col: tuple[float, float, float, float], x: float, y: float) -> float:
    """How far a word's end lies outside a column (0 inside; punctuation may hang out)."""
    x0, x1, top, bottom = col
    dx = max(x0 - x, 0.0, x - x1 - 1.0)
    dy = max(top - y, 0.0, y - bottom)
    return dx + dy


def page_truth(
    index: int,
    width: float,
    height: float,
    arts: list[_Article],
    pos: _Pos,
    zh: bool,
    gutter: float,
) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    for art in arts:
        t = article_truth(art, pos, zh, gutter)
        if t is not None:
            t["id"] = f"p{index}-a{len(out) + 1}"
            out.append(t)
    return {"index": index, "width": width, "height": height, "text_quality": "ok", "articles": out}


def _round(b: Box) -> list[float]:
    return [round(v, 1) for v in b]
