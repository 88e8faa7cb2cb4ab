"""Search benchmark: a synthetic archive, a fixed query mix, latency, recall, index cost.

    .venv/bin/python bench/search.py                    # 1,000,000 articles (built once, cached)
    .venv/bin/python bench/search.py --articles 100000  # smaller
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1:5433/broadsheet \
        --pg-articles 100000                            # the PostgreSQL backend too

The archive's text is generated once into bench/.cache/corpus-<n>.txt (search_corpus.py); the
index build time covers reading that text, tokenising and indexing. Latency is of the whole
results page: parse, search (top 20 and the count), fetch the 20 texts (read from the stored
archive by offset, standing in for reading 20 rows by primary key) and make the snippets. Recall compares every
query of the mix, with its filters, with a brute-force scan of the first --sample articles that does not use the
index's tokens (``truth``).
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
    publication: str | None = None
    years: tuple[int, int] | None = None
    page: str | None = None
    sort: str = "relevance"
    # Timed and checked for recall, but reported apart from the mix's percentiles: phrases of
    # four or more characters that are in nearly every article of the synthetic archive.
    stress: bool = False


def query_mix(store) -> list[Case]:  # type: ignore[no-untyped-def]
    import numpy as np

    import search_corpus as corpus

    words, _zh, latin, _en = corpus.vocabulary()
    rng = np.random.default_rng(7)
    two = [w for w in words if len(w) == 2]
    cases = [Case("two-char word", two[r]) for r in (3, 40, 300, 2000, 9000)]
    # Pairs that straddle two words of the text: what a word segmenter would miss.
    texts = [store.article(int(i)) for i in rng.integers(0, store.n, size=40)]
    runs = [r for a in texts for r in re.findall(r"[\u4e00-\u9fff]{12,}", a.body)]
    for k in range(5):
        run = runs[k * 7]
        cases.append(Case("two-char straddle", run[5:7]))
    for k in range(6):
        run = runs[k * 5 + 3]
        cases.append(Case("long phrase", run[2 : 8 + k]))
    cases += [Case("very common", words[r]) for r in (0, 1, 2)]
    cases += [Case("rare word", words[r]) for r in (20000, 30000, 34000)]
    cases += [Case("english", w) for w in ("market", "Economy", "BEIJING", "satellite")]
    cases.append(Case("english prefix", "econ*"))
    mixed = [m for a in texts for m in re.findall(r" ([A-Za-z0-9]+) ([\u4e00-\u9fff]{2})", a.body)]
    for latin_word, cjk in mixed[:4]:
        cases.append(Case("mixed", f"{latin_word}{cjk}"))
    cases.append(Case("mixed two words", f"GDP {words[10]}"))
    cases.append(Case("one char", words[5][0]))
    # A common four-character word, as real archives have them: the most frequent one found in
    # at most a fifth of the articles (a phrase of three pairs, checked by position).
    sample = [a.headline + a.body for a in store.articles(0, min(store.n, 2000))]
    fours = [w for w in words if len(w) == 4]
    common4 = next((w for w in fours if sum(w in t for t in sample) <= len(sample) // 5), fours[0])
    cases.append(Case("common 4-char word", common4))
    # Two words of rank about 50, each in most articles, rarely side by side: the phrase a
    # position check alone would pay for in every article.
    cases.append(Case("rare two-word phrase", words[50] + words[57]))
    # Stress: the synthetic archive's Zipf law puts its top words in every article, several
    # times, which no real archive does with a four-character word. The most frequent one
    # (rank 3) and the two most frequent words written together (in about 94% of articles)
    # need a position check in nearly every article of the archive.
    cases.append(Case("4-char word in every article", fours[0], stress=True))
    cases.append(Case("two-word phrase in 94%", words[0] + words[1], stress=True))
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


def results_page(search: Search, case: Case, store) -> int:  # type: ignore[no-untyped-def]
    """What a search request costs apart from HTTP: returns the count."""
    from broadsheet.search.query import parse_query
    from broadsheet.search.snippets import highlight, highlighter, snippet

    parsed = parse_query(case.text)
    total, hits = search(parsed, _filters(case), sort=case.sort, offset=0, limit=20)
    pattern = highlighter(parsed)
    for article_id, _score in hits:
        a = store.article(article_id - 1)
        highlight(a.headline, pattern)
        snippet(a.body, pattern)
    return total


def latency(  # type: ignore[no-untyped-def]
    search: Search, cases: list[Case], store, runs: int
) -> tuple[list[float], dict, list[float]]:
    """(timings of the mix, {case: (max ms, count)}, timings of the stress cases)."""
    for case in cases:  # warm-up pass
        results_page(search, case, store)
    times: list[float] = []
    stress: list[float] = []
    per_case: dict[str, tuple[float, int]] = {}
    for _ in range(runs):
        for case in cases:
            t0 = time.perf_counter()
            total = results_page(search, case, store)
            ms = (time.perf_counter() - t0) * 1000
            (stress if case.stress else times).append(ms)
            per_case[case.kind + ": " + case.text] = (
                max(ms, per_case.get(case.kind + ": " + case.text, (0.0, 0))[0]),
                total,
            )
    return times, per_case, stress


# The synthetic archive's Chinese is GB2312 level 1 (unified ideographs); the other CJK blocks
# are listed for completeness. Only what a reader means by a match is used here, not the
# index's tokens: a Chinese string is a substring, a Latin word is a whole word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[^\W_]+")
_LATIN = r"[A-Za-z0-9]+"


@dataclass
class Scanned:
    """One article as the brute-force scan sees it."""

    id: int
    publication: str
    day: int
    page: str
    text: str  # headline and body, on two lines (a phrase never spans them)
    _words: set[str] | None = None

    @property
    def words(self) -> set[str]:
        """Its Latin words and numbers, lowercased and stemmed (CJK characters split words)."""
        if self._words is None:
            from broadsheet.search.text import stem

            latin = _CJK_RUN.sub(" ", self.text)
            self._words = {stem(w.lower()) for w in _WORD.findall(latin)}
        return self._words


def _chunk_test(chunk: str) -> Callable[[Scanned], bool]:
    """A test for one space-free chunk of a query."""
    from broadsheet.search.text import stem

    if re.fullmatch(f"[{_CJK}]+", chunk):
        return lambda a: chunk in a.text
    m = re.fullmatch(rf"({_LATIN})\*", chunk)
    if m:
        prefix = m.group(1).lower()
        return lambda a: any(w.startswith(prefix) for w in a.words)
    if re.fullmatch(_LATIN, chunk):
        word = stem(chunk.lower())
        return lambda a: word in a.words
    m = re.fullmatch(rf"({_LATIN})([{_CJK}]+)", chunk)
    if m:
        # The word, then anything but letters, digits, CJK characters or the line between
        # headline and body, then the Chinese.
        word = stem(m.group(1).lower())
        rx = re.compile(rf"(?<![A-Za-z0-9])({_LATIN})(?:[^\w\n]|_)*{re.escape(m.group(2))}")
        return lambda a: any(stem(x.group(1).lower()) == word for x in rx.finditer(a.text))
    raise ValueError(f"the recall check has no brute-force rule for {chunk!r}")


def truth(case: Case, articles: list[Scanned]) -> set[int]:
    """Ids of the articles that match every chunk of the query and the case's filters."""
    tests = [_chunk_test(chunk) for chunk in case.text.split()]
    if case.publication:
        tests.append(lambda a: a.publication == case.publication)
    if case.page:
        tests.append(lambda a: a.page == case.page)
    if case.years:
        lo = datetime.date(case.years[0], 1, 1).toordinal()
        hi = datetime.date(case.years[1], 12, 31).toordinal()
        tests.append(lambda a: lo <= a.day <= hi)
    return {a.id for a in articles if all(t(a) for t in tests)}


