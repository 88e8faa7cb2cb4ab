"""Fetch the reader's own pages through Django's URL table, as an anonymous reader sees them.

Every file of a static edition is the answer the live site gives to the same address (the same
views, templates, access rules and JSON twins), fetched in-process with Django's test client:
no template is written twice. Links are followed only inside the part being exported (one
issue, or the publication's shared pages); the exporter rewrites them afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from broadsheet.staticsite.links import file_for

IssueKey = tuple[dt.date, int]
SHARED = "shared"
READER_NAMESPACES = {"reader", "reader:ed"}
_LINK = re.compile(r'\s(?:href|src|srcset|imagesrcset|content|data-[\w-]+)="([^"]*)"')
TEXT_TYPES = ("text/html", "application/json", "application/atom+xml", "application/rss+xml")


class ExportFailed(Exception):
    """The live site answered an error where the edition needs a file."""


def site_host() -> str:
    """A host name the site answers to (the first concrete one of ALLOWED_HOSTS)."""
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".")
        if name and "*" not in name:
            return name
    return "localhost"


@dataclass
class Fetched:
    """What one part of the edition holds: text files to rewrite, binary files written."""

    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (type, text)
    files: set[str] = field(default_factory=set)  # paths written as they came
    left_out: set[str] = field(default_factory=set)  # refused to anonymous readers (403)
    redirects: dict[str, str] = field(default_factory=dict)  # path -> target path

    def paths(self) -> set[str]:
        return set(self.texts) | self.files | set(self.redirects)


def links_in(text: str, origin: str) -> list[str]:
    """Site paths a page refers to in its attributes (srcset split): the reader writes every
    link of its own as a path from the root or as an absolute URL of the site."""
    found = []
    for raw in _LINK.findall(text):
        for item in raw.split(",") if "," in raw and " " in raw else [raw]:
            value = item.strip().split(" ")[0].replace("&amp;", "&")
            if value.startswith(origin + "/"):
                value = value[len(origin) :]
            if value.startswith("/") and not value.startswith("//"):
                found.append(urlsplit(value).path)
    return found


class Crawler:
    """Fetches addresses as an anonymous reader over HTTPS, within a scope."""

    def __init__(self, scope: Callable[[str], str | None]) -> None:
        self.host = site_host()
        self.origin = f"https://{self.host}"
        self.client = Client(HTTP_HOST=self.host, raise_request_exception=False)
        self.scope = scope  # path -> the part it belongs to (an issue key string) or None

    def crawl(self, part: str, seeds: list[str], out: Path) -> Fetched:
        """Fetch the seeds and every linked address of the same part; binaries go to `out`."""
        fetched = Fetched()
        queue = list(dict.fromkeys(seeds))
        seen = set(queue)
        while queue:
            path = queue.pop(0)
            for link in self._fetch(path, fetched, out):
                if link not in seen and self.scope(link) == part:
                    seen.add(link)
                    queue.append(link)
        return fetched

    def _fetch(self, path: str, fetched: Fetched, out: Path) -> list[str]:
        response = self.client.get(path, secure=True)
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = urlsplit(response["Location"]).path
            fetched.redirects[path] = target
            return [target]
        if status in (401, 403):
            fetched.left_out.add(path)
            return []
        if status in (404, 410):
            return []
        if status != 200:
            raise ExportFailed(f"{path}: the site answered {status}")
        kind = response.get("Content-Type", "").split(";")[0].strip()
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        if kind in TEXT_TYPES:
            text = body.decode("utf-8")
            fetched.texts[path] = (kind, text)
            if kind == "text/html":
                return links_in(text, self.origin)
            if kind == "application/json":
                return json_links(text, self.origin)
            return []
        written = out / file_for(path)
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(body)
        fetched.files.add(path)
        return []


def json_links(text: str, origin: str) -> list[str]:
    """Site paths in a JSON twin (every URL in a twin is absolute, docs/reader.md)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and value.startswith(origin + "/"):
            found.append(urlsplit(value[len(origin) :]).path)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(json.loads(text))
    return found


def route(path: str) -> tuple[str, dict[str, object]] | None:
    """The reader route of a path (its name and arguments), or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace not in READER_NAMESPACES or (match.url_name or "").startswith("iiif"):
        return None  # IIIF, search, the desk: not part of a static edition
    return match.url_name or "", dict(match.kwargs)
