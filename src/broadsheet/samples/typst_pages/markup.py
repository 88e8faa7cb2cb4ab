"""Typst source: string literals, text and paragraph calls, the page preamble and the probe.

The preamble defines the markers (``W``, ``rec``, ``reg``) that record where Typst set each
word and block; the probe queries them back, and ``_Data`` holds one pass's answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ops import Box


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
