"""The LaTeX preamble (fonts, the position markers, block records, the column flow and the
fitting loops) and the small helpers that write TeX for the page and its articles.

Every position in the truth is written by TeX at shipout: ``\\pdfsavepos`` marks the current
point and a non-immediate ``\\write`` puts ``\\pdflastxpos``/``\\pdflastypos`` (scaled points from
the page's lower left corner) into ``<job>.pos``. Material TeX sets but never ships (the trial
boxes of the fitting loops, text cut off at a column's foot) writes nothing.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def esc(text: str) -> str:
    """``text`` as TeX input: specials escaped, runs of white space one space."""
    return "".join(_SPECIAL.get(c, c) for c in " ".join(text.split()))


def bp(v: float) -> str:
    return f"{v:.2f}bp"


# fontspec options for faces without a bold or italic of their own
_FAKE = "AutoFakeBold=2.5,AutoFakeSlant=0.2"

PREAMBLE = r"""\documentclass{article}
\usepackage[paperwidth=<<width>>bp,paperheight=<<height>>bp,margin=0pt]{geometry}
\usepackage{fontspec}
<<cjk>>
\usepackage{graphicx,xcolor,multicol,lettrine,mdframed}
\setmainfont{<<body>>}[<<fake>>]
\newfontfamily\headlatin{<<head>>}[<<fake>>]
\newfontfamily\auxlatin{<<aux>>}[<<fake>>]
\hoffset=-1in \voffset=-1in \parskip=0pt
\pagestyle{empty}\tolerance=9000 \emergencystretch=1.5em \hbadness=10000 \vbadness=10000
\hfuzz=2pt \vfuzz=\maxdimen \clubpenalty=0 \widowpenalty=0 \interlinepenalty=0
\brokenpenalty=0 \setlength\multicolsep{0pt} \setlength\columnsep{<<gutter>>bp}
\renewcommand{\LettrineTextFont}{\relax}
\makeatletter
\newwrite\pos \immediate\openout\pos=\jobname.pos
\protected\def\MK#1{\pdfsavepos\write\pos{w #1 \the\pdflastxpos\space\the\pdflastypos}}
\newcount\lim \newcount\lo \newcount\hi \lim=100000
\long\def\U#1#2{\ifnum#1<\lim #2\fi}
\def\B{\hskip0pt plus .12em\relax}
\def\N{\nobreak\hskip0pt plus .12em\relax}
\def\E{\hskip.25em plus .1em\relax}
\newbox\tb \newbox\lb \newbox\hd \newbox\galley \newbox\cb \newbox\mcb
\newdimen\maxw \newdimen\hh \newdimen\ph \newif\iftrial
\def\place#1#2#3{\vbox to 0pt{\kern#2\hbox to 0pt{\kern#1#3\hss}\vss}}
% the width of a vbox's widest line, in \maxw
\def\widest#1{\global\maxw=0pt \setbox\lb\vbox{\unvcopy#1\loop\unskip\unpenalty\unkern
  \setbox0\lastbox\unless\ifvoid0 \setbox0\hbox{\unhbox0\unskip}%
  \ifdim\wd0>\maxw\global\maxw=\wd0\fi\repeat}}
% \tb as a block: placed where it stands, its key, alignment and size written at shipout
\def\recv#1#2{\ifvbox\tb\widest\tb\else\global\maxw=\wd\tb\fi
  \edef\x{\write\pos{r #1 #2 \the\wd\tb\space\the\ht\tb\space\the\dp\tb\space\the\maxw\space
    \noexpand\the\noexpand\pdflastxpos\space\noexpand\the\noexpand\pdflastypos}}%
  \hbox{\pdfsavepos\x\box\tb}}
\def\al@l{\raggedright}\def\al@c{\centering}\def\al@r{\raggedleft}\def\al@j{\relax}
% \TB{key}{l|c|r|j}{width}{font}{colour}{text}: a text block
\long\def\TB#1#2#3#4#5#6{\setbox\tb\vbox{\hsize=#3\linewidth=\hsize\parindent=0pt
  \csname al@#2\endcsname#4\leavevmode{\color{#5}#6}\par}\recv{#1}{#2}}
% \IMG{key}{file}{width}{height}: a picture
\def\IMG#1#2#3#4{\setbox\tb\hbox{\includegraphics[width=#3,height=#4]{#2}}\recv{#1}{l}}
% \VH{key}{font}{colour}{characters, each in braces}: a vertical headline, one character a line
\def\VH#1#2#3#4{\setbox\tb\vbox{\parindent=0pt#2\color{#3}\@tfor\c:=#4\do{\hbox{\c}}}\recv{#1}{l}}
% a drop cap's letter: its height in its own font, its left and right end on its baseline
\protected\def\DC#1{\edef\x{\write\pos{d \the\fontcharht\font`#1 \space
  \noexpand\the\noexpand\pdflastxpos\space\noexpand\the\noexpand\pdflastypos}}%
  \pdfsavepos\x#1\pdfsavepos\write\pos{e \the\pdflastxpos\space\the\pdflastypos}}
