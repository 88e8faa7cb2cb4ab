"""One page: its style, masthead or header band and footer, the plan of its slots by template
family, the rules, and its TeX source. Articles are written by ``_Setter`` (articles.py)."""

from __future__ import annotations

import datetime
import random

from .. import vocab_en, vocab_zh
from ..stories import HeadlineLedger, person_name
from .articles import _Article, _Continuation, _Setter, _Slot
from .markup import bp, esc, font, hrule, place, preamble, vrule
from .words import PAPERS_EN, PAPERS_ZH

ZH_BODY = ["AR PL UMing CN", "Noto Serif CJK SC", "WenQuanYi Micro Hei"]
ZH_HEAD = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC"]
ZH_AUX = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
EN_BODY = ["Liberation Serif", "DejaVu Serif"]
EN_HEAD = ["DejaVu Serif", "Liberation Sans", "Liberation Serif", "DejaVu Sans"]
EN_AUX = ["Liberation Sans", "DejaVu Sans"]
ACCENTS = ["B22222", "1F4E79", "2E7D32", "000000", "8E24AA"]


class _Page(_Setter):
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
        ledger: HeadlineLedger,
    ) -> None:
        self.rng, self.index, self.count, self.zh = rng, index, count, zh
        self.family, self.small, self.date, self.paper = family, small, date, paper
        self.width, self.height = size
        self.ledger = ledger
        ledger.new_page()
        self.language = "zh-hans" if zh else "en"
        sections = list((vocab_zh if zh else vocab_en).SECTION_TOPICS)
        self.section = ("要闻" if zh else "News") if index == 1 else rng.choice(sections)
        if zh:
            self.fonts = {
                "body": "Liberation Serif",
                "head": "DejaVu Sans",
                "aux": "Liberation Sans",
                "cbody": rng.choice(ZH_BODY),
                "chead": rng.choice(ZH_HEAD),
                "caux": rng.choice(ZH_AUX),
            }
        else:
            self.fonts = {
                "body": rng.choice(EN_BODY),
                "head": rng.choice(EN_HEAD),
                "aux": rng.choice(EN_AUX),
            }
        self.size = round(rng.uniform(8.5, 9.5) if small else rng.uniform(9.0, 10.5), 1)
        self.pitch = round(self.size * rng.uniform(1.22, 1.34), 2)
        self.columns = 4 if small else (rng.choice([6, 7]) if zh else rng.choice([5, 6]))
        self.gutter = rng.choice([10.0, 12.0, 14.0])
        self.center = rng.random() < (0.5 if zh else 0.25)
        self.accent = rng.choice(ACCENTS)
        self.margin = 30.0 if small else rng.choice([36.0, 40.0])
        self.images: dict[str, bytes] = {}
        self.articles: list[_Article] = []
        self.tex: list[str] = []
        self.rules: list[str] = []
        self.chrome: list[str] = []
        self.pending = pending
        self.slots: list[_Slot] = []
        self._plan()

    # ---- geometry

    @property
    def col_w(self) -> float:
        return (self.width - 2 * self.margin - (self.columns - 1) * self.gutter) / self.columns

    def col_x(self, c: int) -> float:
        return self.margin + c * (self.col_w + self.gutter)

    def slot(self, c0: int, span: int, top: float, bottom: float, **kw: object) -> _Slot:
        x1 = self.col_x(c0 + span - 1) + self.col_w
        return _Slot(self.col_x(c0), top, x1, bottom, span, **kw)  # type: ignore[arg-type]

    # ---- furniture

    def _chrome(self) -> tuple[float, float]:
        """Masthead or header band, and the footer: the top and bottom of the article area."""
        rng, m, zh, fur = self.rng, self.margin, self.zh, self.chrome
        w = self.width - 2 * m
        wd = "一二三四五六日"[self.date.weekday()]
        d = self.date
        date = (
            f"{d.year}年{d.month}月{d.day}日 星期{wd}"
            if zh
            else d.strftime("%A, %B ") + f"{d.day}, {d.year}"
        )
        small = 7.5 if self.small else 8.5
        if self.index == 1:
            ns = 34.0 if self.small else rng.choice([44.0, 52.0])
            name = f"\\hbox to {bp(w)}{{\\hss{font(chr(92) + 'HF', ns, 1.0, bold=True)}{esc(self.paper)}\\hss}}"
            fur.append(place(m, m - 6, name))
            y = m - 6 + ns * 1.25
            fur.append(hrule(m, y, w, 0.6))
            info = (
                f"第{rng.randint(1000, 9999)}期  今日{self.count}版"
                if zh
                else f"No. {rng.randint(10000, 40000):,} · {self.count} pages · $2.50"
            )
            row = f"\\hbox to {bp(w)}{{{font(chr(92) + 'AF', small)}{esc(date)}\\hss {esc(info)}}}"
            fur.append(place(m, y + 4, row))
            y += 6 + small * 1.6
        else:
            label = f"第{self.index:02d}版" if zh else f"Page {self.index}"
            right = date if self.small else f"{date}  {self.paper}"
            row = (
                f"\\hbox to {bp(w)}{{{font(chr(92) + 'AF', small + 1, bold=True)}{esc(label)}\\hss"
                f"{font(chr(92) + 'HF', small + 5, bold=True)}{esc(self.section)}\\hss"
                f"{font(chr(92) + 'AF', small)}{esc(right)}}}"
            )
            fur.append(place(m, m - 6, row))
            y = m - 6 + (small + 5) * 1.5
        fur.append(hrule(m, y, w, 1.6))
        foot_y = self.height - m + 8
        foot = (
            f"责任编辑：{person_name(rng, True)}  美术编辑：{person_name(rng, True)}"
            if zh
            else f"{self.paper} · {date}"
        )
        fur.append(place(m, foot_y, f"\\hbox{{{font(chr(92) + 'AF', small - 0.5)}{esc(foot)}}}"))
        return y + 12, foot_y - 14

    def _partition(self, n: int) -> list[int]:
        spans: list[int] = []
        while n > 0:
            s = min(n, self.rng.choice([2, 2, 3, 3, 4] if n > 4 else [2, 3]))
            if n - s == 1:
                s = n if s + 1 <= 4 else s - 1
            spans.append(s)
            n -= s
        return spans

    # ---- plan

    def _plan(self) -> None:  # noqa: C901 - one branch per template family
        rng, fam, n, zh = self.rng, self.family, self.columns, self.zh
        top, bottom = self._chrome()
        gap = 14.0
        area = bottom - top
        ad_h = round(area * rng.uniform(0.18, 0.24)) if fam == "adverts" else 0.0
        lead_bottom = top + round((area - ad_h) * rng.uniform(0.44, 0.54))
        mode = "mc" if fam == "ruled" else "flow"
        side = 1 if fam in ("ruled", "boxed") else (2 if fam == "pictures" and n >= 5 else 0)
        left = side and rng.random() < 0.4
        lead = self.slot(side if left else 0, n - side, top, lead_bottom, lead=True, mode=mode)
        lead.kicker, lead.subheadline = rng.random() < 0.5, rng.random() < 0.5
        lead.dropcap = not zh and (fam == "ruled" or rng.random() < 0.3)
        lead.photo = fam in ("pictures", "adverts") or (mode == "flow" and rng.random() < 0.4)
        lead.rules = fam == "ruled"
        if fam == "partial":
            lead.partial = max(2, (lead.cols * 3) // 5)
        if lead.photo:
            lead.dropcap = False
        lead.byline = "top" if lead.dropcap or mode == "mc" else rng.choice(["top", "column"])
        if mode == "flow" and self.index < self.count and self.index == 1:
            lead.jump_to = rng.randint(2, self.count)
        slots = [lead]
        if side:
            kind = {"ruled": "briefs", "boxed": "sidebar", "pictures": "picture"}[fam]
            s = self.slot(0 if left else n - side, side, top, lead_bottom, kind=kind)
            slots.insert(0 if left else 1, s)
        rest_top = lead_bottom + gap
        rest = bottom - (ad_h + gap if ad_h else 0.0) - rest_top
        bands = 2 if rest > 520 and not self.small else 1
        band_h = (rest - gap * (bands - 1)) / bands
        conts = list(self.pending)
        special = False
        for b in range(bands):
            bt = rest_top + b * (band_h + gap)
            c = 0
            row: list[_Slot] = []
            for span in self._partition(n):
                s = self.slot(c, span, bt, bt + band_h)
                c += span
                s.kicker = rng.random() < 0.25
                s.subheadline = rng.random() < 0.2 and span >= 2
                s.byline = (
                    rng.choice(["top", "column", "column", "none"])
                    if mode == "flow"
                    else rng.choice(["top", "none"])
                )
                s.rules = fam == "ruled" or rng.random() < 0.2
                if conts and span >= 2:
                    s.cont, s.mode = conts.pop(0), "flow"
                elif not special and fam == "boxed":
                    s.kind, special = "boxed", True
                elif not special and fam == "pictures" and span <= 3:
                    s.kind, special = "picture", True
                elif not special and fam == "partial" and span >= 3:
                    s.partial, special = span - 1, True
                elif fam == "partial" and zh and span >= 2 and not any(x.vertical for x in row):
                    s.vertical, s.byline, s.kicker, s.subheadline = True, "column", False, False
                elif fam in ("pictures", "adverts") and span >= 2 and rng.random() < 0.5:
                    s.photo = True
                row.append(s)
            slots += row
            for z in row[1:]:
                self.rules.append(vrule(z.x0 - self.gutter / 2, bt, band_h, 0.5))
            self.rules.append(hrule(self.margin, bt - gap / 2, self.width - 2 * self.margin, 0.6))
        if side:
            sx = slots[0].x1 + self.gutter / 2 if left else lead.x1 + self.gutter / 2
            self.rules.append(vrule(sx, top, lead_bottom - top, 0.5))
        for s in slots:
            if s.cont is not None:
                s.byline, s.kicker, s.subheadline, s.photo = "none", False, False, False
                s.dropcap, s.partial, s.vertical = False, 0, False
        if ad_h:
            at = bottom - ad_h
            self.rules.append(hrule(self.margin, at - gap / 2, self.width - 2 * self.margin, 0.6))
            c = 0
            for span in self._partition(n):
                slots.append(self.slot(c, span, at, bottom, kind="advert"))
                c += span
        self.slots = slots
        for i, s in enumerate(slots):
            key = f"a{i + 1}"
            if s.kind == "briefs":
                self.articles += self.briefs(key, s)
            elif s.kind == "advert":
                self.articles.append(self.advert(key, s))
            elif s.kind == "picture":
                self.articles.append(self.picture(key, s))
            else:
                self.articles.append(self.news(key, s))

    # ---- source

    def source(self) -> str:
        centre = "\\centering" if self.zh else ""
        defs = (
            f"\\definecolor{{accent}}{{HTML}}{{{self.accent}}}"
            "\\definecolor{tintA}{HTML}{F1EDE3}\\definecolor{tintB}{HTML}{E8EEF5}\n"
            f"\\newcommand\\BF{{\\normalfont\\fontsize{{{bp(self.size)}}}{{{bp(self.pitch)}}}\\selectfont}}\n"
            f"\\def\\BODY{{\\BF\\parindent={'2em' if self.zh else '1em'}\\relax}}\n"
            f"\\def\\SHF{{\\AF\\bfseries{centre}}}\n"
        )
        head = preamble(self.width, self.height, self.fonts, self.zh, self.gutter, defs)
        body = "%\n".join(self.chrome + self.tex + self.rules)
        return f"{head}\\shipout\\vbox to {bp(self.height)}{{\\offinterlineskip\n{body}\n\\vss}}\n\\end{{document}}\n"


def paper_name(rng: random.Random, zh: bool) -> str:
    return rng.choice(PAPERS_ZH if zh else PAPERS_EN)
