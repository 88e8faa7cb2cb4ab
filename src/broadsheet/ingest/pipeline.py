"""The ingest pipeline: the one way pages enter Broadsheet.

receive → validate → render/extract/analyse (per page, in worker processes) → merge the manifest
→ link jumps → store in one transaction → publish → index. Nothing is written to the database or
to storage before validation has passed; a failure after that removes what this run stored and
leaves the previous state of the issue exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from broadsheet.env import env_int
from broadsheet.ingest.labels import label_from_filename, sequence_label
from broadsheet.ingest.manifest import Manifest, ManifestError, parse_manifest
from broadsheet.ingest.pages import PageJob, PageResult, process_page
from broadsheet.newspaper.models import Issue, Publication
from broadsheet.pdf.document import Limits, PdfError, PdfInfo, validate_pdf

Progress = Callable[[str, int, int], None]


class IngestError(ValueError):
    """The ingest cannot go ahead. The message says which file or fact is wrong and why."""


@dataclass
class SourceFile:
    path: Path
    name: str
    info: PdfInfo | None = None


@dataclass
class IngestRequest:
    publication: str
    date: dt.date
    files: Sequence[Path]
    edition: int = 1
    manifest: Path | None = None
    publish: bool = False
    # Display names of the files (for uploads whose temp paths mean nothing); defaults to
    # the file names.
    names: Sequence[str] | None = None
    workers: int | None = None


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def add(self, step: str, seconds: float) -> None:
        self.steps[step] = self.steps.get(step, 0.0) + seconds


@dataclass
class IngestOutcome:
    issue: Issue
    pages: int
    articles: int
    replaced: bool
    timings: Timings
    warnings: list[str]


def _limits() -> Limits:
    return Limits(
        max_bytes=settings.BROADSHEET_MAX_PDF_MB * 1024 * 1024,
        max_pages=settings.BROADSHEET_MAX_PAGES,
        max_page_points=float(settings.BROADSHEET_MAX_PAGE_POINTS),
    )


def _publication(slug: str) -> Publication:
    try:
        return Publication.objects.get(slug=slug)
    except Publication.DoesNotExist:
        known = ", ".join(Publication.objects.values_list("slug", flat=True)) or "none yet"
        raise IngestError(
            f"unknown publication {slug!r} (known: {known}); create it with "
            f"'broadsheet publication add {slug} --name NAME'"
        ) from None


def _check_manifest(manifest: Manifest, request: IngestRequest) -> None:
    if manifest.publication and manifest.publication != request.publication:
        raise IngestError(
            f"{manifest.source}: the manifest is for publication {manifest.publication!r}, "
            f"not {request.publication!r}"
        )
    if manifest.date and manifest.date != request.date:
        raise IngestError(
            f"{manifest.source}: the manifest is for {manifest.date.isoformat()}, "
            f"not {request.date.isoformat()}"
        )
    if manifest.edition and manifest.edition != request.edition:
        raise IngestError(
            f"{manifest.source}: the manifest is for edition {manifest.edition}, not {request.edition}"
        )


def _plan_labels(
    jobs: list[PageJob], sources: list[SourceFile], manifest: Manifest | None
) -> tuple[dict[int, str], dict[int, str], list[str]]:
    """Printed labels and names per page sequence: manifest, then file names, then sequence."""
    warnings: list[str] = []
    single_page = {s.name for s in sources if s.info and len(s.info.pages) == 1}
    guessed: dict[int, str] = {}
    for job in jobs:
        if job.source_name in single_page:
            label = label_from_filename(job.source_name)
            if label:
                guessed[job.sequence] = label
    if len(guessed) != len(jobs) or len(set(guessed.values())) != len(guessed):
        if guessed:
            warnings.append("page labels could not be read from every file name; numbered in order")
        guessed = {job.sequence: sequence_label(job.sequence) for job in jobs}
    labels = dict(guessed)
    names: dict[int, str] = {}
    if manifest:
        for job in jobs:
            facts = manifest.facts_for(job.sequence, job.source_name)
            if facts is None:
                continue
            if facts.number:
                labels[job.sequence] = facts.number
            if facts.name:
                names[job.sequence] = facts.name
        if len(set(labels.values())) != len(labels):
            raise IngestError(
                f"{manifest.source}: two pages would share one page number; give every page its own"
            )
        for facts in manifest.pages:
            matched = any(manifest.facts_for(j.sequence, j.source_name) is facts for j in jobs)
            if not matched:
                target = facts.file or f"index {facts.index}"
                raise IngestError(f"{manifest.source}: {facts.where}: no page matches {target}")
    return labels, names, warnings


def _run_pages(jobs: list[PageJob], workers: int, progress: Progress | None) -> list[PageResult]:
    results: list[PageResult] = []
    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs, 1):
            results.append(process_page(job))
            if progress:
                progress("pages", i, len(jobs))
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, result in enumerate(pool.map(process_page, jobs), 1):
            results.append(result)
            if progress:
                progress("pages", i, len(jobs))
    return results


def default_workers() -> int:
    return env_int("BROADSHEET_INGEST_WORKERS", max(1, min(4, os.cpu_count() or 1)), minimum=1)


def ingest(request: IngestRequest, progress: Progress | None = None) -> IngestOutcome:
    """Run the whole pipeline for one issue. Raises IngestError with a clear message."""
    from broadsheet.ingest.store import StoredIssue, store_issue

    timings = Timings()
    publication = _publication(request.publication)
    if request.edition < 1:
        raise IngestError(f"edition must be 1 or more, not {request.edition}")
    if not request.files:
        raise IngestError("no PDF files given")
    manifest: Manifest | None = None
    if request.manifest is not None:
        try:
            manifest = parse_manifest(Path(request.manifest))
        except ManifestError as exc:
            raise IngestError(str(exc)) from exc
        _check_manifest(manifest, request)

    names = list(request.names) if request.names else [Path(f).name for f in request.files]
    if len(set(names)) != len(names):
        raise IngestError("two files have the same name; every page file needs its own name")

    # 1. receive: copy the originals, unchanged, into a private staging folder.
    t0 = time.perf_counter()
    staging = Path(settings.DATA_DIR) / "staging" / uuid.uuid4().hex
    staging.mkdir(parents=True)
    try:
        sources: list[SourceFile] = []
        for path, name in zip(request.files, names, strict=True):
            path = Path(path)
            if not path.is_file():
                raise IngestError(f"{name}: no such file")
            staged = staging / f"{len(sources):04d}.pdf"
            shutil.copyfile(path, staged)
            sources.append(SourceFile(path=staged, name=name))
        timings.add("receive", time.perf_counter() - t0)

        # 2. validate every file before any work is stored.
        t0 = time.perf_counter()
        limits = _limits()
        total_pages = 0
        for source in sources:
            try:
                source.info = validate_pdf(source.path, source.name, limits)
            except PdfError as exc:
                raise IngestError(str(exc)) from exc
            total_pages += len(source.info.pages)
        if total_pages > limits.max_pages:
            raise IngestError(
                f"the issue has {total_pages} pages, more than the limit of {limits.max_pages}"
            )
        timings.add("validate", time.perf_counter() - t0)

        jobs: list[PageJob] = []
        for source in sources:
            assert source.info is not None
            count = len(source.info.pages)
            for page_index in range(count):
                jobs.append(
                    PageJob(
                        path=str(source.path),
                        source_name=source.name,
                        page_index=page_index,
                        sequence=len(jobs) + 1,
                        image_width=settings.BROADSHEET_PAGE_IMAGE_WIDTH,
                        thumb_width=settings.BROADSHEET_THUMB_WIDTH,
                        analyse=not _manifest_replaces(manifest, len(jobs) + 1, source.name),
                        split_pdf=count > 1,
                    )
                )
        labels, page_names, warnings = _plan_labels(jobs, sources, manifest)

        # 3–5. render, extract and analyse each page.
        t0 = time.perf_counter()
        results = _run_pages(jobs, request.workers or default_workers(), progress)
        wall = time.perf_counter() - t0
        for result in results:
            for step, seconds in result.seconds.items():
                timings.add(f"{step}_cpu", seconds)
        timings.add("pages", wall)

        # 6. merge the manifest's facts over the analysis, then link jumps across the issue.
        t0 = time.perf_counter()
        analyses = [_merged_analysis(r, manifest) for r in results]
        from broadsheet.layout import link_jumps

        link_jumps(analyses, labels)
        timings.add("merge", time.perf_counter() - t0)
        for result, analysis in zip(results, analyses, strict=True):
            if analysis.get("text_quality", "ok") != "ok":
                warnings.append(
                    f"page {labels[result.sequence]} ({result.source_name}): text is "
                    f"{analysis['text_quality']}; the page is published as image and PDF only"
                )

        # 7–9. store everything in one transaction, publishing in the same step if asked.
        stored: StoredIssue = store_issue(
            publication=publication,
            date=request.date,
            edition=request.edition,
            sources=sources,
            results=results,
            analyses=analyses,
            labels=labels,
            names=page_names,
            publish=request.publish,
            timings=timings,
            warnings=warnings,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return IngestOutcome(
        issue=stored.issue,
        pages=len(results),
        articles=stored.articles,
        replaced=stored.replaced,
        timings=timings,
        warnings=warnings,
    )


def _manifest_replaces(manifest: Manifest | None, sequence: int, source_name: str) -> bool:
    if manifest is None:
        return False
    facts = manifest.facts_for(sequence, source_name)
    return facts is not None and facts.articles is not None


def _merged_analysis(result: PageResult, manifest: Manifest | None) -> dict[str, Any]:
    analysis = dict(result.analysis)
    analysis["index"] = result.sequence
    analysis.setdefault("width", result.width)
    analysis.setdefault("height", result.height)
    if manifest is None:
        return analysis
    facts = manifest.facts_for(result.sequence, result.source_name)
    if facts is None or facts.articles is None:
        return analysis
    articles = []
    for n, article in enumerate(facts.articles, 1):
        article = dict(article)
        article["id"] = article.get("id") or f"p{result.sequence}-a{n}"
        articles.append(article)
    analysis["articles"] = articles
    return analysis
