"""The plan's slots and the articles set in them: news (regions, photos, drop caps, jumps),
pictures, adverts and briefs, each as Typst markup with the blocks its truth records.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import vocab_en, vocab_zh
from ..images import photo_jpeg
from ..stories import HeadlineLedger, Story, advert_copy, make_story, picture_title
from .flow import _Chain, _Region
from .markup import Box, _f, _par, _pt, _s, _text
from .style import _Style
from .words import (
    DISPLAY_ADS_EN,
    DISPLAY_ADS_ZH,
    SIDEBAR_TITLES_EN,
    SIDEBAR_TITLES_ZH,
    _byline,
    _jump_text,
    _Tok,
    _tokens,
)


@dataclass
class _Continuation:
    story: Story
    headline: str
    toks: list[_Tok]
    from_page: int
    mid: bool  # the jump cut a paragraph


@dataclass
class _Slot:
    col0: int
    span: int
    top: float
    bottom: float
    kind: str = "news"  # news, boxed, sidebar, briefs, advert, picture
    lead: bool = False
    partial: int = 0  # the headline covers only this many columns (0: all)
    photo: str = ""  # "", "top", "body"
    dropcap: bool = False
    byline: str = "top"  # top, column, none
    kicker: bool = False
    subheadline: bool = False
    jump_to: int = 0
    cont: _Continuation | None = None
    col_rules: bool = False


@dataclass
class _Rec:
    key: str
    role: str
    text: str
    align: str = "left"  # left, center, right, justify
    lead_in: bool = False  # set at the top of the first column of text


@dataclass
class _Article:
    key: str
    kind: str
    slot: _Slot
    box: Box
    recs: list[_Rec] = field(default_factory=list)
    chain: _Chain | None = None
    frame: Box | None = None  # a boxed story, sidebar or advert: its zone is the frame
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    text: str = ""  # text measured whole (briefs, advert copy)
    continued_to: int = 0
    continued_from: int = 0
    story: Story | None = None
    markup: str = ""
    degrade: int = 0  # steps taken to leave the body room
    sentences: list[str] = field(default_factory=list)  # a brief's, to shorten it


class _ArticleSetter:
    """The article half of ``_Page`` (page.py): sets each slot's article as Typst markup."""

    rng: random.Random
    ledger: HeadlineLedger
    index: int
    zh: bool
    small: bool
    date: datetime.date
    st: _Style
    images: dict[str, bytes]
    furniture: list[str]
    articles: list[_Article]
    chains: int

    if TYPE_CHECKING:  # the page's geometry, in page.py

        def slot_box(self, s: _Slot) -> Box: ...

        def _place(self, x: float, y: float, what: str) -> str: ...

    def _story(self, **kw: Any) -> Story:
        lang, section = self.st.language, self.st.section
        return make_story(self.rng, lang, section, self.date, ledger=self.ledger, **kw)

    def _image(self, name: str, w: float, h: float) -> str:
        path = f"p{self.index}-{name}.jpg"
        self.images[path] = photo_jpeg(self.rng.getrandbits(32), int(w), int(h))
        return path

    def _capacity(self, w: float, h: float) -> int:
        """Characters that overfill a box of body text: the first pass needs more than fit."""
        st = self.st
        per_line = w / (st.size * (1.0 if st.zh else 0.45))
        return int(per_line * h / st.pitch * 1.25) + 100

    def _article(self, key: str, s: _Slot) -> None:
        art = _Article(key, "news", s, self.slot_box(s))
        if s.kind == "advert":
            self._advert(art)
        elif s.kind == "picture":
            self._picture(art)
        elif s.kind == "briefs":
            self._briefs(art)
            return
        else:
            self._news(art)
        self.articles.append(art)

    def _news(self, art: _Article) -> None:
        s, rng = art.slot, self.rng
        x0, y0, x1, y1 = art.box
        capacity = self._capacity(x1 - x0, y1 - y0)
        self.chains += 1
        if s.cont is not None:
            story = s.cont.story
            art.headline = s.cont.headline
            art.continued_from = s.cont.from_page
            toks = list(s.cont.toks)
            more = _tokens(
                story, self.zh, capacity, False, first=(toks[-1].para + 1) if toks else 0
            )
            chain = _Chain(self.chains, toks + more, self.st, continued=True, first_mid=s.cont.mid)
        else:
            story = self._story(kicker=s.kicker, subheadline=s.subheadline, byline=True)
            if s.kind == "sidebar":
                art.headline = rng.choice(SIDEBAR_TITLES_ZH if self.zh else SIDEBAR_TITLES_EN)
            else:
                art.headline = story.headline
                art.kicker = story.kicker if s.kicker else ""
                art.subheadline = story.subheadline if s.subheadline else ""
                if s.byline != "none":
                    art.byline = _byline(rng, story, self.zh)
            subheads = s.span >= 3 and s.kind == "news"
            chain = _Chain(self.chains, _tokens(story, self.zh, capacity, subheads), self.st)
            first = chain.toks[0].text
            if s.dropcap and not (first[:1].isalpha() and len(first) > 1 and first[1:2].isalpha()):
                s.dropcap = False
        chain.complete = not s.jump_to
        art.story, art.chain = story, chain
        art.continued_to = s.jump_to
        self._news_markup(art)

    def _news_markup(self, art: _Article) -> None:  # noqa: C901 - a story has many parts
        s, st, rng, k = art.slot, self.st, self.rng, art.key
        chain = art.chain
        assert chain is not None
        x0, y0, x1, y1 = art.box
        boxed = s.kind in ("boxed", "sidebar")
        pad = 7.0 if boxed else 0.0
        w = x1 - x0 - 2 * pad
        g = st.gutter
        span = s.span
        cw = (w - (span - 1) * g) / span
        photo = s.photo if art.degrade < 1 else ""
        if art.degrade >= 2:
            art.kicker = art.subheadline = ""
        head_span = s.partial if 0 < s.partial < span else span
        head_w = head_span * (cw + g) - g
        if s.kind == "sidebar":
            hsize = st.size
        elif s.cont is not None:
            hsize = st.size * 1.9
        elif s.lead:
            hsize = st.size * (rng.uniform(3.2, 4.4) if not self.small else 2.8)
        else:
            hsize = st.size * (1.5 + 0.35 * min(head_span, 4)) * rng.uniform(0.9, 1.1)
        hsize = round(hsize * (1.0, 1.0, 1.0, 0.8, 0.65)[min(art.degrade, 4)], 1)
        # a sub-editor fits the longest word in the headline's measure (headlines are not
        # hyphenated): overset, it ran into the next story's headline
        longest = max((len(w) for w in art.headline.split()), default=0) if not self.zh else 0
        if longest:
            hsize = min(hsize, round(head_w / (0.72 * longest), 1))
        align = "center" if st.center and s.kind != "sidebar" else "left"
        art.recs = []
        parts: list[str] = []  # the stack above the body

        def rec(role: str, text: str, call: str, al: str = "left", lead_in: bool = False) -> str:
            key = f"{k}/{role}" if role != "jump" else f"{k}/jump{len(art.recs)}"
            art.recs.append(_Rec(key, role, text, al, lead_in))
            return f"rec({_s(key)}, align({al}, {call}))"

        def photo_stack(width: float, height: float) -> str:
            path = self._image(f"{k}-photo", width, height)
            cap = art.story.caption if art.story else ""
            image = f'image({_s(path)}, width: {_pt(width)}, height: {_pt(height)}, fit: "cover")'
            caption = _par(cap, st.aux, st.size * 0.85, lead=0.2)
            return f"#{rec('photo', '', image)}\n#v(3pt)\n#{rec('caption', cap, caption)}"

        above = ""
        if photo == "top":
            # as wide as the stack it stands in (a partial headline's stack is narrower than
            # the story: a wider picture would run under the next columns' text)
            ph = min(head_w * rng.uniform(0.42, 0.58), (y1 - y0) * 0.4)
            above = photo_stack(head_w, ph) + f"\n#v({_pt(st.size)})"
            if s.lead or rng.random() < 0.5:
                parts.append(above)
                above = ""
        if art.kicker:
            fill = st.accent if rng.random() < 0.5 else "black"
            ksize = max(st.size * 1.15, hsize * 0.38)
            parts.append(
                "#"
                + rec(
                    "kicker", art.kicker, _par(art.kicker, st.aux, ksize, "bold", fill=fill), align
                )
            )
            parts.append("#v(2pt)")
        if s.kind == "sidebar":
            parts.append(
                "#" + rec("headline", art.headline, _par(art.headline, st.aux, st.size, "bold"))
            )
            parts.append(f"#v({_pt(st.size * 0.4)})")
        else:
            head = _par(art.headline, st.head, hsize, st.head_weight, lead=0.12)
            parts.append("#" + rec("headline", art.headline, head, align))
            parts.append(f"#v({_pt(max(3.0, hsize * 0.18))})")
        if art.subheadline:
            deck = _par(
                art.subheadline,
                st.head if self.zh else st.body,
                max(st.size * 1.25, hsize * 0.42),
                style="normal" if self.zh else "italic",
            )
            parts.append("#" + rec("subheadline", art.subheadline, deck, align))
            parts.append(f"#v({_pt(st.size * 0.6)})")
        byline = _par(art.byline, st.aux, st.size * 0.95, "bold")
        if art.byline and s.byline == "top":
            parts.append("#" + rec("byline", art.byline, byline, "left" if s.dropcap else align))
            parts.append(f"#v({_pt(st.size * 0.6)})")
        if above:
            parts.append(above)
        lead_in: list[str] = []
        if art.continued_from:
            jt = _jump_text(self.zh, art.continued_from, False, rng)
            lead_in.append(rec("jump", jt, _par(jt, st.aux, st.size, "bold"), lead_in=True))
        if art.byline and s.byline == "column":
            lead_in.append(rec("byline", art.byline, byline, lead_in=True))
        # the body: regions in reading order
        regions: list[_Region] = []
        dropcap = s.dropcap and s.cont is None
        cols = head_span
        if photo == "body" and cols >= 2:
            kk = max(1, cols - rng.choice([1, 2]))
            on_left = rng.random() < 0.6
            wk = kk * (cw + g) - g
            ph = min(wk * rng.uniform(0.55, 0.75), (y1 - y0) * 0.38)
            stack = photo_stack(wk, ph)
            under = _Region(f"{k}r0", kk, g)
            beside = _Region(f"{k}r1", cols - kk, g)
            regions += [under, beside] if on_left else [beside, under]
            regions[0].key, regions[1].key = f"{k}r0", f"{k}r1"
            regions[0].lead_in = lead_in
            px = 0.0 if on_left else (cols - kk) * (cw + g)
            bx = wk + g if on_left else 0.0
            body = (
                "#layout(size => {\n"
                f"  let pc = block(width: {_pt(wk)})[\n{stack}\n]\n"
                f"  let hp = measure(pc).height + {_pt(st.pitch)}\n"
                f"  place(top + left, dx: {_pt(px)}, pc)\n"
                f"  place(top + left, dx: {_pt(px)}, dy: hp, block(width: {_pt(wk)}, "
                f"height: size.height - hp, REGION:{under.key}))\n"
                f"  place(top + left, dx: {_pt(bx)}, block(width: size.width - {_pt(wk + g)}, "
                f"height: size.height, REGION:{beside.key}))\n"
                "})"
            )
        elif dropcap:
            lines = 3 if s.lead and rng.random() < 0.5 else 2
            a = _Region(f"{k}r0", 1, g, min_lines=0)
            a2 = _Region(f"{k}r1", 1, g)
            regions += [a, a2]
            rest = ""
            if cols > 1:
                b = _Region(f"{k}r2", cols - 1, g)
                regions.append(b)
                rest = (
                    f"  place(top + left, dx: {_pt(cw + g)}, block(width: size.width - "
                    f"{_pt(cw + g)}, height: size.height, REGION:{b.key}))\n"
                )
            letter = chain.toks[0].text[0]
            line, lead = st.asc + st.desc, st.leading
            cap_key = f"{k}/dropcap"
            art.recs.append(_Rec(cap_key, "body", letter))
            body = (
                "#layout(size => {\n"
                f'  let edges = (top-edge: "cap-height", bottom-edge: "baseline")\n'
                f'  let bcap = measure(text(font: {_f(st.body)}, size: {_pt(st.size)}, ..edges, "H")).height\n'
                f'  let ratio = measure(text(font: {_f(st.head)}, weight: "bold", size: 100pt, ..edges, "H")).height / 100pt\n'
                f'  let cap = text(font: {_f(st.head)}, weight: "bold", ..edges, fill: {st.accent}, '
                f"size: ({lines - 1} * {_pt(st.pitch)} + bcap) / ratio, {_s(letter)})\n"
                f"  let ax = measure(cap).width + 3pt\n"
                f"  let ha = {_pt(lines * line + (lines - 1) * lead + 0.2)}\n"
                f"  place(top + left, dy: {_pt(st.asc)} - bcap, rec({_s(cap_key)}, cap))\n"
                f"  place(top + left, dx: ax, block(width: {_pt(cw)} - ax, height: ha, REGION:{a.key}))\n"
                f"  place(top + left, dy: {_pt(lines * (line + lead))}, block(width: {_pt(cw)}, "
                f"height: size.height - {_pt(lines * (line + lead))}, REGION:{a2.key}))\n"
                f"{rest}"
                "})"
            )
        else:
            r = _Region(f"{k}r0", cols, g, lead_in=lead_in)
            regions.append(r)
            body = f"#REGION:{r.key}"
            if s.col_rules and cols > 1:
                rules = "".join(
                    f"  place(top + left, dx: {_pt(i * (cw + g) - g / 2)}, "
                    "line(angle: 90deg, length: size.height, stroke: 0.4pt))\n"
                    for i in range(1, cols)
                )
                body = f"#layout(size => {{\n{rules}  [#REGION:{r.key}]\n}})"
        right: _Region | None = None
        if head_span < span:
            right = _Region(f"{k}r{len(regions)}", span - head_span, g, min_lines=4)
            regions.append(right)
        jump = ""
        if art.continued_to:
            jt = _jump_text(self.zh, art.continued_to, True, rng)
            jump = "#v(2pt)\n#" + rec("jump", jt, _par(jt, st.aux, st.size, "bold"), "right")
        for r in regions[1:]:
            r.lead_in = []
        chain.reset(regions, dropcap)
        heading = "\n".join(parts)
        frame = ""
        if boxed:
            fills = ['rgb("#f1ede3")', 'rgb("#e8eef5")', "none"]
            tint = rng.choice(fills if s.kind == "sidebar" else fills[:1] + fills[2:])
            stroke = rng.choice(["0.8pt", "1.2pt", "0.6pt"])
            frame = f", inset: {_pt(pad)}, stroke: {stroke}, fill: {tint}"
            art.frame = art.box
        body_block = f"#block(width: 100%, height: 1fr)[\n{body}\n]"
        if right is None:
            inner = f"{heading}\n{body_block}\n{jump}"
        else:
            rw, rh = w - head_w - g, y1 - y0 - 2 * pad
            inner = (
                f"#place(top + left, block(width: {_pt(head_w)}, height: {_pt(rh)})[\n"
                f"{heading}\n{body_block}\n])\n"
                f"#place(top + left, dx: {_pt(head_w + g)}, block(width: {_pt(rw)}, height: {_pt(rh)})[\n"
                f"#block(width: 100%, height: 1fr)[\n#REGION:{right.key}\n]\n{jump}\n])"
            )
        block = f"block(width: {_pt(x1 - x0)}, height: {_pt(y1 - y0)}{frame})[\n{inner}\n]"
        art.markup = self._place(x0, y0, block)

    def _picture(self, art: _Article) -> None:
        st, rng, k = self.st, self.rng, art.key
        art.kind = "picture"
        x0, y0, x1, y1 = art.box
        story = self._story(byline=False)
        art.headline = picture_title(rng, st.language)
        cap = story.caption
        path = self._image(f"{k}-photo", x1 - x0, (y1 - y0) * 0.6)
        art.recs = [
            _Rec(f"{k}/headline", "headline", art.headline),
            _Rec(f"{k}/photo", "photo", ""),
            _Rec(f"{k}/caption", "caption", cap),
        ]
        title = _par(art.headline, st.head, st.size * rng.uniform(1.8, 2.4), st.head_weight)
        image = f'image({_s(path)}, width: size.width, height: size.height, fit: "cover")'
        block = (
            f"block(width: {_pt(x1 - x0)}, height: {_pt(y1 - y0)})[\n"
            f"#rec({_s(k + '/headline')}, {title})\n#v(4pt)\n"
            f"#block(width: 100%, height: 1fr, layout(size => rec({_s(k + '/photo')}, {image})))\n"
            f"#v(3pt)\n#rec({_s(k + '/caption')}, {_par(cap, st.aux, st.size * 0.85, lead=0.2)})\n"
            "#v(4pt)\n]"
        )
        art.markup = self._place(x0, y0, block)

    def _advert(self, art: _Article) -> None:
        st, rng, k = self.st, self.rng, art.key
        art.kind = "advert"
        x0, y0, x1, y1 = art.box
        w, h = x1 - x0, y1 - y0
        art.frame = art.box
        variant = rng.choice(["image", "shapes", "display", "copy"])
        stroke = rng.choice(["1.5pt", "1pt", "2pt"])
        size = f"width: {_pt(w)}, height: {_pt(h)}, stroke: {stroke}"
        if variant == "image":  # a picture in a frame, not a word
            path = self._image(f"{k}-ad", w - 8, h - 8)
            image = f'image({_s(path)}, width: {_pt(w - 8)}, height: {_pt(h - 8)}, fit: "cover")'
            art.recs = [_Rec(f"{k}/photo", "photo", "")]
            rec = f"rec({_s(k + '/photo')}, {image})"
            art.markup = self._place(x0, y0, f"block({size}, inset: 4pt, {rec})")
            return
        if variant == "shapes":  # a drawn advert: a gradient and circles, not a word
            c1, c2 = rng.choice(
                [("#f4d35e", "#ee964b"), ("#0d3b66", "#5fa8d3"), ("#c1121f", "#fdf0d5")]
            )
            circles = "".join(
                self._place(
                    rng.uniform(0.1, 0.8) * w,
                    rng.uniform(0.1, 0.7) * h,
                    f"circle(radius: {_pt(rng.uniform(0.08, 0.2) * min(w, h))}, "
                    f"fill: white.transparentize({rng.randint(30, 70)}%))",
                )
                for _ in range(rng.randint(2, 5))
            )
            fill = f'gradient.linear(rgb("{c1}"), rgb("{c2}"), angle: {rng.randint(0, 90)}deg)'
            art.markup = self._place(x0, y0, f"block({size}, clip: true, fill: {fill})[{circles}]")
            return
        title, copy = advert_copy(rng, st.language, self.date)
        if variant == "display":  # a little display text only
            title, copy = rng.choice(DISPLAY_ADS_ZH if self.zh else DISPLAY_ADS_EN), ""
        art.headline, art.text = title, copy
        hs = min(st.size * 3.4, h * 0.3)
        art.recs = [_Rec(f"{k}/headline", "headline", title, "center")]
        head = _par(title, st.head, hs, st.head_weight, fill=st.accent)
        body = f"#rec({_s(k + '/headline')}, align(center, {head}))"
        if copy:
            art.recs.append(_Rec(f"{k}/copy", "body", copy, "center"))
            small = _par(copy, st.aux, max(st.size * 1.2, 10.0), lead=0.35)
            body += f"\n#v(8pt)\n#rec({_s(k + '/copy')}, align(center, {small}))"
        tint = rng.choice(['rgb("#fff6da")', 'rgb("#e6f0fb")', "white"])
        block = f"block({size}, fill: {tint}, inset: 12pt)[#align(horizon)[{body}]]"
        art.markup = self._place(x0, y0, block)

    def _briefs(self, art: _Article) -> None:
        """A column of short items under a label bar: each item an article of kind ``brief``."""
        st, rng = self.st, self.rng
        x0, y0, x1, y1 = art.box
        w = x1 - x0
        label = rng.choice(vocab_zh.BRIEF_TITLES if self.zh else vocab_en.BRIEF_TITLES)
        bar = st.size * 2.0
        fill = st.accent if st.accent != "black" else "luma(60)"
        text = _text(label, st.head, st.size * 1.2, "bold", fill="white")
        self.furniture.append(
            self._place(
                x0,
                y0,
                f"block(width: {_pt(w)}, height: {_pt(bar)}, fill: {fill}, "
                f"align(center + horizon, {text}))",
            )
        )
        y = y0 + bar + 6
        count = max(2, min(5, int((y1 - y) // 140)))
        each = (y1 - y) / count
        for i in range(count):
            story = self._story(byline=False)
            p = story.next_paragraph(sentences=rng.choice((2, 3)))
            ends = [0, *p.sentence_ends]
            sentences = [p.text[a:b].strip() for a, b in zip(ends, ends[1:], strict=False)]
            key = f"{art.key}b{i + 1}"
            item = _Article(key, "brief", art.slot, (x0, y + (6 if i else 0), x1, y + each))
            item.headline, item.sentences = story.headline, sentences
            self._brief_markup(item, first=i == 0)
            self.articles.append(item)
            y += each

    def _brief_markup(self, item: _Article, first: bool) -> None:
        st = self.st
        x0, top, x1, _ = item.box
        w, key = x1 - x0, item.key
        sep = "" if self.zh else " "
        item.text = sep.join(item.sentences)
        item.recs = [
            _Rec(f"{key}/headline", "headline", item.headline),
            _Rec(f"{key}/body", "body", item.text, "justify"),
        ]
        rule = "" if first else self._place(x0, top - 5, f"line(length: {_pt(w)}, stroke: 0.4pt)")
        indent = f"first-line-indent: (amount: {st.indent}em, all: true), " if self.zh else ""
        body = (
            f"par(justify: true, {indent}leading: {_pt(st.leading)}, "
            f"text(font: {_f(st.body)}, size: {_pt(st.size)}, overhang: false, {_s(item.text)}))"
        )
        head = _par(item.headline, st.aux, st.size * 1.15, "bold")
        block = (
            f"block(width: {_pt(w)})[\n#rec({_s(key + '/headline')}, {head})\n#v(3pt)\n"
            f"#rec({_s(key + '/body')}, {body})\n]"
        )
        item.markup = rule + "\n" + self._place(x0, top, block)
