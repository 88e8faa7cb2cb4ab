"""Storing a run into its issue: only the pages that changed, every article number kept.

The files of a run are written first, under a folder of their own that a registered
`IngestRun` names; then every row changes in one transaction, under the issue's row lock:

- pages whose label exists are updated in place (same row, so review URLs and undo snapshots
  that name the page stay valid); new labels add pages; pages not in the run stay as they are,
  unless the run replaces the whole issue;
- articles on unchanged pages are not touched at all (corrections kept to the byte);
- articles on changed pages take the numbers of the old articles they continue
  (`matching`); a number left over redirects to the article that absorbed it or answers 410,
  and is never given to another story.

If anything fails, the run's files are removed and the transaction rolls back: the issue
readers see is exactly as it was. Old files are removed only after the commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from broadsheet.ingest import signals
from broadsheet.ingest.articles import body_blocks
from broadsheet.ingest.existing import IssueState, OldArticle, OldPart, kept_id, load_state
from broadsheet.ingest.matching import (
    Group,
    Piece,
    Signature,
    assign_numbers,
    group_pieces,
    match_pieces,
)
from broadsheet.ingest.models import IngestRun
from broadsheet.ingest.timings import Timings
from broadsheet.layout.contract import KINDS, ROLES
from broadsheet.newspaper.models import (
    Article,
    Issue,
    IssueEvent,
    Page,
    Publication,
    Region,
    RetiredArticle,
)

if TYPE_CHECKING:
    from broadsheet.ingest.pages import PageResult
    from broadsheet.ingest.pipeline import SourceFile

log = logging.getLogger(__name__)


@dataclass
class ChangedPage:
    """A page this run processed: its result, analysis and where it came from."""

    label: str
    name: str
    result: PageResult
    analysis: dict[str, Any]
    source: SourceFile
    digest: str


@dataclass
class RunPlan:
    """What a run asks of the issue."""

    publication: Publication
    date: dt.date
    edition: int
    order: list[str]  # every label of the issue after the run, in page order
    changed: dict[str, ChangedPage]
    names: dict[str, str]  # names of unchanged pages given by the run
    removed: list[str]
    sources: list[SourceFile]
    publish: bool
    warnings: list[str]


@dataclass
class StoredIssue:
    issue: Issue
    articles: int
    replaced: bool
    changed: bool = True
    pages_processed: int = 0
    pages_unchanged: int = 0
    pages_removed: int = 0
    articles_kept: int = 0
    articles_new: int = 0
    articles_retired: int = 0
    notes: list[str] = field(default_factory=list)


def _clip(box: list[float], width: float, height: float) -> list[float]:
    x0, y0, x1, y1 = box
    return [
        max(0.0, min(x0, width)),
        max(0.0, min(y0, height)),
        max(0.0, min(x1, width)),
        max(0.0, min(y1, height)),
    ]


class _Files:
    """Files written by this run, under one folder, removed again if the run fails."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.written: list[str] = []

    def save(self, name: str, content: bytes) -> str:
        stored = default_storage.save(f"{self.prefix}/{name}", ContentFile(content))
        self.written.append(stored)
        return stored

    def save_file(self, name: str, path: Any) -> str:
        with open(path, "rb") as fh:
            return self.save(name, fh.read())

    def discard(self) -> None:
        for name in self.written:
            try:
                default_storage.delete(name)
            except OSError:
                log.warning("could not remove %s after a failed ingest", name)


def remove_files(names: list[str]) -> None:
    """Delete stored files and what the reader derived from them (renditions, crops)."""
    folders: dict[str, set[str]] = {}
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("could not remove old file %s", name)
        path = PurePosixPath(name)
        folders.setdefault(str(path.parent), set()).add(path.name.split(".")[0] + ".")
    for folder, stems in folders.items():
        try:
            _, files = default_storage.listdir(folder)
        except (OSError, NotImplementedError):
            continue
        for other in files:
            if any(other.startswith(stem) for stem in stems):
                try:
                    default_storage.delete(f"{folder}/{other}")
                except OSError:
                    log.warning("could not remove derived file %s/%s", folder, other)


