"""From per-page analyses to the issue's articles: continuations joined, bodies split.

An article that jumps ("下转第3版" / "continued on page 3") is one article with regions on
every page it occupies; its parts are joined here when the analysis (or the manifest) names
the partner article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from broadsheet.layout.contract import KINDS, ROLES


@dataclass
class PartPlan:
    """The part of an article that stands on one page."""

    sequence: int
    zones: list[list[float]]
    blocks: list[dict[str, Any]]


@dataclass
class ArticlePlan:
    kind: str
    kicker: str
    headline: str
    subheadline: str
    byline: str
    body: list[dict[str, str]]
    parts: list[PartPlan] = field(default_factory=list)

    @property
    def sequence(self) -> int:
        return self.parts[0].sequence


def body_blocks(text: str, subheads: set[str]) -> list[dict[str, str]]:
    """Split body text at blank lines; a paragraph that is a known subhead becomes one."""
    blocks: list[dict[str, str]] = []
    for para in text.replace("\r\n", "\n").split("\n\n"):
        para = (
            " ".join(line.strip() for line in para.split("\n") if line.strip())
            if _latin(para)
            else "".join(line.strip() for line in para.split("\n"))
        )
        if not para:
            continue
        kind = "subhead" if para in subheads else "paragraph"
        blocks.append({"type": kind, "text": para})
    return blocks


def _latin(text: str) -> bool:
    """Latin-script text joins wrapped lines with a space; CJK text joins them without one."""
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return cjk * 4 < len(text)


def blocks_and_zones(article: dict[str, Any]) -> tuple[list[dict[str, Any]], list[list[float]]]:
    """An analysed article's well-formed blocks, and its zones (its blocks' boxes where it
    has none)."""
    blocks = [
        b
        for b in article.get("blocks", [])
        if isinstance(b, dict) and b.get("role") in ROLES and len(b.get("bbox", [])) == 4
    ]
    zones = [list(map(float, r)) for r in article.get("regions", []) if len(r) == 4]
    if not zones:
        zones = [list(map(float, b["bbox"])) for b in blocks]
    return blocks, zones


def _part(sequence: int, article: dict[str, Any]) -> PartPlan:
    blocks, zones = blocks_and_zones(article)
    return PartPlan(sequence=sequence, zones=zones, blocks=blocks)


def plan_articles(analyses: list[dict[str, Any]]) -> list[ArticlePlan]:
    """Articles of the issue in reading order, with continuations joined to their start."""
    by_key: dict[tuple[int, str], dict[str, Any]] = {}
    for analysis in analyses:
        for article in analysis.get("articles", []):
            by_key[(analysis["index"], str(article.get("id")))] = article

    # A continuation is absorbed when its start names it and it names the start back (or does
    # not contradict it).
    absorbed_into: dict[tuple[int, str], tuple[int, str]] = {}
    for (sequence, aid), article in by_key.items():
        link = article.get("continued_to") or {}
        target = (link.get("page"), str(link.get("article"))) if link.get("article") else None
        if target is None or target not in by_key or target == (sequence, aid):
            continue
        back = by_key[target].get("continued_from") or {}
        if back.get("page") not in (None, sequence):
            continue
        if target in absorbed_into:
            continue
        absorbed_into[target] = (sequence, aid)

    def root(key: tuple[int, str]) -> tuple[int, str]:
        seen = set()
        while key in absorbed_into and key not in seen:
            seen.add(key)
            key = absorbed_into[key]
        return key

    plans: dict[tuple[int, str], ArticlePlan] = {}
    ordered: list[ArticlePlan] = []
    for analysis in sorted(analyses, key=lambda a: a["index"]):
        sequence = analysis["index"]
        for article in analysis.get("articles", []):
            key = (sequence, str(article.get("id")))
            subheads = {
                b.get("text", "").strip()
                for b in article.get("blocks", [])
                if isinstance(b, dict) and b.get("role") == "subhead"
            }
            body = body_blocks(article.get("text", "") or "", subheads)
            owner = root(key)
            if owner != key and owner in plans:
                plan = plans[owner]
                plan.parts.append(_part(sequence, article))
                plan.body.extend(body)
                continue
            kind = article.get("kind", "news")
            plan = ArticlePlan(
                kind=kind if kind in KINDS else "news",
                kicker=(article.get("kicker") or "").strip(),
                headline=(article.get("headline") or "").strip(),
                subheadline=(article.get("subheadline") or "").strip(),
                byline=(article.get("byline") or "").strip(),
                body=body,
                parts=[_part(sequence, article)],
            )
            plans[key] = plan
            ordered.append(plan)
    return ordered
