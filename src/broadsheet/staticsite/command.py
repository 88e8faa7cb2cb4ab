"""The `broadsheet export-static` command (docs/static.md): checks, then `export.StaticExport`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.newspaper.models import Publication
from broadsheet.staticsite.crawl import ExportFailed
from broadsheet.staticsite.export import MANIFEST, StaticExport, read_manifest


def check_outdir(outdir: Path, slug: str) -> None:
    """OUTDIR must be new, empty, or an earlier static edition of the same publication."""
    if outdir.exists() and not outdir.is_dir():
        raise CommandError(f"{outdir} is a file, not a folder")
    if not outdir.is_dir() or not any(outdir.iterdir()):
        return
    manifest = read_manifest(outdir)
    if manifest is None:
        raise CommandError(
            f"{outdir} is not empty and holds no static edition ({MANIFEST}): "
            "give a new or empty folder, or an earlier export's"
        )
    if manifest.get("publication") != slug:
        raise CommandError(
            f"{outdir} holds the static edition of {manifest.get('publication')!r}, not {slug!r}"
        )


class Command(BaseCommand):
    help = (
        "Write a publication's free content as a static site in OUTDIR (pages, images, PDFs, "
        "JSON twins, feeds, Pagefind search); again later, only new or changed issues."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path, metavar="OUTDIR")
        parser.add_argument("--publication", required=True, metavar="SLUG")
        parser.add_argument(
            "--since", metavar="YYYY-MM-DD", help="only the issues of this day and later"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["publication"]
        publication = Publication.objects.filter(slug=slug).first()
        if publication is None:
            raise CommandError(f"no publication {slug!r} (`broadsheet publication list`)")
        since = None
        if options["since"] is not None:
            try:
                since = dt.date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(
                    f"--since {options['since']!r} is not a date (YYYY-MM-DD)"
                ) from None
        outdir: Path = options["outdir"].expanduser().absolute()
        check_outdir(outdir, slug)
        verbose = options["verbosity"] >= 1
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            # The pages name fingerprinted static files, as `broadsheet serve` prepares them.
            call_command("collectstatic", interactive=False, verbosity=0)
        export = StaticExport(
            publication, outdir, since, log=self.stdout.write if verbose else lambda line: None
        )
        if not export.issues:
            after = f" since {since.isoformat()}" if since else ""
            raise CommandError(f"no published issues of {slug}{after}: nothing to export")
        try:
            report = export.run()
        except (ExportFailed, OSError) as exc:
            raise CommandError(f"could not write {outdir}: {exc} (it is unchanged)") from exc
        if verbose:
            self.stdout.write(
                f"wrote {outdir}: {len(report.rendered)} issue(s) made, {len(report.reused)} "
                f"unchanged, {len(report.removed)} removed, {report.left_out} address(es) left "
                f"out (not free), {report.files} files, in {report.seconds:.1f} s "
                f"(Pagefind {report.pagefind_seconds:.1f} s)"
            )
