"""Benchmark: how fast the reader serves a page view and an article view, against a static file.

    .venv/bin/python bench/reader.py [--seconds 10] [--connections 16] [--workers 3]

Builds a one-issue site (a generated 12-page paper through the real ingest pipeline), starts
`broadsheet serve` (gunicorn + WhiteNoise, as in production), and drives it with wrk (Debian
package `wrk`, installed by `scripts/install-system.sh bench`) on loopback:

- the page view and the article view of the published issue, and
- a static file of exactly the page view's size, served by the same server in the same run
  (the baseline).

Then it loads the page view cold in headless Chromium and adds up the bytes transferred before
the reader zooms. Ends with `RESULT page_view_ratio=… article_view_ratio=… cold_page_kb=…`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(data_dir: Path, port: int, workers: int, probe: str) -> Iterator[str]:
    """`broadsheet serve` on the data in `data_dir`, up once `probe` answers; yields the
    first answer to it (HTML) and stops the server afterwards."""
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir)}
    command = [str(BIN / "broadsheet"), "serve", "--no-prepare", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                url = f"http://127.0.0.1:{port}{probe}"
                first = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        yield first
    finally:
        server.terminate()
        server.wait(timeout=10)


def ingest_sample_issue(data_dir: Path, pages: int) -> Any:
    """Set Django up on `data_dir` and ingest one generated, published issue of the first
    demo publication (2026-11-27, `pages` pages); return the Issue."""
    os.environ["BROADSHEET_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from broadsheet.ingest.pipeline import IngestRequest, ingest
    from broadsheet.newspaper.models import Publication
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue

    call_command("migrate", verbosity=0)
    profile = DEMO_PUBLICATIONS[0]
    Publication.objects.create(slug=profile.slug, name=profile.name, language=profile.language)
    date = dt.date(2026, 11, 27)
    files = write_issue(generate_issue(profile, date, pages, seed=3), data_dir.parent / "pdfs")
    outcome = ingest(IngestRequest(publication=profile.slug, date=date, files=files, publish=True))
    return outcome.issue


def build_site(data_dir: Path) -> tuple[str, str]:
    """Ingest one generated issue; return the paths of its front page and first article."""
    issue = ingest_sample_issue(data_dir, 12)
    slug, date = issue.publication.slug, issue.date
    page = issue.pages.order_by("sequence").first()
    article = issue.articles.exclude(kind="advert").order_by("order").first()
    assert page is not None and article is not None
    return f"/{slug}/{date}/{page.number}/", f"/{slug}/{date}/a/{article.number}/"


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} failed responses\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"wrk printed no rate for {url}:\n{out}")
    return float(match.group(1))


def cold_page_bytes(url: str) -> tuple[int, list[tuple[str, int]]]:
    from playwright.sync_api import sync_playwright

    from broadsheet.samples.chromium import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sizes: dict[str, int] = {}

        def finished(request) -> None:  # type: ignore[no-untyped-def]
            if request.response() is None:
                return
            transferred = request.sizes()
            sizes[request.url] = (
                transferred["responseBodySize"] + transferred["responseHeadersSize"]
            )

        page.on("requestfinished", finished)
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(500)
        browser.close()
    items = sorted(sizes.items(), key=lambda kv: -kv[1])
    return sum(sizes.values()), items


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run scripts/install-system.sh bench")

    tmp = Path(tempfile.mkdtemp(prefix="bench-reader-"))
    data_dir = tmp / "data"
    page_path, article_path = build_site(data_dir)

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    client = Client(HTTP_HOST=f"127.0.0.1:{port}")
    response = client.get(page_path)
    assert response.status_code == 200, response.status_code
    page_size = len(response.content)
    static_dir = Path(settings.STATIC_ROOT) / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "same-size.html").write_bytes(b"x" * page_size)

    base = f"http://127.0.0.1:{port}"
    with serve(data_dir, port, args.workers, page_path):
        for path in (page_path, article_path, "/static/bench/same-size.html"):
            for _ in range(args.workers * 2):  # warm every worker's render cache
                urllib.request.urlopen(base + path).read()
        static_rps = wrk(base + "/static/bench/same-size.html", args.seconds, args.connections)
        page_rps = wrk(base + page_path, args.seconds, args.connections)
        article_rps = wrk(base + article_path, args.seconds, args.connections)
        total, items = cold_page_bytes(base + page_path)
    shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"page view {page_path} ({page_size} bytes of HTML), {args.workers} gunicorn workers, wrk -c{args.connections} -d{args.seconds}s"
    )
    print(f"{'static file, same size':<26}{static_rps:>10.0f} req/s")
    print(f"{'page view':<26}{page_rps:>10.0f} req/s   ratio {page_rps / static_rps:.2f}")
    print(f"{'article view':<26}{article_rps:>10.0f} req/s   ratio {article_rps / static_rps:.2f}")
    print(f"cold page view: {total / 1024:.0f} KB in {len(items)} responses; largest:")
    for url, size in items[:6]:
        print(f"  {size / 1024:8.1f} KB  {url.replace(base, '')}")
    print(
        f"RESULT page_view_ratio={page_rps / static_rps:.2f} article_view_ratio={article_rps / static_rps:.2f} "
        f"cold_page_kb={total / 1024:.0f} page_rps={page_rps:.0f} static_rps={static_rps:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
