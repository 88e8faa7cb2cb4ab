"""Composing one article into its slot: heading, photo, body columns; truth from what is drawn."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .flow import Flow, Frame, Placed
from .fonts import Face
from .images import photo_jpeg
from .ops import Box, ImageOp, Op, RectOp, TextOp, merge_columns, rounded, union
from .stories import Paragraph, Story
from .typeset import Line, balanced_lines, break_lines, wrap_phrases


@dataclass
class Style:
    chinese: bool
    body: Face
    body_size: float
    leading: float  # absolute line height of body text
    headline: Face
    headline_bold: bool
    headline_range: tuple[float, float]
    kicker: Face
    subheadline: Face
    byline: Face
    caption: Face
    caption_size: float
    subhead: Face
    center: bool
    indent_em: float
    accent: tuple[float, float, float]


@dataclass
class Continuation:
    """What a jumped article still has to say, carried to the page it continues on."""

    story: Story
    from_page: int
    from_label: str
    remainder: Paragraph | None  # the rest of the paragraph cut by the jump
    to_page: int = 0


@dataclass
class Composed:
    kind: str
    ops: list[Op] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    regions: list[Box] = field(default_factory=list)
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    text: str = ""
    continued_to: int | None = None
    continued_from: int | None = None
    carry: Continuation | None = None

    def truth(self, article_id: str) -> dict:
        return {
            "id": article_id,
            "kind": self.kind,
            "kicker": self.kicker,
            "headline": self.headline,
            "subheadline": self.subheadline,
            "byline": self.byline,
            "text": self.text,
            "regions": [rounded(r) for r in self.regions],
            "blocks": self.blocks,
            "continued_to": {"page": self.continued_to} if self.continued_to else None,
            "continued_from": {"page": self.continued_from} if self.continued_from else None,
        }


class Composer:
    """Draws one article; every drawn text line is also recorded as part of a truth block."""

    def __init__(self, style: Style, rng: random.Random, x0: float, x1: float) -> None:
        self.s = style
        self.rng = rng
        self.x0 = x0
        self.x1 = x1
        self.out = Composed("news")

    # heading pieces ------------------------------------------------------------------------
    def text_lines(
        self,
        role: str,
        text: str,
        face: Face,
        size: float,
        top: float,
        *,
        leading: float | None = None,
        bold: bool = False,
        center: bool | None = None,
        color: tuple[float, float, float] = (0, 0, 0),
        x0: float | None = None,
        x1: float | None = None,
    ) -> float:
        """Draw ragged lines of ``text`` from ``top``; record one block; return the bottom."""
        x0 = self.x0 if x0 is None else x0
        x1 = self.x1 if x1 is None else x1
        leading = leading or size * 1.25
        centered = self.s.center if center is None else center
        lines = balanced_lines(text, face, size, x1 - x0, chinese=self.s.chinese)
        boxes: list[Box] = []
        y = top
        for line in lines:
            inner = (leading - (face.ascent + face.descent) * size) / 2
            baseline = y + inner + face.ascent * size
            x = x0 + ((x1 - x0) - line.natural) / 2 if centered else x0
            self.out.ops.append(
                TextOp(x, baseline, line.text, face.name, size, color=color, bold=bold)
            )
            boxes.append(
                (x, baseline - face.ascent * size, x + line.natural, baseline + face.descent * size)
            )
            y += leading
        joined = text[lines[0].start : lines[-1].end]  # the words as written, one space at a break
        self.out.blocks.append({"role": role, "bbox": rounded(union(boxes)), "text": joined})
        return y

    def fit_headline(self, text: str, size: float, width: float, max_lines: int) -> float:
        face = self.s.headline
        low = self.s.headline_range[0] * 0.8
        while size > low:
            lines = balanced_lines(text, face, size, width, chinese=self.s.chinese)
            if len(lines) <= max_lines and all(line.natural <= width + 0.1 for line in lines):
                return size
            size -= 1.0
        return low

    def heading(self, story: Story, size: float, top: float, *, kicker: bool, sub: bool) -> float:
        s = self.s
        width = self.x1 - self.x0
        y = top
        if kicker and story.kicker:
            ksize = max(11.0, round(size * 0.42))
            y = self.text_lines("kicker", story.kicker, s.kicker, ksize, y) + ksize * 0.15
            self.out.kicker = self.out.blocks[-1]["text"]
        max_lines = 2 if s.chinese or width > 300 else 3
        size = self.fit_headline(story.headline, size, width, max_lines)
        y = self.text_lines(
            "headline",
            story.headline,
            s.headline,
            size,
            y,
            leading=size * 1.18,
            bold=s.headline_bold,
        )
        self.out.headline = self.out.blocks[-1]["text"]
        if sub and story.subheadline:
            ssize = max(11.0, min(17.0, round(size * 0.45)))
            y = self.text_lines("subheadline", story.subheadline, s.subheadline, ssize, y + 2)
            self.out.subheadline = self.out.blocks[-1]["text"]
        return y + s.body_size * 0.5

    def byline_top(self, story: Story, top: float) -> float:
        size = self.s.body_size
        y = self.text_lines("byline", story.byline, self.s.byline, size, top, center=False)
        self.out.byline = story.byline
        return y + size * 0.4

    def photo(self, box: Box, caption: str, seed: int) -> float:
        """Photo in ``box`` with its caption below; return the bottom of the caption."""
        x0, y0, x1, y1 = box
        self.out.ops.append(ImageOp(box, photo_jpeg(seed, int(x1 - x0), int(y1 - y0))))
        self.out.blocks.append({"role": "photo", "bbox": rounded(box), "text": ""})
        size = self.s.caption_size
        return self.text_lines(
            "caption", caption, self.s.caption, size, y1 + 3, center=False, x0=x0, x1=x1
        )

    # body ------------------------------------------------------------------------------------
    def body_lines(
        self, para: Paragraph, width: float, first: bool, indent: bool = True
    ) -> list[Line]:
        s = self.s
        if para.kind == "subhead":
            return wrap_phrases(para.text, s.subhead, s.body_size * 1.1, width, chinese=s.chinese)
        ind = s.indent_em * s.body_size if indent and (s.chinese or not first) else 0.0
        return break_lines(para.text, s.body, s.body_size, width, chinese=s.chinese, indent=ind)

    def flow_body(
        self,
        story: Story,
        frames: list[Frame],
        *,
        byline_in_column: bool,
        jump_from: str = "",
        jump_to: str = "",
        remainder: Paragraph | None = None,
        min_paragraphs: int = 0,
        max_paragraphs: int = 10_000,
    ) -> tuple[list[Placed], list[Paragraph], Paragraph | None]:
        """Fill the frames; return placed lines, the paragraphs and the text cut off by a jump."""
        s = self.s
        width = frames[0].x1 - frames[0].x0
        lead = s.leading
        if jump_to:  # keep a line free at the foot of the last column for the jump line
            frames[-1].bottom -= lead
        flow = Flow(frames)
        body_args = {"face": s.body, "size": s.body_size, "leading": lead}
        if jump_from:
            line = break_lines(
                jump_from, s.byline, s.body_size, width, chinese=s.chinese, justify=False
            )
            flow.add(
                line,
                role="jump",
                para=-1,
                source=jump_from,
                face=s.byline,
                size=s.body_size,
                leading=lead,
                align="left",
            )
        if byline_in_column and story.byline:
            lines = break_lines(
                story.byline, s.byline, s.body_size, width, chinese=s.chinese, justify=False
            )
            flow.add(
                lines,
                role="byline",
                para=-1,
                source=story.byline,
                face=s.byline,
                size=s.body_size,
                leading=lead,
                align="left",
            )
            flow.y += lead * 0.3
            self.out.byline = story.byline
        paras: list[Paragraph] = []
        snaps = []
        cut: Paragraph | None = None
        count = 0
        while True:
            if remainder is not None and not paras:
                para, indent = remainder, remainder.kind == "para-indent"
                para = Paragraph(para.text, para.sentence_ends)
            else:
                want_subhead = count >= 3 and count % 4 == 3 and len(frames) >= 2
                if (
                    want_subhead
                    and paras
                    and paras[-1].kind != "subhead"
                    and self.rng.random() < 0.6
                ):
                    para = story.next_subhead()
                else:
                    para = story.next_paragraph()
                indent = True
            if count >= max_paragraphs:
                break
            lines = self.body_lines(para, width, not paras, indent)
            snap = flow.snapshot()
            if para.kind == "subhead":
                n = flow.add(
                    lines,
                    role="subhead",
                    para=len(paras),
                    face=s.subhead,
                    size=s.body_size * 1.1,
                    leading=lead * 1.15,
                    space_before=lead * 0.4,
                    keep_with=lead * 2,
                    align="center" if s.center else "left",
                )
            else:
                n = flow.add(lines, role="body", para=len(paras), **body_args)  # type: ignore[arg-type]
            paras.append(para)
            snaps.append((snap, indent))
            count += para.kind != "subhead"
            if n < len(lines):
                break
        last = paras[-1]
        placed_lines = [p for p in flow.placed if p.para == len(paras) - 1]
        if jump_to:
            if last.kind == "subhead" or not placed_lines:
                flow.restore(snaps[-1][0])
                paras.pop()
                cut = (
                    None
                    if last.kind == "subhead"
                    else Paragraph(last.text, last.sentence_ends, "para-indent")
                )
            else:
                end = placed_lines[-1].line.end
                rest = last.text[end:].lstrip()
                shift = len(last.text) - len(rest)
                cut = (
                    Paragraph(rest, [e - shift for e in last.sentence_ends if e > shift])
                    if rest
                    else None
                )
                paras[-1] = Paragraph(last.text[:end], [e for e in last.sentence_ends if e <= end])
            frames[-1].bottom += lead
            jl = break_lines(
                jump_to, s.byline, s.body_size, width, chinese=s.chinese, justify=False
            )
            flow.frame, flow.y, flow.fresh = len(frames) - 1, frames[-1].bottom - lead, False
            flow.add(
                jl,
                role="jump",
                para=-1,
                source=jump_to,
                face=s.byline,
                size=s.body_size,
                leading=lead,
                align="right",
            )
            return flow.placed, paras, cut
        # a complete article: end at a full stop, then add the credit
        drawn = placed_lines[-1].line.end if placed_lines else 0
        while paras:
            last = paras[-1]
            snap, indent = snaps[len(paras) - 1]
            flow.restore(snap)
            ends = [e for e in last.sentence_ends if e <= drawn] if last.kind == "para" else []
            if not ends:
                paras.pop()
                drawn = 10**9
                continue
            text = last.text[: ends[-1]]
            while ends:
                candidate = Paragraph(text + story.credit, ends)
                lines = self.body_lines(candidate, width, len(paras) == 1, indent)
                if flow.add(lines, role="body", para=len(paras) - 1, **body_args) == len(lines):  # type: ignore[arg-type]
                    paras[-1] = candidate
                    return flow.placed, paras, None
                flow.restore(snap)
                ends.pop()
                text = last.text[: ends[-1]] if ends else ""
            paras.pop()
            drawn = 10**9
        return flow.placed, paras, None

    def record_body(self, placed: list[Placed], paras: list[Paragraph]) -> None:
        """Draw placed lines; make body/subhead/byline/jump blocks per column; set the text."""
        s = self.s
        for p in placed:
            cs, ws = p.line.spacing()
            bold = p.role == "subhead" and s.chinese
            self.out.ops.append(
                TextOp(p.x, p.baseline, p.line.text, p.face.name, p.size, cs, ws, bold=bold)
            )
        groups: list[list[Placed]] = []
        for p in placed:
            if (
                groups
                and groups[-1][-1].frame == p.frame
                and _same_role(groups[-1][-1].role, p.role)
            ):
                groups[-1].append(p)
            else:
                groups.append([p])
        for group in groups:
            box = union([(p.x, p.top, p.x1, p.bottom) for p in group])
            segments: list[list[Placed]] = []
            for p in group:
                if segments and segments[-1][-1].para == p.para:
                    segments[-1].append(p)
                else:
                    segments.append([p])
            # each segment is cut from its source with the original spacing (a Chinese line
            # break adds no space; an English one stands for one)
            parts = [
                (paras[seg[0].para].text if seg[0].para >= 0 else seg[0].source)[
                    seg[0].line.start : seg[-1].line.end
                ]
                for seg in segments
            ]
            role = group[0].role
            self.out.blocks.append({"role": role, "bbox": rounded(box), "text": "\n\n".join(parts)})
        self.out.text = "\n\n".join(p.text for p in paras if p.text)

    def finish_regions(self, placed: list[Placed], extra: list[Box]) -> None:
        boxes = list(extra)
        by_frame: dict[int, list[Placed]] = {}
        for p in placed:
            by_frame.setdefault(p.frame, []).append(p)
        for lines in by_frame.values():
            boxes.append(union([(p.x, p.top, p.x1, p.bottom) for p in lines]))
        self.out.regions = merge_columns(boxes)


def _same_role(a: str, b: str) -> bool:
    return a == b


def equal_frames(
    x0: float, x1: float, count: int, gutter: float, top: float, bottom: float
) -> list[Frame]:
    """``count`` equal columns between ``x0`` and ``x1``."""
    width = (x1 - x0 - (count - 1) * gutter) / count
    return [
        Frame(x0 + i * (width + gutter), x0 + i * (width + gutter) + width, top, bottom)
        for i in range(count)
    ]


def box_op(box: Box, fill: tuple[float, float, float] | None, width: float) -> RectOp:
    return RectOp(box, stroke=(0, 0, 0), fill=fill, width=width)