% a column of a flowing story: the next lines of \galley, at x, top, height
\def\COL#1#2#3#4{\setbox\cb\vsplit\galley to #4\relax
  \iftrial\else\place{#2}{#3}{\box\cb}%
  \immediate\write\pos{c #1 \the\dimexpr#2\relax\space\the\dimexpr#3\relax\space
    \the\dimexpr#4\relax}\fi}
% \FLOW{galley setup and text}{column calls}{sentences}: as many whole sentences as the
% columns hold (a binary search), or with 0 everything, the rest left unset (a jump)
\long\def\FLOW#1#2#3{\ifnum#3>0 \lo=1 \hi=#3 \trialtrue
  \loop\ifnum\lo<\hi \lim=\numexpr(\lo+\hi+1)/2\relax
    \setbox\galley\vbox{#1}#2%
    \ifvoid\galley\lo=\lim\else\hi=\numexpr\lim-1\relax\fi\repeat
  \lim=\lo\else\lim=100000 \fi
  \trialfalse\setbox\galley\vbox{#1}#2\lim=100000 }
% \FIT{box contents}{height}{sentences}: the most sentences whose box \mcb is no taller
\long\def\FIT#1#2#3{\lo=1 \hi=#3 \trialtrue
  \loop\ifnum\lo<\hi \lim=\numexpr(\lo+\hi+1)/2\relax
    \setbox\mcb\vbox{#1}%
    \ifdim\dimexpr\ht\mcb+\dp\mcb\relax>#2\relax\hi=\numexpr\lim-1\relax\else\lo=\lim\fi
  \repeat\lim=\lo\trialfalse\setbox\mcb\vbox{#1}\lim=100000 }
\def\SH#1{\par{\noindent\SHF#1\par}}
\def\GAL#1#2{\hsize=#1\linewidth=\hsize\BF\splittopskip=#2\relax
  \vbox to 0pt{}\vskip\dimexpr\splittopskip-\baselineskip\relax}
\makeatother
<<defs>>
\begin{document}
\setbox0\hbox{\BF Hg(字}\immediate\write\pos{m \the\ht0 \space\the\dp0 }
"""

CJK = r"""\usepackage{xeCJK}
\xeCJKsetup{PunctStyle=plain}
\setCJKmainfont{<<body>>}[<<fake>>]
\newCJKfontfamily\headcjk{<<head>>}[<<fake>>]
\newCJKfontfamily\auxcjk{<<aux>>}[<<fake>>]"""


def preamble(
    width: float,
    height: float,
    fonts: dict[str, str],
    zh: bool,
    gutter: float,
    defs: str,
) -> str:
    """The document head: page size, faces (``body``, ``head``, ``aux`` Latin faces and, for
    Chinese pages, ``cbody``, ``chead``, ``caux``), the macros and the page's ``defs``."""
    cjk = ""
    if zh:
        cjk = _fill(CJK, body=fonts["cbody"], head=fonts["chead"], aux=fonts["caux"], fake=_FAKE)
    switch = (
        r"\newcommand\HF{\headlatin\headcjk}\newcommand\AF{\auxlatin\auxcjk}"
        if zh
        else r"\newcommand\HF{\headlatin}\newcommand\AF{\auxlatin}"
    )
    return _fill(
        PREAMBLE,
        width=f"{width:.2f}",
        height=f"{height:.2f}",
        cjk=cjk,
        body=fonts["body"],
        head=fonts["head"],
        aux=fonts["aux"],
        fake=_FAKE,
        gutter=f"{gutter:.2f}",
        defs=switch + "\n" + defs,
    )


def _fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace(f"<<{name}>>", value)
    return template


def font(
    face: str, size: float, lead: float = 1.18, bold: bool = False, italic: bool = False
) -> str:
    """A font switch: ``face`` is ``\\HF``, ``\\AF`` or ``\\BF`` (head, aux, body)."""
    out = f"{face}\\fontsize{{{size:.2f}bp}}{{{size * lead:.2f}bp}}\\selectfont"
    if bold:
        out += "\\bfseries"
    if italic:
        out += "\\itshape"
    return out + " "


def tb(key: str, align: str, width: float | str, fnt: str, text: str, colour: str = "black") -> str:
    """A text block recorded under ``key``; ``width`` in points or a TeX length."""
    w = width if isinstance(width, str) else bp(width)
    return f"\\TB{{{key}}}{{{align}}}{{{w}}}{{{fnt}}}{{{colour}}}{{{esc(text)}}}"


def place(x: float | str, y: float | str, what: str) -> str:
    xs = bp(x) if isinstance(x, float | int) else x
    ys = bp(y) if isinstance(y, float | int) else y
    return f"\\place{{{xs}}}{{{ys}}}{{{what}}}"


def hrule(x: float, y: float, w: float, t: float) -> str:
    return place(x, y, f"\\vrule width {bp(w)} height {bp(t)} depth 0pt")


def vrule(x: float, y: float, h: float, t: float) -> str:
    return place(x - t / 2, y, f"\\vrule width {bp(t)} height {bp(h)} depth 0pt")
