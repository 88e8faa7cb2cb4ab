"""Page furniture that is not an article: mastheads, header bands, footers."""

from __future__ import annotations

import datetime
import random

from .article import Style
from .fonts import Face, face
from .ops import LineOp, Op, RectOp, TextOp
from .profiles import PublicationProfile
from .stories import person_name
from .vocab_en import PUBLISHER_LINE as PUBLISHER_EN
from .vocab_zh import PUBLISHER_LINE as PUBLISHER_ZH
from .vocab_zh import WEATHER

WEEKDAYS_ZH = "一二三四五六日"


def date_line(profile: PublicationProfile, date: datetime.date) -> str:
    if profile.is_chinese:
        return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS_ZH[date.weekday()]}"
    return date.strftime("%A, %B ") + f"{date.day}, {date.year}"


def _text(
    ops: list[Op],
    f: Face,
    size: float,
    x: float,
    baseline: float,
    text: str,
    align: str = "left",
    color: tuple[float, float, float] = (0, 0, 0),
    bold: bool = False,
) -> float:
    w = f.width(text, size)
    if align == "right":
        x -= w
    elif align == "center":
        x -= w / 2
    ops.append(TextOp(x, baseline, text, f.name, size, color=color, bold=bold))
    return w


def _rules(
    ops: list[Op],
    profile: PublicationProfile,
    x0: float,
    x1: float,
    y: float,
    color: tuple[float, float, float],
) -> float:
    ops.append(LineOp(x0, y, x1, y, 1.6, color))
    if profile.double_rule:
        ops.append(LineOp(x0, y + 2.6, x1, y + 2.6, 0.5, color))
        return y + 2.6
    return y


def masthead(
    profile: PublicationProfile, style: Style, date: datetime.date, pages: int, rng: random.Random
) -> tuple[list[Op], float]:
    """The front page's title block; returns its ops and the y where articles may start."""
    ops: list[Op] = []
    w, _ = profile.page_size
    top, right, _, left = profile.margin
    big = face(profile.masthead_font)
    size = profile.masthead_size
    issue_no = (date - datetime.date(1990, 1, 1)).days + 1  # a daily's running number
    if profile.is_chinese:
        base = top + big.ascent * size
        _text(ops, big, size, left, base, profile.name, color=profile.accent, bold=True)
        info = [
            date_line(profile, date),
            f"第{issue_no}期  今日{pages}版",
            "国内统一连续出版物号 CN00-0000",
            f"江城天气：{rng.choice(WEATHER)} {rng.randint(1, 8)}℃～{rng.randint(10, 18)}℃",
        ]
        y = top + 12
        info_face = face("zenhei")  # has a drawn ℃, which WenQuanYi Micro Hei lacks
        for line in info:
            _text(ops, info_face, 10, w - right, y, line, align="right")
            y += 15
        bottom = max(base + big.descent * size, y) + 6
        return ops, _rules(ops, profile, left, w - right, bottom, profile.accent) + 12
    size = min(size, (w - left - right - 300) / big.width(profile.name, 1.0))  # clear the ears
    base = top + big.ascent * size
    _text(ops, big, size, w / 2, base, profile.name, align="center")
    ear = face("liberation-sans")
    _text(ops, ear, 8, left, top + 10, "LATE CITY EDITION")
    _text(
        ops,
        ear,
        8,
        w - right,
        top + 10,
        f"Today: cloudy, high {rng.randint(8, 16)}°",
        align="right",
    )
    y = base + big.descent * size + 6
    ops.append(LineOp(left, y, w - right, y, 1.2))
    mid = y + 12
    band = face("liberation-sans-bold")
    _text(ops, band, 8.5, left, mid, f"VOL. CXII · No. {issue_no % 1000}")
    _text(ops, band, 8.5, w / 2, mid, date_line(profile, date).upper(), align="center")
    _text(ops, band, 8.5, w - right, mid, "$2.00", align="right")
    y = mid + 5
    ops.append(LineOp(left, y, w - right, y, 0.5))
    ops.append(LineOp(left, y + 2.5, w - right, y + 2.5, 1.6))
    return ops, y + 14


def header(
    profile: PublicationProfile,
    style: Style,
    date: datetime.date,
    label: str,
    section: str,
    rng: random.Random,
) -> tuple[list[Op], float]:
    """An inside page's header band: page label, section name, paper and date, a rule."""
    ops: list[Op] = []
    w, _ = profile.page_size
    top, right, _, left = profile.margin
    small = style.byline
    if profile.is_chinese:
        lf = face(profile.headline_font)
        lsize = 15.0
        lw = lf.width(label, lsize) + 14
        ops.append(RectOp((left, top, left + lw, top + 24), stroke=None, fill=profile.accent))
        _text(ops, lf, lsize, left + 7, top + 12 + lsize * 0.36, label, color=(1, 1, 1))
        _text(ops, lf, 19.0, left + lw + 10, top + 19, section, bold=True)
        _text(
            ops,
            small,
            9,
            w - right,
            top + 9,
            f"{profile.name}  {date_line(profile, date)}",
            align="right",
        )
        editors = f"责任编辑 {person_name(rng, True)}  美术编辑 {person_name(rng, True)}"
        _text(ops, small, 8, w - right, top + 22, editors, align="right")
        y = _rules(ops, profile, left, w - right, top + 30, (0, 0, 0))
        return ops, y + 12
    bold = face("liberation-sans-bold")
    _text(ops, bold, 13, left, top + 12, label)
    _text(ops, bold, 13, left + bold.width(label, 13) + 10, top + 12, section.upper())
    _text(ops, face("liberation-serif-italic"), 11, w / 2, top + 12, profile.name, align="center")
    _text(
        ops,
        face("liberation-sans"),
        8.5,
        w - right,
        top + 12,
        date_line(profile, date).upper(),
        align="right",
    )
    y = top + 19
    ops.append(LineOp(left, y, w - right, y, 1.4))
    ops.append(LineOp(left, y + 2.5, w - right, y + 2.5, 0.4))
    return ops, y + 14


def footer(profile: PublicationProfile, style: Style, label: str) -> tuple[list[Op], float]:
    """A footer line; returns its ops and the y above which articles must end."""
    ops: list[Op] = []
    w, h = profile.page_size
    _, right, bottom, left = profile.margin
    y = h - bottom - 10
    ops.append(LineOp(left, y, w - right, y, 0.5))
    text = PUBLISHER_ZH if profile.is_chinese else PUBLISHER_EN
    f = style.byline if profile.is_chinese else face("liberation-sans")
    _text(
        ops, f, 7.5, w / 2, y + 10, text.replace("江城日报社", profile.name + "社"), align="center"
    )
    _text(ops, f, 7.5, w - right, y + 10, label, align="right")
    return ops, y - 10
