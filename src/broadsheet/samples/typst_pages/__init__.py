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

from .compiler import FONT_DIRS, TypstUnavailableError
from .flow import MARK
from .generate import (
    FAMILIES,
    MAX_PASSES,
    PAGE_SIZES,
    SMALL_SIZE,
    TypstPage,
    TypstSet,
    draw_truth,
    generate_pages,
)
from .markup import PREAMBLE, PROBE, Box
from .words import (
    DISPLAY_ADS_EN,
    DISPLAY_ADS_ZH,
    PAPERS_EN,
    PAPERS_ZH,
    SIDEBAR_TITLES_EN,
    SIDEBAR_TITLES_ZH,
)

__all__ = [
    "Box",
    "DISPLAY_ADS_EN",
    "DISPLAY_ADS_ZH",
    "FAMILIES",
    "FONT_DIRS",
    "MARK",
    "MAX_PASSES",
    "PAGE_SIZES",
    "PAPERS_EN",
    "PAPERS_ZH",
    "PREAMBLE",
    "PROBE",
    "SIDEBAR_TITLES_EN",
    "SIDEBAR_TITLES_ZH",
    "SMALL_SIZE",
    "TypstPage",
    "TypstSet",
    "TypstUnavailableError",
    "draw_truth",
    "generate_pages",
]