def recall(search: Search, cases: list[Case], store, sample: int) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    """(recall, false matches, relevant) over every case on articles 1..sample."""
    from broadsheet.search.query import parse_query

    sample = min(sample, store.n)
    articles = [
        Scanned(a.id, a.publication, a.day, a.page, a.headline + "\n" + a.body)
        for a in store.articles(0, sample)
    ]
    found_ok = relevant = false = 0
    for case in cases:
        expected = truth(case, articles)
        parsed = parse_query(case.text)
        total, hits = search(parsed, _filters(case, (1, sample + 1)), limit=sample)
        got = {pk for pk, _s in hits}
        relevant += len(expected)
        found_ok += len(expected & got)
        false += len(got - expected)
        if expected != got or total != len(expected):
            missed, extra = sorted(expected - got), sorted(got - expected)
            print(
                f"  recall miss: {case.kind}: {case.text!r} expected {len(expected)} got"
                f" {len(got)} (count {total}): {len(missed)} missed {missed[:5]},"
                f" {len(extra)} false {extra[:5]}"
            )
    return (found_ok / relevant if relevant else 1.0), false, relevant


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def report(
    name: str, times: list[float], per_case: dict, verbose: bool, stress: list[float]
) -> None:
    print(f"\n{name}: {len(times)} timed searches of the mix, {len(stress)} of stress cases")
    if verbose:
        for key, (ms, total) in per_case.items():
            print(f"  {ms:8.1f} ms max  {total:>9,} hits  {key}")
    print(
        f"  mix: p50 {pct(times, 50):.1f} ms  p95 {pct(times, 95):.1f} ms"
        f"  p99 {pct(times, 99):.1f} ms  max {max(times):.1f} ms"
    )
    if stress:
        print(
            f"  stress cases (not in the mix): median {statistics.median(stress):.1f} ms"
            f"  max {max(stress):.1f} ms"
        )


