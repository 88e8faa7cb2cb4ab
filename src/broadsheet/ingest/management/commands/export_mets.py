"""`broadsheet export-mets`: issues out as METS/ALTO folders, one per issue, optionally a BagIt
bag for delivery to a library (docs/library.md).

Everything is checked before anything is written (the publication, the issues, their stored
files, OUTDIR); the files are written to a fresh folder beside OUTDIR, bagged there, and only
then renamed to OUTDIR, so a failure leaves no half export behind.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import bagit
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.newspaper.models import Issue, Publication
from broadsheet.reader.library_export import (
    IssueData,
    alto_xml,
    folder_hrefs,
    load,
    mets_xml,
    software_version,
)


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None


def folder_name(issue: Issue) -> str:
    """An issue's folder in a range export: its date, and `_ed-N` after the first edition."""
    suffix = f"_ed-{issue.edition}" if issue.edition != 1 else ""
    return issue.date.isoformat() + suffix


def _check_files(data: IssueData) -> None:
    for page in data.pages:
        for what, field in (("PDF", page.pdf), ("image", page.image)):
            name = getattr(field, "name", "")
            if not name or not default_storage.exists(name):
                raise CommandError(
                    f"{data.issue}: the {what} of page {page.number} is missing from storage "
                    "(`broadsheet repair --check` tells more)"
                )


def write_issue(data: IssueData, folder: Path) -> int:
    """The issue's folder: mets.xml, alto/, pdf/ and image/. Returns the number of files."""
    for sub in ("alto", "pdf", "image"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    count = 0
    for page in data.pages:
        (folder / folder_hrefs(page, "alto")).write_bytes(alto_xml(data, page))
        for kind, field in (("pdf", page.pdf), ("image", page.image)):
            target_path = folder / folder_hrefs(page, kind)
            with (
                default_storage.open(str(field.name), "rb") as source,
                target_path.open("wb") as target,
            ):
                shutil.copyfileobj(source, target, 1 << 20)
        count += 3
    (folder / "mets.xml").write_bytes(mets_xml(data, folder_hrefs))
    return count + 1


class Command(BaseCommand):
    help = (
        "Export issues as METS/ALTO for libraries: a folder per issue (mets.xml, alto/, pdf/, "
        "image/), a BagIt bag for a date range or with --bag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path, metavar="OUTDIR")
        parser.add_argument("--publication", required=True, metavar="SLUG")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="one issue")
        parser.add_argument("--edition", type=int, default=None, metavar="N")
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")
        parser.add_argument(
            "--bag", action="store_true", help="make OUTDIR a BagIt bag (always for a range)"
        )
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="also export issues that are not published (drafts, ready)",
        )

    def _issues(self, options: dict[str, Any]) -> tuple[Publication, list[Issue], bool]:
        """The publication, the issues to export and whether it is a range; or a CommandError."""
        slug = options["publication"]
        publication = Publication.objects.filter(slug=slug).first()
        if publication is None:
            raise CommandError(f"no publication {slug!r} (`broadsheet publication list`)")
        date = _date("--date", options["date"])
        start, end = _date("--from", options["start"]), _date("--to", options["end"])
        if options["edition"] is not None and options["edition"] < 1:
            raise CommandError("--edition must be 1 or more")
        if date is not None and (start or end):
            raise CommandError("give either --date or --from and --to, not both")
        issues = Issue.objects.filter(publication=publication).select_related("publication")
        if not options["unpublished"]:
            issues = issues.filter(status=Issue.Status.PUBLISHED)
        if date is not None:
            edition = options["edition"] or 1
            found = issues.filter(date=date, edition=edition).first()
            if found is None:
                other = Issue.objects.filter(publication=publication, date=date, edition=edition)
                existing = other.first()
                if existing is not None:
                    raise CommandError(
                        f"{existing} is {existing.status}, not published: "
                        "add --unpublished to export it anyway"
                    )
                raise CommandError(f"no issue of {slug} on {date.isoformat()}, edition {edition}")
            return publication, [found], False
        if start is None or end is None:
            raise CommandError("give --date YYYY-MM-DD, or --from YYYY-MM-DD and --to YYYY-MM-DD")
        if start > end:
            raise CommandError("--from is after --to")
        issues = issues.filter(date__gte=start, date__lte=end)
        if options["edition"] is not None:
            issues = issues.filter(edition=options["edition"])
        found_all = list(issues.order_by("date", "edition"))
        if not found_all:
            raise CommandError(
                f"no {'' if options['unpublished'] else 'published '}issues of {slug} "
                f"from {start.isoformat()} to {end.isoformat()}"
            )
        return publication, found_all, True

    def handle(self, *args: Any, **options: Any) -> None:
        publication, issues, is_range = self._issues(options)
        outdir: Path = options["outdir"].expanduser().absolute()
        if outdir.exists() and not outdir.is_dir():
            raise CommandError(f"{outdir} is a file, not a folder")
        if outdir.is_dir() and any(outdir.iterdir()):
            raise CommandError(f"{outdir} is not empty: give a new or empty folder")
        loaded = [load(issue) for issue in issues]
        for data in loaded:
            if not data.pages:
                raise CommandError(f"{data.issue} has no pages")
            _check_files(data)
        outdir.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
        umask = os.umask(0o022)
        os.umask(umask)
        work.chmod(0o777 & ~umask)  # mkdtemp's folder is private; OUTDIR is an ordinary one
        try:
            files = 0
            for data in loaded:
                folder = work / folder_name(data.issue) if is_range else work
                files += write_issue(data, folder)
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        f"{data.issue}: {len(data.pages)} pages, {len(data.articles)} articles"
                    )
            if is_range or options["bag"]:
                first, last = issues[0].date.isoformat(), issues[-1].date.isoformat()
                bagit.make_bag(
                    str(work),
                    bag_info={
                        "Source-Organization": publication.name,
                        "External-Description": f"METS/ALTO of {publication.name} "
                        f"({publication.slug}), {first} to {last}: {len(issues)} issues",
                        "External-Identifier": f"{publication.slug}/{first}/{last}",
                        "Source-Software": f"Broadsheet {software_version()}".strip(),
                    },
                    checksums=["sha256", "sha512"],
                )
            if outdir.is_dir():
                outdir.rmdir()  # empty, checked above
            work.rename(outdir)
        except BaseException as exc:
            shutil.rmtree(work, ignore_errors=True)
            if isinstance(exc, OSError | bagit.BagError):
                raise CommandError(f"could not write {outdir}: {exc}") from exc
            raise
        bagged = " as a BagIt bag" if is_range or options["bag"] else ""
        if options["verbosity"] >= 1:
            self.stdout.write(f"wrote {len(issues)} issue(s), {files} files, to {outdir}{bagged}")
