"""Where a reader's URL goes in a static edition, and relative links between its files.

Pure (no Django): the exporter decides which paths exist; this module only maps paths to file
names (an address ending in `/` is the folder's `index.html`) and rewrites the links inside
HTML, JSON and XML text so they are relative to the file that holds them.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

# The page every link to something left out of the edition points to, and the search page.
MISSING = "/missing.html"
SEARCH = "/search/"

_ATTR = re.compile(r'(\s[a-zA-Z][\w:-]*=")([^"]*)(")')
_SRCSET = {"srcset", "imagesrcset"}


def file_for(path: str) -> str:
    """The file (relative to OUTDIR) that holds a site path: `/a/b/` → `a/b/index.html`."""
    clean = unquote(urlsplit(path).path)
    if clean.endswith("/"):
        clean += "index.html"
    name = posixpath.normpath(clean.lstrip("/"))
    if name.startswith("..") or name.startswith("/") or name == ".":
        raise ValueError(f"not a path inside the edition: {path!r}")
    return name


def relative(from_file: str, target_file: str, fragment: str = "") -> str:
    start = posixpath.dirname(from_file) or "."
    rel = posixpath.relpath(target_file, start)
    return rel + (f"#{fragment}" if fragment else "")


class Rewriter:
    """Rewrites site-absolute links (`/jcrb/…`, `https://host/jcrb/…`) to relative file links.

    `exists(path)` says whether the edition holds a path; links to anything else go to the
    MISSING page, so nothing points at a file that is not there.
    """

    def __init__(self, origin: str, exists: Callable[[str], bool]) -> None:
        self.origin = origin.rstrip("/")
        self.exists = exists
        self._absolute = re.compile(re.escape(self.origin) + r"(/[^\s\"'<>\\)]*)")

    def url(self, from_file: str, value: str) -> str:
        """One URL as written in a file; anything not of this site is returned unchanged."""
        if value.startswith(self.origin + "/"):
            value = value[len(self.origin) :]
        if not value.startswith("/") or value.startswith("//"):
            return value
        parts = urlsplit(value)
        path = parts.path
        target = path if self.exists(path) else MISSING
        fragment = parts.fragment if target == path else ""
        return relative(from_file, file_for(target), fragment)

    def html(self, from_file: str, text: str) -> str:
        def attribute(match: re.Match[str]) -> str:
            name = match.group(1).strip()[:-2].lower()
            value = match.group(2)
            if name in _SRCSET:
                items = []
                for item in value.split(","):
                    bits = item.strip().split(None, 1)
                    if bits:
                        bits[0] = self.url(from_file, bits[0])
                        items.append(" ".join(bits))
                value = ", ".join(items)
            elif value.startswith("/") or value.startswith(self.origin + "/"):
                value = self.url(from_file, value.replace("&amp;", "&")).replace("&", "&amp;")
            return match.group(1) + value + match.group(3)

        text = _ATTR.sub(attribute, text)
        return self.text(from_file, text)

    def text(self, from_file: str, text: str) -> str:
        """Absolute URLs of this site anywhere in a text (JSON-LD, feeds)."""
        return self._absolute.sub(lambda m: self.url(from_file, m.group(1)), text)

    def json(self, from_file: str, text: str) -> str:
        def walk(value: Any) -> Any:
            if isinstance(value, str):
                if value.startswith(self.origin + "/"):
                    return self.url(from_file, value)
                return value
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            return value

        return json.dumps(walk(json.loads(text)), ensure_ascii=False, indent=1)


def strip_between(text: str, start: str, end: str) -> str:
    """Remove the first element that begins with `start` up to and including `end`."""
    i = text.find(start)
    if i < 0:
        return text
    j = text.find(end, i)
    return text if j < 0 else text[:i] + text[j + len(end) :]
