"""Quality figures of a page analysis against ground truth (see docs/page-analysis.md).

Units are the page's own text: each CJK character, each Latin word (or number). Predicted and true
articles are matched one to one by the F1 of their shared units (Hungarian assignment); articles
without text (an advert made of one image) are compared by zone IoU instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from broadsheet.layout.contract import TEXT_FIELDS

THRESHOLDS = (0.5, 0.8, 0.95)
_CJK_CLASS = (
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u3040-\u30ff\uac00-\ud7af]"
)
_UNIT_RE = re.compile(_CJK_CLASS + r"|(?:(?!" + _CJK_CLASS + r")[^\W_])+")

Article = dict[str, Any]


def units(text: str) -> list[str]:
    """CJK characters and Latin words, lower-cased, in order."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _UNIT_RE.findall(text)


def article_units(article: Article) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in TEXT_FIELDS:
        counts.update(units(article.get(name) or ""))
    for block in article.get("blocks") or []:
        if block.get("role") == "caption":
            counts.update(units(block.get("text") or ""))
    return counts


def unit_f1(a: Counter[str], b: Counter[str]) -> float:
    shared = sum((a & b).values())
    if not shared:
        return 0.0
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total


def zone_iou(
    a: Iterable[Iterable[float]], b: Iterable[Iterable[float]], cell: float = 1.0
) -> float:
    """IoU of two unions of rectangles, rasterised on a grid of ``cell`` points."""
    rects_a = [list(r) for r in a]
    rects_b = [list(r) for r in b]
    if not rects_a or not rects_b:
        return 0.0
    every = rects_a + rects_b
    x0 = min(r[0] for r in every)
    y0 = min(r[1] for r in every)
    x1 = max(r[2] for r in every)
    y1 = max(r[3] for r in every)
    w = max(1, int(np.ceil((x1 - x0) / cell)))
    h = max(1, int(np.ceil((y1 - y0) / cell)))

    def mask(rects: list[list[float]]) -> np.ndarray:
        m = np.zeros((h, w), dtype=bool)
        for r in rects:
            c0, c1 = int(round((r[0] - x0) / cell)), int(round((r[2] - x0) / cell))
            r0, r1 = int(round((r[1] - y0) / cell)), int(round((r[3] - y0) / cell))
            m[r0:r1, c0:c1] = True
        return m

    ma, mb = mask(rects_a), mask(rects_b)
    union = np.logical_or(ma, mb).sum()
    return float(np.logical_and(ma, mb).sum() / union) if union else 0.0


def zone_share(part_of: list[list[float]], by: list[list[float]], cell: float = 2.0) -> float:
    """Share of the area of the zone ``part_of`` that the zone ``by`` covers."""
    if not part_of or not by:
        return 0.0
    own = zone_iou(part_of, part_of, cell)  # 1.0, but validates the rectangles
    if own == 0.0:
        return 0.0
    iou = zone_iou(part_of, by, cell)
    area_a = _area(part_of, cell)
    area_b = _area(by, cell)
    # IoU = I / (A + B - I)  =>  I = IoU * (A + B) / (1 + IoU)
    inter = iou * (area_a + area_b) / (1 + iou)
    return inter / area_a if area_a else 0.0


def _area(rects: list[list[float]], cell: float) -> float:
    x0 = min(r[0] for r in rects)
    y0 = min(r[1] for r in rects)
    w = max(1, int(np.ceil((max(r[2] for r in rects) - x0) / cell)))
    h = max(1, int(np.ceil((max(r[3] for r in rects) - y0) / cell)))
    m = np.zeros((h, w), dtype=bool)
    for r in rects:
        m[
            int(round((r[1] - y0) / cell)) : int(round((r[3] - y0) / cell)),
            int(round((r[0] - x0) / cell)) : int(round((r[2] - x0) / cell)),
        ] = True
    return float(m.sum())


