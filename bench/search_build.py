"""Building the benchmark's indexes (Tantivy on disk, PostgreSQL table) from search_corpus."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import search_corpus as corpus
from broadsheet.search.tantivy_index import IndexDoc, TantivyIndex

CHUNK = 2000
CORPUS_VERSION = 2  # bump when search_corpus draws different articles
INDEX_VERSION = 2  # bump when the index's schema or tokens change


def index_doc(a: corpus.Article) -> IndexDoc:
    return IndexDoc.of(
        article_id=a.id,
        issue_id=a.issue_id,
        publication=a.publication,
        day=a.day,
        page=a.page,
        head_parts=[a.headline],
        all_parts=[a.headline, a.body],
    )


def index_docs(articles: list[corpus.Article]) -> list[IndexDoc]:
    return [index_doc(a) for a in articles]


def generate(store: corpus.Store, n: int) -> Iterator[list[IndexDoc]]:
    """Index documents of the whole archive in chunks, read from the stored text."""
    for lo in range(0, n, CHUNK):
        yield index_docs(store.articles(lo, min(lo + CHUNK, n)))


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def build_tantivy(
    path: Path, n: int, rebuild: bool, store: corpus.Store, heap_mb: int = 1000, threads: int = 2
) -> dict[str, float]:
    """Tokenise in this process while Tantivy's writer threads index (one commit at the end).

    The time covers reading the stored text, tokenising and indexing, not generating it."""
    meta_file = path.with_suffix(".json")
    if meta_file.exists() and not rebuild:
        meta = json.loads(meta_file.read_text())
        if (
            meta.get("articles") == n
            and meta.get("corpus") == CORPUS_VERSION
            and meta.get("index") == INDEX_VERSION
        ):
            print(f"reusing the index in {path} (built in {meta['seconds']:.0f} s)")
            return meta
    if path.exists():
        for f in sorted(path.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
    index = TantivyIndex(path)
    t0 = time.perf_counter()
    writer = index.index.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
    done = 0
    cpu0 = time.process_time()
    for docs in generate(store, n):
        for doc in docs:
            index.add(writer, doc)
        done += len(docs)
        if done % 50_000 < CHUNK:
            print(f"  indexed {done:,} of {n:,} in {time.perf_counter() - t0:.0f} s", flush=True)
    added = time.perf_counter() - t0
    writer.commit()
    committed = time.perf_counter() - t0
    writer.wait_merging_threads()
    seconds = time.perf_counter() - t0
    index.index.reload()
    meta = {
        "articles": n,
        "corpus": CORPUS_VERSION,
        "index": INDEX_VERSION,
        "seconds": seconds,
        "added_seconds": added,
        "commit_seconds": committed - added,
        "merge_seconds": seconds - committed,
        "process_cpu_seconds": time.process_time() - cpu0,
        "segments": index.index.searcher().num_segments,
        "mb": dir_mb(path),
        "load": Path("/proc/loadavg").read_text().split()[0],
    }
    meta_file.write_text(json.dumps(meta))
    return meta


def build_postgres(n: int, rebuild: bool, cache: Path, store: corpus.Store) -> dict[str, float]:
    """Fill search_document with n articles through COPY, then build its GIN indexes."""
    from django.db import connection

    from broadsheet.search.backends.postgres import body_literal, head_literal

    kind = "gin"
    indexes = {"search_document_body_gin": "body_tsv", "search_document_head_gin": "head_tsv"}
    meta_file = cache / f"postgres-{n}-{kind}.json"
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM search_document")
        have = cur.fetchone()[0]
    if meta_file.exists() and not rebuild and have == n:
        meta = json.loads(meta_file.read_text())
        if (
            meta.get("articles") == n
            and meta.get("corpus") == CORPUS_VERSION
            and meta.get("index_version") == INDEX_VERSION
        ):
            print(f"reusing the PostgreSQL table ({n:,} rows, {kind.upper()})")
            return meta
    t0 = time.perf_counter()
    raw = connection.connection
    with connection.cursor() as cur:
        cur.execute("TRUNCATE search_document")
        for name in indexes:
            cur.execute(f"DROP INDEX IF EXISTS {name}")
    done = 0
    import datetime

    for docs in generate(store, n):
        buf = io.StringIO()
        for d in docs:
            day = datetime.date.fromordinal(d.day).isoformat()
            head, body = head_literal(d), body_literal(d)
            buf.write(f"{d.article_id}\t{d.issue_id}\t{d.publication}\t{day}\t{d.page}\t")
            buf.write(head.replace("\\", "\\\\") + "\t" + body.replace("\\", "\\\\") + "\n")
        with (
            raw.cursor() as cur,
            cur.copy(
                "COPY search_document (article_id, issue_id, publication, day, page, head_tsv,"
                " body_tsv) FROM STDIN"
            ) as copy,
        ):
            copy.write(buf.getvalue())
        raw.commit()
        done += len(docs)
        if done % 50_000 < CHUNK:
            print(f"  loaded {done:,} of {n:,} in {time.perf_counter() - t0:.0f} s", flush=True)
    loaded = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        for name, column in indexes.items():
            cur.execute(f"CREATE INDEX {name} ON search_document USING gin ({column})")
        cur.execute(
            "SELECT pg_total_relation_size('search_document'),"
            " pg_relation_size('search_document_body_gin')"
        )
        total, gin = cur.fetchone()
    raw.commit()
    # ANALYZE outside a transaction block, so the planner knows common lexemes from rare ones.
    autocommit = raw.autocommit
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("VACUUM ANALYZE search_document")
    raw.autocommit = autocommit
    meta = {
        "articles": n,
        "corpus": CORPUS_VERSION,
        "index": kind,
        "index_version": INDEX_VERSION,
        "seconds": time.perf_counter() - t0,
        "load_seconds": loaded,
        "mb": total / 1e6,
        "gin_mb": gin / 1e6,
        "loadavg": Path("/proc/loadavg").read_text().split()[0],
    }
    meta_file.write_text(json.dumps(meta))
    return meta
