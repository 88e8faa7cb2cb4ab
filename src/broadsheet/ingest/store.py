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

from broadsheet.ingest import signals
from broadsheet.ingest.existing import IssueState, load_state
from broadsheet.ingest.models import IngestRun
from broadsheet.ingest.timings import Timings
from broadsheet.ingest.writer import _page_files, _Writer
from broadsheet.newspaper.models import (
    Issue,
    IssueEvent,
    Page,
    Publication,
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
