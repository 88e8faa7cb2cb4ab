"""Bits of markup shared by the schemes: escaping, date lines, bodies, neighbours."""

from __future__ import annotations

import datetime
import html
import posixpath
import random

from .model import WEEKDAYS_EN, WEEKDAYS_ZH, Article, Issue, Page

FW_SPACE = "\u3000"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def rel(src: str, dst: str) -> str:
    """The relative link from site file `src` to site file `dst`."""
    return posixpath.relpath(dst, posixpath.dirname(src) or ".")


def date_line(date: datetime.date, style: str) -> str:
    """The issue date as the page prints it."""
    wd = WEEKDAYS_ZH[date.weekday()]
    if style == "padded":
        return f"{date.year}年{date.month:02d}月{date.day:02d}日 星期{wd}"
    if style == "font":
        return f"{date.year}年{date.month}月{date.day}日 星期<font class=weekday>{wd}</font>"
    if style == "split":  # one part per line, a full-width space before the weekday
        return (
            f"\n <strong><font face=Arial>\n {date.year}\n </font></strong> 年\n {date.month}\n 月\n"
            f" {date.day}\n 日{FW_SPACE}星期\n <font class=weekday>{wd}</font>\n&nbsp;&nbsp;"
        )
    if style == "english":
        return f"{date.year}年{date.month:02d}月{date.day:02d}日 {WEEKDAYS_EN[date.weekday()]}"
    raise ValueError(style)


DATE_STYLES = ("padded", "font", "split", "english")


def pad_name(name: str) -> str:
    """Two-character page names are padded with a space, as real page lists do (综 合)."""
    return f"{name[0]} {name[1]}" if len(name) == 2 else name


def body_html(paras: list[str], style: str) -> str:
    """The body paragraphs as <p> elements (indents vary per template)."""
    if style == "fw":
        return "".join(f"<P>{FW_SPACE * 2}{esc(p)}</P>\n" for p in paras)
    if style == "nbsp":
        return "".join(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{esc(p)}</p>" for p in paras)
    return "\n".join(f"<p>{esc(p)}</p>" for p in paras)


BODY_STYLES = ("fw", "nbsp", "plain")


def neighbours(issue: Issue, page: Page) -> tuple[Page | None, Page | None]:
    live = issue.live
    i = live.index(page)
    return (live[i - 1] if i > 0 else None), (live[i + 1] if i + 1 < len(live) else None)


def previous_issue(issues: list[Issue], issue: Issue) -> Issue | None:
    i = issues.index(issue)
    return issues[i - 1] if i > 0 else None


def listed(page: Page) -> list[Article]:
    """The articles of the title list (hidden notices are only on the map)."""
    return [a for a in page.articles if not a.hidden]


def enpproperty(page: Page, paper: str, rng: random.Random) -> str:
    """The trailing page-facts comment; founder-date may be planted wrong (date_conflict)."""
    date = page.flags.get("founder_date", page.issue.date)
    assert isinstance(date, datetime.date)
    stamp = date.isoformat()
    if rng.random() < 0.5:
        stamp += f" {rng.randrange(18, 24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    return (
        f"<!--enpproperty <founder-date>{stamp}</founder-date>"
        f"<founder-pagenum>{page.label}</founder-pagenum>"
        f"<founder-papername>{paper}</founder-papername><founder-type>2</founder-type>"
        f" /enpproperty-->\n"
    )


def title_text(art: Article, rng: random.Random, padded: bool) -> str:
    """A title-list entry's text: padded with whitespace and line breaks on some pages, with
    the article's column tag after it."""
    text = esc(art.title) + esc(art.tag)
    if padded:
        return f"\n{' ' * rng.randrange(2, 9)}{text}{' ' * rng.randrange(0, 4)}\n"
    return text
