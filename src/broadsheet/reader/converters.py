"""Path converters for the reader's readable URLs."""

from __future__ import annotations

import datetime as dt


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:  # 2026-02-31 matches the pattern but is no date
            raise ValueError(value) from exc

    def to_url(self, value: dt.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


# The years an archive's calendar can show: from before the first newspapers to well past
# ours (9999 has no calendar: its last week would need days of the year 10000).
FIRST_YEAR, LAST_YEAR = 1000, 9998


class YearConverter:
    """A year with a calendar, FIRST_YEAR to LAST_YEAR; any other four digits are no page."""

    # [0-9], not \d: \d also matches "٢٠٢٦", which int() reads as 2026 (a second address).
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class PageLabelConverter:
    """A printed page label: "01", "010", "A01", "GA01", "0607" (never "a", which is articles)."""

    regex = r"(?!a/)[A-Za-z0-9][A-Za-z0-9_-]{0,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class MonthConverter:
    regex = r"(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


class ImageFormatConverter:
    regex = r"(?:jpg|webp)"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
