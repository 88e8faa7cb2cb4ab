"""Small guards for values from outside (desk edits, manifests): no Django, no state.

- `nesting` measures how deep JSON is without recursing (deep JSON must be refused, not
  crash the code that walks it);
- `storable` drops what no database column takes (NUL for PostgreSQL, lone surrogates that
  cannot be written as UTF-8);
- `shown` is a value for an error message: short and printable, whatever it holds.
"""

from __future__ import annotations

from typing import Any


def nesting(value: Any, limit: int) -> int:
    """The depth of lists and objects in `value`; stops counting once past `limit`."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def storable(text: str) -> str:
    return "".join(ch for ch in text if ch != "\x00" and not "\ud800" <= ch <= "\udfff")


def shown(value: Any, width: int = 40) -> str:
    try:
        text = repr(value)
    except ValueError:  # a whole number of more than 4,300 digits
        text = f"a {type(value).__name__}"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= width else text[: width - 3] + "…"
