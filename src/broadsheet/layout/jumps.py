"""Link jump lines across pages: "下转第3版" on page 1 to "上接第1版" on page 3."""

from __future__ import annotations

import re
from typing import Any

from broadsheet.layout.roles import jump_of

Page = dict[str, Any]


def _normalise_label(label: str) -> str:
    match = re.fullmatch(r"([A-Za-z]*)0*(\d+)([A-Za-z]*)", label.strip())
    if not match:
        return label.strip().upper()
    return f"{match.group(1).upper()}{int(match.group(2))}{match.group(3).upper()}"


def _page_for(label: str, pages: list[Page], labels: dict[int, str] | None) -> int | None:
    indices = {p["index"] for p in pages}
    wanted = _normalise_label(label)
    if labels:
        for idx, printed in labels.items():
            if _normalise_label(printed) == wanted:
                return idx
    if wanted.isdigit() and (int(wanted) in indices or not labels):
        return int(wanted)
    digits = re.sub(r"\D", "", wanted)
    if digits and not labels and int(digits) in indices:
        return int(digits)
    return None


def _jump_text(article: dict[str, Any]) -> list[str]:
    return [b["text"] for b in article.get("blocks", []) if b.get("role") == "jump"]


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text or "").lower()


def _similarity(a: str, b: str) -> float:
    a, b = _key(a), _key(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return len(grams_a & grams_b) / max(1, min(len(grams_a), len(grams_b)))


def _partner(
    source: dict[str, Any], candidates: list[dict[str, Any]], want: str
) -> dict[str, Any] | None:
    """The article on the other page: the one with a matching headline, else the only jumper."""
    jumpers = [
        c for c in candidates if any((jump_of(t) or ("", ""))[0] == want for t in _jump_text(c))
    ]
    pool = jumpers or candidates
    best, best_score = None, 0.0
    for cand in pool:
        score = _similarity(source.get("headline", ""), cand.get("headline", ""))
        if score > best_score:
            best, best_score = cand, score
    if best is not None and best_score >= 0.5:
        return best
    if len(jumpers) == 1:
        return jumpers[0]
    return None


def link_jumps(pages: list[Page], labels: dict[int, str] | None = None) -> None:
    by_index = {p["index"]: p for p in pages}
    for page in pages:
        for article in page.get("articles", []):
            for text in _jump_text(article):
                found = jump_of(text)
                if not found:
                    continue
                direction, label = found
                target = _page_for(label, pages, labels)
                if target is None or target == page["index"]:
                    continue
                field = "continued_to" if direction == "to" else "continued_from"
                link: dict[str, Any] = {"page": target}
                other = by_index.get(target)
                if other is not None:
                    want = "from" if direction == "to" else "to"
                    partner = _partner(article, other.get("articles", []), want)
                    if partner is not None:
                        link["article"] = partner["id"]
                        back = "continued_from" if direction == "to" else "continued_to"
                        if not partner.get(back):
                            partner[back] = {"page": page["index"], "article": article["id"]}
                article[field] = link
    _link_stories(pages)


def _link_stories(pages: list[Page]) -> None:
    """The parts of one article thread (``story``) on different pages: each continues on the
    next page that has a part, where no jump line already says where it goes."""
    parts: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for page in sorted(pages, key=lambda p: p["index"]):
        for article in page.get("articles", []):
            if article.get("story"):
                parts.setdefault(article["story"], []).append((page["index"], article))
    for chain in parts.values():
        for (here, a), (there, b) in zip(chain, chain[1:], strict=False):
            if here == there:
                continue  # two articles on one page claim the thread: no guess
            if not a.get("continued_to"):
                a["continued_to"] = {"page": there, "article": b["id"]}
            if not b.get("continued_from"):
                b["continued_from"] = {"page": here, "article": a["id"]}
