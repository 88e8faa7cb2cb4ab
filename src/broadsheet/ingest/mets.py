"""Importing library newspapers (METS/ALTO, NDNP batches): each issue found goes through the
one ingest pipeline with a manifest built from its METS and ALTO (`broadsheet.library`), so
the library's pages, labels, texts and article segmentation are kept.

Each issue is stored in its own transaction by `ingest()`; a re-run skips an issue whose
inputs are those of its last import (the fingerprint in its event log, step ``import-mets``),
so running again imports nothing twice and resumes an interrupted run.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadsheet.ingest.importing import (
    ImportRun,
    Progress,
    import_record,
    ingest_unless_unchanged,
)
from broadsheet.ingest.legacy import ImportReport, IssueResult
from broadsheet.ingest.pipeline import IngestError, _limits
from broadsheet.ingest.staging import make_staging
from broadsheet.legacy.site import Problem
from broadsheet.library.alto_in import parse_xml
from broadsheet.library.mets_in import MetsError, mets_from_root
from broadsheet.library.ndnp import IssueSource, discover
from broadsheet.library.schemas import check
from broadsheet.library.to_manifest import ARTICLE_MODES, build
from broadsheet.newspaper.models import Publication

IMPORT_STEP = "import-mets"


@dataclass
class MetsResult(IssueResult):
    source: str = ""
    edition: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "source": self.source, "edition": self.edition}


@dataclass
class MetsReport(ImportReport):
    # Files that are no issue at all (not METS, an unknown profile, a batch's missing file).
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["path"] = data.pop("site")
        data["totals"]["problems"] = len(self.problems)
        data["problems"] = [p.as_dict() for p in self.problems]
        return data

    @property
    def problems_reported(self) -> int:
        return len(self.problems) + len(self.skips) + len(self.notes)


def schemas_folder(given: Path | None) -> Path | None:
    if given is not None:
        return given
    env = os.environ.get("BROADSHEET_XML_SCHEMAS", "").strip()
    return Path(env) if env else None


def _where(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def import_issue(
    source: IssueSource,
    publication: Publication,
    root: Path,
    *,
    publish: bool = False,
    dry_run: bool = False,
    articles: str = "analyse",
    schemas: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> MetsResult | Problem:
    """Import one METS issue; a document that is no issue comes back as a Problem."""
    name = _where(source.mets, root)
    try:
        tree = parse_xml(source.mets)
        issue = mets_from_root(tree.getroot(), source.mets)
    except (OSError, ValueError) as exc:
        kind = exc.kind if isinstance(exc, MetsError) else "unknown_profile"
        return Problem(kind, name, str(exc))
    date = source.date or issue.date
    if date is None:
        return Problem("no_date", name, "the METS gives no issue date (MODS dateIssued)")
    result = MetsResult(date, issue.profile, "", source=name)
    result.edition = source.edition or issue.edition
    issue.date, issue.edition = date, result.edition
    invalid = check(source.mets, tree, schemas)
    if invalid:
        result.notes.append(Problem("schema_invalid", name, invalid + "; read all the same"))
    for kind, reason in issue.notes:
        result.notes.append(Problem(kind, name, reason, date.isoformat()))
    work = make_staging()
    try:
        built = build(
            issue, work, publication.slug, articles=articles, limits=_limits(), schemas=schemas
        )
        for problem in built.skips + built.notes:
            problem.file = _where(Path(problem.file), root)
            problem.date = date.isoformat()
        result.skips.extend(built.skips)
        result.notes.extend(built.notes)
        result.pages = len(built.manifest["pages"])
        result.articles = built.articles
        if not built.paths:
            result.status = "nothing to import"
            result.message = "no page of this issue could be imported"
            return result
        message, data, warn = import_record(result, f"{name} ({issue.profile} METS)", source=name)
        result.status, result.message = ingest_unless_unchanged(
            ImportRun(
                publication=publication,
                date=date,
                edition=result.edition,
                manifest=built.manifest,
                paths=built.paths,
                names=built.names,
                work=work,
                step=IMPORT_STEP,
                message=message,
                data=data,
                warn=warn,
                basis=built.basis(),
                inputs=built.inputs,
            ),
            publish=publish,
            dry_run=dry_run,
            workers=workers,
            progress=progress,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def import_path(
    path: Path,
    publication: str,
    *,
    publish: bool = False,
    dry_run: bool = False,
    articles: str = "analyse",
    schemas: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    on_issue: Callable[[MetsResult | Problem], None] | None = None,
) -> MetsReport:
    """Import every issue of the batch, folder or METS file at ``path``."""
    began = time.perf_counter()
    if articles not in ARTICLE_MODES:
        raise IngestError(f"--articles must be one of {', '.join(ARTICLE_MODES)}")
    try:
        pub = Publication.objects.get(slug=publication)
    except Publication.DoesNotExist:
        known = ", ".join(Publication.objects.values_list("slug", flat=True)) or "none yet"
        raise IngestError(
            f"unknown publication {publication!r} (known: {known}); create it with "
            f"'broadsheet publication add {publication} --name NAME'"
        ) from None
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    root = path if path.is_dir() else path.parent
    found = discover(path)
    report = MetsReport(site=str(path), publication=publication, dry_run=dry_run)
    report.problems = [Problem(k, _where(p, root), r) for k, p, r in found.problems]
    folder = schemas_folder(schemas)
    for i, source in enumerate(found.issues, 1):
        try:
            outcome = import_issue(
                source,
                pub,
                root,
                publish=publish,
                dry_run=dry_run,
                articles=articles,
                schemas=folder,
                workers=workers,
                progress=progress,
            )
        except Exception as exc:  # one bad issue never stops the others
            outcome = Problem("failed", _where(source.mets, root), f"{type(exc).__name__}: {exc}")
        if isinstance(outcome, Problem):
            report.problems.append(outcome)
        else:
            report.issues.append(outcome)
        if on_issue:
            on_issue(outcome)
        if progress:
            progress("issues", i, len(found.issues))
    report.seconds = time.perf_counter() - began
    return report
