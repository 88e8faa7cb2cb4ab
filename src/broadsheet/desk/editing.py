"""Corrections to an issue's articles and zones. Every operation is saved at once, recorded in
the audit trail with a snapshot of what it touched, and can be undone (latest first).

Operations (`apply(issue, user, {"op": …})`):

- ``set_zone`` {region, box}: move or resize a zone; ``add_zone`` {page, box, article?}: draw
  a zone (a new article when no article is given); ``delete_zone`` {region}
- ``merge`` {article, other}: one article from two; ``link`` {article, other}: the same, for
  an article continued on another page; ``split`` {article, regions}: the given zones become
  a new article
- ``delete`` {article}; ``kind`` {article, kind} (e.g. "advert")
- ``text`` {article, kicker, headline, subheadline, byline, body}
- ``reorder`` {order: [article numbers in reading order]}
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from broadsheet.desk import audit, inputs
from broadsheet.desk.audit import article_params
from broadsheet.desk.inputs import EditError
from broadsheet.desk.models import Change
from broadsheet.desk.publishing import after_correction
from broadsheet.ingest.articles import body_blocks
from broadsheet.newspaper.models import Article, Issue, Page, Region, RetiredArticle

TEXT_FIELDS = ("kicker", "headline", "subheadline", "byline")
MIN_SIDE = 2.0  # points


def snapshot(article: Article) -> dict[str, Any]:
    return {
        "number": article.number,
        "page_id": article.page_id,
        "order": article.order,
        "kind": article.kind,
        **{f: getattr(article, f) for f in TEXT_FIELDS},
        "body": article.body,
        "regions": [
            {
                "page_id": r.page_id,
                "role": r.role,
                "box": [r.x0, r.y0, r.x1, r.y1],
                "polygon": r.polygon,
                "text": r.text,
            }
            for r in article.regions.order_by("id")
        ],
    }


def restore(issue: Issue, snap: dict[str, Any]) -> Article:
    article = Article.objects.create(
        issue=issue,
        page_id=snap["page_id"],
        number=snap["number"],
        order=snap["order"],
        kind=snap["kind"],
        body=snap["body"],
        **{f: snap[f] for f in TEXT_FIELDS},
    )
    Region.objects.bulk_create(
        Region(
            article=article,
            page_id=r["page_id"],
            role=r["role"],
            x0=r["box"][0],
            y0=r["box"][1],
            x1=r["box"][2],
            y1=r["box"][3],
            polygon=r["polygon"],
            text=r["text"],
        )
        for r in snap["regions"]
    )
    return article


def _article(issue: Issue, number: Any) -> Article:
    wanted = inputs.whole(number, "an article number", inputs.MAX_NUMBER)
    try:
        return Article.objects.get(issue=issue, number=wanted)
    except Article.DoesNotExist:
        raise EditError(f"no article {wanted} in this issue") from None


def _region(issue: Issue, region_id: Any) -> Region:
    wanted = inputs.whole(region_id, "a zone id")
    try:
        return Region.objects.select_related("page", "article").get(pk=wanted, article__issue=issue)
    except Region.DoesNotExist:
        raise EditError(f"no zone {wanted} in this issue") from None


def _page(issue: Issue, page_id: Any) -> Page:
    wanted = inputs.whole(page_id, "a page id")
    try:
        return Page.objects.get(pk=wanted, issue=issue)
    except Page.DoesNotExist:
        raise EditError(f"no page {wanted} in this issue") from None


def _box(value: Any, page: Page) -> list[float]:
    if not (isinstance(value, list) and len(value) == 4):
        raise EditError("a box is [x0, y0, x1, y1] in points")
    x0, y0, x1, y1 = (inputs.number(v, "a box corner") for v in value)
    x0, x1 = sorted((max(0.0, min(x0, page.width)), max(0.0, min(x1, page.width))))
    y0, y1 = sorted((max(0.0, min(y0, page.height)), max(0.0, min(y1, page.height))))
    if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
        raise EditError("the zone is too small")
    return [x0, y0, x1, y1]


def _next_number(issue: Issue) -> int:
    """A number never given in this issue (numbers are URLs; the caller holds the lock)."""
    locked = Issue.objects.get(pk=issue.pk)
    number = locked.take_article_number()
    Issue.objects.filter(pk=issue.pk).update(last_article_number=number)
    return number


def _retire(issue: Issue, article: Article, reason: str, into: int | None = None) -> None:
    """The article's URL answers 410 Gone, or redirects to the article that absorbed it."""
    RetiredArticle.objects.update_or_create(
        issue=issue,
        number=article.number,
        defaults={
            "headline": article.title[:500],
            "reason": reason,
            "merged_into": into,
            "retired_at": timezone.now(),
        },
    )


