"""Per-article view of the analyser against ground truth, for tuning (development seeds only).

.venv/bin/python bench/analysis_debug.py reportlab profile=0 date=2024-05-06 seed=1 pages=4 [--page 2]
.venv/bin/python bench/analysis_debug.py chromium seed=1 language=zh count=4
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import load_set  # noqa: E402
from broadsheet.layout import analyze_page  # noqa: E402
from broadsheet.layout.evaluation import (  # noqa: E402
    edit_distance,
    norm_text,
    score_page,
    similarity_matrix,
    units,
    zone_iou,
)


def _parse(values: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values:
        k, v = item.split("=", 1)
        out[k] = int(v) if v.lstrip("-").isdigit() else v
    return out


def _short(a: dict[str, Any]) -> str:
    return f"[{a.get('kind', '')}] {(a.get('headline') or '')[:24]!r} by={(a.get('byline') or '')[:30]!r}"


def _role_diffs(t: dict[str, Any], p: dict[str, Any]) -> list[str]:
    """Role fields that differ, and the body when its reading order is off (> 5 % edits)."""
    out = []
    for role in ("kicker", "subheadline", "byline"):
        want = t.get(role) or ""
        if want and norm_text(want) != norm_text(p.get(role) or ""):
            out.append(f"{role} T={want!r} P={p.get(role)!r}")
    true_body = units(t.get("text") or "")
    if true_body:
        dist = edit_distance(units(p.get("text") or ""), true_body) / len(true_body)
        if dist > 0.05:
            out.append(
                f"order dist={dist:.2f} T={t.get('text', '')[:90]!r} P={p.get('text', '')[:90]!r}"
            )
    return out


def show(truth: dict[str, Any], pred: dict[str, Any], verbose: bool, roles: bool = False) -> None:
    t_arts, p_arts = truth["articles"], pred["articles"]
    sim = similarity_matrix(t_arts, p_arts) if t_arts and p_arts else np.zeros((0, 0))
    rows, cols = linear_sum_assignment(-sim) if sim.size else ([], [])
    used = set()
    for i, j in zip(rows, cols, strict=True):
        used.add(j)
        t, p = t_arts[i], p_arts[j]
        iou = zone_iou(t["regions"], p["regions"])
        ok = sim[i, j] >= 0.95 and norm_text(t.get("headline", "")) == norm_text(
            p.get("headline", "")
        )
        flag = "  " if ok else "XX"
        print(f" {flag} f1={sim[i, j]:.2f} iou={iou:.2f} T{_short(t)}")
        if not ok or verbose:
            print(f"           P{_short(p)}")
            if norm_text(t.get("byline", "")) != norm_text(p.get("byline", "")):
                print(f"           byline T={t.get('byline')!r} P={p.get('byline')!r}")
        if roles:
            for line in _role_diffs(t, p):
                print(f"           {line}")
        if verbose or iou < 0.85:
            print(f"           Treg={t['regions']}\n           Preg={p['regions']}")
    for i in range(len(t_arts)):
        if i not in set(rows):
            print(f" XX missing T{_short(t_arts[i])}")
    for j in range(len(p_arts)):
        if j not in used:
            print(
                f" XX extra P{_short(p_arts[j])} text={p_arts[j]['text'][:60]!r} reg={p_arts[j]['regions']}"
            )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("producer")
    ap.add_argument("params", nargs="+")
    ap.add_argument("--page", type=int, default=0)
    ap.add_argument("-v", action="store_true")
    ap.add_argument(
        "--roles", action="store_true", help="also list kicker/subheadline/byline and order misses"
    )
    args = ap.parse_args()
    for n, (pdf, truth) in enumerate(load_set(args.producer, _parse(args.params)), start=1):
        if args.page and n != args.page:
            continue
        doc = pdfium.PdfDocument(pdf)
        pred = analyze_page(doc[0], truth.get("index", 1))
        s = score_page(truth, pred)
        print(
            f"== page {n}: true {s.true_count} pred {s.pred_count} @.95 {s.matched[0.95]} zero_edit={s.zero_edit}"
        )
        show(truth, pred, args.v, args.roles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
