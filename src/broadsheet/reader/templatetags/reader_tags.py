"""Template helpers for the reader: localised date lines and zone geometry."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats
from django.utils.translation import get_language, gettext

register = template.Library()

_WEEKDAYS_ZH = "一二三四五六日"


@register.filter
def dateline(value: dt.date | None) -> str:
    """ "2026年11月27日 星期五" in Chinese, "Friday, 27 November 2026" in English."""
    if value is None:
        return ""
    if (get_language() or "").startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日 星期{_WEEKDAYS_ZH[value.weekday()]}"
    return formats.date_format(value, "l, j F Y")


@register.filter
def shortdate(value: dt.date | None) -> str:
    if value is None:
        return ""
    if (get_language() or "").startswith("zh"):
        return f"{value.month}月{value.day}日"
    return formats.date_format(value, "j M")


@register.filter
def monthname(value: dt.date) -> str:
    if (get_language() or "").startswith("zh"):
        return f"{value.month}月"
    return formats.date_format(value, "F")


@register.filter
def monthyear(value: dt.date) -> str:
    """A month as a title: "2026年12月", "December 2026"."""
    if (get_language() or "").startswith("zh"):
        return f"{value.year}年{value.month}月"
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


@register.filter
def weekday_short(value: dt.date) -> str:
    if (get_language() or "").startswith("zh"):
        return _WEEKDAYS_ZH[value.weekday()]
    return formats.date_format(value, "D")


@register.simple_tag
def page_label(page: object) -> str:
    """ "第10版：要闻" / "Page A01: Front Page"."""
    number = getattr(page, "number", "")
    name = getattr(page, "name", "")
    if (get_language() or "").startswith("zh"):
        label = gettext("Page %(number)s") % {"number": number}
        return f"{label}：{name}" if name else label
    label = gettext("Page %(number)s") % {"number": number}
    return f"{label}: {name}" if name else label


@register.filter
def svg_points(region: object) -> str:
    points = region.points()  # type: ignore[attr-defined]
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
