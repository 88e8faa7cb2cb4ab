"""Benchmark: a deep-zoom session on the IIIF Image API, against the page image the reader loads.

    .venv/bin/python bench/iiif.py [--seconds 10] [--connections 16] [--workers 3] [--pages 4]

Builds a one-issue site (a generated paper through the real ingest pipeline), starts
`broadsheet serve` (gunicorn + WhiteNoise, as in production) and, on loopback:

- fetches the issue's Manifest (the first request builds it: the figure reported) and a page's
  `info.json`;
- asks for 50 tiles at three zoom levels, as OpenSeadragon (Mirador's viewer) asks for them from
  `tiles`/`scaleFactors`: the whole grid of the coarsest level, then of the next, then the
  finest level's tiles nearest the page's centre; `full` when a tile is the whole image, else
  `x,y,w,h/w,h`. Cold (nothing rendered yet: every tile is rendered by PDFium and kept),
  one request at a time, then warm (the same 50 again);
- drives the 50 warm tiles and the page view's image (the JPEG the reader's page view loads,
  the same request over and over: the baseline) with wrk (Debian package `wrk`,
  `scripts/install-system.sh bench`), in the same run.

Targets: warm tiles at least 0.5× the page image's rate, cold tiles p95 under 150 ms.
Ends with `RESULT tile_cold_p95_ms=… tile_warm_ratio=… manifest_ms=…`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader import free_port, ingest_sample_issue, serve, wrk  # noqa: E402  (the reader bench's helpers)

TILES = 50
LEVELS = 3


def build_site(data_dir: Path, pages: int) -> tuple[str, str, str]:
    """Ingest one generated issue; return its page view, manifest and first page's service."""
    issue = ingest_sample_issue(data_dir, pages)
    slug, date = issue.publication.slug, issue.date
    page = issue.pages.order_by("sequence").first()
    assert page is not None
    return (
        f"/{slug}/{date}/{page.number}/",
        f"/iiif/{slug}/{date}/manifest.json",
        f"/iiif/image/{slug}/{date}/{page.number}",
    )


def session_tiles(info: dict, count: int = TILES, levels: int = LEVELS) -> list[str]:
    """The image requests of a deep-zoom session, as OpenSeadragon's IIIF tile source makes
    them: coarse to fine, the finest level's tiles nearest the centre first."""
    width, height = info["width"], info["height"]
    tile = info["tiles"][0]
    tw, th = tile["width"], tile.get("height", tile["width"])
    factors = sorted(tile["scaleFactors"])[:levels]
    out: list[str] = []
    for factor in sorted(factors, reverse=True):
        grid = []
        for row in range(math.ceil(height / (th * factor))):
            for col in range(math.ceil(width / (tw * factor))):
                x, y = col * tw * factor, row * th * factor
                w, h = min(tw * factor, width - x), min(th * factor, height - y)
                whole = (x, y, w, h) == (0, 0, width, height)
                region = "full" if whole else f"{x},{y},{w},{h}"
                size = f"{math.ceil(w / factor)},{math.ceil(h / factor)}"
                distance = math.hypot(x + w / 2 - width / 2, y + h / 2 - height / 2)
                grid.append((distance, f"{region}/{size}/0/default.jpg"))
        if factor == min(factors):
            grid.sort()
        out.extend(path for _, path in grid)
    return out[:count]


def tile_sizes(service: str) -> list[int]:
    """The encoded sizes of the session's tiles, rendered in this process, stored nowhere."""
    from broadsheet.newspaper.models import Page
    from broadsheet.reader import iiif_image

    _, pub, date, number = service.rsplit("/", 3)
    page = Page.objects.get(issue__publication__slug=pub, issue__date=date, number=number)
    full = iiif_image.full_size(page)
    out = []
    for path in session_tiles(iiif_image.info(service, full)):
        region, size, rotation, last = path.split("/")
        quality, fmt = last.split(".")
        req = iiif_image.parse(region, size, rotation, quality, fmt, full)
        out.append(len(iiif_image.encode(iiif_image.render(page, full, req), fmt)))
    return out


