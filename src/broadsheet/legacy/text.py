"""Text found on old e-paper pages: whitespace, page labels and names, dates, bylines."""

from __future__ import annotations

import datetime as dt
import re

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ ]+(?=[{_CJK}])")
# 第01版：要闻 / 01版:要闻 / 第A01版 / GA01版 / 第06-07版 / 0607版
LABEL = re.compile(
    r"第?\s*(?P<label>[A-Za-z]{0,3}\s*\d{1,4}(?:\s*[-－~～]\s*\d{1,3})?)\s*版"
    r"(?:\s*[:：]\s*(?P<name>[^\n<>【】]{0,60}))?"
)
# A page list entry without 版: "A01： 头版"
LABEL_BARE = re.compile(r"^\s*(?P<label>[A-Za-z]{0,3}\d{1,4})\s*[:：]\s*(?P<name>[^\n<>]{0,60})$")
DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
BYLINE = re.compile(
    r"^(?:本报(?:记者|通讯员|评论员|特约记者)|记者|通讯员|特约记者|作者|撰文|文[/／：:]|图[/／：:]|"
    r"文\s*[\u4e00-\u9fff]{2,3}\s|新华社|人民日报记者|By\s)"
)


def squash(text: str, cjk_gaps: bool = True) -> str:
    """Whitespace (full-width and no-break spaces, line breaks) made single ASCII spaces; with
    ``cjk_gaps=False`` the padding between two CJK characters is dropped too (``要 闻`` →
    ``要闻``, for page names; a headline keeps the space between its phrases)."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if cjk_gaps else _CJK_GAP.sub("", flat)


def page_label(text: str) -> tuple[str, str] | None:
    """The printed label and page name in a line like ``第01版：要 闻``."""
    match = LABEL.search(_SPACE.sub(" ", text)) or LABEL_BARE.match(_SPACE.sub(" ", text))
    if not match:
        return None
    label = re.sub(r"\s+", "", match.group("label")).upper()
    label = re.sub(r"[－~～]", "-", label)
    name = squash(match.group("name") or "", cjk_gaps=False)
    return label, name


def date_in(text: str) -> dt.date | None:
    """The first date written ``2017年7月22日`` (any spacing) or ``2017-07-22``."""
    flat = _SPACE.sub("", text)
    for pattern in (DATE_CN, DATE_ISO):
        for match in pattern.finditer(flat):
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def only_a_date(text: str) -> bool:
    """The text is a date (or a date and a page reference), not a person: an author field
    holding the publication date."""
    flat = _SPACE.sub("", text)
    rest = DATE_CN.sub("", DATE_ISO.sub("", flat))
    rest = re.sub(r"[《》（）()\[\]【】第版星期一二三四五六日天0-9:：\-/ ]", "", rest)
    return date_in(text) is not None and len(rest) <= 6
