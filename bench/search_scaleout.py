"""Search on the scale-out deployment: two app servers with the replicated backend, behind nginx.

    .venv/bin/python bench/search_scaleout.py --articles 100000      # 1,000,000 by default

On PostgreSQL (its own server, started with scripts/test-postgres.sh on port 54343 unless
--postgres names one), with the synthetic archive of bench/search.py: the articles, pages and
issues are loaded into the database (bulk inserts), server 1's index is the archive's cached
Tantivy index (bench/.cache/tantivy-<n>, built by search_build, the same as bench/search.py)
with its log bookmark, and server 2 starts from a snapshot of it (`broadsheet search_snapshot`
on server 1, `broadsheet reindex` on server 2; both timed). The two servers share the snapshot
store (server 2's files/ is server 1's: a stand-in for the S3 bucket).

Then, over HTTP through nginx:
- the query mix of bench/search.py (stress cases apart), /search.json, --runs passes after a
  warm-up, p50/p95/p99 of the whole request; every count is compared with the index's own;
- recall: bench/search.py's brute-force check on server 2's restored index;
- a correction: one article changed in the database, then the first search on each server;
- throughput with wrk: /search.json over the mix, and a page view, on the same deployment:
  first with no results kept (BROADSHEET_SEARCH_CACHE_SECONDS=0: every request searches the
  index; the latency figures above are taken so too), then as deployed by default (pages of
  results kept under the log position, as page views are kept by the front cache).
Ends with RESULT p95_ms=… p99_ms=… recall=… search_rps_ratio=… (as deployed)
search_rps_ratio_uncached=… search_rps=… search_rps_uncached=… page_rps=….
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
VENV = ROOT / ".venv" / "bin"


def sh(cmd: list[str], env: dict[str, str], **kw: object) -> str:
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    return str(out.stdout)


def own_postgres() -> str:
    env = dict(
        os.environ, BROADSHEET_TEST_PGDATA="/tmp/bs-scaleout-pg", BROADSHEET_TEST_PGPORT="54343"
    )
    return sh([str(ROOT / "scripts" / "test-postgres.sh"), "start"], env).strip()


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load_archive(store, n: int) -> float:  # type: ignore[no-untyped-def]
    """Publications, issues, pages and articles of the synthetic archive (ids as in the index)."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    import search_corpus as corpus
    from broadsheet.newspaper.models import Article, Issue, Page, Publication

    if Article.objects.count() == n:
        print(f"reusing the {n:,} articles in the database")
        return 0.0
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE newspaper_article, newspaper_page, newspaper_issue, newspaper_publication,"
            " search_change, search_searchsnapshot RESTART IDENTITY CASCADE"
        )
    now = timezone.now()
    pubs = {
        slug: Publication.objects.create(slug=slug, name=slug.title(), sort_order=k)
        for k, slug in enumerate(corpus.PUBLICATIONS)
    }
    issues: dict[int, Issue] = {}
    pages: dict[tuple[int, str], int] = {}
    chunk = 5000
    for lo in range(0, n, chunk):
        arts = store.articles(lo, min(lo + chunk, n))
        with transaction.atomic():
            new_issues = []
            for a in arts:
                if a.issue_id not in issues:
                    issues[a.issue_id] = Issue(
                        id=a.issue_id,
                        publication=pubs[a.publication],
                        date=dt.date.fromordinal(a.day),
                        status=Issue.Status.PUBLISHED,
                        published_at=now,
                    )
                    new_issues.append(issues[a.issue_id])
            Issue.objects.bulk_create(new_issues, batch_size=2000)
            new_pages = []
            for a in arts:
                if (a.issue_id, a.page) not in pages:
                    pages[(a.issue_id, a.page)] = 0
                    new_pages.append(
                        Page(
                            issue_id=a.issue_id,
                            sequence=int(a.page[1:]),
                            number=a.page,
                            width=842,
                            height=1191,
                        )
                    )
            for p in Page.objects.bulk_create(new_pages, batch_size=2000):
                pages[(p.issue_id, p.number)] = p.pk
            # COPY, not bulk_create: at 1M articles (4.5 GB of text) the INSERTs take most of an hour.
            with (
                connection.cursor() as cur,
                cur.cursor.copy(
                    'COPY newspaper_article (id, issue_id, page_id, number, "order", kind, kicker,'
                    " headline, subheadline, byline, body) FROM STDIN"
                ) as copy,
            ):
                for a in arts:
                    copy.write_row(
                        (
                            a.id,
                            a.issue_id,
                            pages[(a.issue_id, a.page)],
                            a.id,
                            a.id,
                            Article.Kind.NEWS,
                            "",
                            a.headline,
                            "",
                            "",
                            json.dumps([{"type": "paragraph", "text": a.body}], ensure_ascii=False),
                        )
                    )
        if (lo // chunk) % 4 == 0:
            print(
                f"  loaded {lo + len(arts):,} articles ({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
    with connection.cursor() as cur:
        for table in ("newspaper_issue", "newspaper_page", "newspaper_article"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
            cur.execute(f"ANALYZE {table}")
    return time.perf_counter() - t0


def pct(values: list[float], p: float) -> float:
    import statistics

    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def query_url(case) -> str:  # type: ignore[no-untyped-def]
    params = {"q": case.text, "sort": case.sort}
    if case.publication:
        params["publication"] = case.publication
    if case.page:
        params["page"] = case.page
    if case.years:
        params["from"], params["to"] = f"{case.years[0]}-01-01", f"{case.years[1]}-12-31"
    return "/search.json?" + urllib.parse.urlencode(params)


def get(base: str, path: str) -> tuple[float, dict]:  # type: ignore[type-arg]
    t0 = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=60) as r:
        body = r.read()
    return (time.perf_counter() - t0) * 1000, json.loads(body) if body[:1] == b"{" else {}


def wait_up(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base + "/search.json?q=x", timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def nginx(prefix: Path, port: int, upstreams: list[int]) -> subprocess.Popen[bytes]:
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    servers = "".join(f"server 127.0.0.1:{p};" for p in upstreams)
    (prefix / "nginx.conf").write_text(
        ("user root; " if os.getuid() == 0 else "")
        + "worker_processes 1; pid nginx.pid; error_log logs/error.log;"
        "events { worker_connections 1024; }"
        f"http {{ access_log off; upstream app {{ {servers} keepalive 32; }}"
        f" server {{ listen 127.0.0.1:{port};"
        " location / { proxy_pass http://app; proxy_http_version 1.1;"
        ' proxy_set_header Connection ""; proxy_set_header Host $host; } } }'
    )
    return subprocess.Popen(
        ["nginx", "-p", str(prefix), "-c", "nginx.conf", "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wrk(url: str, paths: list[str], seconds: int, connections: int, work: Path) -> float:
    script = work / "paths.lua"
    script.write_text(
        "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "i = 0\nrequest = function()\n  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\nend\n'
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(
        "   ",
        " ".join(
            line.strip()
            for line in out.splitlines()
            if "Requests/sec" in line or "Latency" in line or "Non-2xx" in line
        ),
    )
    return float(
        next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec"))
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=BENCH / ".cache")
    ap.add_argument("--postgres", help="a PostgreSQL URL (server); default: our own on 54343")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    ap.add_argument("--port", type=int, default=18640, help="nginx; the servers use the next two")
    ap.add_argument("--seconds", type=int, default=20, help="each wrk run")
    ap.add_argument("--connections", type=int, default=8)
    args = ap.parse_args()
    n = args.articles
    base_url = args.postgres or own_postgres()
    db_url = base_url.rsplit("/", 1)[0] + f"/broadsheet_scaleout_{n}"
    ensure_database(db_url)
    work = args.cache / f"scaleout-{n}"
    dirs = [work / "server1", work / "server2"]
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=db_url,
        BROADSHEET_DATA_DIR=str(dirs[0]),
        BROADSHEET_SEARCH_BACKEND="replicated",
        BROADSHEET_SECRET_KEY="bench-scaleout-not-secret",
        DJANGO_SETTINGS_MODULE="broadsheet.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    import search as searchbench
    import search_build
    import search_corpus as corpus
    from broadsheet.search import changelog
    from broadsheet.search.backends.replicated import State, replica
    from broadsheet.search.query import parse_query
    from broadsheet.search.tantivy_index import TantivyIndex

    print(
        f"scale-out search: {n:,} synthetic articles, 2 app servers x {args.workers} workers, nginx, PostgreSQL"
    )
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    call_command("migrate", verbosity=0)
    corpus.write_corpus(args.cache, n)
    store = corpus.Store(args.cache, n)
    meta = search_build.build_tantivy(args.cache / f"tantivy-{n}", n, False, store)
    print(f"archive index: {meta['seconds']:.0f} s to build, {meta['mb']:.0f} MB")
    loaded = load_archive(store, n)
    if loaded:
        print(f"database: {n:,} articles loaded in {loaded:.0f} s")

    # Server 1: the built index, bookmarked at the end of the log.
    r1 = dirs[0] / "search" / "replicated-2"
    if not (dirs[0] / "search" / "replicated-2.json").exists():
        shutil.rmtree(r1, ignore_errors=True)
        shutil.copytree(args.cache / f"tantivy-{n}", r1)
        rep = replica(r1)
        rep._write_state(State(changelog.last_seq()))
    # Server 2: from a snapshot of server 1, through the shared snapshot store.
    files2 = dirs[1] / "files"
    if not files2.exists():
        (dirs[0] / "files").mkdir(exist_ok=True)
        files2.symlink_to(dirs[0] / "files")
    shutil.rmtree(dirs[1] / "search", ignore_errors=True)
    env1 = dict(os.environ)
    env2 = dict(os.environ, BROADSHEET_DATA_DIR=str(dirs[1]))
    broadsheet = str(VENV / "broadsheet")
    t0 = time.perf_counter()
    print(
        "   ",
        sh([broadsheet, "search_snapshot", "--keep", "1"], env1).strip().replace("\n", "\n    "),
    )
    snap_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    print("   ", sh([broadsheet, "reindex"], env2).strip())
    restore_s = time.perf_counter() - t0
    print(
        f"snapshot {snap_s:.1f} s; a new server restored it and applied the log in {restore_s:.1f} s"
    )

    # What "at once" costs every search: one look at the log after the bookmark.
    high = changelog.last_seq()
    changelog.changes_after(high, [])
    t0 = time.perf_counter()
    for _ in range(1000):
        changelog.changes_after(high, [])
    check_ms = time.perf_counter() - t0
    print(f"the log check before each search: {check_ms:.3f} ms (mean of 1,000, empty answer)")

    ports = [args.port + 1, args.port + 2]
    procs: list[subprocess.Popen[bytes]] = []

    def start_servers(cache_seconds: int) -> list[subprocess.Popen[bytes]]:
        started = []
        for port, env in zip(ports, (env1, env2), strict=True):
            started.append(
                subprocess.Popen(
                    [broadsheet, "serve", "--host", "127.0.0.1", "--port", str(port)]
                    + ["--workers", str(args.workers)],
                    env={**env, "BROADSHEET_SEARCH_CACHE_SECONDS": str(cache_seconds)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        for port in ports:
            wait_up(f"http://127.0.0.1:{port}")
        return started

    def stop(started: list[subprocess.Popen[bytes]]) -> None:
        for p in started:
            with contextlib.suppress(ProcessLookupError):
                p.terminate() if p.args[0] == "nginx" else os.killpg(p.pid, 15)
        for p in started:
            p.wait(timeout=30)
            if p in procs:
                procs.remove(p)

    try:
        # The engine's own figures first: no page of results kept, every request searches.
        servers = start_servers(0)
        procs.extend(servers)
        procs.append(nginx(work / "nginx", args.port, ports))
        front = f"http://127.0.0.1:{args.port}"
        wait_up(front)

        index = TantivyIndex(r1)
        cases = searchbench.query_mix(store)
        mix = [c for c in cases if not c.stress]
        for case in cases:  # warm-up, and every count against the index's own
            _ms, data = get(front, query_url(case))
            want, _hits = index.search(
                parse_query(case.text), searchbench._filters(case), sort=case.sort
            )
            if data.get("total") != want:
                print(f"  count differs: {case.text!r} served {data.get('total')} index {want}")
        times, stress = [], []
        slow: dict[str, float] = {}
        for _ in range(args.runs):
            for case in cases:
                ms, _data = get(front, query_url(case))
                (stress if case.stress else times).append(ms)
                slow[case.kind + ": " + case.text] = max(
                    ms, slow.get(case.kind + ": " + case.text, 0)
                )
        print(f"load average after timing: {Path('/proc/loadavg').read_text().strip()}")
        for key, ms in sorted(slow.items(), key=lambda kv: -kv[1])[:6]:
            print(f"  {ms:8.1f} ms max  {key}")
        p50, p95, p99 = pct(times, 50), pct(times, 95), pct(times, 99)
        print(
            f"mix over HTTP ({len(times)} requests): p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  max {max(times):.1f} ms"
        )
        print(f"stress cases (not in the mix): max {max(stress):.1f} ms")

        restored = TantivyIndex(dirs[1] / "search" / "replicated-2")
        rec, false, relevant = searchbench.recall(restored.search, cases, store, args.sample)
        print(f"recall on the restored server: {rec:.4f} over {relevant:,} matches, {false} false")

        # A correction reaches both servers at their next search.
        from django.db.models import F

        from broadsheet.newspaper.models import Article, Issue

        a = Article.objects.get(pk=n // 2)
        word = "勘误校正测试"
        a.body = [{"type": "paragraph", "text": a.body_text + word}]
        a.save(update_fields=["body"])
        t0 = time.perf_counter()
        Issue.objects.filter(pk=a.issue_id).update(version=F("version") + 1)
        committed = time.perf_counter()
        for port in ports:
            ms, data = get(
                f"http://127.0.0.1:{port}", "/search.json?" + urllib.parse.urlencode({"q": word})
            )
            print(
                f"  correction on server {port}: first search {ms:.0f} ms, {data.get('total')} hit"
            )
        print(f"  correction committed in {(committed - t0) * 1000:.0f} ms")

        page_url = get(front, query_url(mix[0]))[1]["hits"][0]["page_url"]
        page_path = urllib.parse.urlsplit(page_url).path
        with urllib.request.urlopen(front + page_path, timeout=60) as r:
            assert r.status == 200 and b"zone-" in r.read(), page_path
        paths = [query_url(c) for c in mix]
        print(f"wrk, {args.connections} connections, {args.seconds} s each:")
        print("  the mix, no results kept (every request searches the index):")
        cold_rps = wrk(front, paths, args.seconds, args.connections, work)
        page_rps = wrk(front, [page_path], args.seconds, args.connections, work)
        cold_ratio = cold_rps / page_rps
        # As deployed: pages of results kept under the log position
        # (BROADSHEET_SEARCH_CACHE_SECONDS, default 300), as page views are kept by the front
        # cache; the mix repeats its 41 searches, so after the first pass they are all kept.
        stop(servers)
        servers = start_servers(300)
        procs[:0] = servers
        for path in paths:
            get(front, path)
        print("  the mix with results kept (the default), and the page view again:")
        warm_rps = wrk(front, paths, args.seconds, args.connections, work)
        page_rps_2 = wrk(front, [page_path], args.seconds, args.connections, work)
        ratio = warm_rps / page_rps_2
        print(
            f"search {cold_rps:.1f} req/s searching every time, {warm_rps:.1f} req/s with results"
            f" kept; page view {page_rps:.1f} / {page_rps_2:.1f} req/s ({page_path}):"
            f" ratio {cold_ratio:.3f} uncached, {ratio:.3f} kept"
        )
        print(
            f"RESULT p95_ms={p95:.1f} p99_ms={p99:.1f} recall={rec:.4f} search_rps_ratio={ratio:.3f}"
            f" search_rps_ratio_uncached={cold_ratio:.3f} search_rps={warm_rps:.1f}"
            f" search_rps_uncached={cold_rps:.1f} page_rps={page_rps_2:.1f}"
        )
    finally:
        stop(list(procs))


if __name__ == "__main__":
    main()
