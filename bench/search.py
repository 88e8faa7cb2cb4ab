"""Search benchmark: a synthetic archive, a fixed query mix, latency, recall, index cost.

    .venv/bin/python bench/search.py                    # 1,000,000 articles (built once, cached)
    .venv/bin/python bench/search.py --articles 100000  # smaller
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1:5433/broadsheet \
        --pg-articles 100000                            # the PostgreSQL backend too

Latency is of the whole results page: parse, search (top 20 and the count), fetch the 20 texts
(regenerated here, standing in for reading 20 rows) and make the snippets. Recall compares each
exact-phrase query with a brute-force scan of the first --sample articles.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    exact: bool = False  # part of the recall check
    publication: str | None = None
    years: tuple[int, int] | None = None
    page: str | None = None
    sort: str = "relevance"


def query_mix(n: int) -> list[Case]:
    import numpy as np

    import search_corpus as corpus

    words, _zh, latin, _en = corpus.vocabulary()
    rng = np.random.default_rng(7)
    two = [w for w in words if len(w) == 2]
    cases = [Case("two-char word", two[r], True) for r in (3, 40, 300, 2000, 9000)]
    # Pairs that straddle two words of the text: what a word segmenter would miss.
    texts = [corpus.article(int(i), n) for i in rng.integers(0, n, size=40)]
    runs = [r for a in texts for r in re.findall(r"[\u4e00-\u9fff]{12,}", a.body)]
    for k in range(5):
        run = runs[k * 7]
        cases.append(Case("two-char straddle", run[5:7], True))
    for k in range(6):
        run = runs[k * 5 + 3]
        cases.append(Case("long phrase", run[2 : 8 + k], True))
    cases += [Case("very common", words[r]) for r in (0, 1, 2)]
    cases += [Case("rare word", words[r], True) for r in (20000, 30000, 34000)]
    cases += [Case("english", w) for w in ("market", "Economy", "BEIJING", "satellite")]
    cases.append(Case("english prefix", "econ*"))
    mixed = [m for a in texts for m in re.findall(r" ([A-Za-z0-9]+) ([\u4e00-\u9fff]{2})", a.body)]
    for latin_word, cjk in mixed[:4]:
        cases.append(Case("mixed", f"{latin_word}{cjk}", True))
    cases.append(Case("mixed two words", f"GDP {words[10]}"))
    cases.append(Case("one char", words[5][0]))
    cases += [
        Case("filter publication", words[1], publication="evening"),
        Case("filter years", two[40], years=(2005, 2010)),
        Case("filter page", two[300], page="A01"),
        Case("filter all", words[2], publication="daily", years=(1998, 2008), page="A03"),
        Case("date sort", words[0], sort="date"),
        Case("date sort phrase", runs[3][2:6], sort="date"),
    ]
    return cases


def _filters(case: Case, article_range: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    from broadsheet.search.tantivy_index import Filters

    days = None
    if case.years:
        days = (
            datetime.date(case.years[0], 1, 1).toordinal(),
            datetime.date(case.years[1], 12, 31).toordinal(),
        )
    return Filters(
        publication=case.publication,
        page=case.page,
        day_from=days[0] if days else None,
        day_to=days[1] if days else None,
        article_range=article_range,
    )


Search = Callable[..., tuple[int, list[tuple[int, float]]]]


def results_page(search: Search, case: Case, n: int) -> int:
    """What a search request costs apart from HTTP: returns the count."""
    import search_corpus as corpus
    from broadsheet.search.query import parse_query
    from broadsheet.search.snippets import highlight, highlighter, snippet

    parsed = parse_query(case.text)
    total, hits = search(parsed, _filters(case), sort=case.sort, offset=0, limit=20)
    pattern = highlighter(parsed)
    for article_id, _score in hits:
        a = corpus.article(article_id - 1, n)
        highlight(a.headline, pattern)
        snippet(a.body, pattern)
    return total


def latency(search: Search, cases: list[Case], n: int, runs: int) -> tuple[list[float], dict]:
    for case in cases:  # warm-up pass
        results_page(search, case, n)
    times: list[float] = []
    per_case: dict[str, tuple[float, int]] = {}
    for _ in range(runs):
        for case in cases:
            t0 = time.perf_counter()
            total = results_page(search, case, n)
            ms = (time.perf_counter() - t0) * 1000
            times.append(ms)
            per_case[case.kind + ": " + case.text] = (
                max(ms, per_case.get(case.kind + ": " + case.text, (0.0, 0))[0]),
                total,
            )
    return times, per_case


def truth(case: Case, texts: list[tuple[int, str]]) -> set[int]:
    m = re.fullmatch(r"([A-Za-z0-9]+)([\u4e00-\u9fff]+)", case.text)
    if m:
        rx = re.compile(rf"(?<![A-Za-z0-9]){re.escape(m.group(1))}[\W_]*{m.group(2)}", re.I)
        return {i for i, t in texts if rx.search(t)}
    return {i for i, t in texts if case.text in t}


def recall(search: Search, cases: list[Case], n: int, sample: int) -> tuple[float, int, int]:
    """(recall, false matches, relevant) over the exact cases on articles 1..sample."""
    import search_corpus as corpus
    from broadsheet.search.query import parse_query

    sample = min(sample, n)
    texts = []
    for i in range(sample):
        a = corpus.article(i, n)
        texts.append((a.id, a.headline + "\n" + a.body))
    found_ok = relevant = false = 0
    for case in (c for c in cases if c.exact):
        expected = truth(case, texts)
        parsed = parse_query(case.text)
        _total, hits = search(parsed, _filters(case, (1, sample + 1)), limit=sample)
        got = {pk for pk, _s in hits}
        relevant += len(expected)
        found_ok += len(expected & got)
        false += len(got - expected)
        if expected != got:
            print(f"  recall miss: {case.text!r} expected {len(expected)} got {len(got)}")
    return (found_ok / relevant if relevant else 1.0), false, relevant


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def report(name: str, times: list[float], per_case: dict, verbose: bool) -> None:
    print(f"\n{name}: {len(times)} timed searches")
    if verbose:
        for key, (ms, total) in per_case.items():
            print(f"  {ms:8.1f} ms max  {total:>9,} hits  {key}")
    print(
        f"  p50 {pct(times, 50):.1f} ms  p95 {pct(times, 95):.1f} ms  p99 {pct(times, 99):.1f} ms"
        f"  max {max(times):.1f} ms"
    )


def issue_cost(index, n: int) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds to (re)index a 16-page issue of 128 articles into the big index."""
    import search_build

    docs = [d for d in search_build._docs((0, 128, n))]
    from dataclasses import replace

    docs = [replace(d, issue_id=10**9, article_id=10**9 + k) for k, d in enumerate(docs)]
    costs = []
    for _ in range(3):
        t0 = time.perf_counter()
        index.replace_issue(10**9, docs)
        costs.append((time.perf_counter() - t0) * 1000)
    index.delete_issue(10**9)
    return min(costs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=BENCH / ".cache")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--postgres", help="DATABASE_URL of a PostgreSQL to measure as well")
    ap.add_argument("--pg-articles", type=int, default=100_000)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("BROADSHEET_DATA_DIR", str(args.cache / "data"))
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
    import django

    django.setup()
    import search_build
    from broadsheet.search.tantivy_index import TantivyIndex

    n = args.articles
    print(f"archive: {n:,} synthetic articles of about 1,500 characters, 3 publications, 30 years")
    meta = search_build.build_tantivy(args.cache / f"tantivy-{n}", n, args.rebuild)
    print(f"tantivy index: built in {meta['seconds']:.0f} s, {meta['mb']:.0f} MB")
    index = TantivyIndex(args.cache / f"tantivy-{n}")
    cases = query_mix(n)
    times, per_case = latency(index.search, cases, n, args.runs)
    report(f"tantivy, {n:,} articles", times, per_case, args.verbose)
    rec, false, relevant = recall(index.search, cases, n, args.sample)
    print(
        f"  recall {rec:.4f} over {relevant:,} expected matches, {false} false matches "
        f"(exact queries, first {min(args.sample, n):,} articles)"
    )
    cost = issue_cost(index, n)
    print(f"  indexing a 16-page issue (128 articles) into this index: {cost:.0f} ms")
    result = (
        f"RESULT p50_ms={pct(times, 50):.1f} p95_ms={pct(times, 95):.1f} "
        f"p99_ms={pct(times, 99):.1f} recall={rec:.4f} index_seconds={meta['seconds']:.0f} "
        f"index_mb={meta['mb']:.0f}"
    )
    if args.postgres:
        from django.core.management import call_command

        from broadsheet.search.backends.postgres import PostgresBackend

        call_command("migrate", verbosity=0)
        m = args.pg_articles
        pmeta = search_build.build_postgres(m, args.rebuild, args.cache)
        print(
            f"\npostgresql table: {m:,} articles loaded and indexed in {pmeta['seconds']:.0f} s,"
            f" {pmeta['mb']:.0f} MB (GIN {pmeta['gin_mb']:.0f} MB)"
        )
        pg = PostgresBackend()
        pcases = query_mix(m)
        ptimes, pper = latency(pg.search, pcases, m, max(1, args.runs // 2))
        report(f"postgresql, {m:,} articles", ptimes, pper, args.verbose)
        prec, pfalse, prel = recall(pg.search, pcases, m, args.sample)
        print(f"  recall {prec:.4f} over {prel:,} expected matches, {pfalse} false matches")
        print(
            f"PG p50_ms={pct(ptimes, 50):.1f} p95_ms={pct(ptimes, 95):.1f} "
            f"p99_ms={pct(ptimes, 99):.1f} recall={prec:.4f} articles={m}"
        )
    print(result)


if __name__ == "__main__":
    main()
