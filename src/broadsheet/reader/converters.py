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


class YearConverter:
    """A year with a calendar: 0001 to 9998 (0000 and 9999 are no such page, a 404)."""

    regex = r"\d{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not 1 <= year <= 9998:
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
