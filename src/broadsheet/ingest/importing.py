"""What every importer shares once it has built an issue's manifest and page files: skip the
issue when its inputs are those of its last import (a fingerprint kept in the issue's event
log), else run it through the one ingest pipeline and record the import in the event log.

Used by `import-epaper` (ingest/legacy.py) and `import-mets` (ingest/mets.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from broadsheet.ingest.pipeline import IngestError, IngestRequest, ingest
from broadsheet.newspaper.models import Issue, IssueEvent, Publication
from broadsheet.pdf.document import sha256_of

Progress = Callable[[str, int, int], None]


class Outcome(Protocol):
    """What an importer knows of an issue it built: its counts, skips and notes."""

    pages: int
    articles: int
    skips: Any  # list of problems with as_dict()
    notes: Any


def import_record(outcome: Outcome, origin: str, **extra: Any) -> tuple[str, dict[str, Any], bool]:
    """The event log's message, data and warning for an issue imported from ``origin``: its
    counts, the first 200 skips and notes, a warning when pages were skipped."""
    message = (
        f"imported from {origin}: {outcome.pages} pages, {outcome.articles} articles, "
        f"{len(outcome.skips)} skipped, {len(outcome.notes)} notes"
    )
    data = {
        **extra,
        "skips": [p.as_dict() for p in outcome.skips[:200]],
        "notes": [p.as_dict() for p in outcome.notes[:200]],
    }
    return message, data, bool(outcome.skips)


def fingerprint(manifest: dict[str, Any], files: list[Path]) -> str:
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode())
    for path in files:
        digest.update(sha256_of(path).encode())
    return digest.hexdigest()


def last_fingerprint(
    publication: Publication, date: dt.date, step: str, edition: int = 1
) -> tuple[str | None, Issue | None]:
    issue = Issue.objects.filter(publication=publication, date=date, edition=edition).first()
    if issue is None:
        return None, None
    event = issue.events.filter(step=step).order_by("-id").first()
    return (event.data.get("fingerprint") if event else None), issue


@dataclass
class ImportRun:
    """One issue ready for the pipeline: its manifest, files (with display names) and what to
    record about it."""

    publication: Publication
    date: dt.date
    manifest: dict[str, Any]
    paths: list[Path]
    names: list[str]
    work: Path  # a staging folder for the manifest file
    step: str  # the event log step of the importer
    message: str
    data: dict[str, Any]  # recorded with the fingerprint
    warn: bool = False
    edition: int = 1
    # What the fingerprint is taken of, when not the manifest itself (an importer whose
    # manifest holds analysis results fingerprints the analysis's inputs instead), and more
    # input files to digest.
    basis: dict[str, Any] | None = None
    inputs: list[Path] = field(default_factory=list)


def ingest_unless_unchanged(
    run: ImportRun,
    *,
    publish: bool = False,
    dry_run: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[str, str]:
    """Import the issue unless unchanged; returns (status, message): ``imported``,
    ``unchanged``, ``would import`` or ``failed`` with the pipeline's reason."""
    basis = run.manifest if run.basis is None else run.basis
    mark = fingerprint(basis, [*run.paths, *run.inputs])
    last, issue = last_fingerprint(run.publication, run.date, run.step, run.edition)
    published = issue is not None and issue.status == Issue.Status.PUBLISHED
    if last == mark and (published or not publish):
        return "unchanged", ""
    if dry_run:
        return "would import", ""
    manifest_path = run.work / "manifest.json"
    manifest_path.write_text(json.dumps(run.manifest, ensure_ascii=False), encoding="utf-8")
    try:
        outcome = ingest(
            IngestRequest(
                publication=run.publication.slug,
                date=run.date,
                edition=run.edition,
                files=run.paths,
                names=run.names,
                manifest=manifest_path,
                publish=publish,
                workers=workers,
            ),
            progress=progress,
        )
    except IngestError as exc:
        return "failed", str(exc)
    IssueEvent.objects.create(
        issue=outcome.issue,
        step=run.step,
        level=IssueEvent.Level.WARNING if run.warn else IssueEvent.Level.INFO,
        message=run.message,
        data={"fingerprint": mark, **run.data},
    )
    return "imported", ""
