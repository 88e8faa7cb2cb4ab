"""A fourth producer of sample newspaper pages: typeset by TeX (XeLaTeX), with exact truth.

TeX breaks the lines (Knuth-Plass, hyphenation of Latin words at line ends), writes no space
glyphs at all (a word space is glue), sets Chinese with ``xeCJK``, balances columns with
``multicol`` (``\\columnseprule``), frames stories with ``mdframed`` and drops capitals with
``lettrine``: a fourth kind of file for the page analyser, after reportlab, Chromium and Typst.

Ground truth comes from TeX itself, never from reading the PDF back:

- after every word of body text (every character in Chinese) a marker ``\\MK{id}`` puts a
  ``\\pdfsavepos`` and a non-immediate ``\\write`` in the line; at shipout TeX writes where the
  word ends, on its baseline, to ``page.pos``. Words TeX set but did not ship (the trial boxes
  of the fitting loops, the rest of a jumped story cut off at a column's foot) write nothing,
  so the markers say exactly which words are on the page and in which column. A column block
  runs from its first baseline minus the body face's height (of ``Hg(`` or 字, measured by TeX)
  to its last baseline plus its depth, across the column;
- every other block (kicker, headline, subheadline, byline, photo, caption, jump line, brief,
  advert copy, frames, a multicols box) is set in a box that records its key, alignment, size
  and widest line with its position at shipout; a drop cap records its letter's height and both
  ends of its baseline;
- a story flowed through columns of its own (``\\vsplit`` of one galley into columns of given
  tops and heights: a headline over part of a story, a photo across some columns, a vertical
  headline beside them) or balanced by ``multicols`` holds as many whole sentences as fit, found
  by a binary search inside TeX, so a complete story ends at a full stop in one run; a jumped
  story is set whole and its words not shipped go on to the later page.

    pages = generate_pages(seed=1, count=3, language="en")
    pages.pages[0].pdf             # a one-page PDF
    pages.pages[0].truth           # the page dict of docs/page-analysis.md

Text comes from the sample generator's own vocabulary (``stories.make_story``): never real
newspaper text. Fonts are the system ones (Noto CJK, WenQuanYi, AR PL UMing, DejaVu,
Liberation), found by fontconfig. See docs/samples.md.
"""

from __future__ import annotations

from .compiler import TexUnavailableError
from .generate import FAMILIES, PAGE_SIZES, SMALL_SIZE, TexPage, TexSet, draw_truth, generate_pages

__all__ = [
    "FAMILIES",
    "PAGE_SIZES",
    "SMALL_SIZE",
    "TexPage",
    "TexSet",
    "TexUnavailableError",
    "draw_truth",
    "generate_pages",
]
