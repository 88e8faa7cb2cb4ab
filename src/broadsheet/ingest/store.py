"""Storing an ingested issue: files and rows in one step, the old state kept until it succeeds."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from broadsheet.ingest.articles import plan_articles
from broadsheet.newspaper.models import Article, Issue, IssueEvent, Page, Publication, Region

if TYPE_CHECKING:
    from broadsheet.ingest.pages import PageResult
    from broadsheet.ingest.pipeline import SourceFile, Timings

log = logging.getLogger(__name__)


@dataclass
class StoredIssue:
    issue: Issue
    articles: int
    replaced: bool


def _clip(box: list[float], width: float, height: float) -> list[float]:
    x0, y0, x1, y1 = box
    return [
        max(0.0, min(x0, width)),
        max(0.0, min(y0, height)),
        max(0.0, min(x1, width)),
        max(0.0, min(y1, height)),
    ]


class _Files:
    """Files written by this run, removed again if the run fails."""

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


def _old_files(issue: Issue) -> list[str]:
    names: list[str] = []
    for page in issue.pages.all():
        names.extend(f.name for f in (page.pdf, page.image, page.thumbnail) if f and f.name)
    return names


def store_issue(
    *,
    publication: Publication,
    date: dt.date,
    edition: int,
    sources: list[SourceFile],
    results: list[PageResult],
    analyses: list[dict[str, Any]],
    labels: dict[int, str],
    names: dict[int, str],
    publish: bool,
    timings: Timings,
    warnings: list[str],
) -> StoredIssue:
    token = uuid.uuid4().hex[:12]
    files = _Files(f"issues/{publication.slug}/{date.isoformat()}-ed{edition}/{token}")
    t0 = time.perf_counter()
    try:
        originals: dict[str, str] = {}
        for source in sources:
            originals[source.name] = files.save_file(f"originals/{source.name}", source.path)
        page_files: dict[int, tuple[str, str, str]] = {}
        for result in results:
            label = labels[result.sequence]
            pdf_name = (
                files.save(f"{label}.pdf", result.page_pdf)
                if result.page_pdf is not None
                else originals[result.source_name]
            )
            image_name = files.save(f"{label}.jpg", result.image_jpeg)
            thumb_name = files.save(f"{label}.thumb.jpg", result.thumb_jpeg)
            page_files[result.sequence] = (pdf_name, image_name, thumb_name)
        timings.add("store_files", time.perf_counter() - t0)

        t0 = time.perf_counter()
        plans = plan_articles(analyses)
        with transaction.atomic():
            issue, created = Issue.objects.select_for_update().get_or_create(
                publication=publication, date=date, edition=edition
            )
            old_files = [] if created else _old_files(issue)
            was_published = issue.status == Issue.Status.PUBLISHED
            if not created:
                issue.pages.all().delete()  # cascades to articles and regions
            pages: dict[int, Page] = {}
            for result in results:
                pdf_name, image_name, thumb_name = page_files[result.sequence]
                analysis = analyses[result.sequence - 1]
                page = Page(
                    issue=issue,
                    sequence=result.sequence,
                    number=labels[result.sequence],
                    name=names.get(result.sequence, ""),
                    width=result.width,
                    height=result.height,
                    image_width=result.image_size[0],
                    image_height=result.image_size[1],
                    text_quality=analysis.get("text_quality", "ok"),
                    source_name=result.source_name,
                )
                page.pdf.name = pdf_name
                page.image.name = image_name
                page.thumbnail.name = thumb_name
                pages[result.sequence] = page
            Page.objects.bulk_create(pages.values())
            pages = {p.sequence: p for p in issue.pages.all()}

            articles: list[Article] = []
            for n, plan in enumerate(plans, 1):
                articles.append(
                    Article(
                        issue=issue,
                        page=pages[plan.sequence],
                        number=n,
                        order=n,
                        kind=plan.kind,
                        kicker=plan.kicker[:500],
                        headline=plan.headline[:500],
                        subheadline=plan.subheadline[:500],
                        byline=plan.byline[:500],
                        body=plan.body,
                    )
                )
            Article.objects.bulk_create(articles)
            saved = {a.number: a for a in issue.articles.all()}
            regions: list[Region] = []
            for n, plan in enumerate(plans, 1):
                for part in plan.parts:
                    page = pages[part.sequence]
                    for box in part.zones:
                        x0, y0, x1, y1 = _clip(box, page.width, page.height)
                        regions.append(
                            Region(
                                article=saved[n], page=page, role="zone", x0=x0, y0=y0, x1=x1, y1=y1
                            )
                        )
                    for block in part.blocks:
                        x0, y0, x1, y1 = _clip(block["bbox"], page.width, page.height)
                        regions.append(
                            Region(
                                article=saved[n],
                                page=page,
                                role=block["role"],
                                x0=x0,
                                y0=y0,
                                x1=x1,
                                y1=y1,
                                text=(block.get("text") or "")[:20000],
                            )
                        )
            Region.objects.bulk_create(regions, batch_size=500)

            if publish and not was_published:
                issue.publish()
            elif not was_published:
                issue.status = Issue.Status.READY
            issue.version += 1
            issue.save()
            timings.add("store_rows", time.perf_counter() - t0)

            events = [
                IssueEvent(issue=issue, step=step, message=f"{step} done", seconds=seconds)
                for step, seconds in timings.steps.items()
            ]
            summary = (
                f"{'replaced' if not created else 'ingested'} {len(results)} pages, "
                f"{len(plans)} articles from {len(sources)} file(s)"
            )
            events.append(IssueEvent(issue=issue, step="store", message=summary))
            events.extend(
                IssueEvent(issue=issue, step="analyse", level="warning", message=w)
                for w in warnings
            )
            if issue.status == Issue.Status.PUBLISHED:
                message = "correction published" if was_published else "published"
                events.append(IssueEvent(issue=issue, step="publish", message=message))
            IssueEvent.objects.bulk_create(events)
            transaction.on_commit(lambda: _remove(old_files))
    except BaseException:
        files.discard()
        raise

    _index(issue, timings)
    return StoredIssue(issue=issue, articles=len(plans), replaced=not created)


def _index(issue: Issue, timings: Timings) -> None:
    t0 = time.perf_counter()
    try:
        from broadsheet.search.api import index_issue
    except ImportError:  # search app not installed in this build
        return
    index_issue(issue)
    timings.add("index", time.perf_counter() - t0)


def _remove(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("could not remove old file %s", name)
