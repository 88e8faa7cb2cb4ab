"""Importing an old e-paper site: each issue found in the mirror goes through the one ingest
pipeline, with a manifest built from the site (labels, names, articles and their zones), so
the site's hand-made zones and texts replace the analysis.

Each issue is stored in its own transaction by `ingest()`; a re-run skips an issue whose
inputs (the manifest built from the site and the digests of its files) are those of its last
import, recorded in the issue's event log, so running again imports nothing twice, picks up
changed issues and resumes an interrupted run where it stopped.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadsheet.ingest.importing import ImportRun, import_record, ingest_unless_unchanged
from broadsheet.ingest.manifest import LABEL_RE
from broadsheet.ingest.pipeline import IngestError, _limits
from broadsheet.ingest.staging import make_staging
from broadsheet.legacy.site import (
    IssueFiles,
    LegacyIssue,
    LegacyPage,
    Problem,
    find_issues,
    read_issue,
)
from broadsheet.legacy.zones import bbox as zone_bbox
from broadsheet.newspaper.models import Publication
from broadsheet.pdf.from_image import ImageError, image_to_pdf

Progress = Callable[[str, int, int], None]
IMPORT_STEP = "import-epaper"
ADVERT = re.compile(r"^\s*(?:广告|廣告|公益广告|分类广告)\s*$")


@dataclass
class IssueResult:
    date: dt.date
    scheme: str
    status: str  # imported, unchanged, would import, failed, nothing to import
    pages: int = 0
    articles: int = 0
    skips: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "scheme": self.scheme,
            "status": self.status,
            "pages": self.pages,
            "articles": self.articles,
            "message": self.message,
            "skips": [p.as_dict() for p in self.skips],
            "notes": [p.as_dict() for p in self.notes],
        }


@dataclass
class ImportReport:
    site: str
    publication: str
    dry_run: bool
    issues: list[IssueResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skips(self) -> list[Problem]:
        return [p for r in self.issues for p in r.skips]

    @property
    def notes(self) -> list[Problem]:
        return [p for r in self.issues for p in r.notes]

    def count(self, status: str) -> int:
        return sum(1 for r in self.issues if r.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "publication": self.publication,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
            "totals": {
                "issues": len(self.issues),
                "imported": self.count("imported"),
                "unchanged": self.count("unchanged"),
                "would_import": self.count("would import"),
                "failed": self.count("failed"),
                "pages": sum(r.pages for r in self.issues),
                "articles": sum(r.articles for r in self.issues),
                "skips": len(self.skips),
                "notes": len(self.notes),
            },
            "issues": [r.as_dict() for r in self.issues],
        }


def _label(raw: str, taken: set[str], sequence: int) -> str:
    label = re.sub(r"[^A-Za-z0-9_-]", "", raw)[:17] or f"{sequence:02d}"
    if not LABEL_RE.match(label):
        label = f"{sequence:02d}"
    base, n = label, 2
    while label in taken:
        label, n = f"{base}-{n}", n + 1
    taken.add(label)
    return label


def _article(page_index: int, n: int, article: Any) -> dict[str, Any]:
    kind = "news"
    if article.hidden:
        kind = "brief"
    elif ADVERT.match(article.headline) and not article.paragraphs:
        kind = "advert"
    data: dict[str, Any] = {
        "id": f"a{n}",
        "kind": kind,
        "kicker": article.kicker[:500],
        "headline": article.headline[:500],
        "subheadline": article.subheadline[:500],
        "byline": article.byline[:500],
        "text": "\n\n".join(article.paragraphs)[:200_000],
        "outlines": [[[x, y] for x, y in polygon] for polygon in article.zones[:50]],
        "blocks": [
            {"role": "photo", "bbox": list(zone_bbox(photo)), "text": caption}
            for photo, caption in zip(
                article.photos[:20],
                [c for _, c in article.pictures] + [""] * len(article.photos),
                strict=False,
            )
        ],
    }
    return data


def build_manifest(
    legacy: LegacyIssue, publication: str, work: Path
) -> tuple[dict[str, Any], list[Path], list[str], list[Problem]]:
    """The ingest manifest and page files of one issue; image-only pages are made into PDFs
    in ``work``. Returns the manifest, the files, their display names and new problems."""
    problems: list[Problem] = []
    taken: set[str] = set()
    files: list[Path] = []
    names: list[str] = []
    pages: list[dict[str, Any]] = []
    kept: list[tuple[LegacyPage, int]] = []
    for page in legacy.pages:
        if page.pdf is not None:
            path, name = page.pdf, page.pdf.name
        else:
            assert page.image is not None
            path = work / f"{len(files):04d}.pdf"
            try:
                image_to_pdf(page.image, path, page.image.name)
            except ImageError as exc:
                problems.append(Problem("bad_image", page.file, str(exc), legacy.date.isoformat()))
                continue
            name = f"{page.image.name}.pdf"
        while name in names:
            name = f"{len(files)}-{name}"
        files.append(path)
        names.append(name)
        kept.append((page, len(files)))
    sequence_of = {id(page): seq for page, seq in kept}
    for page, seq in kept:
        articles = []
        for n, article in enumerate(page.articles, 1):
            if not (article.zones or article.headline or article.paragraphs):
                continue
            data = _article(seq, n, article)
            for attr, key in (
                ("continued_to", "continued_to"),
                ("continued_from", "continued_from"),
            ):
                target = getattr(article, attr)
                if target is None:
                    continue
                other = legacy.pages[target - 1]
                if id(other) not in sequence_of:
                    continue
                partner = _partner(other, article)
                if partner is not None:
                    data[key] = {"page": sequence_of[id(other)], "article": f"a{partner}"}
            articles.append(data)
        pages.append(
            {
                "index": seq,
                "number": _label(page.label, taken, seq),
                "name": page.name[:100],
                "articles": articles,
            }
        )
    manifest = {
        "publication": publication,
        "date": legacy.date.isoformat(),
        "pages": pages,
    }
    return manifest, files, names, problems


def _partner(page: LegacyPage, article: Any) -> int | None:
    """The number (1-based) of the article on ``page`` that continues or starts ``article``."""
    for n, other in enumerate(page.articles, 1):
        linked = other.continued_to is not None or other.continued_from is not None
        if other is not article and other.headline == article.headline and linked:
            return n
    return None


def import_issue(
    site: Path,
    files: IssueFiles,
    publication: Publication,
    *,
    publish: bool = False,
    dry_run: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> IssueResult:
    legacy = read_issue(site, files, _limits())
    result = IssueResult(
        files.date, legacy.scheme, "", skips=list(legacy.skips), notes=list(legacy.notes)
    )
    # Pages made from images are written to a staging folder (cleaned by repair if killed).
    work = make_staging()
    try:
        manifest, paths, names, problems = build_manifest(legacy, publication.slug, work)
        result.skips.extend(problems)
        result.pages = len(paths)
        result.articles = sum(len(p["articles"]) for p in manifest["pages"])
        if not paths:
            result.status = "nothing to import"
            result.message = "no page of this issue could be imported"
            return result
        message, data, warn = import_record(result, f"the {legacy.scheme} e-paper site at {site}")
        result.status, result.message = ingest_unless_unchanged(
            ImportRun(
                publication=publication,
                date=files.date,
                manifest=manifest,
                paths=paths,
                names=names,
                work=work,
                step=IMPORT_STEP,
                message=message,
                data=data,
                warn=warn,
            ),
            publish=publish,
            dry_run=dry_run,
            workers=workers,
            progress=progress,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def import_site(
    site: Path,
    publication: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    publish: bool = False,
    dry_run: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    on_issue: Callable[[IssueResult], None] | None = None,
) -> ImportReport:
    """Import every issue of the mirror at ``site`` dated within [start, end]."""
    began = time.perf_counter()
    try:
        pub = Publication.objects.get(slug=publication)
    except Publication.DoesNotExist:
        known = ", ".join(Publication.objects.values_list("slug", flat=True)) or "none yet"
        raise IngestError(
            f"unknown publication {publication!r} (known: {known}); create it with "
            f"'broadsheet publication add {publication} --name NAME'"
        ) from None
    if not site.is_dir():
        raise IngestError(f"{site}: no such folder (give the folder of the mirrored site)")
    found = list(find_issues(site))
    if not found:
        raise IngestError(
            f"{site}: no e-paper issues found (looked for html/YYYY-MM/DD/node_N.htm, "
            "nbs.*.htm, pc/layout/YYYYMM/DD/node_NN.html and YYYYMMDD/PageNN*.htm); "
            "give the folder of the mirrored site itself"
        )
    issues = [
        f for f in found if (start is None or f.date >= start) and (end is None or f.date <= end)
    ]
    report = ImportReport(site=str(site), publication=publication, dry_run=dry_run)
    for i, files in enumerate(issues, 1):
        try:
            result = import_issue(
                site,
                files,
                pub,
                publish=publish,
                dry_run=dry_run,
                workers=workers,
                progress=progress,
            )
        except Exception as exc:  # one bad issue never aborts the archive
            result = IssueResult(
                files.date, files.scheme, "failed", message=f"{type(exc).__name__}: {exc}"
            )
        report.issues.append(result)
        if on_issue:
            on_issue(result)
        if progress:
            progress("issues", i, len(issues))
    report.seconds = time.perf_counter() - began
    return report