def _nothing_to_do(plan: RunPlan, state: IssueState) -> bool:
    if state.issue is None or plan.changed or plan.removed:
        return False
    if [p.number for p in state.pages] != plan.order:
        return False
    names = {p.number: p.name for p in state.pages}
    if any(names.get(label, name) != name for label, name in plan.names.items()):
        return False
    return not (plan.publish and state.issue.status != Issue.Status.PUBLISHED)


def store_run(plan: RunPlan, timings: Timings) -> StoredIssue:
    """Write the run's files, then apply it to the issue in one transaction; then index."""
    existing = Issue.objects.filter(
        publication=plan.publication, date=plan.date, edition=plan.edition
    ).first()
    state = load_state(existing)
    if existing is not None and _nothing_to_do(plan, state):
        return StoredIssue(
            issue=existing,
            articles=len(state.articles),
            replaced=True,
            changed=False,
            pages_unchanged=len(state.pages),
        )
    token = uuid.uuid4().hex[:12]
    prefix = f"issues/{plan.publication.slug}/{plan.date.isoformat()}-ed{plan.edition}/{token}"
    run = IngestRun.objects.create(
        token=token, prefix=prefix, host=socket.gethostname(), pid=os.getpid()
    )
    files = _Files(prefix)
    t0 = time.perf_counter()
    try:
        stored_files = _write_files(plan, files)
        timings.add("store_files", time.perf_counter() - t0)
        t0 = time.perf_counter()
        with transaction.atomic():
            stored = _apply(plan, stored_files, timings)
            IngestRun.objects.filter(pk=run.pk).delete()
        timings.add("store_rows", time.perf_counter() - t0)
    except BaseException:
        files.discard()
        IngestRun.objects.filter(pk=run.pk).delete()
        raise
    problem = _index(stored.issue, timings)
    if problem:
        stored.notes.append(problem)
    return stored


def rearrange(
    issue: Issue,
    *,
    order: list[str] | None = None,
    removed: list[str] | tuple[str, ...] = (),
    names: dict[str, str] | None = None,
) -> StoredIssue:
    """Move, rename or remove pages of an issue without processing any: what the desk does
    to pages. Removed pages' articles are retired (or lose that part), like any run's."""
    labels = list(issue.pages.order_by("sequence").values_list("number", flat=True))
    order = [label for label in (order or labels) if label not in removed]
    return store_run(
        RunPlan(
            publication=issue.publication,
            date=issue.date,
            edition=issue.edition,
            order=order,
            changed={},
            names=names or {},
            removed=[label for label in removed if label in labels],
            sources=[],
            publish=False,
            warnings=[],
        ),
        Timings(),
    )


@dataclass
class _PageFiles:
    source: str
    pdf: str
    image: str
    thumbnail: str


def _write_files(plan: RunPlan, files: _Files) -> dict[str, _PageFiles]:
    originals: dict[str, str] = {}
    needed = {c.source.name for c in plan.changed.values()}
    for source in plan.sources:
        if source.name in needed:
            originals[source.name] = files.save_file(f"originals/{source.name}", source.path)
    out: dict[str, _PageFiles] = {}
    for label, changed in plan.changed.items():
        result = changed.result
        out[label] = _PageFiles(
            source=originals[changed.source.name],
            pdf=files.save(f"{label}.pdf", result.page_pdf or b""),
            image=files.save(f"{label}.jpg", result.image_jpeg),
            thumbnail=files.save(f"{label}.thumb.jpg", result.thumb_jpeg),
        )
    return out


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
    blocks = [
        b
        for b in article.get("blocks", [])
        if isinstance(b, dict) and b.get("role") in ROLES and len(b.get("bbox", [])) == 4
    ]
    zones = [list(map(float, r)) for r in article.get("regions", []) if len(r) == 4]
    if not zones:
        zones = [list(map(float, b["bbox"])) for b in blocks]
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


