"""What the importers' commands (import-epaper, import-mets) print and write: one line per
issue with its skips and notes, the JSON report, the closing summary."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from broadsheet.ingest.legacy import ImportReport, IssueResult
from broadsheet.ingest.progress import ProgressBar


def print_issue(
    command: BaseCommand, bar: ProgressBar, result: IssueResult, head: str, tail: str = ""
) -> None:
    """``head`` names the issue; its status, counts, skips and notes follow."""
    line = f"{head} {result.status}: {result.pages} pages, {result.articles} articles"
    if result.skips:
        line += f", {len(result.skips)} skipped"
    if result.message:
        line += f" ({result.message})"
    if bar.enabled:
        command.stderr.write("\r\033[K", ending="")
    command.stdout.write(line + tail)
    for problem in result.skips:
        command.stdout.write(f"  skipped {problem.kind}: {problem.file}: {problem.reason}")
    for problem in result.notes:
        command.stdout.write(f"  note {problem.kind}: {problem.file}: {problem.reason}")


def finish(
    command: BaseCommand, report: ImportReport, path: Path | None, failed: int, other: str = ""
) -> None:
    """Write the JSON report (when asked), print the summary, fail when issues failed."""
    if path:
        path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), "utf-8")
    totals = report.as_dict()["totals"]
    verb = "would import" if report.dry_run else "imported"
    done = totals["would_import" if report.dry_run else "imported"]
    command.stdout.write(
        f"{totals['issues']} issues found: {verb} {done}, unchanged {totals['unchanged']}, "
        f"failed {totals['failed']}; {totals['pages']} pages, {totals['articles']} articles; "
        f"{totals['skips']} skipped, {totals['notes']} notes{other}; {report.seconds:.1f} s"
    )
    if failed:
        raise CommandError(f"{failed} issue(s) failed; see the report above")
