"""A settled page's ground truth, read from the last pass's markers: blocks, regions, text."""

from __future__ import annotations

from typing import Any

from ..ops import article_truth, union
from .articles import _Article, _Rec
from .flow import MARK
from .markup import Box, _Data


class _PageTruth:
    """The truth half of ``_Page`` (page.py): the page dict of docs/page-analysis.md."""

    index: int
    width: float
    height: float
    zh: bool
    articles: list[_Article]

    def truth(self, data: _Data) -> dict[str, Any]:
        arts: list[dict[str, Any]] = []
        for art in self.articles:
            t = self._article_truth(art, data)
            if t is not None:
                t["id"] = f"p{self.index}-a{len(arts) + 1}"
                arts.append(t)
        return {
            "index": self.index,
            "width": self.width,
            "height": self.height,
            "text_quality": "ok",
            "articles": arts,
        }

    def _rec_box(self, rec: _Rec, data: _Data) -> Box | None:
        got = data.rec.get(rec.key)
        if got is None:
            return None
        x, y, w, h, given = got
        if rec.align == "justify":  # measured unjustified: set, its lines fill the width
            w = given
        off = {"left": 0.0, "center": (given - w) / 2, "right": given - w, "justify": 0.0}[
            rec.align
        ]
        return (x + off, y, x + off + w, y + h)

    def _article_truth(self, art: _Article, data: _Data) -> dict[str, Any] | None:  # noqa: C901
        blocks: list[dict[str, Any]] = []
        regions: list[Box] = []
        heading: list[Box] = []
        lead_ins: list[Box] = []
        for rec in art.recs:
            box = self._rec_box(rec, data)
            if box is None:
                continue
            blocks.append({"role": rec.role, "bbox": _round(box), "text": rec.text})
            if rec.role in ("kicker", "headline", "subheadline") and art.kind != "picture":
                heading.append(box)
            elif rec.lead_in:
                lead_ins.append(box)
            else:
                regions.append(box)
        if heading:
            regions.insert(0, union(heading))
        text = art.text
        ch = art.chain
        if ch is not None:
            sep = "" if self.zh else " "
            paras: list[list[str]] = []
            last_para: int | None = None
            for r in ch.regions:
                s, e = ch.span(r)
                box = data.reg.get(r.key)
                if box is None or e <= s:
                    continue
                cw = (box[2] - box[0] - (r.cols - 1) * r.gutter) / r.cols
                cols: dict[int, list[int]] = {}
                for i in range(s, e):
                    x = data.w[ch.number * MARK + i][1]
                    c = int((x - box[0] - 0.01) // (cw + r.gutter))
                    cols.setdefault(min(r.cols - 1, max(0, c)), []).append(i)
                for c, idx in sorted(cols.items()):
                    ys = [data.w[ch.number * MARK + i][2] for i in idx]
                    cx = box[0] + c * (cw + r.gutter)
                    # punctuation hangs past the column's edge (Typst's ``overhang``)
                    right = max([cx + cw] + [data.w[ch.number * MARK + i][1] for i in idx])
                    rect = (cx, min(ys) - data.asc, right, max(ys) + data.desc)
                    words = sep.join(ch.word(i) for i in idx)
                    blocks.append({"role": "body", "bbox": _round(rect), "text": words})
                    if r.lead_in and c == min(cols):  # a byline or jump line atop the column
                        rect = union([rect, *lead_ins])
                        lead_ins = []
                    regions.append(rect)
                for i in range(s, e):
                    if ch.toks[i].para != last_para:
                        paras.append([])
                        last_para = ch.toks[i].para
                    paras[-1].append(ch.toks[i].text)
            regions += lead_ins
            text = "\n\n".join(sep.join(p) for p in paras)
            if not text:
                return None
        if art.frame is not None:
            regions = [art.frame]
        return article_truth(art, text, regions, blocks)


def _round(b: Box) -> list[float]:
    return [round(v, 1) for v in b]
