"""Deterministic synthetic archive for bench/search.py: any article can be regenerated alone.

Articles are drawn a block of 1,000 at a time (a function of SEED, the block and n), about
60 µs each; so the archive is generated once into ``bench/.cache/corpus-<n>.txt`` (one
line per article: page, headline, body; UTF-8, about 5 KB each) with an offsets array beside
it, and ``Store`` reads any article back by number: the benchmark's stand-in for the article
table (index builds read it in order, results pages fetch their 20 texts from it).
"""

from __future__ import annotations

import datetime
import mmap
import time
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path

import numpy as np

SEED = 20240601
PUBLICATIONS = ("daily", "evening", "weekly")
YEARS = 30
START = datetime.date(1995, 1, 1).toordinal()
DAYS = YEARS * 365
PAGES = 16
TARGET_CHARS = 1500

ENGLISH = [
    "market",
    "economy",
    "trade",
    "china",
    "beijing",
    "shanghai",
    "growth",
    "policy",
    "report",
    "government",
    "energy",
    "technology",
    "internet",
    "mobile",
    "network",
    "data",
    "climate",
    "water",
    "river",
    "city",
    "village",
    "farmer",
    "school",
    "student",
    "teacher",
    "hospital",
    "doctor",
    "health",
    "science",
    "research",
    "space",
    "rocket",
    "satellite",
    "football",
    "olympic",
    "museum",
    "culture",
    "history",
    "music",
    "film",
    "festival",
    "travel",
    "railway",
    "airport",
    "harbour",
    "bank",
    "finance",
    "stock",
    "price",
    "inflation",
    "export",
    "import",
    "factory",
    "industry",
    "steel",
    "coal",
    "power",
    "solar",
    "wind",
    "battery",
    "vehicle",
    "electric",
    "smart",
    "digital",
    "cloud",
    "software",
    "chip",
    "robot",
    "artificial",
    "intelligence",
    "reform",
    "opening",
    "development",
    "innovation",
    "cooperation",
    "summit",
    "minister",
    "president",
    "council",
    "law",
    "court",
    "police",
    "safety",
    "disaster",
    "flood",
    "earthquake",
    "rescue",
    "weather",
    "forecast",
    "agriculture",
    "harvest",
]
ACRONYMS = ("GDP", "5G", "AI", "CPI", "WTO", "APEC", "NBA", "iPhone", "COVID", "G20")


@dataclass(frozen=True)
class Article:
    id: int
    publication: str
    day: int
    page: str
    issue_id: int
    headline: str
    body: str


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """Chinese words (2-4 common characters, Zipf-distributed) and Latin words with weights."""
    rng = np.random.default_rng(SEED)
    level1 = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    chars = [c for c in level1.decode("gb2312", errors="ignore") if c.strip()]
    rng.shuffle(chars)
    char_p = 1.0 / np.arange(1, len(chars) + 1) ** 0.9
    char_p /= char_p.sum()
    n_words = 40_000
    lengths = rng.choice([2, 3, 4], size=n_words, p=[0.65, 0.25, 0.10])
    picks = rng.choice(len(chars), size=(n_words, 4), p=char_p)
    words = sorted(
        {"".join(chars[j] for j in picks[w, : lengths[w]]) for w in range(n_words)},
        key=lambda w: (len(w), w),
    )
    rng.shuffle(words)
    zh_cdf = np.cumsum(1.0 / np.arange(1, len(words) + 1) ** 1.05)
    zh_cdf /= zh_cdf[-1]
    latin = list(ENGLISH) + list(ACRONYMS)
    syll = ["ka", "lo", "mi", "ten", "ra", "sun", "dor", "vel", "bri", "on", "ex", "pla"]
    latin += sorted({"".join(rng.choice(syll, size=3)) for _ in range(3000)})
    en_cdf = np.cumsum(1.0 / np.arange(1, len(latin) + 1) ** 1.0)
    en_cdf /= en_cdf[-1]
    return words, zh_cdf, latin, en_cdf


BLOCK = 1000  # articles drawn together from one random generator


@lru_cache(maxsize=1)
def _pieces() -> tuple[str, ...]:
    """Every word as written: Chinese words bare, Latin words between blanks; each also
    followed by a comma or a full stop (codes: word + k * len, k = 0, 1, 2)."""
    words, _zh, latin, _en = vocabulary()
    plain = list(words) + [f" {w} " for w in latin]
    return tuple(plain + [w + "，" for w in plain] + [w + "。" for w in plain])


