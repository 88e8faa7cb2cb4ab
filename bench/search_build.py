"""Building the benchmark's indexes (Tantivy on disk, PostgreSQL table) from search_corpus."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

import search_corpus as corpus
from broadsheet.search.tantivy_index import IndexDoc, TantivyIndex
from broadsheet.search.text import field_tokens

CHUNK = 2000


def _docs(args: tuple[int, int, int]) -> list[IndexDoc]:
    lo, hi, n = args
    out = []
    for i in range(lo, hi):
        a = corpus.article(i, n)
        out.append(
            IndexDoc(
                article_id=a.id,
                issue_id=a.issue_id,
                publication=a.publication,
                day=a.day,
                page=a.page,
                head=" ".join(field_tokens([a.headline])),
                all=" ".join(field_tokens([a.headline, a.body])),
            )
        )
    return out


def generate(n: int, workers: int = 2) -> Iterator[list[IndexDoc]]:
    """Index documents of the whole archive in chunks, tokenised by worker processes."""
    chunks = [(lo, min(lo + CHUNK, n), n) for lo in range(0, n, CHUNK)]
    with Pool(workers, initializer=corpus.vocabulary) as pool:
        yield from pool.imap(_docs, chunks)


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def build_tantivy(path: Path, n: int, rebuild: bool) -> dict[str, float]:
    meta_file = path.with_suffix(".json")
    if meta_file.exists() and not rebuild:
        meta = json.loads(meta_file.read_text())
        if meta.get("articles") == n:
            print(f"reusing the index in {path} (built in {meta['seconds']:.0f} s)")
            return meta
    if path.exists():
        for f in sorted(path.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
    index = TantivyIndex(path)
    t0 = time.perf_counter()
    writer = index.index.writer(heap_size=1_000_000_000, num_threads=2)
    done = 0
    for docs in generate(n):
        for doc in docs:
            index.add(writer, doc)
        done += len(docs)
        if done % 50_000 < CHUNK:
            print(f"  indexed {done:,} of {n:,} in {time.perf_counter() - t0:.0f} s", flush=True)
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - t0
    meta = {"articles": n, "seconds": seconds, "mb": dir_mb(path)}
    meta_file.write_text(json.dumps(meta))
    return meta


def build_postgres(n: int, rebuild: bool, cache: Path) -> dict[str, float]:
    """Fill search_document with n articles through COPY, then build the GIN index."""
    from django.db import connection

    from broadsheet.search.backends.postgres import tsvector_literal

    meta_file = cache / "postgres.json"
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM search_document")
        have = cur.fetchone()[0]
    if meta_file.exists() and not rebuild and have == n:
        meta = json.loads(meta_file.read_text())
        if meta.get("articles") == n:
            print(f"reusing the PostgreSQL table ({n:,} rows)")
            return meta
    t0 = time.perf_counter()
    raw = connection.connection
    with connection.cursor() as cur:
        cur.execute("TRUNCATE search_document")
        cur.execute("DROP INDEX IF EXISTS search_document_body_gin")
    done = 0
    import datetime

    for docs in generate(n):
        buf = io.StringIO()
        for d in docs:
            day = datetime.date.fromordinal(d.day).isoformat()
            head, body = tsvector_literal(d.head), tsvector_literal(d.all)
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
    with connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("CREATE INDEX search_document_body_gin ON search_document USING gin (body_tsv)")
        cur.execute("VACUUM ANALYZE search_document") if connection.connection.autocommit else None
        cur.execute(
            "SELECT pg_total_relation_size('search_document'),"
            " pg_relation_size('search_document_body_gin')"
        )
        total, gin = cur.fetchone()
    raw.commit()
    meta = {
        "articles": n,
        "seconds": time.perf_counter() - t0,
        "mb": total / 1e6,
        "gin_mb": gin / 1e6,
    }
    meta_file.write_text(json.dumps(meta))
    return meta
