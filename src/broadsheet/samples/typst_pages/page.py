"""One page: its style, masthead or header band and footer, the plan of its slots by template
family, column rules, the Typst source of each pass, and what its jumps carry on.

The articles are set by ``_ArticleSetter`` (articles.py); the truth is read by ``_PageTruth``
(truth.py).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from .. import vocab_en, vocab_zh
from ..stories import HeadlineLedger, person_name
from .articles import _Article, _ArticleSetter, _Continuation, _Slot
from .markup import PREAMBLE, PROBE, Box, _Data, _f, _pt, _text
from .style import _Style, _style
from .truth import _PageTruth


class _Page(_ArticleSetter, _PageTruth):
    def __init__(
        self,
        rng: random.Random,
        index: int,
        count: int,
        zh: bool,
        family: str,
        small: bool,
        date: datetime.date,
        paper: str,
        size: tuple[float, float],
        pending: list[_Continuation],
        metrics: Callable[[_Style], tuple[float, float]],
        ledger: HeadlineLedger,
    ) -> None:
        self.rng = rng
        self.ledger = ledger
        ledger.new_page()
        self.index, self.count, self.zh, self.family, self.small = index, count, zh, family, small
        self.date, self.paper = date, paper
        self.width, self.height = size
        sections = list((vocab_zh if zh else vocab_en).SECTION_TOPICS)
        section = ("要闻" if zh else "News") if index == 1 else rng.choice(sections)
        self.st = _style(rng, zh, small, section)
        self.st.asc, self.st.desc = metrics(self.st)
        self.margin = 30.0 if small else rng.choice([36.0, 40.0, 44.0])
        self.images: dict[str, bytes] = {}
        self.furniture: list[str] = []
        self.articles: list[_Article] = []
        self.chains = 0
        self.pending = pending
        self.bottom = 0.0
        self._plan()

    # ---- geometry

    @property
    def col_w(self) -> float:
        st = self.st
        return (self.width - 2 * self.margin - (st.columns - 1) * st.gutter) / st.columns

    def col_x(self, c: int) -> float:
        return self.margin + c * (self.col_w + self.st.gutter)

    def slot_box(self, s: _Slot) -> Box:
        return (self.col_x(s.col0), s.top, self.col_x(s.col0 + s.span - 1) + self.col_w, s.bottom)

    def _place(self, x: float, y: float, what: str) -> str:
        return f"#place(top + left, dx: {_pt(x)}, dy: {_pt(y)}, {what})"

    # ---- furniture

    def _chrome(self) -> float:
        """Masthead or header band, and the footer. Returns the top of the article area."""
        st, rng, m, zh = self.st, self.rng, self.margin, self.zh
        w = self.width - 2 * m
        weekday = "一二三四五六日"[self.date.weekday()]
        date = (
            f"{self.date.year}年{self.date.month}月{self.date.day}日 星期{weekday}"
            if zh
            else self.date.strftime("%A, %B ") + f"{self.date.day}, {self.date.year}"
        )
        small = 7.5 if self.small else 8.5
        fur = self.furniture
        if self.index == 1:
            name_size = 34.0 if self.small else rng.choice([44.0, 50.0, 56.0])
            name = _text(self.paper, st.head, name_size, "black" if zh else "bold")
            fur.append(self._place(m, m - 8, f"block(width: {_pt(w)}, align(center, {name}))"))
            y = m - 8 + name_size * 1.35
            fur.append(self._place(m, y, f"line(length: {_pt(w)}, stroke: 0.6pt)"))
            info = (
                f"第{rng.randint(1000, 9999)}期  今日{self.count}版"
                if zh
                else f"No. {rng.randint(10000, 40000):,} · {self.count} pages · $2.50"
            )
            row = f"{_text(date, st.aux, small)} + h(1fr) + {_text(info, st.aux, small)}"
            fur.append(self._place(m, y + 4, f"block(width: {_pt(w)}, {row})"))
            y += 4 + small * 1.6
        else:
            label = f"第{self.index:02d}版" if zh else f"Page {self.index}"
            y = m - 6
            right = date if self.small else f"{date}  {self.paper}"
            row = (
                f"{_text(label, st.aux, small + 1, 'bold')} + h(1fr) + "
                f"{_text(st.section, st.head, small + 5, st.head_weight)} + h(1fr) + "
                f"{_text(right, st.aux, small)}"
            )
            fur.append(self._place(m, y, f"block(width: {_pt(w)}, {row})"))
            y += (small + 5) * 1.5
        fur.append(self._place(m, y, f"line(length: {_pt(w)}, stroke: 1.6pt)"))
        foot_y = self.height - m + 10
        foot = (
            f"责任编辑：{person_name(rng, True)}  美术编辑：{person_name(rng, True)}"
            if zh
            else f"{self.paper} · {date}"
        )
        fur.append(self._place(m, foot_y, _text(foot, st.aux, small - 0.5)))
        self.bottom = foot_y - 12
        return y + 12

    # ---- plan

    def _plan(self) -> None:  # noqa: C901 - one branch per template family
        rng, st, fam = self.rng, self.st, self.family
        top = self._chrome()
        bottom = self.bottom
        n = st.columns
        gap = 16.0  # between bands
        area = bottom - top
        ad_h = round(area * rng.uniform(0.2, 0.27)) if fam == "adverts" else 0.0
        lead_bottom = top + round((area - ad_h) * rng.uniform(0.42, 0.52))
        # band 1: the lead story, perhaps beside a side column
        side = {"ruled": 1, "boxed": rng.choice([1, 2]), "pictures": 2 if n >= 5 else 0}.get(fam, 0)
        if self.small and side:
            side = 1 if fam != "pictures" else 2
        lead = _Slot(0, n - side, top, lead_bottom, lead=True)
        lead.kicker = rng.random() < 0.5
        lead.subheadline = rng.random() < 0.5
        lead.photo = rng.choice(["top", "body", ""])
        lead.dropcap = not self.zh and (fam == "ruled" or rng.random() < 0.3)
        if fam == "partial":
            lead.partial = max(2, (lead.span * 3) // 5)
            lead.photo = "body" if rng.random() < 0.4 and lead.partial >= 3 else ""
        if lead.photo == "body":
            lead.dropcap = False
        lead.byline = "top" if lead.dropcap else rng.choice(["top", "column"])
        slots: list[_Slot] = [lead]
        if side:
            kind = {"ruled": "briefs", "boxed": "sidebar", "pictures": "picture"}[fam]
            if rng.random() < 0.4:
                lead.col0 = side
                slots.insert(0, _Slot(0, side, top, lead_bottom, kind=kind))
            else:
                slots.append(_Slot(n - side, side, top, lead_bottom, kind=kind))
        # the bands below
        rest_top = lead_bottom + gap
        rest = bottom - (ad_h + gap if ad_h else 0.0) - rest_top
        bands = 2 if rest > 560 and not self.small else 1
        band_h = (rest - gap * (bands - 1)) / bands
        conts = list(self.pending)
        special = False
        for b in range(bands):
            bt = rest_top + b * (band_h + gap)
            c = 0
            for span in self._partition(n):
                s = _Slot(c, span, bt, bt + band_h)
                c += span
                s.kicker = rng.random() < 0.25
                s.subheadline = rng.random() < 0.2 and span >= 2
                s.byline = rng.choice(["top", "column", "column", "none"])
                if conts and span >= 2:
                    s.cont = conts.pop(0)
                elif not special and span >= 2 and fam in ("boxed", "pictures", "partial"):
                    if fam == "boxed":
                        s.kind, special = "boxed", True
                    elif fam == "pictures":
                        s.kind, special = ("picture" if span == 2 else "news"), True
                        s.photo = "top" if s.kind == "news" else ""
                    elif span >= 3:
                        s.partial, special = span - 1, True
                elif fam == "boxed" and span == 1 and rng.random() < 0.6:
                    s.kind = "sidebar"
                plain = s.kind == "news" and s.cont is None and not s.photo and span >= 2
                if plain and rng.random() < (0.5 if fam in ("pictures", "adverts") else 0.2):
                    s.photo = rng.choice(["top", "body"]) if span >= 3 else "top"
                if s.kind == "news" and span >= 2 and fam == "ruled" and rng.random() < 0.5:
                    s.col_rules = True
                slots.append(s)
        for cont in conts:  # more continuations than fitting slots: any news slot takes them
            for s in slots[::-1]:
                if s.kind == "news" and s.cont is None and s.span >= 2:
                    s.cont = cont
                    break
        for s in slots:
            if s.cont is not None:
                s.byline, s.kicker, s.subheadline, s.photo = "none", False, False, ""
                s.dropcap, s.partial = False, 0
        if ad_h:
            at = bottom - ad_h
            k = rng.randint(2, n - 2)
            spans = [n] if rng.random() < 0.3 else [k, n - k]
            c = 0
            for span in spans:
                slots.append(_Slot(c, span, at, bottom, kind="advert"))
                c += span
        if self.index < self.count and rng.random() < 0.85:  # a jump to a later page
            options = [s for s in slots if s.kind == "news" and s.cont is None and s.span >= 2]
            if options:
                rng.choice(options).jump_to = rng.randint(self.index + 1, self.count)
        for i, s in enumerate(slots):
            self._article(f"a{i + 1}", s)
        if fam == "ruled" or rng.random() < 0.35:
            self._rules(slots)

    def _partition(self, n: int) -> list[int]:
        out: list[int] = []
        left = n
        while left:
            widest = 3 if self.small else 4
            k = self.rng.choice([k for k in (1, 2, 2, 3, 3, 4) if k <= min(left, widest)])
            out.append(k)
            left -= k
        self.rng.shuffle(out)
        return out

    def _rules(self, slots: list[_Slot]) -> None:
        """Column rules between stories and rules between bands."""
        g = self.st.gutter
        for s in slots:
            x0, y0, x1, y1 = self.slot_box(s)
            if x1 < self.width - self.margin - 1:
                line = f"line(angle: 90deg, length: {_pt(y1 - y0)}, stroke: 0.5pt)"
                self.furniture.append(self._place(x1 + g / 2, y0, line))
            if y1 < self.bottom - 1:
                self.furniture.append(
                    self._place(x0, y1 + 8, f"line(length: {_pt(x1 - x0)}, stroke: 0.5pt)")
                )

    # ---- passes

    def source(self, probe: bool = True) -> str:
        parts = [PREAMBLE.format(width=self.width, height=self.height, lang=self.st.lang)]
        parts += self.body()
        if probe:
            sample = '"字"' if self.zh else '"Hg"'
            parts.append(PROBE.format(fonts=_f(self.st.body), size=self.st.size, sample=sample))
        return "\n".join(parts) + "\n"

    def body(self) -> list[str]:
        parts = list(self.furniture)
        for art in self.articles:
            text = art.markup
            if art.chain is not None:
                for r in art.chain.regions:
                    text = text.replace(f"REGION:{r.key}", art.chain.region_call(r))
            parts.append(text)
        return parts

    def advance(self, data: _Data) -> bool:
        changed = False
        for art in list(self.articles):
            if art.kind == "brief":
                changed |= self._advance_brief(art, data)
                continue
            if art.chain is None:
                continue
            cramped = [
                r
                for r in art.chain.regions
                if r.key in data.reg
                and data.reg[r.key][3] - data.reg[r.key][1] < self.st.pitch * r.min_lines
            ]
            if cramped and art.degrade < 4:  # the heading leaves the body no room: shrink it
                art.degrade += 1
                self._news_markup(art)
                changed = True
                continue
            changed |= art.chain.advance(data)
        return changed

    def _advance_brief(self, art: _Article, data: _Data) -> bool:
        got = data.rec.get(f"{art.key}/body")
        if got is None or got[1] + got[3] <= art.box[3] + 0.3:
            return False
        if len(art.sentences) > 1:
            art.sentences.pop()
            self._brief_markup(art, first=art.key.endswith("b1"))
        else:
            self.articles.remove(art)
        return True

    def carry(self) -> list[tuple[int, _Continuation]]:
        """What the page's jumped stories still have to say, for the pages they jump to."""
        out = []
        for art in self.articles:
            ch = art.chain
            if art.continued_to and ch is not None and art.story is not None:
                cut = ch.drawn
                cont = _Continuation(
                    art.story, art.headline, ch.toks[cut:], self.index, ch.mid(cut)
                )
                out.append((art.continued_to, cont))
        return out