# What an operation did: an audit action and its parameters.
Entry = tuple[str, dict[str, Any]]


class _Edit:
    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        self.before: dict[int, dict[str, Any]] = {}
        self.after: set[int] = set()

    def touch(self, article: Article) -> Article:
        if article.number not in self.before:
            self.before[article.number] = snapshot(article)
        self.after.add(article.number)
        return article


def _set_zone(e: _Edit, op: dict[str, Any]) -> Entry:
    region = _region(e.issue, op.get("region"))
    x0, y0, x1, y1 = _box(op.get("box"), region.page)
    e.touch(region.article)
    region.x0, region.y0, region.x1, region.y1 = x0, y0, x1, y1
    region.polygon = None
    region.save()
    return "zone_moved", article_params(region.article)


def _add_zone(e: _Edit, op: dict[str, Any]) -> Entry:
    page = _page(e.issue, op.get("page"))
    box = _box(op.get("box"), page)
    if op.get("article"):
        article = e.touch(_article(e.issue, op["article"]))
    else:
        last = Article.objects.filter(issue=e.issue).aggregate(m=Max("order"))["m"] or 0
        article = Article.objects.create(
            issue=e.issue, page=page, number=_next_number(e.issue), order=last + 1
        )
        e.after.add(article.number)
    Region.objects.create(
        article=article, page=page, role="zone", x0=box[0], y0=box[1], x1=box[2], y1=box[3]
    )
    return "zone_drawn", article_params(article)


def _delete_zone(e: _Edit, op: dict[str, Any]) -> Entry:
    region = _region(e.issue, op.get("region"))
    e.touch(region.article)
    region.delete()
    return "zone_deleted", article_params(region.article)


def _merge(e: _Edit, op: dict[str, Any]) -> Entry:
    article = e.touch(_article(e.issue, op.get("article")))
    other = _article(e.issue, op.get("other"))
    if other.pk == article.pk:
        raise EditError("choose two different articles")
    e.touch(other)
    other.regions.update(article=article)
    article.body = list(article.body) + list(other.body)
    for field in TEXT_FIELDS:
        if not getattr(article, field) and getattr(other, field):
            setattr(article, field, getattr(other, field))
    article.save()
    e.after.discard(other.number)
    other.delete()
    _retire(e.issue, other, RetiredArticle.Reason.MERGED, into=article.number)
    RetiredArticle.objects.filter(issue=e.issue, merged_into=other.number).update(
        merged_into=article.number
    )
    action = "linked" if op["op"] == "link" else "merged"
    return action, {**article_params(article), **article_params(other, "other")}


def _split(e: _Edit, op: dict[str, Any]) -> Entry:
    article = e.touch(_article(e.issue, op.get("article")))
    ids = inputs.ids(op.get("regions") or [], "the zones to split off")
    moving = list(article.regions.filter(pk__in=ids))
    zones_left = article.regions.filter(role="zone").exclude(pk__in=ids).count()
    if not moving or not zones_left:
        raise EditError("choose some, not all, of the article's zones to split off")
    new = Article.objects.create(
        issue=e.issue,
        page_id=moving[0].page_id,
        number=_next_number(e.issue),
        order=article.order,
        kind=article.kind,
    )
    e.after.add(new.number)
    boxes = [m for m in moving if m.role == "zone"]
    # Text regions inside the split-off zones go with them.
    for region in article.regions.exclude(role="zone").exclude(pk__in=ids):
        cx, cy = (region.x0 + region.x1) / 2, (region.y0 + region.y1) / 2
        if any(
            b.page_id == region.page_id and b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1 for b in boxes
        ):
            moving.append(region)
    Region.objects.filter(pk__in=[m.pk for m in moving]).update(article=new)
    headline = next((m.text for m in moving if m.role == "headline" and m.text), "")
    new.headline = headline[:500]
    new.body = body_blocks(
        "\n\n".join(m.text for m in moving if m.role == "body" and m.text), set()
    )
    new.save()
    Article.objects.filter(issue=e.issue, order__gt=article.order).exclude(pk=new.pk).update(
        order=F("order") + 1
    )
    new.order = article.order + 1
    new.save(update_fields=["order"])
    return "split_off", {**article_params(article), **article_params(new, "new")}


def _delete(e: _Edit, op: dict[str, Any]) -> Entry:
    article = e.touch(_article(e.issue, op.get("article")))
    e.after.discard(article.number)
    article.delete()
    _retire(e.issue, article, RetiredArticle.Reason.DELETED)
    return "deleted", article_params(article)


