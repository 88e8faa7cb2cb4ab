"""Deterministic synthetic archive for bench/search.py: any article can be regenerated alone.

Article ``i`` is a function of (SEED, i) only, so the benchmark stores no text: fetching the
20 texts of a results page for snippets means regenerating them (about as costly as reading
20 rows), and the brute-force recall check regenerates a sample.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _arrays() -> tuple[np.ndarray, np.ndarray]:
    words, _zh, latin, _en = vocabulary()
    return np.array(words, dtype=object), np.array([f" {w} " for w in latin], dtype=object)


def meta(i: int, n: int) -> tuple[str, int, int]:
    """(publication, day ordinal, issue id) of article i of an archive of n."""
    pub = i % len(PUBLICATIONS)
    day = START + (i * DAYS) // n
    return PUBLICATIONS[pub], day, (day - START) * len(PUBLICATIONS) + pub + 1


def article(i: int, n: int) -> Article:
    words, zh_cdf, latin, en_cdf = vocabulary()
    rng = np.random.default_rng((SEED, i))
    count = TARGET_CHARS * 10 // 27  # about 2.7 characters per word with punctuation
    zh = np.searchsorted(zh_cdf, rng.random(count))
    en = np.searchsorted(en_cdf, rng.random(count))
    is_en = rng.random(count) < 0.06
    punct = rng.random(count)
    zh_arr, en_arr = _arrays()
    parts = np.where(is_en, en_arr[en], zh_arr[zh])
    comma, stop = punct < 0.08, (punct >= 0.08) & (punct < 0.11)
    parts[comma] = parts[comma] + "，"
    parts[stop] = parts[stop] + "。"
    body = "".join(parts.tolist())
    head = "".join(words[j] for j in np.searchsorted(zh_cdf, rng.random(4)))
    pub, day, issue_id = meta(i, n)
    page = f"A{int(rng.integers(1, PAGES + 1)):02d}"
    return Article(i + 1, pub, day, page, issue_id, head, body)
