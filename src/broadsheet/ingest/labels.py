"""Page labels ("A01", "010") guessed from the file names that typesetting systems write."""

from __future__ import annotations

import re
from pathlib import PurePath

# "A01", "b3", "01", "010": the whole stem is the label.
_PLAIN = re.compile(r"^(?P<label>[A-Za-z]{0,2}\d{1,3})$")
# "lyrb20120702010", "jcrb_20261127_A05", "page-07": the label ends the stem, after a date or
# a separator.
_AFTER_DATE = re.compile(r"(?:19|20)\d{6}[_-]?(?P<label>[A-Za-z]{0,2}\d{1,3})$")
_AFTER_SEP = re.compile(
    r"(?:^|[_\-\s.])(?:p|page|pg|ban|版)?[_-]?(?P<label>[A-Za-z]?\d{1,3})$", re.I
)


def label_from_filename(name: str) -> str | None:
    """The printed page label a file name carries, or None when it carries none we trust."""
    stem = PurePath(name).stem
    for pattern in (_PLAIN, _AFTER_DATE, _AFTER_SEP):
        match = pattern.search(stem)
        if match:
            return match.group("label").upper()
    return None


def sequence_label(sequence: int) -> str:
    return f"{sequence:02d}"


def label_sort_key(label: str) -> tuple[str, int, str]:
    """Printed order of labels: A01 < A02 < B01, 2 < 10."""
    match = re.match(r"^([A-Za-z]*)(\d*)", label)
    letters, digits = (match.group(1), match.group(2)) if match else ("", "")
    return (letters.upper(), int(digits) if digits else 0, label)


def merged_order(existing: list[str], run: list[str], replace: bool = False) -> list[str]:
    """Page order after a run: the run's order when it is the whole issue; else the issue's
    order with new labels put where their label sorts among the old ones."""
    if replace or not existing or set(existing) <= set(run):
        return list(run)
    order = list(existing)
    for label in run:
        if label in order:
            continue
        key = label_sort_key(label)
        at = next((i for i, old in enumerate(order) if label_sort_key(old) > key), len(order))
        order.insert(at, label)
    return order
