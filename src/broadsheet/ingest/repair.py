"""Check the data directory against the database, and repair what a crash left behind.

`broadsheet repair` runs these in order and reports every finding:

1. runs that died between writing their files and committing (`IngestRun` rows whose process
   is gone): their files are removed, readers never saw them;
2. staging folders of runs that died;
3. stored files that no row names (orphans), older than a grace period so that an upload in
   flight is never touched;
4. pages whose files are missing: the image, thumbnail or reader's PDF made again from the
   page's original file, or reported when that is missing too;
5. desk runs stuck under a dead worker: queued again;
6. issues whose last change never reached the search index: indexed.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from broadsheet.ingest.models import IngestRun
from broadsheet.ingest.staging import pid_alive
from broadsheet.newspaper.models import Issue, Page

# Files younger than this are never orphans: their row may not be committed yet.
GRACE = dt.timedelta(hours=1)
# A run on another machine is taken for dead after this long.
RUN_TIMEOUT = dt.timedelta(hours=6)
ROOTS = ("issues", "desk")
_ISSUE_PDF = re.compile(r"\.issue-v(\d+)\.pdf$")


@dataclass
class Finding:
    kind: str  # dead_run, staging, orphan, missing, stuck, index
    what: str
    fixed: bool = False


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def add(self, kind: str, what: str, fixed: bool) -> None:
        self.findings.append(Finding(kind, what, fixed))

    @property
    def problems(self) -> int:
        return len(self.findings)

    @property
    def unfixed(self) -> list[Finding]:
        return [f for f in self.findings if not f.fixed]


def run_is_dead(run: IngestRun, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if run.host == socket.gethostname():
        return not pid_alive(run.pid)
    return now - run.started_at > RUN_TIMEOUT


def walk(folder: str) -> Iterator[str]:
    """Every stored file under `folder` (storage names)."""
    try:
        dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from walk(f"{folder}/{sub}")


def clean_dead_runs(report: Report, fix: bool) -> None:
    for run in IngestRun.objects.all():
        if not run_is_dead(run):
            continue
        names = list(walk(run.prefix))
        if fix:
            for name in names:
                default_storage.delete(name)
            run.delete()
        report.add(
            "dead_run",
            f"run {run.token} ({run.host}, pid {run.pid}) died before committing; "
            f"{len(names)} file(s) it wrote {'removed' if fix else 'to remove'}",
            fix,
        )


def clean_staging(report: Report, fix: bool) -> None:
    try:
        from broadsheet.ingest.staging import clean_stale_staging, stale_staging
    except ImportError:  # pragma: no cover - the staging module ships with the ingest
        return
    folders = clean_stale_staging() if fix else stale_staging()
    for folder in folders:
        report.add("staging", f"staging folder {folder.name} of a run that died", fix)


def referenced() -> tuple[set[str], dict[str, set[str]]]:
    """Names rows hold, and per folder the stems whose derived files (renditions) may stay."""
    from broadsheet.desk.models import PageUpload

    names: set[str] = set()
    stems: dict[str, set[str]] = {}
    for page in Page.objects.all().only("pdf", "image", "thumbnail", "source"):
        for f in (page.pdf, page.image, page.thumbnail, page.source):
            if f and f.name:
                names.add(f.name)
                path = PurePosixPath(f.name)
                stems.setdefault(str(path.parent), set()).add(path.name.split(".")[0] + ".")
    names.update(n for n in PageUpload.objects.values_list("file", flat=True) if n)
    return names, stems


def clean_orphans(report: Report, fix: bool, grace: dt.timedelta = GRACE) -> None:
    names, stems = referenced()
    live = [run.prefix + "/" for run in IngestRun.objects.all()]
    versions = dict(Issue.objects.values_list("pk", "version"))
    issue_of_folder = {
        str(PurePosixPath(p.pdf.name).parent): p.issue_id
        for p in Page.objects.all().only("pdf", "issue_id")
        if p.pdf and p.pdf.name
    }
    now = timezone.now()
    for root in ROOTS:
        for name in walk(root):
            if name in names or any(name.startswith(prefix) for prefix in live):
                continue
            path = PurePosixPath(name)
            folder = str(path.parent)
            derived = any(path.name.startswith(stem) for stem in stems.get(folder, ()))
            old_issue_pdf = _ISSUE_PDF.search(path.name)
            if derived and not (
                old_issue_pdf
                and int(old_issue_pdf.group(1)) != versions.get(issue_of_folder.get(folder, 0))
            ):
                continue
            try:
                modified = default_storage.get_modified_time(name)
            except (OSError, NotImplementedError):
                continue
            if now - modified < grace:
                continue
            if fix:
                default_storage.delete(name)
            report.add("orphan", f"{name}: no page or upload refers to it", fix)


def restore_missing(report: Report, fix: bool) -> None:
    for page in Page.objects.select_related("issue__publication").order_by("issue", "sequence"):
        where = f"{page.issue} page {page.number}"
        missing = [
            field_name
            for field_name in ("pdf", "image", "thumbnail")
            if not (
                getattr(page, field_name).name
                and default_storage.exists(getattr(page, field_name).name)
            )
        ]
        if not missing:
            continue
        source = page.source.name or ""
        original = source if source and default_storage.exists(source) else ""
        if not original and "pdf" not in missing:
            original = page.pdf.name or ""
        if not original:
            report.add(
                "missing",
                f"{where}: {', '.join(missing)} missing and no original to make them from; "
                "upload the page again",
                False,
            )
            continue
        if fix:
            _remake(page, original, missing)
        report.add(
            "missing",
            f"{where}: {', '.join(missing)} missing; {'made again' if fix else 'to make again'} "
            "from its original",
            fix,
        )


def _remake(page: Page, original: str, missing: list[str]) -> None:
    """Render the page again from its original file (the same steps as the ingest)."""
    import tempfile
    from pathlib import Path

    from django.conf import settings

    from broadsheet.ingest.pages import PageJob, process_page

    with default_storage.open(original, "rb") as fh:
        data = fh.read()
    with tempfile.TemporaryDirectory(prefix="repair-") as tmp:
        path = Path(tmp) / "page.pdf"
        path.write_bytes(data)
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        count = len(doc)
        doc.close()
        result = process_page(
            PageJob(
                path=str(path),
                source_name=page.source_name or page.number,
                page_index=min(page.source_page, count - 1) if original == page.source.name else 0,
                sequence=page.sequence,
                image_width=settings.BROADSHEET_PAGE_IMAGE_WIDTH,
                thumb_width=settings.BROADSHEET_THUMB_WIDTH,
                analyse=False,
                split_pdf=count > 1,
            )
        )
    folder = str(PurePosixPath(original).parent).removesuffix("/originals")
    made: dict[str, Callable[[], bytes]] = {
        "pdf": lambda: result.page_pdf,
        "image": lambda: result.image_jpeg,
        "thumbnail": lambda: result.thumb_jpeg,
    }
    suffix = {"pdf": ".pdf", "image": ".jpg", "thumbnail": ".thumb.jpg"}
    for field_name in missing:
        name = default_storage.save(
            f"{folder}/{page.number}{suffix[field_name]}", ContentFile(made[field_name]())
        )
        getattr(page, field_name).name = name
    if "image" in missing:
        page.image_width, page.image_height = result.image_size
    page.save()
    Issue.objects.filter(pk=page.issue_id).update(version=page.issue.version + 1)


def finish_indexing(report: Report, fix: bool) -> None:
    pending = list(Issue.objects.filter(index_pending=True).select_related("publication"))
    if fix and pending:
        from broadsheet.search.api import index_issue

        for issue in pending:
            index_issue(issue)
    for issue in pending:
        report.add("index", f"{issue}: its last change is not in the search index yet", fix)


def repair(fix: bool = True, grace: dt.timedelta = GRACE) -> Report:
    report = Report()
    clean_dead_runs(report, fix)
    clean_staging(report, fix)
    clean_orphans(report, fix, grace)
    restore_missing(report, fix)
    try:
        from broadsheet.desk.repair import repair_stuck_runs
    except ImportError:  # pragma: no cover - a build without the desk
        pass
    else:
        for what, fixed in repair_stuck_runs(fix):
            report.add("stuck", what, fixed)
    finish_indexing(report, fix)
    return report