def issue_cost(index, store) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Milliseconds to (re)index a 16-page issue of 128 articles into the big index: tokenising
    and writing (writer, delete the issue, add, commit, reader reload); best and median of 5."""
    from dataclasses import replace

    import search_build

    articles = [
        replace(a, issue_id=10**9, id=10**9 + k) for k, a in enumerate(store.articles(0, 128))
    ]
    costs = []
    for _ in range(5):
        t0 = time.perf_counter()
        index.replace_issue(10**9, search_build.index_docs(articles))
        costs.append((time.perf_counter() - t0) * 1000)
    index.delete_issue(10**9)
    return min(costs), statistics.median(costs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=BENCH / ".cache")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--postgres", help="DATABASE_URL of a PostgreSQL to measure as well")
    ap.add_argument("--pg-articles", type=int, default=100_000)
    ap.add_argument("--pg-only", action="store_true", help="skip the Tantivy part")
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
    import search_corpus as corpus
    from broadsheet.search.tantivy_index import TantivyIndex

    result = ""
    if not args.pg_only:
        n = args.articles
        print(
            f"archive: {n:,} synthetic articles of about 1,650 characters, 3 publications, 30 years"
        )
        print(f"load average before: {Path('/proc/loadavg').read_text().strip()}")
        gen = corpus.write_corpus(args.cache, n)
        if gen:
            print(f"generated the archive's text in {gen:.0f} s (not part of the index time)")
        store = corpus.Store(args.cache, n)
        meta = search_build.build_tantivy(args.cache / f"tantivy-{n}", n, args.rebuild, store)
        print(
            f"tantivy index: built in {meta['seconds']:.0f} s ({n / meta['seconds']:,.0f} articles/s;"
            f" adding {meta.get('added_seconds', 0):.0f} s, commit {meta.get('commit_seconds', 0):.0f} s,"
            f" merges {meta.get('merge_seconds', 0):.0f} s; load {meta.get('load', '?')}),"
            f" {meta['mb']:.0f} MB, {meta.get('segments', '?')} segments"
        )
        index = TantivyIndex(args.cache / f"tantivy-{n}")
        cases = query_mix(store)
        print(f"load average before timing: {Path('/proc/loadavg').read_text().strip()}")
        times, per_case, stress = latency(index.search, cases, store, args.runs)
        report(f"tantivy, {n:,} articles", times, per_case, args.verbose, stress)
        print(f"load average after timing: {Path('/proc/loadavg').read_text().strip()}")
        rec, false, relevant = recall(index.search, cases, store, args.sample)
        print(
            f"  recall {rec:.4f} over {relevant:,} expected matches, {false} false matches "
            f"(every query, first {min(args.sample, n):,} articles)"
        )
        best, median = issue_cost(index, store)
        print(
            f"  indexing a 16-page issue (128 articles) into this index: {best:.0f} ms best,"
            f" {median:.0f} ms median of 5"
        )
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
        corpus.write_corpus(args.cache, m)
        pstore = corpus.Store(args.cache, m)
        pmeta = search_build.build_postgres(m, args.rebuild, args.cache, pstore)
        print(
            f"\npostgresql table: {m:,} articles loaded and indexed in {pmeta['seconds']:.0f} s"
            f" (COPY {pmeta.get('load_seconds', 0):.0f} s; load {pmeta.get('loadavg', '?')}),"
            f" {pmeta['mb']:.0f} MB ({pmeta.get('index', 'gin').upper()} index"
            f" {pmeta['gin_mb']:.0f} MB)"
        )
        pg = PostgresBackend()
        pcases = query_mix(pstore)
        ptimes, pper, pstress = latency(pg.search, pcases, pstore, max(1, args.runs // 2))
        report(f"postgresql, {m:,} articles", ptimes, pper, args.verbose, pstress)
        prec, pfalse, prel = recall(pg.search, pcases, pstore, args.sample)
        print(f"  recall {prec:.4f} over {prel:,} expected matches, {pfalse} false matches")
        print(
            f"PG p50_ms={pct(ptimes, 50):.1f} p95_ms={pct(ptimes, 95):.1f} "
            f"p99_ms={pct(ptimes, 99):.1f} recall={prec:.4f} articles={m}"
        )
    print(result)


if __name__ == "__main__":
    main()
