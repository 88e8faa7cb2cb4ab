"""A small published paper (two issues of three pages, and a draft) and a helper that runs
`broadsheet export-static` the way the command line does."""

from __future__ import annotations

import datetime as dt
import html.parser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command

from broadsheet.ingest.pipeline import IngestRequest, ingest
from tests.conftest import ISSUE_DATE

DAY = ISSUE_DATE.isoformat()
EARLIER_DAY = (ISSUE_DATE - dt.timedelta(days=2)).isoformat()
DRAFT_DAY = (ISSUE_DATE + dt.timedelta(days=1)).isoformat()


@pytest.fixture
def paper(publication, page_pdfs, manifest_for) -> dict[str, Any]:
    """Two published issues of 江城日报 (a gap day between them), of one page each (a page
    costs the export 14 renditions; the reader's own tests cover more pages); `paper["add"]`
    ingests another issue of that page."""
    files = page_pdfs[:1]
    manifest = manifest_for(files)
    made: dict[str, Any] = {}

    def add(day: str, publish: bool) -> Any:
        return ingest(
            IngestRequest(
                publication="jcrb",
                date=dt.date.fromisoformat(day),
                files=files,
                manifest=manifest,
                publish=publish,
                workers=1,
            )
        ).issue

    made["add"] = add
    for day in (EARLIER_DAY, DAY):
        made[day] = add(day, True)
    return made


def export(out: Path, *args: str, **options: Any) -> None:
    call_command("export-static", str(out), *args, verbosity=0, **options)


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in {"href", "src", "action"} or name.startswith("data-zoom-"):
                self.links.append(value)
            elif name == "srcset":
                self.links.extend(item.strip().split(" ")[0] for item in value.split(","))


def links_of(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def broken_links(out: Path) -> list[str]:
    """Every href/src/srcset/action of every HTML file that does not lead to a file in OUTDIR
    (absolute paths and other sites' URLs count as broken: the edition must be relative)."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme in {"http", "https"} and "pagefind" not in link:
                continue  # another site (none are expected, but they are not ours to check)
            if not parts.path:
                continue  # "#main", "?q=…"
            if parts.path.startswith("/") or parts.scheme:
                broken.append(f"{page.relative_to(out)}: {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or out.resolve() not in target.parents:
                broken.append(f"{page.relative_to(out)}: {link}")
    return broken
