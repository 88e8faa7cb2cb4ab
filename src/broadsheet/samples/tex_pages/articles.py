"""Slots and the articles set in them, as TeX: news (columns flowed by ``\\vsplit`` or balanced
by ``multicols``, headlines over part of a story, vertical headlines, photos, drop caps, jumps),
framed stories and sidebars (``mdframed``), briefs, pictures and adverts."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from .. import vocab_en, vocab_zh
from ..bylines import jump_text
from ..images import photo_jpeg
from ..stories import HeadlineLedger, Story, advert_copy, make_story, picture_title
from .markup import bp, esc, font, place, tb, vrule
from .words import (
    DISPLAY_ADS_EN,
    DISPLAY_ADS_ZH,
    SIDEBAR_TITLES_EN,
    SIDEBAR_TITLES_ZH,
    _Tok,
    byline,
    glue,
    renumber,
    tokens,
)

MARK = 100_000  # marker ids: article number × MARK + token index


@dataclass
class _Slot:
    x0: float
    top: float
    x1: float
    bottom: float
    cols: int
    kind: str = "news"  # news, boxed, sidebar, briefs, advert, picture
    mode: str = "flow"  # flow (\vsplit columns) or mc (balanced multicols)
    lead: bool = False
    partial: int = 0  # the headline covers only this many columns (0: all)
    vertical: bool = False  # a vertical headline at the story's right (Chinese)
    photo: bool = False
    dropcap: bool = False
    byline: str = "top"  # top, column, none
    kicker: bool = False
    subheadline: bool = False
    jump_to: int = 0
    cont: _Continuation | None = None
    rules: bool = False  # rules between the story's own columns


@dataclass
class _Continuation:
    story: Story
    headline: str
    toks: list[_Tok]
    from_page: int


@dataclass
class _Body:
    number: int
    toks: list[_Tok]
    cols: list[str] = field(default_factory=list)  # keys of its column records (flow)
    mc: str = ""  # key of its multicols box, and its column count
    mc_cols: int = 1
    mc_pad: float = 0.0  # the frame's inset around a framed story's columns
    cw: float = 0.0  # the width of a flowed column


@dataclass
class _Article:
    key: str
    kind: str
    recs: list[tuple[str, str, str]] = field(default_factory=list)  # key, role, text
    body: _Body | None = None
    frame: str = ""  # the key of the box that is the article's zone (framed stories, adverts)
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    text: str = ""
    continued_to: int = 0
    continued_from: int = 0
    story: Story | None = None
    dropcap: bool = False
    jump_cut: int = 0  # tokens handed to a later page start here (filled from the run)


class _Setter:
    """Writes each slot's article as TeX; the page (page.py) holds the style and geometry."""

    rng: random.Random
    zh: bool
    index: int
    date: datetime.date
    ledger: HeadlineLedger
    size: float  # body size
    pitch: float
    gutter: float
    center: bool
    language: str
    section: str
    images: dict[str, bytes]
    articles: list[_Article]
    tex: list[str]

    def _story(self, **kw: object) -> Story:
        return make_story(
            self.rng,
            self.language,
            self.section,
            self.date,
            ledger=self.ledger,
            **kw,  # type: ignore[arg-type]
        )

    def _image(self, name: str, w: float, h: float) -> str:
        path = f"p{self.index}-{name}.jpg"
        self.images[path] = photo_jpeg(self.rng.getrandbits(32), int(w), int(h))
        return path

    def _rec(self, art: _Article, role: str, text: str, suffix: str = "") -> str:
        key = f"{art.key}/{role}{suffix}"
        art.recs.append((key, role, text))
        return key

    def _capacity(self, w: float, h: float) -> int:
        per_line = w / (self.size * (1.0 if self.zh else 0.46))
        return int(per_line * h / self.pitch * 1.3) + 120

    # ---- the body text

    def body_tex(self, body: _Body, dropcap: int = 0, first_indent: bool = True) -> str:
        """The galley: each sentence in ``\\U`` (set only below the fitted count), markers after
        every word (Chinese: every character), paragraphs, subheads, a drop cap."""
        out: list[str] = []
        para, unit, prev = -1, -1, ""
        parts: list[str] = []
        for i, t in enumerate(body.toks):
            word = esc(t.text)
            if i == 0 and dropcap:
                word = f"\\lettrine[lines={dropcap},findent=2bp,nindent=0pt]{{\\DC{{{word[0]}}}}}{{{word[1:]}}}"
            word += f"\\MK{{{body.number * MARK + i}}}"
            if t.unit != unit:
                if parts:
                    out.append(f"\\U{{{unit}}}{{{''.join(parts)}}}")
                parts, unit = [], t.unit
                if t.para != para:
                    start = "" if i == 0 else "\\par "
                    if t.sub:
                        start = "\\par\\SH{"
                    elif i == 0 and not first_indent:
                        start = "\\noindent "
                    parts.append(start)
                    para, prev = t.para, ""
            if prev:
                parts.append(glue(prev, t.text) if self.zh else " ")
            parts.append(word)
            prev = t.text
            if t.sub and (
                i + 1 == len(body.toks)
                or not body.toks[i + 1].sub
                or body.toks[i + 1].para != t.para
            ):
                parts.append("}")
        if parts:
            out.append(f"\\U{{{unit}}}{{{''.join(parts)}}}")
        return "%\n".join(out)

    # ---- news

    def news(self, key: str, s: _Slot) -> _Article:  # noqa: C901 - a story has many parts
        rng, zh = self.rng, self.zh
        art = _Article(key, "news")
        w, h = s.x1 - s.x0, s.bottom - s.top
        boxed = s.kind in ("boxed", "sidebar")
        number = len(self.articles) + 1
        if s.cont is not None:
            story = s.cont.story
            art.headline, art.continued_from = s.cont.headline, s.cont.from_page
            last = s.cont.toks[-1] if s.cont.toks else None
            more = tokens(
                story,
                zh,
                self._capacity(w, h),
                False,
                (last.para + 1) if last else 0,
                (last.unit + 1) if last else 0,
            )
            toks = renumber(s.cont.toks + more)
        else:
            story = self._story(kicker=s.kicker, subheadline=s.subheadline, byline=True)
            if s.kind == "sidebar":
                art.headline = rng.choice(SIDEBAR_TITLES_ZH if zh else SIDEBAR_TITLES_EN)
            else:
                art.headline = story.headline
                art.kicker = story.kicker if s.kicker else ""
                art.subheadline = story.subheadline if s.subheadline else ""
                if s.byline != "none":
                    art.byline = byline(rng, story, zh)
            toks = tokens(story, zh, self._capacity(w, h), s.cols >= 3 and s.kind == "news")
        art.story, art.continued_to = story, s.jump_to
        first = toks[0].text if toks else ""
        if s.dropcap and not (first[:2].isalpha() and first[:2].isascii()):
            s.dropcap = False
        body = art.body = _Body(number, toks)
        g, n = self.gutter, s.cols
        pad = 6.0 if boxed else 0.0
        inner = w - 2 * pad - (1.6 if boxed else 0.0)
        cw = (inner - (n - 1) * g) / n
        head_cols = s.partial if 0 < s.partial < n else n
        head_w = head_cols * (cw + g) - g
        if s.vertical:
            head_w = w
        # the heading stack
        if s.kind == "sidebar":
            hsize = self.size
        elif s.cont is not None:
            hsize = self.size * 1.9
        elif s.lead:
            hsize = self.size * rng.uniform(3.0, 4.0)
        else:
            hsize = self.size * (1.5 + 0.3 * min(head_cols, 4)) * rng.uniform(0.9, 1.1)
        al = "c" if self.center and s.kind == "news" and not s.dropcap else "l"
        hw = r"\linewidth" if boxed else bp(head_w)
        stack: list[str] = []
        if art.kicker:
            colour = "accent" if rng.random() < 0.5 else "black"
            stack.append(
                tb(
                    self._rec(art, "kicker", art.kicker),
                    al,
                    hw,
                    font(r"\AF", max(self.size * 1.15, hsize * 0.36), bold=True),
                    art.kicker,
                    colour,
                )
            )
            stack.append(r"\kern3bp")
        weight = s.kind == "sidebar" or rng.random() < 0.7
        if not s.vertical:
            hf = font(r"\AF" if s.kind == "sidebar" else r"\HF", hsize, 1.12, bold=weight)
            stack.append(tb(self._rec(art, "headline", art.headline), al, hw, hf, art.headline))
            stack.append(f"\\kern{bp(max(3.0, hsize * 0.2))}")
        if art.subheadline:
            sf = font(r"\HF" if zh else r"\BF", max(self.size * 1.25, hsize * 0.42), italic=not zh)
            stack.append(
                tb(self._rec(art, "subheadline", art.subheadline), al, hw, sf, art.subheadline)
            )
            stack.append(f"\\kern{bp(self.size * 0.6)}")
        bf = font(r"\AF", self.size * 0.95, bold=True)
        if art.byline and s.byline == "top":
            stack.append(
                tb(
                    self._rec(art, "byline", art.byline),
                    "l" if s.dropcap else al,
                    hw,
                    bf,
                    art.byline,
                )
            )
            stack.append(f"\\kern{bp(self.size * 0.6)}")
        lead_in: list[str] = []
        if art.continued_from:
            jt = jump_text(zh, art.continued_from, False, rng)
            lead_in.append(
                tb(self._rec(art, "jump", jt, "0"), "l", cw, font(r"\AF", self.size, bold=True), jt)
            )
        if art.byline and s.byline == "column":
            lead_in.append(tb(self._rec(art, "byline", art.byline), "l", cw, bf, art.byline))
        units = (toks[-1].unit + 1) if toks and not s.jump_to else 0
        dropcap = (3 if s.lead and rng.random() < 0.5 else 2) if s.dropcap and s.cont is None else 0
        art.dropcap = bool(dropcap)
        galley = self.body_tex(body, dropcap, first_indent=zh and s.cont is None)
        out: list[str] = []
        if s.mode == "mc" or boxed:
            body.mc, body.mc_cols, body.mc_pad = f"{key}/mc", n, pad + (0.8 if boxed else 0.0)
            art.recs.append((body.mc, "", ""))
            rule = f"\\setlength\\columnseprule{{{bp(0.4 if s.rules else 0)}}}"
            cols = (
                f"\\begin{{multicols}}{{{n}}}\\BODY{galley}\\end{{multicols}}"
                if n > 1
                else f"\\BODY{galley}\\par"
            )
            mc = f"\\setbox\\tb\\vbox{{\\hsize=\\linewidth{rule}{cols}}}\\recv{{{body.mc}}}{{l}}"
            lead = "".join(x + r"\kern2bp" for x in lead_in)
            if boxed:
                art.frame = self._rec(art, "frame", "")
                tint = rng.choice(
                    ["tintA", "tintB", "white"] if s.kind == "sidebar" else ["tintA", "white"]
                )
                opts = (
                    f"backgroundcolor={tint},linewidth={bp(rng.choice([0.6, 0.8, 1.2]))},"
                    f"innerleftmargin={bp(pad)},innerrightmargin={bp(pad)},innertopmargin={bp(pad)},"
                    f"innerbottommargin={bp(pad)},skipabove=0pt,skipbelow=0pt"
                )
                content = (
                    f"\\hsize={bp(w)}\\linewidth=\\hsize\\begin{{mdframed}}[{opts}]"
                    f"{''.join(stack)}{lead}{mc}\\end{{mdframed}}"
                )
                fit = f"\\FIT{{{content}}}{{{bp(h)}}}{{{max(units, 1)}}}"
                out += [
                    fit,
                    r"\setbox\tb\box\mcb",
                    place(s.x0, s.top, f"\\recv{{{art.frame}}}{{l}}"),
                ]
            else:
                content = f"\\hsize={bp(w)}\\linewidth=\\hsize{lead}{mc}"
                out.append(
                    f"\\setbox\\hd\\vbox{{\\hsize={bp(w)}\\linewidth=\\hsize{''.join(stack)}}}"
                )
                out.append(r"\hh=\dimexpr\ht\hd+\dp\hd\relax")
                out.append(place(s.x0, s.top, r"\box\hd"))
                out.append(f"\\FIT{{{content}}}{{\\dimexpr{bp(h)}-\\hh\\relax}}{{{max(units, 1)}}}")
                out.append(place(bp(s.x0), f"\\dimexpr{bp(s.top)}+\\hh\\relax", r"\box\mcb"))
            self.tex.append("%\n".join(out))
            return art
        # flowed columns: the heading over its columns, a photo, the lead-in, then the galley
        if s.vertical:
            vk = self._rec(art, "headline", art.headline)
            chars = "".join("{" + esc(c) + "}" for c in art.headline if not c.isspace())
            hsize = min(hsize, h * 0.9 / max(1, len(chars) // 3) / 0.8)
            vf = font(r"\HF", hsize * 0.8, 1.0, bold=True)
            out.append(f"\\setbox\\tb\\hbox{{\\VH{{{vk}}}{{{vf}}}{{black}}{{{chars}}}}}")
            out.append(r"\dimen0=\wd\tb")
            out.append(place(f"\\dimexpr{bp(s.x1)}-\\dimen0\\relax", bp(s.top), r"\box\tb"))
            cw = (inner - hsize * 0.8 - 1.5 * g - (n - 1) * g) / n
        out.append(f"\\setbox\\hd\\vbox{{\\hsize={bp(head_w)}\\linewidth=\\hsize{''.join(stack)}}}")
        out.append(r"\hh=\dimexpr\ht\hd+\dp\hd\relax")
        out.append(place(s.x0, s.top, r"\box\hd"))
        photo_cols = 0
        out.append(r"\ph=0pt")
        if s.photo and head_cols >= 2:
            photo_cols = max(1, head_cols - rng.choice([0, 1]))
            pw = photo_cols * (cw + g) - g
            ph = min(pw * rng.uniform(0.5, 0.7), h * 0.4)
            path = self._image(f"{key}-photo", pw, ph)
            cap = story.caption
            cf = font(r"\AF", self.size * 0.85, 1.2)
            pstack = (
                f"\\IMG{{{self._rec(art, 'photo', '')}}}{{{path}}}{{{bp(pw)}}}{{{bp(ph)}}}\\kern3bp"
                + tb(self._rec(art, "caption", cap), "l", pw, cf, cap)
            )
            out.append(
                f"\\setbox\\mcb\\vbox{{\\hsize={bp(pw)}{pstack}}}\\ph=\\dimexpr\\ht\\mcb+\\dp\\mcb+{bp(self.pitch)}\\relax"
            )
            out.append(place(bp(s.x0), f"\\dimexpr{bp(s.top)}+\\hh\\relax", r"\box\mcb"))
        if lead_in:
            out.append(
                f"\\setbox\\cb\\vbox{{\\hsize={bp(cw)}{''.join(x + chr(92) + 'kern3bp' for x in lead_in)}}}\\dimen2=\\dimexpr\\ht\\cb+\\dp\\cb\\relax"
            )
            out.append(place(bp(s.x0), f"\\dimexpr{bp(s.top)}+\\hh+\\ph\\relax", r"\box\cb"))
        else:
            out.append(r"\dimen2=0pt")
        calls: list[str] = []
        jump = ""
        for c in range(n):
            cx = s.x0 + pad + c * (cw + g)
            top = f"{bp(s.top)}+\\hh" if c < head_cols else bp(s.top)
            if c < photo_cols:
                top += "+\\ph"
            if c == 0:
                top += "+\\dimen2"
            bottom = s.bottom
            if c == n - 1 and art.continued_to:
                jt = jump_text(zh, art.continued_to, True, rng)
                bottom -= self.pitch * 1.5
                jump = place(
                    cx,
                    bottom + self.pitch * 0.3,
                    tb(
                        self._rec(art, "jump", jt, "1"),
                        "r",
                        cw,
                        font(r"\AF", self.size, bold=True),
                        jt,
                    ),
                )
            ck = f"{key}/c"
            calls.append(
                f"\\COL{{{ck}}}{{{bp(cx)}}}{{\\dimexpr{top}\\relax}}{{\\dimexpr{bp(bottom)}-({top})\\relax}}"
            )
            if c and s.rules:
                self.rules.append(
                    vrule(cx - g / 2, s.top if c >= head_cols else s.top + 0.0, h, 0.4)
                )
        body.cols, body.cw = [f"{key}/c"], cw
        setup = f"\\GAL{{{bp(cw)}}}{{{bp(self.size)}}}"
        out.append(f"\\FLOW{{{setup}{galley}}}{{{''.join(calls)}}}{{{units}}}")
        if jump:
            out.append(jump)
        self.tex.append("%\n".join(out))
        return art

    rules: list[str]

    # ---- pictures, adverts, briefs

    def picture(self, key: str, s: _Slot) -> _Article:
        art = _Article(key, "picture")
        w, h = s.x1 - s.x0, s.bottom - s.top
        story = self._story(byline=False)
        art.headline = picture_title(self.rng, self.language)
        cap = story.caption
        path = self._image(f"{key}-photo", w, h * 0.6)
        title = tb(
            self._rec(art, "headline", art.headline),
            "l",
            w,
            font(r"\HF", self.size * self.rng.uniform(1.8, 2.3), bold=True),
            art.headline,
        )
        image = f"\\IMG{{{self._rec(art, 'photo', '')}}}{{{path}}}{{{bp(w)}}}{{{bp(h * 0.6)}}}"
        caption = tb(
            self._rec(art, "caption", cap), "l", w, font(r"\AF", self.size * 0.85, 1.2), cap
        )
        self.tex.append(
            place(
                s.x0, s.top, f"\\vbox{{\\hsize={bp(w)}{title}\\kern4bp{image}\\kern3bp{caption}}}"
            )
        )
        return art

    def advert(self, key: str, s: _Slot) -> _Article:
        rng = self.rng
        art = _Article(key, "advert")
        w, h = s.x1 - s.x0, s.bottom - s.top
        art.frame = self._rec(art, "frame", "")
        rule = rng.choice([1.0, 1.5, 2.0])
        variant = rng.choice(["image", "image", "display", "copy"])
        if variant == "image":  # a picture in a frame, not a word
            path = self._image(f"{key}-ad", w - 8, h - 8)
            inner = f"\\kern4bp\\IMG{{{self._rec(art, 'photo', '')}}}{{{path}}}{{{bp(w - 8 - 2 * rule)}}}{{{bp(h - 8 - 2 * rule)}}}"
            tint = "white"
        else:
            title, copy = advert_copy(rng, self.language, self.date)
            if variant == "display":
                title, copy = rng.choice(DISPLAY_ADS_ZH if self.zh else DISPLAY_ADS_EN), ""
            art.headline, art.text = title, copy
            hs = min(self.size * 3.4, h * 0.3)
            inner = "\\vss" + tb(
                self._rec(art, "headline", title),
                "c",
                w - 24,
                font(r"\HF", hs, 1.1, bold=True),
                title,
                "accent",
            )
            if copy:
                inner += "\\kern8bp" + tb(
                    self._rec(art, "body", copy),
                    "c",
                    w - 24,
                    font(r"\AF", max(self.size * 1.2, 10.0), 1.3),
                    copy,
                )
            inner = f"\\moveright12bp\\vbox{{{inner}}}"
            tint = rng.choice(["tintA", "tintB", "white"])
        box = (
            f"\\setbox\\tb\\hbox{{\\fboxsep=0pt\\fboxrule={bp(rule)}\\fcolorbox{{black}}{{{tint}}}"
            f"{{\\vbox to {bp(h - 2 * rule)}{{\\hsize={bp(w - 2 * rule)}{inner}\\vss}}}}}}"
        )
        self.tex.append(box + place(s.x0, s.top, f"\\recv{{{art.frame}}}{{l}}"))
        return art

    def briefs(self, key: str, s: _Slot) -> list[_Article]:
        """A column of short items under a label bar: each item an article of kind ``brief``."""
        rng, zh = self.rng, self.zh
        w = s.x1 - s.x0
        label = rng.choice(vocab_zh.BRIEF_TITLES if zh else vocab_en.BRIEF_TITLES)
        bar = self.size * 2.0
        lab = f"\\colorbox{{accent}}{{\\makebox[{bp(w - 6)}]{{\\color{{white}}{font(chr(92) + 'HF', self.size * 1.2, bold=True)} {esc(label)}}}}}"
        self.tex.append(
            place(s.x0, s.top, f"\\vbox to {bp(bar)}{{\\hsize={bp(w)}\\vss\\hbox{{{lab}}}\\vss}}")
        )
        y = s.top + bar + 8
        per_line = w / (self.size * (1.0 if zh else 0.47))
        out: list[_Article] = []
        while True:
            story = self._story(byline=False)
            p = story.next_paragraph(sentences=rng.choice((2, 3)))
            lines = len(p.text) / per_line + 1.5 + len(story.headline) * 1.15 / per_line + 1.5
            need = lines * self.pitch * 1.25 + 10
            if y + need > s.bottom:
                break
            art = _Article(f"{key}b{len(out) + 1}", "brief", headline=story.headline, text=p.text)
            if out:
                self.tex.append(place(s.x0, y - 5, f"\\vrule width {bp(w)} height 0.4bp depth 0pt"))
            head = tb(
                self._rec(art, "headline", art.headline),
                "l",
                w,
                font(r"\AF", self.size * 1.15, bold=True),
                art.headline,
            )
            indent = r"\parindent=2em " if zh else ""
            text = tb(
                self._rec(art, "body", p.text),
                "j",
                w,
                font(r"\BF", self.size, self.pitch / self.size) + indent,
                p.text,
            )
            self.tex.append(place(s.x0, y, f"\\vbox{{\\hsize={bp(w)}{head}\\kern3bp{text}}}"))
            out.append(art)
            y += need
        return out
