"""The static edition in a real browser, served by a plain static file server under a
sub-path: the page anatomy, a zone to its article and back, and a Pagefind search."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scaleout.deployment import free_port
from tests.static_edition.conftest import DAY, export

# Transactional: the browser runs an event loop, in which Django opens a connection of its own.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def static_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`python -m http.server` over a folder; yields the folder and its URL."""
    root = tmp_path / "www"
    root.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield root, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_static_edition_in_a_browser_under_a_sub_path(paper, static_server, tabs):
    root, url = static_server
    export(root / "papers" / "jcrb-static", publication="jcrb")
    base = f"{url}/papers/jcrb-static/"
    page = tabs.open(base)
    # The front page: the latest issue's first page, its image and its zones.
    page.wait_for_url(f"{base}jcrb/{DAY}/index.html")
    assert page.locator(".page-image").evaluate("img => img.naturalWidth") > 0
    zone = page.locator("svg.zones a.zone").first
    headline = zone.get_attribute("aria-label")
    assert headline
    # A zone opens its article; "show on page" leads back to the page at the article.
    zone.click()
    page.wait_for_url(f"{base}jcrb/{DAY}/a/*/index.html")
    assert page.locator("h1.article-headline").inner_text() == headline
    page.locator("a.show-on-page").first.click()
    page.wait_for_url(f"{base}jcrb/{DAY}/A01/index.html#article-*")
    assert page.locator("svg.zones a.zone").count() >= 1
    # Search from the masthead: Pagefind, in the browser, with no server of ours.
    page.fill("#site-search", "城市")
    page.press("#site-search", "Enter")
    page.wait_for_url(f"{base}search/index.html?*")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for()
    assert "城市" in page.locator(".pagefind-ui__results").inner_text()
    result.click()
    page.wait_for_url(f"{base}jcrb/**/a/*/index.html")
    assert page.locator("h1.article-headline").is_visible()
