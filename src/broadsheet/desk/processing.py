"""Background processing of an issue's uploaded pages through the one ingest pipeline.

The desk keeps a slot per page (`PageUpload`); a run hands every slot's current file to
`ingest()` with a manifest giving each page's label and name. Pages whose file has not changed
since they were last processed carry their articles (with the editors' corrections) in that
manifest, so processing a replaced or added page never undoes work on the others.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from broadsheet.desk.models import IssueDesk, PageUpload
from broadsheet.ingest.pipeline import IngestError, IngestRequest, ingest
from broadsheet.newspaper.models import Article, Issue, Page, Region

log = logging.getLogger(__name__)


def desk_state(issue: Issue) -> IssueDesk:
    state, _ = IssueDesk.objects.get_or_create(issue=issue)
    return state


def request_processing(issue: Issue) -> bool:
    """Queue a run for the issue; if one is running, ask it to run again. True when queued."""
    from broadsheet.desk.tasks import process_issue

    with transaction.atomic():
        desk_state(issue)
        state = IssueDesk.objects.select_for_update().get(issue=issue)
        if state.state == IssueDesk.State.QUEUED:
            return False
        if state.state == IssueDesk.State.PROCESSING:
            state.rerun = True
            state.save(update_fields=["rerun", "updated_at"])
            return False
        state.state = IssueDesk.State.QUEUED
        state.done = 0
        state.total = issue.uploads.count()
        state.message = ""
        state.save()
    process_issue.enqueue(issue.pk)
    return True


def _file_name(slot: PageUpload) -> str:
    return f"{slot.label}.pdf"


def _kept_articles(issue: Issue, slots: list[PageUpload]) -> dict[str, list[dict[str, Any]]]:
    """Articles of the unchanged pages, by page label, in the manifest's article format."""
    kept = {s.label for s in slots if s.processed_sha256 and s.processed_sha256 == s.sha256}
    pages = {p.id: p for p in Page.objects.filter(issue=issue)}
    sequence_of = {s.label: n for n, s in enumerate(slots, 1)}
    kept_ids = {pid for pid, p in pages.items() if p.number in kept}
    out: dict[str, list[dict[str, Any]]] = {label: [] for label in kept}
    if not kept_ids:
        return out
    regions: dict[int, list[Region]] = {}
    for region in Region.objects.filter(article__issue=issue).order_by("id"):
        regions.setdefault(region.article_id, []).append(region)
    for article in Article.objects.filter(issue=issue).order_by("order"):
        own = regions.get(article.id, [])
        page_ids: list[int] = [article.page_id]
        for r in own:
            if r.page_id not in page_ids:
                page_ids.append(r.page_id)
        page_ids = [p for p in page_ids if p in pages and pages[p].number in sequence_of]
        for i, page_id in enumerate(page_ids):
            page = pages[page_id]
            if page_id not in kept_ids:
                continue
            zones = [r.bbox for r in own if r.page_id == page_id and r.role == "zone"]
            blocks: list[dict[str, Any]] = [
                {"role": r.role, "bbox": r.bbox, "text": r.text}
                for r in own
                if r.page_id == page_id and r.role != "zone"
            ]
            zones = [z for z in zones if z[2] > z[0] and z[3] > z[1]]
            if not zones and not blocks:
                continue
            first = i == 0
            entry: dict[str, Any] = {
                "id": f"a{article.number}",
                "kind": article.kind,
                "regions": zones or [b["bbox"] for b in blocks],
                "blocks": [b for b in blocks if b["bbox"][2] > b["bbox"][0]],
            }
            if first:
                entry.update(
                    kicker=article.kicker,
                    headline=article.headline,
                    subheadline=article.subheadline,
                    byline=article.byline,
                    text="\n\n".join(b.get("text", "") for b in article.body),
                )
            else:
                entry["continued_from"] = {"page": sequence_of[pages[page_ids[i - 1]].number]}
            if i + 1 < len(page_ids):
                entry["continued_to"] = {
                    "page": sequence_of[pages[page_ids[i + 1]].number],
                    "article": f"a{article.number}",
                }
            out[page.number].append(entry)
    return out


