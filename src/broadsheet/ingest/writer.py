"""Writing an ingest run's rows: pages, articles and their pieces, zones (rectangles or the
page's one outline polygon), kept article ids and links, for ``store.py``'s one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from broadsheet.ingest.articles import blocks_and_zones, body_blocks
from broadsheet.ingest.existing import OldArticle, OldPart, kept_id, load_state
from broadsheet.ingest.matching import (
    Group,
    Piece,
    Signature,
    assign_numbers,
    group_pieces,
    match_pieces,
)
from broadsheet.layout.contract import KINDS
from broadsheet.newspaper.models import (
    Article,
    Issue,
    Page,
    Region,
    RetiredArticle,
)

if TYPE_CHECKING:
    from broadsheet.ingest.store import RunPlan, _PageFiles


def _clip(box: list[float], width: float, height: float) -> list[float]:
    x0, y0, x1, y1 = box
    return [
        max(0.0, min(x0, width)),
        max(0.0, min(y0, height)),
        max(0.0, min(x1, width)),
        max(0.0, min(y1, height)),
    ]


def _page_files(page: Page) -> list[str]:
    return [f.name for f in (page.pdf, page.image, page.thumbnail, page.source) if f and f.name]


class _Writer:
    """One run applied to one locked issue."""

    def __init__(self, plan: RunPlan, files: dict[str, _PageFiles], issue: Issue) -> None:
        self.plan = plan
        self.files = files
        self.issue = issue
        self.state = load_state(issue)
        self.old_files: list[str] = []
        self.index_of = {label: i for i, label in enumerate(plan.order, 1)}
        self.pages: dict[str, Page] = {p.number: p for p in self.state.pages}
        self.analysis: dict[tuple[int, str], dict[str, Any]] = {}
        self.pieces: dict[tuple[int, str], Piece] = {}
        self.kept_parts: dict[tuple[int, str], tuple[OldArticle, OldPart]] = {}
        self.notes: list[str] = []
        self.rewritten: set[int] = set()
        self.changed_ids: set[int] = set()
        self.removed_ids: set[int] = set()
        self.page_of: dict[int, Page] = {}

    # pages ---------------------------------------------------------------------------------

    def write_pages(self) -> None:
        now = timezone.now()
        for label, changed in self.plan.changed.items():
            result, files = changed.result, self.files[label]
            page = self.pages.get(label)
            if page is None:
                page = Page(issue=self.issue, number=label, sequence=30000 + len(self.pages))
            else:
                self.old_files.extend(_page_files(page))
            page.name = changed.name
            page.width, page.height = result.width, result.height
            page.image_width, page.image_height = result.image_size
            page.text_quality = changed.analysis.get("text_quality", "ok")
            page.has_image = not changed.analysis.get("no_image", False)
            page.source_name = changed.source.name
            page.source_sha256 = changed.source.info.sha256 if changed.source.info else ""
            page.source_page = result.page_index
            page.input_digest = changed.digest
            page.pdf_removed = list(result.pdf_removed)
            page.processed_at = now
            page.pdf.name, page.image.name = files.pdf, files.image
            page.thumbnail.name, page.source.name = files.thumbnail, files.source
            page.save()
            self.pages[label] = page
        for label, name in self.plan.names.items():
            page = self.pages.get(label)
            if page is not None and page.name != name and label not in self.plan.changed:
                page.name = name
                page.save(update_fields=["name"])

    def resequence(self) -> None:
        current = {p.number: p.sequence for p in Page.objects.filter(issue=self.issue)}
        moving = [label for label, index in self.index_of.items() if current.get(label) != index]
        # Through free numbers first: (issue, sequence) is unique at every step.
        for label in moving:
            Page.objects.filter(pk=self.pages[label].pk).update(
                sequence=10000 + self.index_of[label]
            )
        for label in moving:
            Page.objects.filter(pk=self.pages[label].pk).update(sequence=self.index_of[label])
        for label, index in self.index_of.items():
            self.pages[label].sequence = index

    # pieces --------------------------------------------------------------------------------

    def collect_pieces(self) -> None:
        changed_ids = {self.pages[label].pk for label in self.plan.changed}
        removed_ids = {self.pages[label].pk for label in self.plan.removed if label in self.pages}
        for label in self.plan.order:
            page = self.pages[label]
            index = self.index_of[label]
            if label in self.plan.changed:
                self._new_pieces(index, page, self.plan.changed[label].analysis)
                continue
            if page.pk in removed_ids:
                continue
            for position, (article, part) in enumerate(self.state.parts_on(page.pk)):
                key = (index, kept_id(article.number))
                self.pieces[key] = Piece(
                    key=key,
                    position=position,
                    origin=article.number,
                    origin_start=part.is_start,
                    kept=True,
                    has_headline=bool(part.is_start and article.row.headline),
                )
                self.kept_parts[key] = (article, part)
        self.changed_ids, self.removed_ids = changed_ids, removed_ids
        self.page_of = {index: self.pages[label] for label, index in self.index_of.items()}

    def _new_pieces(self, index: int, page: Page, analysis: dict[str, Any]) -> None:
        articles = [a for a in analysis.get("articles", []) if isinstance(a, dict)]
        keys = []
        for position, article in enumerate(articles):
            key = (index, str(article.get("id")))
            keys.append(key)
            self.analysis[key] = article
            self.pieces[key] = Piece(
                key=key, position=position, has_headline=bool(article.get("headline"))
            )
        # The old parts on this page, matched to the new pieces.
        old = self.state.parts_on(page.pk) if page.pk else []
        old_sigs = [part.signature(a.row.headline) for a, part in old]
        new_sigs = [_signature(a) for a in articles]
        for new_i, old_i in match_pieces(old_sigs, new_sigs).items():
            old_article, part = old[old_i]
            piece = self.pieces[keys[new_i]]
            piece.origin, piece.origin_start = old_article.number, part.is_start

    def link(self) -> None:
        for key, article in self.analysis.items():
            piece = self.pieces[key]
            for field_name in ("continued_to", "continued_from"):
                link = article.get(field_name) or {}
                page, other = link.get("page"), link.get("article")
                if page is None or other is None:
                    continue
                target = (int(page), str(other))
                if target in self.pieces:
                    setattr(piece, field_name, target)
                    other_piece = self.pieces[target]
                    back = "continued_from" if field_name == "continued_to" else "continued_to"
                    if other_piece.kept and getattr(other_piece, back) is None:
                        setattr(other_piece, back, key)

    # articles ------------------------------------------------------------------------------

    def write_articles(self) -> tuple[list[Group], dict[int, int | None]]:
        Region.objects.filter(page_id__in=self.changed_ids | self.removed_ids).delete()
        groups = group_pieces(list(self.pieces.values()))
        last = max(
            self.issue.last_article_number,
            max(self.state.articles, default=0),
            RetiredArticle.objects.filter(issue=self.issue)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0,
        )
        numbering = assign_numbers(groups, list(self.state.articles), last)
        self.issue.last_article_number = max(
            [last, *(g.number for g in groups if g.number is not None)]
        )
        for group in groups:
            self._write_group(group)
        gone = list(numbering.retired)
        Article.objects.filter(issue=self.issue, number__in=gone).delete()
        return groups, numbering.retired

    def _untouched(self, group: Group) -> bool:
        old = self.state.articles.get(group.number or 0)
        if old is None or not all(p.kept and p.origin == old.number for p in group.pieces):
            return False
        return {p.page_id for p in old.parts} == {
            self.kept_parts[p.key][1].page_id for p in group.pieces
        }

    def _write_group(self, group: Group) -> None:
        assert group.number is not None
        if self._untouched(group):
            return
        old = self.state.articles.get(group.number)
        row = old.row if old is not None else Article(issue=self.issue, number=group.number)
        page_of = self.page_of
        row.page = page_of[group.first.key[0]]
        fields = self._fields(group)
        for name, value in fields.items():
            setattr(row, name, value)
        row.body = self._body(group, old)
        if row.order is None:
            row.order = 0
        row.save()
        regions: list[Region] = []
        for piece in group.pieces:
            page = page_of[piece.key[0]]
            if piece.kept:
                _, part = self.kept_parts[piece.key]
                Region.objects.filter(pk__in=part.region_ids).exclude(article=row).update(
                    article=row
                )
                continue
            regions.extend(_regions(row, page, self.analysis[piece.key]))
        Region.objects.bulk_create(regions, batch_size=500)
        self.rewritten.add(group.number)

    def _fields(self, group: Group) -> dict[str, Any]:
        start = next((p for p in group.pieces if p.has_headline), group.first)
        if start.kept:
            article, part = self.kept_parts[start.key]
            if part.is_start:
                row = article.row
                return {
                    "kind": row.kind,
                    "kicker": row.kicker,
                    "headline": row.headline,
                    "subheadline": row.subheadline,
                    "byline": row.byline,
                }
            return {"kind": article.row.kind}
        source = self.analysis[start.key]
        kind = source.get("kind", "news")
        return {
            "kind": kind if kind in KINDS else "news",
            **{
                name: str(source.get(name) or "").strip()[:500]
                for name in ("kicker", "headline", "subheadline", "byline")
            },
        }

    def _body(self, group: Group, old: OldArticle | None) -> list[dict[str, Any]]:
        kept_hand = next(
            (
                self.kept_parts[p.key][0]
                for p in group.pieces
                if p.kept and self.kept_parts[p.key][0].hand_body
            ),
            None,
        )
        if kept_hand is not None and len(kept_hand.parts) > 1:
            # An editor's text (or one stored before blocks named their page) cannot be cut
            # by page: keep it whole rather than lose or double a correction.
            self.notes.append(
                f"article {group.number}: its text was corrected by hand and one of its pages "
                "changed; check the text"
            )
            return list(kept_hand.row.body)
        body: list[dict[str, Any]] = []
        for piece in group.pieces:
            page = self.page_of[piece.key[0]]
            if piece.kept:
                body.extend(self.kept_parts[piece.key][1].body)
                continue
            article = self.analysis[piece.key]
            subheads = {
                str(b.get("text", "")).strip()
                for b in article.get("blocks", [])
                if isinstance(b, dict) and b.get("role") == "subhead"
            }
            for block in body_blocks(str(article.get("text") or ""), subheads):
                body.append({**block, "page": page.pk})
        return body

    def reorder(self, groups: list[Group]) -> None:
        keys: list[tuple[int, int, int]] = []
        for group in groups:
            first = group.first
            if first.kept and self._untouched(group):
                rank = self.state.articles[group.number or 0].row.order
            else:
                rank = first.position
            keys.append((first.key[0], rank, group.number or 0))
        for order, (_, _, number) in enumerate(sorted(keys), 1):
            old = self.state.articles.get(number)
            if old is not None and old.row.order == order and number not in self.rewritten:
                continue
            Article.objects.filter(issue=self.issue, number=number).update(order=order)

    def retire(self, retired: dict[int, int | None]) -> None:
        for number, into in retired.items():
            old = self.state.articles[number]
            page_gone = all(p.page_id in self.removed_ids for p in old.parts)
            reason = (
                RetiredArticle.Reason.MERGED
                if into is not None
                else RetiredArticle.Reason.PAGE_REMOVED
                if page_gone
                else RetiredArticle.Reason.REPROCESSED
            )
            RetiredArticle.objects.update_or_create(
                issue=self.issue,
                number=number,
                defaults={
                    "headline": old.row.title[:500],
                    "reason": reason,
                    "merged_into": into,
                    "retired_at": timezone.now(),
                },
            )
        numbers = [n for n in self.rewritten if n not in retired]
        RetiredArticle.objects.filter(issue=self.issue, number__in=numbers).delete()

    def remove_pages(self) -> None:
        for label in self.plan.removed:
            page = self.pages.pop(label, None)
            if page is None:
                continue
            self.old_files.extend(_page_files(page))
            page.delete()


def _signature(article: dict[str, Any]) -> Signature:
    blocks = [b for b in article.get("blocks", []) if isinstance(b, dict)]
    text = "\n".join(str(b.get("text") or "") for b in blocks if b.get("role") != "zone")
    if len(text.strip()) < 20:
        text += "\n" + str(article.get("text") or "")
    boxes = [r for r in article.get("regions", []) if isinstance(r, list | tuple)] or [
        b.get("bbox", []) for b in blocks
    ]
    return Signature.of(text, str(article.get("headline") or ""), boxes)


def _outline_points(outline: Any, page: Page) -> list[list[float]] | None:
    """The analyser's outline, clipped to the page; None when absent or not a polygon."""
    if not isinstance(outline, list) or len(outline) < 3:
        return None
    points = []
    for p in outline:
        if not (isinstance(p, list | tuple) and len(p) == 2):
            return None
        x, y = float(p[0]), float(p[1])
        points.append([min(max(x, 0.0), page.width), min(max(y, 0.0), page.height)])
    return points


