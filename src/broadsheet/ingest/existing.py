"""An issue as it stands, read back for a new run: its pages and its articles' parts.

A run processes only the pages that changed; the rest of the issue is read here, so that jump
lines can be linked across old and new pages and new pieces can take the numbers of the old
articles they continue (`matching`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from broadsheet.ingest.matching import Signature
from broadsheet.newspaper.models import Article, Issue, Page, Publication, Region

# Roles whose text identifies a part (everything but the zone outline itself).
TEXT_ROLES = {"kicker", "headline", "subheadline", "byline", "body", "subhead", "caption", "jump"}


@dataclass
class OldPart:
    number: int
    page_id: int
    is_start: bool
    zones: list[list[float]]
    blocks: list[dict[str, Any]]
    region_ids: list[int]
    body: list[dict[str, Any]]  # the article's body blocks that stand on this page

    def signature(self, headline: str) -> Signature:
        text = "\n".join(b["text"] for b in self.blocks if b.get("text"))
        if len(text) < 20:
            text += "\n" + "\n".join(b.get("text", "") for b in self.body)
        boxes = self.zones or [b["bbox"] for b in self.blocks]
        return Signature.of(text, headline if self.is_start else "", boxes)


@dataclass
class OldArticle:
    row: Article
    parts: list[OldPart] = field(default_factory=list)
    # The body holds blocks that name no page: typed by an editor, or stored before blocks
    # carried their page. Such a body is kept as it is when a continuation changes.
    hand_body: bool = False

    @property
    def number(self) -> int:
        return self.row.number


@dataclass
class IssueState:
    issue: Issue | None
    pages: list[Page] = field(default_factory=list)  # in sequence order
    articles: dict[int, OldArticle] = field(default_factory=dict)

    def page(self, label: str) -> Page | None:
        return next((p for p in self.pages if p.number == label), None)

    def parts_on(self, page_id: int) -> list[tuple[OldArticle, OldPart]]:
        out = []
        for article in self.articles.values():
            for part in article.parts:
                if part.page_id == page_id:
                    out.append((article, part))
        out.sort(key=lambda ap: ap[0].row.order)
        return out


def load_state(issue: Issue | None) -> IssueState:
    if issue is None or issue.pk is None:
        return IssueState(issue=None)
    pages = list(Page.objects.filter(issue=issue).order_by("sequence"))
    page_ids = {p.id for p in pages}
    state = IssueState(issue=issue, pages=pages)
    rows = list(Article.objects.filter(issue=issue).order_by("order", "number"))
    regions: dict[int, list[Region]] = {}
    for region in Region.objects.filter(article__issue=issue).order_by("id"):
        regions.setdefault(region.article_id, []).append(region)
    sequence = {p.id: p.sequence for p in pages}
    for row in rows:
        old = OldArticle(row=row)
        own = regions.get(row.id, [])
        page_order: list[int] = [row.page_id] if row.page_id in page_ids else []
        for r in sorted(own, key=lambda r: (sequence.get(r.page_id, 0), r.id)):
            if r.page_id not in page_order and r.page_id in page_ids:
                page_order.append(r.page_id)
        untagged = [b for b in row.body if isinstance(b, dict) and "page" not in b]
        old.hand_body = bool(untagged)
        for i, page_id in enumerate(page_order):
            mine = [r for r in own if r.page_id == page_id]
            body = [
                b
                for b in row.body
                if isinstance(b, dict)
                and (b.get("page") == page_id or (i == 0 and "page" not in b))
            ]
            old.parts.append(
                OldPart(
                    number=row.number,
                    page_id=page_id,
                    is_start=i == 0,
                    zones=[r.bbox for r in mine if r.role == Region.Role.ZONE],
                    blocks=[
                        {"role": r.role, "bbox": r.bbox, "text": r.text}
                        for r in mine
                        if r.role != Region.Role.ZONE
                    ],
                    region_ids=[r.id for r in mine],
                    body=body,
                )
            )
        state.articles[row.number] = old
    return state


def find_issue(publication: Publication, date: dt.date, edition: int) -> Issue | None:
    return Issue.objects.filter(publication=publication, date=date, edition=edition).first()


def kept_id(number: int) -> str:
    return f"n{number}"


def kept_analysis(state: IssueState, page: Page, index: int) -> dict[str, Any]:
    """A kept page in the analysis contract's shape, for linking jump lines across the issue.
    Each article part is one entry whose id names its article (`kept_id`)."""
    articles = []
    for article, part in state.parts_on(page.id):
        row = article.row
        articles.append(
            {
                "id": kept_id(row.number),
                "kind": row.kind,
                "headline": row.headline if part.is_start else "",
                "regions": part.zones,
                "blocks": [b for b in part.blocks if b.get("role") in TEXT_ROLES],
            }
        )
    return {
        "index": index,
        "width": page.width,
        "height": page.height,
        "text_quality": page.text_quality,
        "articles": articles,
    }