def _manifest(issue: Issue, slots: list[PageUpload]) -> dict[str, Any]:
    kept = _kept_articles(issue, slots)
    pages = []
    for slot in slots:
        page: dict[str, Any] = {"file": _file_name(slot), "number": slot.label}
        if slot.name:
            page["name"] = slot.name
        if slot.label in kept:
            page["articles"] = kept[slot.label]
        pages.append(page)
    return {"pages": pages}


def run(issue_id: int) -> str:
    """Process every page slot of the issue. Records the outcome on the slots; never raises
    for bad input (the editor sees the reason on the failed page)."""
    issue = Issue.objects.select_related("publication").get(pk=issue_id)
    state = desk_state(issue)
    slots = list(issue.uploads.order_by("position", "id"))
    IssueDesk.objects.filter(pk=state.pk).update(
        state=IssueDesk.State.PROCESSING, rerun=False, done=0, total=len(slots), message=""
    )
    if not slots:
        IssueDesk.objects.filter(pk=state.pk).update(state=IssueDesk.State.IDLE)
        return "no pages"
    issue.uploads.update(status=PageUpload.Status.PROCESSING, error="")

    def progress(step: str, done: int, total: int) -> None:
        IssueDesk.objects.filter(pk=state.pk).update(done=done, total=total)
        if 0 < done <= len(slots):
            slot = slots[done - 1]
            PageUpload.objects.filter(pk=slot.pk, sha256=slot.sha256).update(
                status=PageUpload.Status.DONE
            )

    tmp = Path(tempfile.mkdtemp(prefix="desk-run-"))
    try:
        files = []
        for slot in slots:
            target = tmp / _file_name(slot)
            with slot.file.open("rb") as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
            files.append(target)
        manifest = tmp / "desk-manifest.json"
        manifest.write_text(json.dumps(_manifest(issue, slots), ensure_ascii=False))
        outcome = ingest(
            IngestRequest(
                publication=issue.publication.slug,
                date=issue.date,
                edition=issue.edition,
                files=files,
                manifest=manifest,
                publish=False,
                workers=getattr(settings, "BROADSHEET_DESK_INGEST_WORKERS", None),
            ),
            progress=progress,
        )
    except IngestError as exc:
        return _failed(state, slots, str(exc), by_name=True)
    except Exception as exc:  # a crash in one page's rendering or analysis
        log.exception("processing issue %s failed", issue)
        done = IssueDesk.objects.get(pk=state.pk).done
        return _failed(state, slots, f"{type(exc).__name__}: {exc}", at=done)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for slot in slots:
        # A file replaced during the run stays "waiting" for the next run.
        PageUpload.objects.filter(pk=slot.pk, sha256=slot.sha256).update(
            status=PageUpload.Status.DONE, error="", processed_sha256=slot.sha256
        )
    message = f"{outcome.pages} pages, {outcome.articles} articles"
    if outcome.warnings:
        message += "\n" + "\n".join(outcome.warnings)
    IssueDesk.objects.filter(pk=state.pk).update(
        outcome={
            "pages": outcome.pages,
            "articles": outcome.articles,
            "warnings": list(outcome.warnings),
        }
    )
    _finish(state, IssueDesk.State.DONE, message)
    return message


def _failed(
    state: IssueDesk,
    slots: list[PageUpload],
    message: str,
    *,
    by_name: bool = False,
    at: int | None = None,
) -> str:
    culprit: PageUpload | None = None
    reason = message
    if by_name:
        for slot in slots:
            prefix = _file_name(slot) + ": "
            if message.startswith(prefix):
                culprit, reason = slot, message[len(prefix) :]
                break
    elif at is not None and at < len(slots):
        culprit = slots[at]
    for slot in slots:
        if culprit is not None and slot.pk == culprit.pk:
            PageUpload.objects.filter(pk=slot.pk).update(
                status=PageUpload.Status.FAILED, error=reason
            )
        else:
            PageUpload.objects.filter(pk=slot.pk).update(status=PageUpload.Status.WAITING)
    _finish(state, IssueDesk.State.FAILED, message)
    return message


def _finish(state: IssueDesk, outcome: str, message: str) -> None:
    IssueDesk.objects.filter(pk=state.pk).update(state=outcome, message=message)
    fresh = IssueDesk.objects.select_related("issue").get(pk=state.pk)
    if fresh.rerun:
        IssueDesk.objects.filter(pk=state.pk).update(state=outcome, rerun=False)
        request_processing(fresh.issue)