def _kind(e: _Edit, op: dict[str, Any]) -> Entry:
    article = e.touch(_article(e.issue, op.get("article")))
    kind = op.get("kind")
    if not isinstance(kind, str) or kind not in Article.Kind.values:
        raise EditError(f"unknown kind {kind!r}")
    article.kind = kind
    article.save(update_fields=["kind"])
    return "kind_set", {**article_params(article), "kind": kind}


def _text(e: _Edit, op: dict[str, Any]) -> Entry:
    article = e.touch(_article(e.issue, op.get("article")))
    for field in TEXT_FIELDS:
        if field in op:
            setattr(article, field, inputs.text(op[field], f"the {field}", 500))
    if "body" in op:
        subheads = {b["text"] for b in article.body if b.get("type") == "subhead"}
        blocks = body_blocks(inputs.text(op["body"], "the body", 200_000), subheads)
        article.body = _on_pages(article.body, blocks, article.page_id)
    article.save()
    return "text_edited", article_params(article)


def _on_pages(
    old: list[dict[str, Any]], new: list[dict[str, str]], first_page: int
) -> list[dict[str, Any]]:
    """Edited paragraphs keep the page they stand on (a paragraph unchanged keeps its page;
    a new or changed one stands where the paragraph before it stood), so that a continuation
    page can later be processed again without touching the text of the start."""
    pages = {b.get("text"): b["page"] for b in old if isinstance(b, dict) and "page" in b}
    if not pages:
        return list(new)
    out: list[dict[str, Any]] = []
    current = first_page
    for block in new:
        current = pages.get(block["text"], current)
        out.append({**block, "page": current})
    return out


def _reorder(e: _Edit, op: dict[str, Any]) -> Entry:
    numbers = inputs.ids(op.get("order") or [], "the order", inputs.MAX_NUMBER)
    articles = {a.number: a for a in Article.objects.filter(issue=e.issue)}
    if sorted(numbers) != sorted(articles):
        raise EditError("give every article of the issue exactly once")
    for position, number in enumerate(numbers, 1):
        article = articles[number]
        if article.order != position:
            e.touch(article)
            article.order = position
            article.save(update_fields=["order"])
    return "reordered", {}


OPERATIONS = {
    "set_zone": _set_zone,
    "add_zone": _add_zone,
    "delete_zone": _delete_zone,
    "merge": _merge,
    "link": _merge,
    "split": _split,
    "delete": _delete,
    "kind": _kind,
    "text": _text,
    "reorder": _reorder,
}


def apply(issue: Issue, user: Any, op: dict[str, Any]) -> Change:
    name = op.get("op")
    if not isinstance(name, str) or name not in OPERATIONS:
        raise EditError(f"unknown operation {name!r}")
    with transaction.atomic():
        Issue.objects.select_for_update().filter(pk=issue.pk).first()
        edit = _Edit(issue)
        action, params = OPERATIONS[name](edit, op)
        change = audit.record(
            issue,
            user,
            action,
            params,
            before=list(edit.before.values()),
            after=sorted(edit.after),
            undoable=True,
        )
        after_correction(issue)
    return change


def undo(issue: Issue, user: Any) -> Change | None:
    """Undo the latest change not undone yet; returns the record of the undo, or None.
    Raises EditError when the pages it touched are gone."""
    with transaction.atomic():
        Issue.objects.select_for_update().filter(pk=issue.pk).first()
        change = (
            Change.objects.filter(issue=issue, undoable=True, undone_at__isnull=True)
            .order_by("-at", "-id")
            .first()
        )
        if change is None:
            return None
        pages = set(Page.objects.filter(issue=issue).values_list("pk", flat=True))
        snaps = [s for s in change.before if isinstance(s, dict)]
        for snap in snaps:
            wanted = {snap.get("page_id")} | {r.get("page_id") for r in snap.get("regions", [])}
            if not wanted <= pages:
                raise EditError(
                    "the page this change was made on has been removed; it cannot be undone"
                )
        restored = {s["number"] for s in snaps}
        numbers = restored | set(change.after)
        Article.objects.filter(issue=issue, number__in=numbers).delete()
        for snap in snaps:
            restore(issue, snap)
        RetiredArticle.objects.filter(issue=issue, number__in=restored).delete()
        for number in set(change.after) - restored:
            # Made by the change (a split-off part, a drawn article): it goes again; its URL
            # leads back to where its text came from, or answers 410.
            into = change.params.get("article") if change.action == "split_off" else None
            RetiredArticle.objects.update_or_create(
                issue=issue,
                number=number,
                defaults={
                    "reason": RetiredArticle.Reason.DELETED,
                    "merged_into": into,
                    "retired_at": timezone.now(),
                },
            )
        change.undone_at = timezone.now()
        change.save(update_fields=["undone_at"])
        record = audit.record(issue, user, "undone", {"change": audit.nested(change)})
        after_correction(issue)
    return record