def norm_text(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


def edit_distance(a: list[str], b: list[str]) -> int:
    """Levenshtein distance over unit sequences (numpy rows: fast enough for long articles)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    vocab: dict[str, int] = {}
    ia = np.array([vocab.setdefault(u, len(vocab)) for u in a])
    ib = np.array([vocab.setdefault(u, len(vocab)) for u in b])
    idx = np.arange(len(ib) + 1)
    prev = idx.copy()
    for ch in ia:
        cost = (ib != ch).astype(np.int64)
        tmp = np.empty_like(prev)
        tmp[0] = prev[0] + 1
        tmp[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        prev = np.minimum.accumulate(tmp - idx) + idx
    return int(prev[-1])


@dataclass
class PageScore:
    true_count: int = 0
    pred_count: int = 0
    matched: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    splits: int = 0
    merges: int = 0
    ious: list[float] = field(default_factory=list)
    roles: dict[str, list[bool]] = field(default_factory=dict)
    order: list[float] = field(default_factory=list)  # normalised edit distance per matched article
    zero_edit: bool = False


def similarity_matrix(truth: list[Article], pred: list[Article]) -> np.ndarray:
    tu = [article_units(a) for a in truth]
    pu = [article_units(a) for a in pred]
    sim = np.zeros((len(truth), len(pred)))
    for i, a in enumerate(truth):
        for j, b in enumerate(pred):
            if not tu[i] and not pu[j]:
                sim[i, j] = zone_iou(a.get("regions") or [], b.get("regions") or [], cell=2.0)
            else:
                sim[i, j] = unit_f1(tu[i], pu[j])
    return sim


def score_page(truth_page: dict[str, Any], pred_page: dict[str, Any]) -> PageScore:
    truth = list(truth_page.get("articles") or [])
    pred = list(pred_page.get("articles") or [])
    score = PageScore(true_count=len(truth), pred_count=len(pred))
    if not truth or not pred:
        score.zero_edit = not truth and not pred
        return score
    sim = similarity_matrix(truth, pred)
    rows, cols = linear_sum_assignment(-sim)
    perfect = 0
    for i, j in zip(rows, cols, strict=True):
        f1 = sim[i, j]
        for t in THRESHOLDS:
            if f1 >= t:
                score.matched[t] += 1
        if f1 < 0.5:
            continue
        t_art, p_art = truth[i], pred[j]
        score.ious.append(zone_iou(t_art.get("regions") or [], p_art.get("regions") or []))
        for role in ("headline", "kicker", "subheadline", "byline"):
            want = norm_text(t_art.get(role) or "")
            if want:
                score.roles.setdefault(role, []).append(want == norm_text(p_art.get(role) or ""))
        true_body = units(t_art.get("text") or "")
        if true_body:
            dist = edit_distance(units(p_art.get("text") or ""), true_body)
            score.order.append(min(1.0, dist / len(true_body)))
        headline_ok = norm_text(t_art.get("headline") or "") == norm_text(
            p_art.get("headline") or ""
        )
        if f1 >= 0.95 and headline_ok:
            perfect += 1
    # Splits and merges from zone shares (units cannot tell where a common word came from).
    shares = np.zeros((len(truth), len(pred)))
    for i, t_art in enumerate(truth):
        for j, p_art in enumerate(pred):
            shares[i, j] = zone_share(t_art.get("regions") or [], p_art.get("regions") or [])
    score.splits = int(((shares >= 0.2).sum(axis=1) >= 2).sum())
    score.merges = int(((shares >= 0.5).sum(axis=0) >= 2).sum())
    score.zero_edit = perfect == len(truth) == len(pred)
    return score


@dataclass
class Summary:
    pages: int
    article_f1: dict[float, float]
    splits: int
    merges: int
    zone_iou: float
    role_accuracy: dict[str, float]
    reading_order: float
    zero_edit_pages: float
    true_articles: int
    pred_articles: int


def summarise(scores: list[PageScore]) -> Summary:
    true_n = sum(s.true_count for s in scores)
    pred_n = sum(s.pred_count for s in scores)
    f1 = {}
    for t in THRESHOLDS:
        tp = sum(s.matched[t] for s in scores)
        f1[t] = 2 * tp / (true_n + pred_n) if true_n + pred_n else 1.0
    ious = [v for s in scores for v in s.ious]
    roles: dict[str, list[bool]] = {}
    for s in scores:
        for role, hits in s.roles.items():
            roles.setdefault(role, []).extend(hits)
    order = [d for s in scores for d in s.order]
    return Summary(
        pages=len(scores),
        article_f1=f1,
        splits=sum(s.splits for s in scores),
        merges=sum(s.merges for s in scores),
        zone_iou=float(np.mean(ious)) if ious else 0.0,
        role_accuracy={r: sum(h) / len(h) for r, h in roles.items() if h},
        reading_order=sum(1 for d in order if d <= 0.05) / len(order) if order else 1.0,
        zero_edit_pages=sum(1 for s in scores if s.zero_edit) / len(scores) if scores else 0.0,
        true_articles=true_n,
        pred_articles=pred_n,
    )


def _best_match(article: Article, candidates: list[Article]) -> Article | None:
    """The candidate sharing most text with ``article`` (unit F1 at least 0.5)."""
    want = article_units(article)
    best, best_f1 = None, 0.5
    for candidate in candidates:
        f1 = unit_f1(want, article_units(candidate))
        if f1 >= best_f1:
            best, best_f1 = candidate, f1
    return best


def jump_links(
    truth_pages: list[dict[str, Any]], pred_pages: list[dict[str, Any]]
) -> tuple[int, int]:
    """(right, total) over the true jumps of an issue. A true article continued on page N is
    right when its predicted match links ``continued_to`` page N and names there the predicted
    match of the true continuation (the article on page N continued from this page with the
    most text in common)."""
    pred_by_index = {p.get("index"): p for p in pred_pages}
    truth_by_index = {p.get("index"): p for p in truth_pages}
    right = total = 0
    for page in truth_pages:
        index = page.get("index")
        pred_here = (pred_by_index.get(index) or {}).get("articles") or []
        for article in page.get("articles") or []:
            link = article.get("continued_to") or {}
            target = link.get("page")
            if target is None:
                continue
            total += 1
            there = (truth_by_index.get(target) or {}).get("articles") or []
            tails = [a for a in there if (a.get("continued_from") or {}).get("page") == index]
            # Two stories jumping to one page: the continuation under the same headline is
            # this one's (a head and its tail share little text, so text alone may pick either)
            want = norm_text(article.get("headline") or "")
            same = [a for a in tails if want and norm_text(a.get("headline") or "") == want]
            tail = (
                (same[0] if len(same) == 1 else None)
                or _best_match(article, tails)
                or (tails[0] if len(tails) == 1 else None)
            )
            mine = _best_match(article, pred_here)
            if tail is None or mine is None:
                continue
            pred_tail = _best_match(tail, (pred_by_index.get(target) or {}).get("articles") or [])
            got = mine.get("continued_to") or {}
            if (
                pred_tail is not None
                and got.get("page") == target
                and got.get("article") == pred_tail.get("id")
            ):
                right += 1
    return right, total
