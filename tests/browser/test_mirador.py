"""An issue opens in Mirador 4 (npm `mirador`, `make install-test`), a real IIIF viewer.

Mirador's browser bundle and a tiny page that starts it are served to Chromium by Playwright
from another origin (`http://mirador.test`, never the project's static files); the page opens
the issue's Manifest, as the JSON twin names it, from the live server, so the Manifest, the
Image API and their CORS headers are all exercised the way a library's viewer would use them.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DAY

pytestmark = pytest.mark.browser

MIRADOR = (
    Path(__file__).resolve().parents[2] / "node_modules" / "mirador" / "dist" / "mirador.min.js"
)
SCREENSHOT = Path("/tmp/mirador.png")
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mirador</title></head>
<body style="margin:0">
<div id="viewer" style="position:absolute;inset:0"></div>
<script src="mirador.min.js"></script>
<script>
  window.viewer = Mirador.viewer({
    id: "viewer",
    windows: [{id: "w", manifestId: MANIFEST, thumbnailNavigationPosition: "off"}],
    window: {allowClose: false, sideBarOpen: true, defaultSideBarPanel: "info"},
    workspaceControlPanel: {enabled: false},
  });
</script>
</body></html>
"""


@pytest.fixture
def mirador() -> Path:
    if not MIRADOR.exists():
        pytest.skip(f"no Mirador bundle at {MIRADOR} (npm ci, as `make install-test` runs)")
    return MIRADOR


@contextlib.contextmanager
def mirador_site(folder: Path, manifest: str, bundle: Path) -> Iterator[str]:
    """Serve the bundle and a page opening `manifest` from `folder`; yield the page's URL."""
    (folder / "index.html").write_text(PAGE.replace("MANIFEST", json.dumps(manifest)), "utf-8")
    shutil.copyfile(bundle, folder / "mirador.min.js")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def window_state(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("() => window.viewer.store.getState().windows.w"))


def is_tile(page_number: str) -> Any:
    """A predicate: an image of that page from our Image API, other than the whole page."""
    part = f"/iiif/image/jcrb/{DAY}/{page_number}/"

    def check(response: Any) -> bool:
        return part in response.url and response.url.endswith("/0/default.jpg")

    return check


# Mirador 4.0.0's own bundle logs this (a library inside it reads a React 18 API under the
# React 19 it ships); nothing of ours.
MIRADOR_NOISE = "Accessing element.ref was removed in React 19"


@dataclass
class Opened:
    page: Any  # the Playwright page showing Mirador
    window: Any  # the locator of Mirador's window
    title: str  # the Manifest's label
    canvases: dict[str, str]  # page number -> Canvas id


@pytest.fixture
def opened(paper, tabs, mirador, tmp_path) -> Iterator[Opened]:
    """The published issue open in Mirador, its first page's first tile loaded."""
    with urllib.request.urlopen(paper(f"/jcrb/{DAY}.json")) as response:
        twin = json.load(response)
    manifest_url = twin["iiif_manifest"]
    assert manifest_url == paper(f"/iiif/jcrb/{DAY}/manifest.json")
    with urllib.request.urlopen(manifest_url) as response:
        manifest = json.load(response)
    canvases = {c["label"]["zh-Hans"][0].split()[0]: c["id"] for c in manifest["items"]}
    assert list(canvases) == ["A01", "A02", "A03"]
    site = tmp_path / "mirador"
    site.mkdir()
    page = tabs.open()
    try:
        with mirador_site(site, manifest_url, mirador) as url:
            with page.expect_response(is_tile("A01")) as first_tile:
                page.goto(url)
            # A tile of the first page, from our Image API, across origins.
            assert first_tile.value.status == 200
            assert first_tile.value.headers["content-type"] == "image/jpeg"
            assert first_tile.value.headers["access-control-allow-origin"] == "*"
            yield Opened(page, page.locator("section#w"), manifest["label"]["zh-Hans"][0], canvases)
    finally:
        tabs.errors[:] = [e for e in tabs.errors if MIRADOR_NOISE not in e]


def open_table_of_contents(opened: Opened) -> Any:
    opened.window.get_by_role("tab", name="Index").click()
    toc = opened.window.get_by_role("tab", name="Table of contents")
    toc.click()
    assert toc.get_attribute("aria-selected") == "true"
    tree = opened.window.get_by_role("tree")
    articles = tree.get_by_role("treeitem", name="Articles")
    if articles.get_attribute("aria-expanded") != "true":
        articles.locator(".MuiTreeItem-content").first.click()
    assert articles.get_attribute("aria-expanded") == "true"
    return tree


def test_an_issue_opens_in_mirador_with_its_articles_listed(opened, paper):
    page, window = opened.page, opened.window
    # The manifest is loaded: its label is the window's title, the first canvas is shown.
    top_bar = window.get_by_role("navigation", name="Window navigation")
    assert top_bar.get_by_role("heading", name=opened.title, exact=True).is_visible()
    page.get_by_text("1 of 3 • A01 要闻").wait_for()
    assert window_state(page)["canvasId"] == opened.canvases["A01"]
    # The structures are the table of contents: every article's headline, in reading order.
    tree = open_table_of_contents(opened)
    listed = tree.get_by_role("treeitem").all_inner_texts()
    assert listed[1:] == [a["headline"] for a in paper.articles]
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SCREENSHOT))


def test_clicking_an_article_in_mirador_goes_to_its_page(opened, paper):
    page = opened.page
    article = paper.on_page("A03")[0]  # on the last page: the viewer opened at the first
    tree = open_table_of_contents(opened)
    item = tree.get_by_role("treeitem", name=article["headline"], exact=True)
    with page.expect_response(is_tile("A03"), timeout=5000) as tile:
        item.locator(".MuiTreeItem-content").first.click()
    assert tile.value.status == 200
    page.get_by_text("3 of 3 • A03 文化").wait_for()
    assert window_state(page)["canvasId"] == opened.canvases["A03"]
    assert item.get_attribute("aria-selected") == "true"
    # The article is marked as the one in view (Mirador highlights the Ranges of visible canvases).
    marked = item.locator(".MuiTreeItem-label > div")
    assert marked.evaluate("e => getComputedStyle(e).display") == "inline"
    assert marked.inner_text() == article["headline"]