def _apply(plan: RunPlan, files: dict[str, _PageFiles], timings: Timings) -> StoredIssue:
    issue, created = Issue.objects.select_for_update().get_or_create(
        publication=plan.publication, date=plan.date, edition=plan.edition
    )
    if not created:
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
    was_published = issue.status == Issue.Status.PUBLISHED
    writer = _Writer(plan, files, issue)
    # Labels the run does not know (added meanwhile by another run) stay, at the end.
    for page in writer.state.pages:
        if page.number not in writer.index_of and page.number not in plan.removed:
            plan.order.append(page.number)
            writer.index_of[page.number] = len(plan.order)
    writer.write_pages()
    writer.collect_pieces()
    writer.link()
    groups, retired = writer.write_articles()
    writer.retire(retired)
    writer.remove_pages()
    writer.resequence()
    writer.reorder(groups)

    if plan.publish and not was_published:
        issue.publish()
    elif not was_published and issue.status != Issue.Status.WITHDRAWN:
        issue.status = Issue.Status.READY
    issue.version += 1
    issue.index_pending = True
    issue.save()

    kept = sum(1 for g in groups if g.number in writer.state.articles)
    stored = StoredIssue(
        issue=issue,
        articles=len(groups),
        replaced=not created,
        pages_processed=len(plan.changed),
        pages_unchanged=len(plan.order) - len(plan.changed),
        pages_removed=len(writer.removed_ids),
        articles_kept=kept,
        articles_new=len(groups) - kept,
        articles_retired=len(retired),
        notes=writer.notes,
    )
    if plan.changed or plan.removed or created:
        _events(issue, plan, stored, timings, was_published, created or not writer.state.pages)
    signals.articles_rewritten.send(
        sender=Issue,
        issue=issue,
        numbers=writer.rewritten | set(retired),
        page_ids=writer.changed_ids | writer.removed_ids,
    )
    old_files = [n for n in writer.old_files if n not in _still_used(issue)]
    transaction.on_commit(lambda: remove_files(old_files))
    return stored


def _still_used(issue: Issue) -> set[str]:
    used: set[str] = set()
    for page in Page.objects.filter(issue=issue):
        used.update(_page_files(page))
    return used


def _events(
    issue: Issue,
    plan: RunPlan,
    stored: StoredIssue,
    timings: Timings,
    was_published: bool,
    created: bool,
) -> None:
    events = [
        IssueEvent(issue=issue, step=step, message=f"{step} done", seconds=seconds)
        for step, seconds in timings.steps.items()
    ]
    files = len({c.source.name for c in plan.changed.values()})
    summary = (
        f"{'ingested' if created else 'replaced'} {stored.pages_processed} pages, "
        f"{stored.articles} articles from {files} file(s)"
    )
    events.append(
        IssueEvent(
            issue=issue,
            step="store",
            message=summary,
            data={
                "pages_processed": stored.pages_processed,
                "pages_unchanged": stored.pages_unchanged,
                "pages_removed": stored.pages_removed,
                "articles_kept": stored.articles_kept,
                "articles_new": stored.articles_new,
                "articles_retired": stored.articles_retired,
                "labels": sorted(plan.changed),
                "removed": list(plan.removed),
            },
        )
    )
    events.extend(
        IssueEvent(issue=issue, step="analyse", level="warning", message=w)
        for w in [*plan.warnings, *stored.notes]
    )
    if issue.status == Issue.Status.PUBLISHED:
        message = "correction published" if was_published else "published"
        events.append(IssueEvent(issue=issue, step="publish", message=message))
    IssueEvent.objects.bulk_create(events)


def _index(issue: Issue, timings: Timings) -> str | None:
    """Index the stored issue. The issue is committed by now, so a failure here is reported,
    not raised: `index_pending` stays set and `broadsheet repair` finishes the indexing."""
    t0 = time.perf_counter()
    try:
        from broadsheet.search.api import index_issue
    except ImportError:  # search app not installed in this build
        return None
    try:
        index_issue(issue)
    except Exception as exc:
        log.exception("indexing %s failed", issue)
        return (
            f"the search index was not updated ({type(exc).__name__}: {exc}); "
            "`broadsheet repair` finishes it"
        )
    timings.add("index", time.perf_counter() - t0)
    return None
