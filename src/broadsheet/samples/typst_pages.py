"""A third producer of sample newspaper pages: typeset by Typst, with exact ground truth.

The reportlab generator places every glyph itself and Chromium lays out HTML/CSS; here Typst
(the ``typst`` package: the compiler as a Python extension, nothing downloaded at run time)
breaks the lines (Knuth-Plass, hyphenation, CJK punctuation rules), flows text through its own
columns and writes its own PDF (tagged, CID fonts, real space glyphs): a third kind of file for
the page analyser.

Ground truth comes from Typst itself, never from reading the PDF back:

- every word (in Chinese every character) of body text is followed by an invisible ``metadata``
  marker; one introspection query returns each marker's position, the end of the word on its
  baseline. A column's box runs from the first baseline minus the font's ascender to the last
  baseline plus its descender (Typst's ``top-edge: "ascender"``, ``bottom-edge: "descender"``),
  across the column;
- every other block (kicker, headline, subheadline, byline, photo, caption, jump line, drop cap,
  advert copy, brief) is wrapped in ``rec``, which records where it starts and its size as
  Typst's ``measure`` gives it (a centred headline: its widest line, centred);
- text flows through *regions*, boxes whose size Python or Typst fixes. The first pass fills a
  region with more words than fit; the markers tell which are shown inside it; the next pass
  gives it exactly those (a cut paragraph ends on a justified line) and the next region the rest,
  unindented. So a drop cap, a headline over only part of a story's columns, a photo across some
  of its columns and a jump to a later page are set by Typst's own flow. A complete article ends
  at a full stop. A page is final when a pass changes nothing: the truth is read from the layout
  that is written to the PDF.

    pages = generate_pages(seed=1, count=3, language="en")
    pages.pdf                      # the whole set as one PDF
    pages.pages[0].pdf             # a one-page PDF
    pages.pages[0].truth           # the page dict of docs/page-analysis.md

Text comes from the sample generator's own vocabulary (``stories.make_story``): never real
newspaper text. Fonts are the system ones under ``/usr/share/fonts`` (Noto CJK, WenQuanYi,
AR PL UMing, DejaVu, Liberation) and Typst's embedded Libertinus Serif. See docs/samples.md.
"""

from __future__ import annotations

import datetime
import json
import random
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import vocab_en, vocab_zh
from .images import photo_jpeg
from .stories import HeadlineLedger, Story, advert_copy, make_story, person_name, picture_title

FONT_DIRS = ("/usr/share/fonts",)
FAMILIES = ("ruled", "boxed", "partial", "adverts", "pictures")
MAX_PASSES = 16
MARK = 1_000_000  # marker id = chain number * MARK + token index

Box = tuple[float, float, float, float]


class TypstUnavailableError(RuntimeError):
    """The ``typst`` package, or a font a page asks for, is missing."""


@dataclass
class TypstPage:
    index: int  # 1-based page number in the set
    family: str  # the template family of the page
    pdf: bytes  # a one-page PDF
    truth: dict[str, Any]  # the page dict of the analysis contract
    source: str  # the page's Typst source
    passes: int  # layout passes until the page settled


@dataclass
class TypstSet:
    seed: int
    language: str
    pages: list[TypstPage]
    pdf: bytes  # every page in one PDF, compiled from one Typst document

    def truth(self) -> dict[str, Any]:
        return {"pages": [p.truth for p in self.pages]}


# --------------------------------------------------------------------------------------------
# Typst source