def meta(i: int, n: int) -> tuple[str, int, int]:
    """(publication, day ordinal, issue id) of article i of an archive of n."""
    pub = i % len(PUBLICATIONS)
    day = START + (i * DAYS) // n
    return PUBLICATIONS[pub], day, (day - START) * len(PUBLICATIONS) + pub + 1


@lru_cache(maxsize=4)
def block(b: int, n: int) -> tuple[Article, ...]:
    """Articles b*BLOCK .. (b+1)*BLOCK-1 (fewer at the end), a function of (SEED, b, n)."""
    words, zh_cdf, _latin, en_cdf = vocabulary()
    pieces = _pieces()
    lo, hi = b * BLOCK, min((b + 1) * BLOCK, n)
    m = hi - lo
    rng = np.random.default_rng((SEED, b))
    count = TARGET_CHARS * 10 // 27  # about 2.7 characters per word with punctuation
    zh = np.searchsorted(zh_cdf, rng.random((m, count)))
    en = np.searchsorted(en_cdf, rng.random((m, count))) + len(words)
    codes = np.where(rng.random((m, count)) < 0.06, en, zh)
    punct = rng.random((m, count))
    codes += (len(words) + len(en_cdf)) * ((punct < 0.08) + 2 * ((punct >= 0.08) & (punct < 0.11)))
    heads = np.searchsorted(zh_cdf, rng.random((m, 4)))
    pages = rng.integers(1, PAGES + 1, size=m)
    out = []
    for k in range(m):
        i = lo + k
        body = "".join(map(pieces.__getitem__, codes[k].tolist()))
        head = "".join(map(words.__getitem__, heads[k].tolist()))
        pub, day, issue_id = meta(i, n)
        out.append(Article(i + 1, pub, day, f"A{int(pages[k]):02d}", issue_id, head, body))
    return tuple(out)


def article(i: int, n: int) -> Article:
    """Article i (0-based) of an archive of n; regenerates its whole block (cached)."""
    return block(i // BLOCK, n)[i % BLOCK]


CHUNK = 5000


def _lines(args: tuple[int, int, int]) -> tuple[bytes, np.ndarray]:
    lo, hi, n = args
    lines = []
    for b in range(lo // BLOCK, (hi + BLOCK - 1) // BLOCK):
        lines.extend(f"{a.page}\t{a.headline}\t{a.body}\n".encode() for a in block(b, n))
    return b"".join(lines), np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))


def corpus_files(cache: Path, n: int) -> tuple[Path, Path]:
    return cache / f"corpus-{n}.txt", cache / f"corpus-{n}.offsets.npy"


def write_corpus(cache: Path, n: int, workers: int = 2) -> float:
    """Generate the archive's text once (seconds taken; 0 if it was there already)."""
    text_file, offsets_file = corpus_files(cache, n)
    if offsets_file.exists() and text_file.exists():
        return 0.0
    t0 = time.perf_counter()
    cache.mkdir(parents=True, exist_ok=True)
    tmp = text_file.with_suffix(".part")
    lengths = []
    chunks = [(lo, min(lo + CHUNK, n), n) for lo in range(0, n, CHUNK)]
    with tmp.open("wb") as f, Pool(workers, initializer=vocabulary) as pool:
        for k, (data, lens) in enumerate(pool.imap(_lines, chunks)):
            f.write(data)
            lengths.append(lens)
            if (k + 1) % 40 == 0:
                done = (k + 1) * CHUNK
                print(
                    f"  generated {done:,} of {n:,} in {time.perf_counter() - t0:.0f} s", flush=True
                )
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.concatenate(lengths), out=offsets[1:])
    tmp.rename(text_file)
    np.save(offsets_file, offsets)
    return time.perf_counter() - t0


class Store:
    """The generated archive on disk: article(i) without regenerating it."""

    def __init__(self, cache: Path, n: int) -> None:
        text_file, offsets_file = corpus_files(cache, n)
        self.n = n
        self.offsets = np.load(offsets_file)
        self._file = text_file.open("rb")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)

    def raw(self, lo: int, hi: int) -> list[str]:
        """Lines of articles lo..hi-1 (0-based)."""
        data = self._map[int(self.offsets[lo]) : int(self.offsets[hi])].decode()
        return data.split("\n")[: hi - lo]

    def articles(self, lo: int, hi: int) -> list[Article]:
        out = []
        for i, line in enumerate(self.raw(lo, hi), start=lo):
            page, headline, body = line.split("\t")
            pub, day, issue_id = meta(i, self.n)
            out.append(Article(i + 1, pub, day, page, issue_id, headline, body))
        return out

    def article(self, i: int) -> Article:
        return self.articles(i, i + 1)[0]
