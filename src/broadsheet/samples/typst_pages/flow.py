"""Chained text flow: an article's tokens flowing through regions, fitted pass by pass.

The first pass fills a region with more words than fit; the markers tell which are shown in
it; the next pass gives it exactly those (cut at a full stop in the last region of a complete
article) and the next region the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .markup import _Data, _f, _pt, _s
from .style import _Style
from .words import _Tok

MARK = 1_000_000  # marker id = chain number * MARK + token index


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
