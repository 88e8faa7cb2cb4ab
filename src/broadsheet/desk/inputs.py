"""The desk's input boundary: any JSON value in, a valid database value or `EditError` out.

JSON from a browser (or from anyone with a session) can hold anything: `1e400` (infinity),
`"²"` (a digit to `str.isdigit`, not to `int`), numbers past every database integer, lists
nested ten thousand deep, lone UTF-16 surrogates and NUL characters that PostgreSQL refuses.
Each helper here takes such a value and gives back what the database can store, or raises
`EditError` with a message for the editor.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_BODY = 1024 * 1024  # bytes of one change
MAX_DEPTH = 16
# Ids are BigAutoField (signed 64-bit); article numbers are PositiveIntegerField (PostgreSQL:
# at most 2**31 - 1).
MAX_ID = 2**63 - 1
MAX_NUMBER = 2**31 - 1


class EditError(ValueError):
    """The operation cannot be applied; the message says why."""


def parse_change(body: bytes) -> dict[str, Any]:
    """The JSON object of one desk change."""
    if len(body) > MAX_BODY:
        raise EditError(f"a change is at most {MAX_BODY // 1024} KB of JSON")
    try:
        value = json.loads(body or b"{}")
    except (ValueError, RecursionError):
        raise EditError("send one JSON object") from None
    if not isinstance(value, dict):
        raise EditError("send one JSON object")
    if _depth(value) > MAX_DEPTH:
        raise EditError(f"the JSON is nested more than {MAX_DEPTH} deep")
    return value


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def whole(value: Any, what: str, limit: int = MAX_ID) -> int:
    """A positive whole number from JSON: 7, 7.0 or "7" (ASCII digits); nothing else."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif (
        isinstance(value, float)
        and math.isfinite(value)
        and value.is_integer()
        or isinstance(value, str)
        and 0 < len(value) <= 20
        and value.isascii()
        and value.isdigit()
    ):
        number = int(value)
    if number is None or not 1 <= number <= limit:
        raise EditError(f"{what} must be a whole number from 1 to {limit}, not {_show(value)}")
    return number


def number(value: Any, what: str) -> float:
    """A finite number from JSON (coordinates in points)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EditError(f"{what} must be a number, not {_show(value)}")
    try:
        result = float(value)
    except OverflowError:  # a whole number beyond any float: 1 followed by 400 zeros
        result = math.inf
    if not math.isfinite(result) or abs(result) > 1e6:
        raise EditError(f"{what} must be a finite number of points, not {_show(value)}")
    return result


def ids(values: Any, what: str, limit: int = MAX_ID) -> list[int]:
    if not isinstance(values, list):
        raise EditError(f"{what} must be a list of whole numbers")
    if len(values) > 10_000:
        raise EditError(f"{what}: too many")
    return [whole(v, what, limit) for v in values]


def text(value: Any, what: str, limit: int) -> str:
    """Text for the database: no lone surrogates (they cannot be stored as UTF-8) and no NUL
    characters (PostgreSQL refuses them); other values are refused."""
    if isinstance(value, bool) or value is None:
        raise EditError(f"{what} must be text")
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        raise EditError(f"{what} must be text")
    cleaned = "".join(ch for ch in value if ch != "\x00" and not "\ud800" <= ch <= "\udfff")
    return cleaned.strip()[:limit]


def _show(value: Any) -> str:
    try:
        shown = repr(value)
    except ValueError:  # a whole number of more than 4,300 digits
        shown = f"a {type(value).__name__}"
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return shown if len(shown) <= 40 else shown[:37] + "…"