def _polygon_zone(row: Article, page: Page, points: list[list[float]]) -> Region:
    """A zone drawn as a polygon; its box is the polygon's bounds."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Region(
        article=row,
        page=page,
        role="zone",
        x0=min(xs),
        y0=min(ys),
        x1=max(xs),
        y1=max(ys),
        polygon=points,
    )


def _regions(row: Article, page: Page, article: dict[str, Any]) -> list[Region]:
    blocks, zones = blocks_and_zones(article)
    out = []
    polygons = [_outline_points(o, page) for o in article.get("outlines") or []]
    for points in polygons:
        if not points:
            continue
        # The zones an e-paper site drew (an importer's image map), each its own polygon.
        out.append(_polygon_zone(row, page, points))
        zones = []
    points = _outline_points(article.get("outline"), page)
    if points and not out:
        # One zone: the article's outline on this page (its box is the rectangles' union).
        out.append(_polygon_zone(row, page, points))
        zones = []
    for box in zones:
        x0, y0, x1, y1 = _clip(box, page.width, page.height)
        out.append(Region(article=row, page=page, role="zone", x0=x0, y0=y0, x1=x1, y1=y1))
    for block in blocks:
        x0, y0, x1, y1 = _clip(list(map(float, block["bbox"])), page.width, page.height)
        out.append(
            Region(
                article=row,
                page=page,
                role=block["role"],
                x0=x0,
                y0=y0,
                x1=x1,
                y1=y1,
                text=str(block.get("text") or "")[:20000],
            )
        )
    return out
