"""The ingest manifest: optional facts about an issue that override what analysis finds.

A manifest is a JSON file (see docs/ingest.md for the format and an example). Every problem is
reported with the file name and the JSON path of the offending value, for example
``issue.json: pages[2].articles[0].regions[1]: expected 4 numbers [x0, y0, x1, y1]``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadsheet.layout.contract import KINDS, ROLES, TEXT_FIELDS
from broadsheet.untrusted import nesting, shown, storable

# The reader's page label (converters.PageLabelConverter) as a whole string: not "a" (the
# articles' path segment), and \Z, since $ also matches before a final newline ("A01\n").
LABEL_RE = re.compile(r"(?!a\Z)[A-Za-z0-9][A-Za-z0-9_-]{0,19}\Z")
# A manifest is a few levels deep (pages, articles, blocks, a box); deeper is no manifest.
MAX_DEPTH = 32


MAX_OUTLINES = 50
MAX_POLYGON_POINTS = 500


def _bounds(points: list[list[float]]) -> list[float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


class ManifestError(ValueError):
    """A manifest is malformed. The message names the file and where in it."""


@dataclass
class PageFacts:
    where: str
    file: str | None = None
    index: int | None = None
    number: str | None = None
    name: str | None = None
    # None: keep the analysis; a list (even empty): these articles replace it.
    articles: list[dict[str, Any]] | None = None
    # False: the page's file is a blank page made from its text alone (no scan exists).
    image: bool = True


@dataclass
class Manifest:
    source: str
    publication: str | None = None
    date: dt.date | None = None
    edition: int | None = None
    pages: list[PageFacts] = field(default_factory=list)

    def facts_for(self, sequence: int, source_name: str) -> PageFacts | None:
        for facts in self.pages:
            if facts.index is not None and facts.index == sequence:
                return facts
        for facts in self.pages:
            if facts.file is not None and facts.file == source_name:
                return facts
        return None


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ManifestError:
        location = f"{where}: " if where else ""
        return ManifestError(f"{self.source}: {location}{problem}")

    def string(self, obj: dict[str, Any], key: str, where: str, limit: int = 500) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", f"expected text, got {type(value).__name__}")
        if len(value) > limit:
            raise self.fail(f"{where}.{key}", f"text longer than {limit} characters")
        return storable(value)

    def box(self, value: Any, where: str) -> list[float]:
        if (
            not isinstance(value, list)
            or len(value) != 4
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            raise self.fail(where, "expected 4 numbers [x0, y0, x1, y1] in points")
        try:
            coords = [float(v) for v in value]
        except OverflowError:  # a whole number beyond any float: 1 followed by 400 zeros
            coords = [math.inf]
        if not all(math.isfinite(v) for v in coords):
            raise self.fail(where, "expected finite numbers (no NaN, Infinity or 1e400)")
        x0, y0, x1, y1 = coords
        if x1 <= x0 or y1 <= y0:
            raise self.fail(where, "the box is empty or inverted (need x0 < x1 and y0 < y1)")
        return [x0, y0, x1, y1]

    def polygon(self, value: Any, where: str) -> list[list[float]]:
        if not isinstance(value, list) or not 3 <= len(value) <= MAX_POLYGON_POINTS:
            raise self.fail(
                where, f"expected a polygon: 3 to {MAX_POLYGON_POINTS} points [x, y] in points"
            )
        points = []
        for i, point in enumerate(value):
            if not (
                isinstance(point, list)
                and len(point) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
            ):
                raise self.fail(f"{where}[{i}]", "expected a point [x, y] in points")
            try:
                x, y = float(point[0]), float(point[1])
            except OverflowError:
                x = y = math.inf
            if not (math.isfinite(x) and math.isfinite(y)):
                raise self.fail(
                    f"{where}[{i}]", "expected finite numbers (no NaN, Infinity or 1e400)"
                )
            points.append([x, y])
        x0, y0, x1, y1 = _bounds(points)
        if x1 <= x0 or y1 <= y0:
            raise self.fail(where, "the polygon encloses no area")
        return points

    def article(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected an object")
        article: dict[str, Any] = {}
        for key in TEXT_FIELDS:
            limit = 200_000 if key == "text" else 500
            article[key] = self.string(value, key, where, limit) or ""
        kind = value.get("kind", "news")
        if not isinstance(kind, str) or kind not in KINDS:
            raise self.fail(
                f"{where}.kind", f"unknown kind {shown(kind)}; use one of {sorted(KINDS)}"
            )
        article["kind"] = kind
        regions = value.get("regions", [])
        if not isinstance(regions, list):
            raise self.fail(f"{where}.regions", "expected a list of boxes")
        article["regions"] = [self.box(r, f"{where}.regions[{i}]") for i, r in enumerate(regions)]
        blocks = value.get("blocks", [])
        if not isinstance(blocks, list):
            raise self.fail(f"{where}.blocks", "expected a list")
        article["blocks"] = []
        for i, block in enumerate(blocks):
            bwhere = f"{where}.blocks[{i}]"
            if not isinstance(block, dict):
                raise self.fail(bwhere, "expected an object")
            role = block.get("role")
            if not isinstance(role, str) or role not in ROLES:
                raise self.fail(
                    f"{bwhere}.role", f"unknown role {shown(role)}; use one of {sorted(ROLES)}"
                )
            article["blocks"].append(
                {
                    "role": role,
                    "bbox": self.box(block.get("bbox"), f"{bwhere}.bbox"),
                    "text": self.string(block, "text", bwhere, 200_000) or "",
                }
            )
        outlines = value.get("outlines", [])
        if not isinstance(outlines, list) or len(outlines) > MAX_OUTLINES:
            raise self.fail(
                f"{where}.outlines", f"expected a list of at most {MAX_OUTLINES} polygons"
            )
        article["outlines"] = [
            self.polygon(o, f"{where}.outlines[{i}]") for i, o in enumerate(outlines)
        ]
        if not article["regions"]:
            article["regions"] = [_bounds(o) for o in article["outlines"]]
        if not article["regions"]:
            article["regions"] = [b["bbox"] for b in article["blocks"]]
        if not article["regions"] and not (article["headline"] or article["text"]):
            # An article with no zone on the page (a title list entry an importer found) is
            # kept for its text; one with neither zone nor text is nothing.
            raise self.fail(where, "an article needs a region (or block) on the page, or text")
        article["id"] = self.string(value, "id", where, 100)
        for key in ("continued_to", "continued_from"):
            link = value.get(key)
            if link is not None and not (
                isinstance(link, dict) and isinstance(link.get("page"), int) and link["page"] >= 1
            ):
                raise self.fail(f"{where}.{key}", 'expected {"page": N} with N ≥ 1, or null')
            article[key] = link
        return article


def parse_manifest(path: Path) -> Manifest:
    """Read and check a manifest file; raise ManifestError naming the file and the place."""
    source = path.name
    reader = _Reader(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise reader.fail("", f"cannot be read ({exc.strerror})") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise reader.fail("", "is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise reader.fail(
            "", f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError:
        raise reader.fail("", f"is nested more than {MAX_DEPTH} deep") from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise reader.fail("", "is not valid JSON (a number has too many digits)") from exc
    return manifest_from_data(data, source)


def manifest_from_data(data: Any, source: str = "manifest") -> Manifest:
    reader = _Reader(source)
    if not isinstance(data, dict):
        raise reader.fail("", "the top level must be a JSON object")
    if nesting(data, MAX_DEPTH) > MAX_DEPTH:
        raise reader.fail("", f"is nested more than {MAX_DEPTH} deep")
    manifest = Manifest(source=source)
    manifest.publication = reader.string(data, "publication", "$", 40)
    raw_date = data.get("date")
    if raw_date is not None:
        try:
            manifest.date = dt.date.fromisoformat(str(raw_date))
        except ValueError as exc:
            raise reader.fail("date", f"{shown(raw_date)} is not a date (YYYY-MM-DD)") from exc
    edition = data.get("edition")
    if edition is not None:
        if not isinstance(edition, int) or isinstance(edition, bool) or edition < 1:
            raise reader.fail("edition", "expected a whole number ≥ 1")
        manifest.edition = edition
    pages = data.get("pages", [])
    if not isinstance(pages, list):
        raise reader.fail("pages", "expected a list of pages")
    seen_numbers: set[str] = set()
    for i, page in enumerate(pages):
        where = f"pages[{i}]"
        if not isinstance(page, dict):
            raise reader.fail(where, "expected an object")
        facts = PageFacts(where=where)
        facts.file = reader.string(page, "file", where, 255)
        index = page.get("index")
        if index is not None:
            if not isinstance(index, int) or isinstance(index, bool) or index < 1:
                raise reader.fail(f"{where}.index", "expected a page sequence number ≥ 1")
            facts.index = index
        if facts.file is None and facts.index is None:
            raise reader.fail(
                where, 'name the page by "file" (its PDF file name) or "index" (1, 2, …)'
            )
        facts.number = reader.string(page, "number", where, 20)
        if facts.number is not None:
            if not LABEL_RE.match(facts.number):
                raise reader.fail(
                    f"{where}.number",
                    f'{facts.number!r} is not a page label (letters, digits, - or _, and not "a")',
                )
            if facts.number in seen_numbers:
                raise reader.fail(f"{where}.number", f"page number {facts.number!r} appears twice")
            seen_numbers.add(facts.number)
        facts.name = reader.string(page, "name", where, 100)
        image = page.get("image", True)
        if not isinstance(image, bool):
            raise reader.fail(f"{where}.image", "expected true or false")
        facts.image = image
        articles = page.get("articles")
        if articles is not None:
            if not isinstance(articles, list):
                raise reader.fail(f"{where}.articles", "expected a list of articles")
            facts.articles = [
                reader.article(a, f"{where}.articles[{j}]") for j, a in enumerate(articles)
            ]
        manifest.pages.append(facts)
    return manifest
