"""Load and endurance: a served deployment under a mix of readers, with one ingest meanwhile.

    .venv/bin/python bench/load.py [--seconds 10] [--clients 16,64,256] [--pages 8]
                                   [--deployments embedded,scale-out] [--web-workers 3]
                                   [--no-nginx-cache] [--scale-out-search replicated|auto]

Two deployments on loopback (tests/scaleout/deployment.py starts them):

- embedded: one `broadsheet serve` on SQLite and local files, per-process cache, the worker
  beside it (the default);
- scale-out: two `broadsheet serve` on one PostgreSQL (scripts/test-postgres.sh, a database
  of this run's own), one Redis and one object store (moto S3, scripts/test-s3.sh, when it is
  there; else one shared folder), nginx in front (keeping page images and PDFs, revalidated
  by ETag every 5 minutes, unless --no-nginx-cache), the worker as its own process, and
  search on the replicated backend as docs/scale-out.md recommends (one Tantivy index per
  server fed from the change log; `--scale-out-search auto` for PostgreSQL's full-text search).

Each gets a generated, published issue (`broadsheet ingest`). Then, at every client count, wrk
(Debian package, `scripts/install-system.sh bench`) drives four routes at once, each its own
wrk with a generated Lua script that walks its URLs and prints exact percentiles: page views
(4 parts of the clients), article views (3), page images (the 1200 px WebP a browser loads
with a page view, and the thumbnails: 2) and search (1),
all through the deployment's front door. During the middle client count one more issue is
ingested with `broadsheet ingest --publish` (the desk's pipeline) into the running site.
Memory is the RSS of every process (gunicorn workers one by one) after a warm-up run and at
the end. Ends with
`RESULT page_rps=… search_rps=… p99_ms=… errors=… memory_growth=…`: page and search requests
per second of the scale-out deployment at 64 clients (or the last deployment and level run),
the worst p99 of any route anywhere, all failed requests, and the largest growth of one
process's memory in per cent. Exits 1 when a request failed or a process grew by more than
10 %.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.scaleout.deployment import (  # noqa: E402
    BROADSHEET,
    Deployment,
    embedded,
    s3_environment,
    scale_out,
)

DATE = dt.date(2026, 11, 27)
WEIGHTS = {"page": 4, "article": 3, "image": 2, "search": 1}
MAX_GROWTH = 10.0  # per cent of a process's memory after warm-up
LUA = """\
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSON {\\"requests\\": %%d, \\"us\\": %%d, \\"p50\\": %%d, \\"p95\\": %%d, \\"p99\\": %%d, " ..
    "\\"status\\": %%d, \\"socket\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def write_issues(root: Path, pages: int) -> tuple[Any, list[Path], list[Path]]:
    """Two generated issues of the first demo publication: one to serve, one to ingest
    during the load."""
    from broadsheet.samples import DEMO_PUBLICATIONS, generate_issue, write_issue

    profile = DEMO_PUBLICATIONS[0]
    first = write_issue(generate_issue(profile, DATE, pages, seed=3), root / "pdfs-1")
    later = DATE + dt.timedelta(days=1)
    second = write_issue(generate_issue(profile, later, pages, seed=4), root / "pdfs-2")
    return profile, first, second


def prepare_site(env: dict[str, str], profile: Any, files: list[Path]) -> None:
    Path(env["BROADSHEET_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    run([*BROADSHEET, "migrate", "--noinput", "--verbosity", "0"], env)
    add = [*BROADSHEET, "publication", "add", profile.slug, "--name", profile.name]
    run([*add, "--language", profile.language], env)
    ingest = [*BROADSHEET, "ingest", "--publication", profile.slug, "--date", str(DATE)]
    run([*ingest, "--publish", *map(str, files)], env)


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def route_paths(base: str, slug: str) -> dict[str, list[str]]:
    """Every page, article and image of the served issue, and search words from its headlines."""
    issue = get_json(f"{base}/{slug}/{DATE}.json")
    pages = [p["number"] for p in issue["pages"]]
    found = {a["number"]: a for p in issue["pages"] for a in p["articles"] if a.get("headline")}
    articles = list(found.values())
    words = sorted({a["headline"][:2] for a in articles})[:40]
    return {
        "page": [f"/{slug}/{DATE}/{n}/" for n in pages],
        "article": [f"/{slug}/{DATE}/a/{a['number']}/" for a in articles],
        # What a reader's browser loads with a page view: the page at 1200 px and thumbnails.
        "image": [f"/{slug}/{DATE}/{n}.w{w}.webp" for n in pages for w in (1200, 240)],
        "search": ["/search/?q=" + urllib.parse.quote(w) for w in words],
    }


def wrk(base: str, paths: list[str], connections: int, seconds: int, lua: Path) -> dict[str, Any]:
    quoted = ", ".join(json.dumps(p) for p in paths)
    lua.write_text(LUA % {"paths": quoted})
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    out = subprocess.run(
        [*command, "-s", str(lua), base + paths[0]], capture_output=True, text=True, check=True
    ).stdout
    line = next((x for x in out.splitlines() if x.startswith("JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary:\n{out}")
    figures = json.loads(line[5:])
    seconds_run = figures["us"] / 1e6
    return {
        "rps": figures["requests"] / seconds_run,
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
        "errors": figures["status"] + figures["socket"],
        "requests": figures["requests"],
    }


def mix(
    base: str, routes: dict[str, list[str]], clients: int, seconds: int, work: Path
) -> dict[str, dict[str, Any]]:
    """All routes at once, each with its share of the clients."""
    total = sum(WEIGHTS.values())
    results: dict[str, dict[str, Any]] = {}

    def one(name: str) -> None:
        share = max(1, round(clients * WEIGHTS[name] / total))
        results[name] = wrk(base, routes[name], share, seconds, work / f"{name}-{clients}.lua")

    threads = [threading.Thread(target=one, args=(name,)) for name in WEIGHTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def ingest_during(env: dict[str, str], slug: str, files: list[Path]) -> dict[str, Any]:
    """`broadsheet ingest --publish` of the second issue, in a thread; returns its outcome."""
    outcome: dict[str, Any] = {}

    def go() -> None:
        start = time.monotonic()
        command = [*BROADSHEET, "ingest", "--publication", slug, "--publish"]
        command += ["--date", str(DATE + dt.timedelta(days=1)), *map(str, files)]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        outcome.update(seconds=time.monotonic() - start, ok=done.returncode == 0)
        if done.returncode:
            outcome["error"] = (done.stderr or done.stdout)[-500:]

    thread = threading.Thread(target=go)
    thread.start()
    outcome["thread"] = thread
    return outcome


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database of this run's own on the test PostgreSQL server, dropped afterwards."""
    import psycopg

    server = subprocess.run(
        [str(ROOT / "scripts" / "test-postgres.sh"), "start"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    admin = server.rsplit("/", 1)[0] + "/postgres"
    name = f"broadsheet_load_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def deploy(
    kind: str,
    root: Path,
    profile: Any,
    files: list[Path],
    workers: int,
    file_cache: bool = True,
    search: str = "replicated",
) -> Iterator[Any]:
    base_env = {**os.environ, "BROADSHEET_SECRET_KEY": secrets.token_urlsafe(40)}
    base_env.pop("DATABASE_URL", None)
    for name in list(base_env):
        if name.startswith("BROADSHEET_S3_"):
            base_env.pop(name)
    if kind == "embedded":
        data = root / "data"
        env = {**base_env, "BROADSHEET_DATA_DIR": str(data)}
        prepare_site(env, profile, files)
        with embedded(root, data, env, web_workers=workers) as running:
            yield running
        return
    store = s3_environment()
    if store:
        store["BROADSHEET_S3_PREFIX"] = f"load-{secrets.token_hex(4)}"
    with postgres_database() as url:
        shared = {
            **base_env,
            "DATABASE_URL": url,
            "BROADSHEET_SEARCH_BACKEND": search,
            **(store or {}),
        }
        files_dir = None if store else root / "files"
        if files_dir:
            files_dir.mkdir()
        site_dir = root / "site"
        site_dir.mkdir()
        if files_dir:
            (site_dir / "files").symlink_to(files_dir, target_is_directory=True)
        prepare_site({**shared, "BROADSHEET_DATA_DIR": str(site_dir)}, profile, files)
        with scale_out(
            root, shared, web_workers=workers, files=files_dir, file_cache=file_cache
        ) as running:
            running.env["BROADSHEET_DATA_DIR"] = str(site_dir)
            yield running


def bench_deployment(
    kind: str, args: argparse.Namespace, root: Path, profile: Any, first: list[Path],
    second: list[Path],
) -> dict[str, Any]:  # fmt: skip
    with deploy(
        kind, root, profile, first, args.web_workers, args.nginx_cache, args.scale_out_search
    ) as running:
        assert isinstance(running, Deployment)
        routes = route_paths(running.url, profile.slug)
        search = "" if kind == "embedded" else f", search backend {args.scale_out_search}"
        print(f"\n{kind}: {running.url} ({len(running.servers)} app server(s){search})", flush=True)
        for paths in routes.values():  # renditions made, caches filled on every server
            for path in paths:
                for base in running.servers:
                    urllib.request.urlopen(base + path, timeout=120).read()
        mix(running.url, routes, 16, args.warmup, root)  # and every worker warm
        start_memory = running.memory()
        levels: dict[int, dict[str, dict[str, Any]]] = {}
        ingest: dict[str, Any] = {}
        for n, clients in enumerate(args.clients):
            if n == len(args.clients) // 2:
                ingest = ingest_during(running.env, profile.slug, second)
            levels[clients] = mix(running.url, routes, clients, args.seconds, root)
            print_level(clients, levels[clients])
        if ingest:
            ingest.pop("thread").join()
        end_memory = running.memory()
    growth = {
        name: (end_memory.get(name, 0) - kb) / kb * 100
        for name, kb in start_memory.items()
        if kb and name in end_memory
    }
    print(f"ingest of a {len(second)}-page issue during the load: {ingest}")
    print(f"{'process':<22}{'start MB':>10}{'end MB':>10}{'growth':>9}")
    for name, kb in start_memory.items():
        end = end_memory.get(name, 0)
        print(f"{name:<22}{kb / 1024:>10.1f}{end / 1024:>10.1f}{growth.get(name, 0):>8.1f}%")
    return {"levels": levels, "growth": growth, "ingest": ingest}


def print_level(clients: int, results: dict[str, dict[str, Any]]) -> None:
    print(f"  {clients} clients")
    print(f"    {'route':<9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, r in results.items():
        print(
            f"    {name:<9}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
            f"{r['errors']:>8}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10, help="per client count")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--clients", default="16,64,256")
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--deployments", default="embedded,scale-out")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument(
        "--no-nginx-cache",
        dest="nginx_cache",
        action="store_false",
        help="scale-out: nginx keeps no page images and PDFs (every one from the app servers)",
    )
    parser.add_argument(
        "--scale-out-search",
        choices=["replicated", "auto"],
        default="replicated",
        help="scale-out: BROADSHEET_SEARCH_BACKEND of the servers (auto: PostgreSQL's own)",
    )
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    for tool in ("wrk", "nginx", "redis-server"):
        if not shutil.which(tool) and not Path("/usr/sbin", tool).exists():
            raise SystemExit(f"{tool} is not installed: run scripts/install-system.sh bench")
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    profile, first, second = write_issues(tmp, args.pages)
    runs: dict[str, dict[str, Any]] = {}
    try:
        for kind in args.deployments.split(","):
            (tmp / kind).mkdir()
            runs[kind] = bench_deployment(kind, args, tmp / kind, profile, first, second)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    headline = runs.get("scale-out") or runs[list(runs)[-1]]
    level = headline["levels"].get(64) or headline["levels"][args.clients[-1]]
    results = [r for run_ in runs.values() for lv in run_["levels"].values() for r in lv.values()]
    errors = sum(r["errors"] for r in results)
    errors += sum(0 if run_["ingest"].get("ok", True) else 1 for run_ in runs.values())
    growth = max((g for run_ in runs.values() for g in run_["growth"].values()), default=0.0)
    extra = " ".join(
        f"{kind.replace('-', '_')}_page_rps_{c}={lv['page']['rps']:.0f}"
        for kind, run_ in runs.items()
        for c, lv in run_["levels"].items()
    )
    missed = errors > 0 or growth > MAX_GROWTH  # the targets: no errors, memory within 10 %
    if missed:
        print(f"TARGET MISSED: errors={errors} (0 allowed), memory_growth={growth:.1f} % (<= 10)")
    print(
        f"RESULT page_rps={level['page']['rps']:.0f} search_rps={level['search']['rps']:.0f} "
        f"p99_ms={max(r['p99'] for r in results):.0f} errors={errors} "
        f"memory_growth={growth:.1f} {extra}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
