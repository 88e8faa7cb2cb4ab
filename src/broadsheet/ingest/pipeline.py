"""The ingest pipeline: the one way pages enter Broadsheet.

receive → validate → render/extract/analyse (per page, in worker processes) → merge the manifest
→ link jumps → store in one transaction → publish → index. Nothing is written to the database or
to storage before validation has passed; a failure after that removes what this run stored and
leaves the previous state of the issue exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from broadsheet.env import env_int
from broadsheet.ingest.labels import label_from_filename, merged_order, sequence_label
from broadsheet.ingest.manifest import Manifest, ManifestError, parse_manifest
from broadsheet.ingest.pages import PageJob, PageResult, process_page
from broadsheet.ingest.staging import clean_stale_staging, make_staging
from broadsheet.ingest.timings import Timings
from broadsheet.newspaper.models import Issue, Publication
from broadsheet.pdf.document import Limits, PdfError, PdfInfo, validate_pdf

if TYPE_CHECKING:
    from broadsheet.ingest.store import StoredIssue

Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)


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
    # The run is the whole issue: pages of the issue that are not in it are removed. Without
    # it, the run's pages are added or replace the pages of the same label, and the others
    # stay as they are.
    replace: bool = False
    # Analyse again pages whose input has not changed (True: every page; or these labels).
    # Without it an unchanged page keeps its articles and their corrections untouched.
    reanalyse: bool | Collection[str] = False
    # Queue scanned pages (text quality "none" or "ocr") for OCR in the background
    # (broadsheet.ocrtext); the OCR step itself re-runs a page with this off.
    ocr: bool = True


@dataclass
class IngestOutcome:
    issue: Issue
    pages: int
    articles: int
    replaced: bool
    timings: Timings
    warnings: list[str]
    stored: StoredIssue | None = None


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


class PageProcessingError(IngestError):
    """Rendering or analysing one page failed; the message names its file and page."""


def _failure(job: PageJob, exc: BaseException) -> PageProcessingError:
    if isinstance(exc, PdfError):  # the file itself: its name and the problem say it all
        return PageProcessingError(str(exc))
    log.error("processing %s page %d failed", job.source_name, job.page_index + 1, exc_info=exc)
    return PageProcessingError(
        f"{job.source_name}: page {job.page_index + 1} could not be processed "
        f"({type(exc).__name__}: {exc})"
    )


def _run_pages(jobs: list[PageJob], workers: int, progress: Progress | None) -> list[PageResult]:
    results: list[PageResult] = []
    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs, 1):
            try:
                results.append(process_page(job))
            except Exception as exc:
                raise _failure(job, exc) from exc
            if progress:
                progress("pages", i, len(jobs))
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(process_page, job) for job in jobs]
        for i, (job, future) in enumerate(zip(jobs, futures, strict=True), 1):
            try:
                results.append(future.result())
            except Exception as exc:
                for other in futures:
                    other.cancel()
                raise _failure(job, exc) from exc
            if progress:
                progress("pages", i, len(jobs))
    return results


def default_workers() -> int:
    return env_int("BROADSHEET_INGEST_WORKERS", max(1, min(4, os.cpu_count() or 1)), minimum=1)


def page_digest(file_sha256: str, page_index: int, articles: list[dict[str, Any]] | None) -> str:
    """What a page's analysis depends on: its file, its place in it, the manifest's articles."""
    facts = "analyse" if articles is None else json.dumps(articles, sort_keys=True, default=str)
    return hashlib.sha256(f"{file_sha256}:{page_index}:{facts}".encode()).hexdigest()


def _wants_reanalysis(request: IngestRequest, label: str) -> bool:
    if isinstance(request.reanalyse, bool):
        return request.reanalyse
    return label in request.reanalyse


def ingest(request: IngestRequest, progress: Progress | None = None) -> IngestOutcome:
    """Run the whole pipeline for one issue. Raises IngestError with a clear message."""
    from broadsheet.ingest.existing import find_issue, kept_analysis, load_state
    from broadsheet.ingest.store import ChangedPage, RunPlan, store_run

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

    # 1. receive: copy the originals, unchanged, into a private staging folder (and clear
    # away the folders of runs that were killed).
    t0 = time.perf_counter()
    clean_stale_staging()
    staging = make_staging()
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
        by_name = {s.name: s for s in sources}
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

        # Only pages whose input changed are processed; the rest of the issue stays as it is.
        issue = find_issue(publication, request.date, request.edition)
        state = load_state(issue)
        existing = {p.number: p for p in state.pages}
        digests: dict[int, str] = {}
        for job in jobs:
            facts = manifest.facts_for(job.sequence, job.source_name) if manifest else None
            info = by_name[job.source_name].info
            assert info is not None
            digests[job.sequence] = page_digest(
                info.sha256, job.page_index, facts.articles if facts else None
            )
        todo = [
            job
            for job in jobs
            if labels[job.sequence] not in existing
            or existing[labels[job.sequence]].input_digest != digests[job.sequence]
            or _wants_reanalysis(request, labels[job.sequence])
        ]
        run_labels = [labels[job.sequence] for job in jobs]
        order = merged_order([p.number for p in state.pages], run_labels, request.replace)
        removed = (
            [label for label in existing if label not in run_labels] if request.replace else []
        )
        index_of = {label: i for i, label in enumerate(order, 1)}

        # 3–5. render, extract and analyse each page that needs it.
        t0 = time.perf_counter()
        results = _run_pages(todo, request.workers or default_workers(), progress)
        wall = time.perf_counter() - t0
        for result in results:
            for step, seconds in result.seconds.items():
                timings.add(f"{step}_cpu", seconds)
        timings.add("pages", wall)

        # 6. merge the manifest's facts over the analysis, then link jumps across the issue,
        # the pages kept from before included.
        t0 = time.perf_counter()
        run_index = {job.sequence: index_of[labels[job.sequence]] for job in jobs}
        analyses = {labels[r.sequence]: _merged_analysis(r, manifest, run_index) for r in results}
        every = [analyses[label] for label in order if label in analyses]
        every += [
            kept_analysis(state, existing[label], index_of[label])
            for label in order
            if label not in analyses and label in existing
        ]
        from broadsheet.layout import link_jumps

        link_jumps(every, {i: label for label, i in index_of.items()})
        timings.add("merge", time.perf_counter() - t0)
        for result in results:
            analysis = analyses[labels[result.sequence]]
            if analysis.get("analysis_error"):
                warnings.append(
                    f"page {labels[result.sequence]} ({result.source_name}): the analyser failed "
                    f"({analysis['analysis_error']}); the page is published without article "
                    "zones: draw them on the desk"
                )
            elif analysis.get("text_quality") == "ocr":
                warnings.append(
                    f"page {labels[result.sequence]} ({result.source_name}): a scan with an "
                    "OCR text layer; the page is published as image and PDF"
                    + (
                        "; its text is recognised in the background (OCR)"
                        if request.ocr
                        else " only"
                    )
                )
            elif analysis.get("text_quality", "ok") != "ok":
                warnings.append(
                    f"page {labels[result.sequence]} ({result.source_name}): text is "
                    f"{analysis['text_quality']}; the page is published as image and PDF"
                    + (
                        "; its text is recognised in the background (OCR)"
                        if request.ocr and analysis["text_quality"] == "none"
                        else " only"
                    )
                )

        # 7–9. store the changed pages in one transaction, publishing in the same step if
        # asked; then index.
        changed = {}
        for result in results:
            label = labels[result.sequence]
            old = existing.get(label)
            changed[label] = ChangedPage(
                label=label,
                name=page_names.get(result.sequence, old.name if old else ""),
                result=result,
                analysis=analyses[label],
                source=by_name[result.source_name],
                digest=digests[result.sequence],
            )
        plan = RunPlan(
            publication=publication,
            date=request.date,
            edition=request.edition,
            order=order,
            changed=changed,
            names={
                labels[seq]: name for seq, name in page_names.items() if labels[seq] not in changed
            },
            removed=removed,
            sources=sources,
            publish=request.publish,
            warnings=warnings,
        )
        stored: StoredIssue = store_run(plan, timings)
        if request.ocr:
            warnings.extend(_queue_ocr(stored.issue, [labels[r.sequence] for r in results]))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return IngestOutcome(
        issue=stored.issue,
        pages=stored.issue.pages.count(),
        articles=stored.articles,
        replaced=stored.replaced,
        timings=timings,
        warnings=warnings + stored.notes,
        stored=stored,
    )


def _queue_ocr(issue: Issue, labels: list[str]) -> list[str]:
    """Queue this run's scanned pages for OCR (a background job at low priority, so the
    issue is published now and never waits for it)."""
    from broadsheet.ocrtext.service import needs_ocr, ocr_available, queue_pages

    scans = [p for p in issue.pages.filter(number__in=labels) if needs_ocr(p)]
    if not scans:
        return []
    if not ocr_available():
        return [
            "OCR is not installed (pip install -e '.[ocr]'): scanned pages "
            + ", ".join(p.number for p in scans)
            + " are published as images without text"
        ]
    queue_pages(scans)
    return []


def _manifest_replaces(manifest: Manifest | None, sequence: int, source_name: str) -> bool:
    if manifest is None:
        return False
    facts = manifest.facts_for(sequence, source_name)
    return facts is not None and facts.articles is not None


def _merged_analysis(
    result: PageResult, manifest: Manifest | None, run_index: dict[int, int]
) -> dict[str, Any]:
    """The page's analysis (or the manifest's articles), with page numbers in the links made
    into the page's place in the issue."""
    analysis = dict(result.analysis)
    analysis["index"] = run_index[result.sequence]
    analysis.setdefault("width", result.width)
    analysis.setdefault("height", result.height)
    if manifest is None:
        return analysis
    facts = manifest.facts_for(result.sequence, result.source_name)
    if facts is not None and not facts.image:
        analysis["no_image"] = True
    if facts is None or facts.articles is None:
        return analysis
    articles = []
    for n, article in enumerate(facts.articles, 1):
        article = dict(article)
        article["id"] = article.get("id") or f"p{result.sequence}-a{n}"
        for name in ("continued_to", "continued_from"):
            link = article.get(name)
            if isinstance(link, dict) and link.get("page") in run_index:
                article[name] = {**link, "page": run_index[link["page"]]}
        articles.append(article)
    analysis["articles"] = articles
    return analysis