def _s(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _f(fonts: tuple[str, ...]) -> str:
    return "(" + ", ".join(_s(f) for f in fonts) + ",)"


def _pt(v: float) -> str:
    return f"{v:.2f}pt"


def _text(
    text: str,
    fonts: tuple[str, ...],
    size: float,
    weight: str = "regular",
    style: str = "normal",
    fill: str = "black",
) -> str:
    return (
        f'text(font: {_f(fonts)}, size: {_pt(size)}, weight: "{weight}", style: "{style}", '
        f"fill: {fill}, hyphenate: false, {_s(text)})"
    )


def _par(text: str, fonts: tuple[str, ...], size: float, weight: str = "regular", **kw: Any) -> str:
    lead = kw.pop("lead", 0.15)
    body = _text(text, fonts, size, weight, **kw)
    return f"par(justify: false, first-line-indent: 0pt, leading: {lead}em, {body})"


PREAMBLE = """#set page(width: {width}pt, height: {height}pt, margin: 0pt)
#set text(top-edge: "ascender", bottom-edge: "descender", {lang})
#set block(spacing: 0pt)
#let W(s, i) = [#s#metadata(i)<w>]
#let rec(key, body) = layout(size => {{
  let m = measure(body, width: size.width)
  [#metadata((key, m.width.pt(), m.height.pt(), size.width.pt()))<rec>]
  body
}})
#let reg(key, body) = layout(size => [#metadata((key, size.width.pt(), size.height.pt()))<reg>#body])
"""

PROBE = """#context {{
  let pos(e) = {{ let p = e.location().position(); (p.page, p.x.pt(), p.y.pt()) }}
  let sample = text(font: {fonts}, size: {size}pt, {sample})
  let asc = measure(text(bottom-edge: "baseline", sample)).height.pt()
  [#metadata((
    w: query(<w>).map(e => (e.value, ..pos(e))),
    rec: query(<rec>).map(e => (..e.value, ..pos(e))),
    reg: query(<reg>).map(e => (..e.value, ..pos(e))),
    asc: asc, desc: measure(sample).height.pt() - asc,
  ))<truth>]
}}
"""


@dataclass
class _Data:
    """One pass's introspection: markers, measured blocks, regions, body font metrics."""

    w: dict[int, tuple[int, float, float]]  # id -> page, x, baseline
    rec: dict[str, tuple[float, float, float, float, float]]  # key -> x, y, w, h, width given
    reg: dict[str, Box]
    asc: float
    desc: float

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> _Data:
        w = {int(v[0]): (int(v[1]), float(v[2]), float(v[3])) for v in raw["w"]}
        rec = {
            str(v[0]): (float(v[5]), float(v[6]), float(v[1]), float(v[2]), float(v[3]))
            for v in raw["rec"]
        }
        reg = {
            str(v[0]): (
                float(v[4]),
                float(v[5]),
                float(v[4]) + float(v[1]),
                float(v[5]) + float(v[2]),
            )
            for v in raw["reg"]
        }
        return cls(w, rec, reg, float(raw["asc"]), float(raw["desc"]))


# --------------------------------------------------------------------------------------------
# Style and words


@dataclass
class _Style:
    zh: bool
    body: tuple[str, ...]
    head: tuple[str, ...]
    aux: tuple[str, ...]  # kickers, bylines, captions
    subhead: tuple[str, ...]  # subheads in the body, bold
    head_weight: str
    size: float  # body size
    pitch: float  # baseline to baseline
    columns: int
    gutter: float
    indent: float  # em
    center: bool  # headlines centred
    accent: str
    section: str
    asc: float = 0.0  # body font, measured by Typst
    desc: float = 0.0

    @property
    def lang(self) -> str:
        return 'lang: "zh", region: "cn"' if self.zh else 'lang: "en"'

    @property
    def language(self) -> str:
        return "zh-hans" if self.zh else "en"

    @property
    def leading(self) -> float:
        """Typst's ``par.leading``: from one line's descender to the next one's ascender."""
        return max(0.5, self.pitch - self.asc - self.desc)


def _style(rng: random.Random, zh: bool, small: bool, section: str) -> _Style:
    if zh:
        body = rng.choice(
            [
                ("Noto Serif CJK SC",),
                ("AR PL UMing", "Noto Serif CJK SC"),
                ("WenQuanYi Micro Hei", "Noto Sans CJK SC"),
            ]
        )
        head, weight = rng.choice(
            [
                (("Noto Sans CJK SC",), "black"),
                (("WenQuanYi Zen Hei",), "regular"),
                (("Noto Serif CJK SC",), "bold"),
            ]
        )
        aux = rng.choice([("Noto Sans CJK SC",), ("WenQuanYi Micro Hei", "Noto Sans CJK SC")])
        subhead: tuple[str, ...] = rng.choice(
            [("Noto Sans CJK SC",), ("Noto Serif CJK SC",)]
        )  # both have a bold
        size = rng.choice([9.0, 9.5, 10.0])
        pitch = size * rng.uniform(1.45, 1.6)
        columns = 5 if small else rng.choice([6, 7])
        indent = 2.0
    else:
        body = rng.choice([("Liberation Serif",), ("DejaVu Serif",), ("Libertinus Serif",)])
        head, weight = rng.choice(
            [
                (("Liberation Sans",), "bold"),
                (("DejaVu Sans",), "bold"),
                (("Libertinus Serif",), "bold"),
                (("Liberation Serif",), "bold"),
            ]
        )
        aux = rng.choice([("Liberation Sans",), ("DejaVu Sans",)])
        subhead = rng.choice([aux, body])
        size = rng.choice([8.5, 9.0, 9.5]) if body[0] != "Libertinus Serif" else 10.0
        pitch = size * rng.uniform(1.18, 1.3)
        columns = 4 if small else rng.choice([5, 6])
        indent = rng.choice([1.0, 1.5])
    return _Style(
        zh=zh,
        body=body,
        head=head,
        aux=aux,
        subhead=subhead,
        head_weight=weight,
        size=size,
        pitch=round(pitch, 2),
        columns=columns,
        gutter=round(size * rng.uniform(1.2, 1.6), 1),
        indent=indent,
        center=rng.random() < 0.3,
        accent=rng.choice(['rgb("#8b1a1a")', 'rgb("#1d3f6e")', 'rgb("#2f5d34")', "black"]),
        section=section,
    )


@dataclass
class _Tok:
    text: str
    para: int
    sub: bool = False  # part of a subhead
    end: bool = False  # ends a sentence of a body paragraph


def _tokens(story: Story, zh: bool, chars: int, subheads: bool, first: int = 0) -> list[_Tok]:
    """Words (Chinese: characters) of about ``chars`` characters, in paragraphs from ``first``."""
    toks: list[_Tok] = []
    para, total, count = first, 0, 0
    while total < chars:
        sub = subheads and count >= 3 and count % 4 == 3 and not (toks and toks[-1].sub)
        p = story.next_subhead() if sub else story.next_paragraph()
        ends = set(p.sentence_ends)
        if zh:
            for i, ch in enumerate(p.text):
                if not ch.isspace():
                    toks.append(_Tok(ch, para, sub, not sub and (i + 1) in ends))
        else:
            pos = 0
            for word in p.text.split(" "):
                pos += len(word)
                if word:
                    toks.append(_Tok(word, para, sub, not sub and pos in ends))
                pos += 1
        para += 1
        total += len(p.text)
        count += not sub
    return toks


_FOREIGN = {
    "di": (
        ["Elena", "Marco", "Giulia", "Luca", "Chiara"],
        ["Dusi", "Rossi", "Bianchi", "Conti"],
        "e",
    ),
    "par": (
        ["Jean", "Claire", "Luc", "Sophie", "Marie"],
        ["Dupont", "Moreau", "Girard", "Roux"],
        "et",
    ),
    "von": (
        ["Anna", "Max", "Jonas", "Lena", "Paul"],
        ["Schmidt", "Weber", "Wagner", "Becker"],
        "und",
    ),
}


def _byline(rng: random.Random, story: Story, zh: bool) -> str:
    """English pages carry agency and foreign bylines too: By, di, par, von."""
    if zh:
        return story.byline  # 本报记者 …, 通讯员 …, 新华社…电（记者 …）
    particle = rng.choice(["By", "By", "By", "di", "par", "von"])
    if particle == "By":
        a = b = person_name(rng, False)
        while b == a:
            b = person_name(rng, False)
        return rng.choice([f"By {a}", f"By {a} and {b}", f"By {a}, Staff Writer"])
    firsts, lasts, conj = _FOREIGN[particle]
    one, two = rng.sample(firsts, 2), rng.sample(lasts, 2)
    if rng.random() < 0.4:
        return f"{particle} {one[0]} {two[0]} {conj} {one[1]} {two[1]}"
    return f"{particle} {one[0]} {two[0]}"


def _jump_text(zh: bool, page: int, to: bool, rng: random.Random) -> str:
    if zh:
        word = "下转" if to else "上接"
        return rng.choice([f"（{word}第{page}版）", f"{word}第{page}版"])
    word = "on" if to else "from"
    return rng.choice([f"Continued {word} page {page}", f"Continued {word} Page {page}"])


SIDEBAR_TITLES_EN = ["Key facts", "What happens next", "In numbers", "Background", "How to help"]
SIDEBAR_TITLES_ZH = ["相关链接", "背景", "数说", "延伸阅读", "小贴士"]
DISPLAY_ADS_EN = ["SALE", "Grand Opening", "Now Hiring", "50% OFF"]
DISPLAY_ADS_ZH = ["大促销", "盛大开业", "招聘", "五折"]
PAPERS_EN = ["The Millbrook Gazette", "Riverside Evening Star", "The Eastfield Herald"]
PAPERS_ZH = ["江城都市报", "星河晚报", "滨江日报"]
PAGE_SIZES = [(842.0, 1191.0), (792.0, 1224.0), (900.0, 1300.0)]
SMALL_SIZE = (595.0, 842.0)


# --------------------------------------------------------------------------------------------
# Regions and chains: text flowing through boxes


@dataclass
class _Region:
    key: str
    cols: int
    gutter: float
    lead_in: list[str] = field(default_factory=list)  # rec calls set at the top, in the flow
    min_lines: float = 2.5  # a region smaller than this means the heading left no room
    start: int = 0
    end: int = 0
    state: str = "idle"  # idle (empty), open (everything from start), fixed ([start, end))


@dataclass
class _Chain:
    """One article's body: tokens flowing through regions in reading order."""

    number: int
    toks: list[_Tok]
    style: _Style
    complete: bool = True  # ends at a full stop; otherwise (a jump) at the last word that fits
    continued: bool = False  # the first paragraph carries on from another page
    first_mid: bool = False  # ... and starts in the middle of a paragraph
    dropcap: bool = False
    regions: list[_Region] = field(default_factory=list)

    def reset(self, regions: list[_Region], dropcap: bool) -> None:
        self.regions, self.dropcap = regions, dropcap
        if regions:
            regions[0].state = "open"

    def mid(self, i: int) -> bool:
        """Token ``i`` carries on the paragraph of the token before it."""
        if i == 0:
            return self.first_mid
        return i < len(self.toks) and self.toks[i - 1].para == self.toks[i].para

    def span(self, r: _Region) -> tuple[int, int]:
        if r.state == "idle":
            return r.start, r.start
        return r.start, (len(self.toks) if r.state == "open" else r.end)

    def word(self, i: int) -> str:
        """Token ``i`` as set (a drop cap's letter is set on its own)."""
        text = self.toks[i].text
        return text[1:] if i == 0 and self.dropcap else text

    def region_call(self, r: _Region) -> str:
        st = self.style
        lead = _pt(st.leading)
        out = [
            f"#set text(font: {_f(st.body)}, size: {_pt(st.size)})",
            f"#set par(justify: true, leading: {lead}, spacing: {lead}, "
            f"first-line-indent: (amount: {st.indent}em, all: true))",
            f"#set block(spacing: {lead})",
        ]
        out += ["#" + call for call in r.lead_in]
        s, e = self.span(r)
        sep = "" if st.zh else " "
        i = s
        while i < e:
            j = i
            while j < e and self.toks[j].para == self.toks[i].para:
                j += 1
            body = sep.join(
                f"#W({_s(self.word(k))}, {self.number * MARK + k})" for k in range(i, j)
            )
            if j == e and self.mid(e):  # cut inside a paragraph: a full, justified last line
                body += "#linebreak(justify: true)"
            tok = self.toks[i]
            if tok.sub:  # bold, centred in Chinese; kept with the paragraph after it
                words = f'text(font: {_f(st.subhead)}, weight: "bold")[{body}]'
                par = f"par(first-line-indent: 0pt, justify: false, {words})"
                where = "center" if st.zh else "left"
                out.append(f"#block(width: 100%, sticky: true, align({where}, {par}))")
            else:
                first_para = tok.para == self.toks[0].para and not self.continued
                flat = self.mid(i) or (first_para and not st.zh)
                indent = "first-line-indent: 0pt, " if flat else ""
                out.append(f"#par({indent}justify: true)[{body}]")
            i = j
        inner = "\n".join(out)
        if r.cols > 1:
            inner = f"#columns({r.cols}, gutter: {_pt(r.gutter)})[\n{inner}\n]"
        return f"reg({_s(r.key)})[\n{inner}\n]"

    # ---- passes

    def shown(self, r: _Region, data: _Data) -> int:
        """Index just past the last token of ``r``, from its start, set inside its box."""
        s, e = self.span(r)
        box = data.reg.get(r.key)
        if box is None:
            return s
        x0, y0, x1, y1 = box
        step = (x1 - x0 + r.gutter) / r.cols
        i, last = s, (-1, -1.0)
        while i < e:
            m = data.w.get(self.number * MARK + i)
            if m is None or m[0] != 1:
                break
            _, x, y = m
            col = int((x - x0 - 0.01) // step)
            # Words that do not fit run below the box, or (in a ``layout``) are set over the
            # last column again: either way they leave reading order (column, then baseline).
            if y + data.desc > y1 + 0.3 or y < y0 or col >= r.cols or x > x1 + 1.5:
                break
            if (col, y) < (last[0], last[1] - 0.5):
                break
            last = (col, y)
            i += 1
        return i

    def _cut(self, idx: int, r: _Region, last: bool) -> int:
        if not last or not self.complete:
            return idx
        j = idx
        while j > r.start and not self.toks[j - 1].end:
            j -= 1
        return j if j > r.start else idx

    def advance(self, data: _Data) -> bool:
        """Fix the first open region, or cut again one whose words no longer fit."""
        for n, r in enumerate(self.regions):
            if r.state == "idle":
                return False
            shown = self.shown(r, data)
            if r.state == "open" or shown < r.end:
                self._fix(n, self._cut(shown, r, n == len(self.regions) - 1))
                return True
        return False

    def _fix(self, n: int, end: int) -> None:
        r = self.regions[n]
        r.end, r.state = max(end, r.start), "fixed"
        for later in self.regions[n + 1 :]:
            later.state = "idle"
        if n + 1 < len(self.regions):
            nxt = self.regions[n + 1]
            nxt.start, nxt.state = r.end, "open"

    @property
    def drawn(self) -> int:
        return max((self.span(r)[1] for r in self.regions), default=0)


# --------------------------------------------------------------------------------------------
# Page plan and articles


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


class _Page:
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

    # ---- articles

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
            ph = min(w * rng.uniform(0.42, 0.58), (y1 - y0) * 0.4)
            above = photo_stack(w, ph) + f"\n#v({_pt(st.size)})"
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

    # ---- truth

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
            regions.insert(0, _union(heading))
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
                        rect = _union([rect, *lead_ins])
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
        return {
            "id": "",
            "kind": art.kind,
            "kicker": art.kicker,
            "headline": art.headline,
            "subheadline": art.subheadline,
            "byline": art.byline,
            "text": text,
            "regions": [_round(r) for r in _merge(regions)],
            "blocks": blocks,
            "continued_to": {"page": art.continued_to} if art.continued_to else None,
            "continued_from": {"page": art.continued_from} if art.continued_from else None,
        }

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


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _round(b: Box) -> list[float]:
    return [round(v, 1) for v in b]


def _merge(boxes: list[Box]) -> list[Box]:
    """Join side-by-side boxes with the same top and bottom (full columns) into one."""
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: (round(b[1], 1), round(b[3], 1), b[0])):
        if out:
            a = out[-1]
            if abs(a[1] - b[1]) < 0.5 and abs(a[3] - b[3]) < 0.5 and 0 <= b[0] - a[2] < 30:
                out[-1] = (a[0], a[1], max(a[2], b[2]), a[3])
                continue
        out.append(b)
    return out


# --------------------------------------------------------------------------------------------
# Driver


class _Typst:
    """One Typst compiler over a scratch folder holding the page sources and their images."""

    def __init__(self, root: Path) -> None:
        try:
            import typst
        except ImportError as exc:  # pragma: no cover - the test extras install it
            raise TypstUnavailableError("pip install typst (see docs/dependencies.md)") from exc
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.count = 0
        first = self._write("")
        fonts = [d for d in FONT_DIRS if Path(d).is_dir()]
        self.compiler = typst.Compiler(
            str(first), root=str(root), font_paths=fonts, ignore_system_fonts=True
        )
        self._metrics: dict[tuple[tuple[str, ...], float, bool], tuple[float, float]] = {}

    def _write(self, source: str) -> Path:
        # A new file every time: the compiler's file cache does not notice a quick rewrite.
        self.count += 1
        path = self.root / f"page-{self.count:03d}.typ"
        path.write_text(source, "utf-8")
        return path

    def run(
        self, source: str, images: dict[str, bytes], probe: bool = True
    ) -> tuple[bytes, _Data | None]:
        """The PDF of ``source`` and, when it holds the probe, what the probe found."""
        for name, image in images.items():
            path = self.root / name
            if not path.exists():
                path.write_bytes(image)
        main = self._write(source)
        data: _Data | None = None
        try:
            pdf, warnings = self.compiler.compile_with_warnings(input=str(main), timestamp=0)
            for warning in warnings:
                if "font" in str(warning):
                    raise TypstUnavailableError(f"Typst: {warning} (scripts/install-system.sh)")
            if probe:
                raw = self.compiler.query("<truth>", field="value", one=True)
                data = _Data.parse(json.loads(raw))
        finally:
            main.unlink()
        assert isinstance(pdf, bytes)
        return pdf, data

    def metrics(self, st: _Style) -> tuple[float, float]:
        """Ascender and descender of a page's body face at its size, as Typst sets them."""
        key = (st.body, st.size, st.zh)
        if key not in self._metrics:
            head = PREAMBLE.format(width=100, height=100, lang=st.lang)
            sample = '"字"' if st.zh else '"Hg"'
            _, data = self.run(
                head + PROBE.format(fonts=_f(st.body), size=st.size, sample=sample), {}
            )
            assert data is not None
            self._metrics[key] = (data.asc, data.desc)
        return self._metrics[key]


def generate_pages(
    seed: int,
    count: int = 1,
    language: str = "en",
    families: Sequence[str] | None = None,
    *,
    small: bool = False,
    workdir: Path | None = None,
) -> TypstSet:
    """Typeset ``count`` pages; the same arguments always give the same pages and truth.

    ``families`` names the template family of each page in turn (cycled); by default the seed
    deals them out, a set of up to five pages never repeating one. ``small`` sets A4 pages with
    fewer columns (quick, for tests). ``workdir`` keeps the Typst sources and images there
    (to look at a page again with the ``typst`` command line); by default a scratch folder.
    """
    if count < 1:
        raise ValueError("a set has at least one page")
    zh = language.startswith("zh")
    master = random.Random(f"typst-{seed}-{language}")
    order = list(families) if families else master.sample(FAMILIES, len(FAMILIES))
    unknown = [f for f in order if f not in FAMILIES]
    if unknown:
        raise ValueError(f"unknown template families {unknown}; known: {FAMILIES}")
    date = datetime.date(2024, 1, 1) + datetime.timedelta(days=master.randint(0, 700))
    paper = master.choice(PAPERS_ZH if zh else PAPERS_EN)
    size = SMALL_SIZE if small else master.choice(PAGE_SIZES)
    pending: dict[int, list[_Continuation]] = {}
    ledger = HeadlineLedger()
    pages: list[TypstPage] = []
    bodies: list[str] = []
    images: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="broadsheet-typst-") as tmp:
        ty = _Typst(Path(workdir or tmp))
        for index in range(1, count + 1):
            family = order[(index - 1) % len(order)]
            page = _Page(
                random.Random(master.getrandbits(64)),
                index,
                count,
                zh,
                family,
                small,
                date,
                paper,
                size,
                pending.pop(index, []),
                ty.metrics,
                ledger,
            )
            for passes in range(1, MAX_PASSES + 1):  # noqa: B007 - reported below
                source = page.source()
                pdf, got = ty.run(source, page.images)
                assert got is not None
                data = got
                if not page.advance(data):
                    break
            else:
                raise RuntimeError(f"page {index} of seed {seed} did not settle")
            for to, cont in page.carry():
                pending.setdefault(to, []).append(cont)
            pages.append(TypstPage(index, family, pdf, page.truth(data), source, passes))
            bodies.append("\n".join(page.body()))
            images.update(page.images)
        head = PREAMBLE.format(width=size[0], height=size[1], lang=_lang(zh))
        whole, _ = ty.run(head + "\n#pagebreak()\n".join(bodies) + "\n", images, probe=False)
    return TypstSet(seed, language, pages, whole)


def _lang(zh: bool) -> str:
    return 'lang: "zh", region: "cn"' if zh else 'lang: "en"'


def draw_truth(pdf: bytes, truth: dict[str, Any], scale: float = 1.0) -> Any:
    """The page rendered with its truth drawn on it (regions red, blocks blue): a PIL image."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for art in truth["articles"]:
        for b in art["blocks"]:
            draw.rectangle([v * scale for v in b["bbox"]], outline=(40, 90, 255), width=1)
        for r in art["regions"]:
            draw.rectangle([v * scale for v in r], outline=(230, 0, 0), width=2)
        x, y = art["regions"][0][0] * scale, art["regions"][0][1] * scale
        draw.text((x + 2, y + 2), f"{art['id']} {art['kind']}", fill=(230, 0, 0))
    return image