def timed_gets(port: int, paths: list[str]) -> list[float]:
    """GET each path in turn on one keep-alive connection; milliseconds each."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    try:
        for path in paths:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            times.append((time.perf_counter() - start) * 1000)
            if response.status != 200 or not body:
                raise SystemExit(f"{path}: {response.status}")
    finally:
        conn.close()
    return times


def wrk_paths(base: str, paths: list[str], seconds: int, connections: int, tmp: Path) -> float:
    """wrk cycling through `paths` (a Lua script), requests a second."""
    script = tmp / "paths.lua"
    listed = ", ".join(json.dumps(p) for p in paths)
    script.write_text(
        f"local paths = {{{listed}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if errors := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"tiles: {errors.group(1)} failed responses\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"wrk printed no rate for the tiles:\n{out}")
    return float(match.group(1))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run scripts/install-system.sh bench")

    tmp = Path(tempfile.mkdtemp(prefix="bench-iiif-"))
    data_dir = tmp / "data"
    page_path, manifest_path, service = build_site(data_dir, args.pages)

    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    static_dir = Path(settings.STATIC_ROOT) / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    # A second yardstick: a WhiteNoise static file as large as the session's average tile
    # (made here, in memory, without keeping anything: the server's tiles stay cold).
    tile_bytes = round(statistics.mean(tile_sizes(service)))
    same_size = "/static/bench/tile-size.jpg"
    (static_dir / "tile-size.jpg").write_bytes(b"x" * tile_bytes)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serve(data_dir, port, args.workers, page_path) as html:
        match = re.search(r'class="page-image" src="([^"]+)"', html)
        if not match:
            raise SystemExit("the page view names no page image")
        image_path = match.group(1).replace(base, "")
        # Every worker up (imports, URL conf, first queries) before anything is timed: the
        # page view, from as many clients at once as there are workers, a few times.
        with ThreadPoolExecutor(args.workers * 2) as pool:
            list(pool.map(lambda _: urllib.request.urlopen(base + page_path).read(), range(30)))

        manifest_ms = timed_gets(port, [manifest_path])[0]
        manifest_warm = statistics.median(timed_gets(port, [manifest_path] * 20))
        info_ms = timed_gets(port, [f"{service}/info.json"])[0]
        with urllib.request.urlopen(f"{base}{service}/info.json") as response:
            info = json.load(response)
        tiles = [f"{service}/{t}" for t in session_tiles(info)]
        cold = timed_gets(port, tiles)
        warm = timed_gets(port, tiles)
        sizes = [len(urllib.request.urlopen(base + path).read()) for path in tiles]
        assert round(statistics.mean(sizes)) == tile_bytes, "the tiles served are those made"
        for path in [*tiles, image_path, same_size]:
            for _ in range(args.workers * 2):  # every worker's caches, as a busy site has them
                urllib.request.urlopen(base + path).read()
        static_rps = wrk(base + image_path, args.seconds, args.connections)
        tile_rps = wrk_paths(base, tiles, args.seconds, args.connections, tmp)
        whitenoise_rps = wrk(base + same_size, args.seconds, args.connections)
    shutil.rmtree(tmp, ignore_errors=True)

    factors = sorted(info["tiles"][0]["scaleFactors"])[:LEVELS]
    print(
        f"page {info['width']}×{info['height']} px, scale factors {info['tiles'][0]['scaleFactors']}; "
        f"{len(tiles)} tiles at factors {factors}; {args.workers} gunicorn workers, "
        f"wrk -c{args.connections} -d{args.seconds}s"
    )
    print(f"manifest ({args.pages} pages): first {manifest_ms:.1f} ms, then {manifest_warm:.1f} ms")
    print(f"info.json: first {info_ms:.1f} ms")
    print(
        f"tiles cold: p50 {pct(cold, 0.5):.1f} ms  p95 {pct(cold, 0.95):.1f} ms  "
        f"max {max(cold):.1f} ms"
    )
    print(f"tiles warm: p50 {pct(warm, 0.5):.1f} ms  p95 {pct(warm, 0.95):.1f} ms")
    ratio = tile_rps / static_rps
    print(f"{'page image (the baseline)':<28}{static_rps:>8.0f} req/s   {image_path}")
    print(f"{'tiles, warm':<28}{tile_rps:>8.0f} req/s   ratio {ratio:.2f}")
    print(
        f"{'WhiteNoise file, tile size':<28}{whitenoise_rps:>8.0f} req/s   "
        f"tiles {tile_rps / whitenoise_rps:.2f} of it ({statistics.mean(sizes) / 1024:.0f} KB)"
    )
    print(
        f"RESULT tile_cold_p95_ms={pct(cold, 0.95):.1f} tile_warm_ratio={ratio:.2f} "
        f"manifest_ms={manifest_ms:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
