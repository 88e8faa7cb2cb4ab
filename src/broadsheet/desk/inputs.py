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

from broadsheet.untrusted import nesting, shown, storable

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
    if nesting(value, MAX_DEPTH) > MAX_DEPTH:
        raise EditError(f"the JSON is nested more than {MAX_DEPTH} deep")
    return value


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
        raise EditError(f"{what} must be a whole number from 1 to {limit}, not {shown(value)}")
    return number


def number(value: Any, what: str) -> float:
    """A finite number from JSON (coordinates in points)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EditError(f"{what} must be a number, not {shown(value)}")
    try:
        result = float(value)
    except OverflowError:  # a whole number beyond any float: 1 followed by 400 zeros
        result = math.inf
    if not math.isfinite(result) or abs(result) > 1e6:
        raise EditError(f"{what} must be a finite number of points, not {shown(value)}")
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
    return storable(value).strip()[:limit]
