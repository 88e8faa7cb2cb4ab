"""`broadsheet export-static`: a publication's free content as plain files (docs/static.md).

The edition is built in a fresh folder beside OUTDIR and renamed into place at the end, so a
failed run leaves OUTDIR as it was. Each issue is recorded in OUTDIR's manifest with a
fingerprint (its version, publication time, neighbours and access levels); an issue whose
fingerprint is unchanged is carried over by hard links (its files are not rendered again), a new
or changed one is fetched from the reader's own views, and issues no longer published (or
before `--since`) are left out. The shared pages (the publication's redirect, calendars, feeds,
search, "not in this edition") are made again each run; Pagefind then indexes the whole edition.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from broadsheet.access.policy import required_level
from broadsheet.newspaper.models import Issue, Publication
from broadsheet.reader.links import issue_url
from broadsheet.reader.masthead import masthead
from broadsheet.staticsite.crawl import SHARED, Crawler, ExportFailed, Fetched, links_in, route
from broadsheet.staticsite.links import MISSING, SEARCH, Rewriter, file_for, strip_between

FORMAT = 1  # bump when the edition's files change shape: every issue is then made again
MANIFEST = "broadsheet-static.json"
STATIC = "static"
_FEEDS = {"feed_atom", "feed_rss", "articles_atom", "articles_rss"}
_PAGEFIND_FILES = ("/pagefind/pagefind-ui.js", "/pagefind/pagefind-ui.css")


def issue_key(issue: Issue) -> str:
    return issue.date.isoformat() + (f"_ed-{issue.edition}" if issue.edition != 1 else "")


def _key_of(date: Any, edition: Any) -> str:
    return date.isoformat() + (f"_ed-{edition}" if edition not in (None, 1) else "")


def fingerprint(issue: Issue, previous: Issue | None, following: Issue | None) -> str:
    """What an issue's files depend on; a change of any part makes them again."""
    from broadsheet import __version__

    parts = [
        FORMAT,
        __version__,
        issue.version,
        issue.published_at.isoformat() if issue.published_at else None,
        issue.publication.name,
        issue.publication.language,
        previous and issue_key(previous),
        following and issue_key(following),
        [required_level(issue, what) for what in ("page", "article", "pdf", "json", "image")],
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def read_manifest(outdir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


@dataclass
class Report:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    left_out: int = 0
    files: int = 0
    seconds: float = 0.0
    pagefind_seconds: float = 0.0


class StaticExport:
    """One run: plan, fetch, rewrite, index, swap into place."""

    def __init__(
        self,
        publication: Publication,
        outdir: Path,
        since: dt.date | None = None,
        log: Callable[[str], None] = lambda line: None,
    ) -> None:
        self.publication = publication
        self.outdir = outdir
        self.since = since
        self.log = log
        published = list(
            Issue.objects.filter(publication=publication, status=Issue.Status.PUBLISHED)
            .select_related("publication")
            .order_by("date", "edition")
        )
        self.fingerprints: dict[str, str] = {}
        self.issues: dict[str, Issue] = {}
        for n, issue in enumerate(published):
            if since is not None and issue.date < since:
                continue
            previous = published[n - 1] if n else None
            if previous is not None and since is not None and previous.date < since:
                previous = None  # not in the edition: its link goes to the "missing" page
            following = published[n + 1] if n + 1 < len(published) else None
            key = issue_key(issue)
            self.issues[key] = issue
            self.fingerprints[key] = fingerprint(issue, previous, following)
        self.months = {(i.date.year, i.date.month) for i in self.issues.values()}
        self.crawler = Crawler(self.scope)

    def scope(self, path: str) -> str | None:
        """The part of the edition a site path belongs to: an issue key, SHARED, STATIC, None."""
        if path.startswith(settings.STATIC_URL):
            return STATIC
        found = route(path)
        if found is None:
            return None
        name, kwargs = found
        if kwargs.get("pub") != self.publication.slug:
            return None
        if "date" in kwargs:
            key = _key_of(kwargs["date"], kwargs.get("edition"))
            return key if key in self.issues else None
        if name == "publication" or name in _FEEDS:
            return SHARED
        year, month = kwargs.get("year"), kwargs.get("month")
        if name in {"calendar", "calendar_json"} and any(y == year for y, _ in self.months):
            return SHARED
        if name in {"month", "month_json"} and (year, month) in self.months:
            return SHARED
        return None

    def run(self) -> Report:
        started = time.perf_counter()
        report = Report()
        old = read_manifest(self.outdir) or {"issues": {}}
        self.outdir.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{self.outdir.name}.", dir=self.outdir.parent))
        umask = os.umask(0o022)
        os.umask(umask)
        work.chmod(0o777 & ~umask)  # mkdtemp's folder is private; OUTDIR is an ordinary one
        try:
            manifest = self._build(work, old, report)
            (work / MANIFEST).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            report.files = sum(1 for p in work.rglob("*") if p.is_file())
            self._swap(work)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        report.removed = sorted(set(old["issues"]) - set(self.issues))
        report.seconds = time.perf_counter() - started
        return report

    def _build(self, work: Path, old: dict[str, Any], report: Report) -> dict[str, Any]:
        entries: dict[str, Any] = {}
        fresh: dict[str, Fetched] = {}
        exists: set[str] = {SEARCH, MISSING, "/", *_PAGEFIND_FILES}
        for key, issue in self.issues.items():
            before = old["issues"].get(key)
            unchanged = before and before.get("fingerprint") == self.fingerprints[key]
            if unchanged and self._carry_over(before["paths"], work):
                entries[key] = before
                exists.update(before["paths"])
                report.reused.append(key)
                continue
            seeds = [issue_url(issue, name) for name in ("issue", "issue_json", "issue_pdf")]
            seeds += [issue_url(issue, name) for name in ("contents", "contents_json")]
            fetched = self.crawler.crawl(key, seeds, work)
            fresh[key] = fetched
            entries[key] = {
                "fingerprint": self.fingerprints[key],
                "paths": sorted(fetched.paths()),
                "left_out": sorted(fetched.left_out),
            }
            exists.update(fetched.paths())
            report.left_out += len(fetched.left_out)
            report.rendered.append(key)
            self.log(f"{key}: {len(fetched.paths())} files, {len(fetched.left_out)} left out")
        slug = self.publication.slug
        seeds = [f"/{slug}/"] + [f"/{slug}/{n}" for n in ("feed.atom", "feed.rss")]
        seeds += [f"/{slug}/{n}" for n in ("articles.atom", "articles.rss")]
        seeds += [f"/{slug}/{y}/" for y in sorted({y for y, _ in self.months})]
        shared = self.crawler.crawl(SHARED, seeds, work)
        shared.texts[SEARCH] = ("text/html", self._own_page("staticsite/search.html", SEARCH))
        shared.texts[MISSING] = ("text/html", self._own_page("staticsite/missing.html", MISSING))
        latest = shared.redirects.get(f"/{slug}/")
        if latest:
            shared.redirects["/"] = latest
        exists.update(shared.paths())
        fresh[SHARED] = shared
        statics: set[str] = set()
        for key in report.reused:
            statics.update(entries[key].get("static", []))
        for part, fetched in fresh.items():
            found = self._statics(fetched)
            statics.update(found)
            if part in entries:  # an issue: its static files, for a run that carries it over
                entries[part]["static"] = sorted(found)
        static_fetched = self.crawler.crawl(STATIC, sorted(statics), work)
        exists.update(static_fetched.paths())
        rewriter = Rewriter(self.crawler.origin, exists.__contains__)
        for fetched in fresh.values():
            self._write(fetched, rewriter, work)
        self._pagefind(work, report)
        missing = [p for p in _PAGEFIND_FILES if not (work / file_for(p)).is_file()]
        if missing:
            raise ExportFailed(f"Pagefind did not write {', '.join(missing)}")
        return {
            "format": FORMAT,
            "publication": slug,
            "since": self.since.isoformat() if self.since else None,
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "issues": entries,
        }

    def _statics(self, fetched: Fetched) -> set[str]:
        found: set[str] = set()
        for kind, text in fetched.texts.values():
            if kind == "text/html":
                found.update(
                    p
                    for p in links_in(text, self.crawler.origin)
                    if p.startswith(settings.STATIC_URL)
                )
        return found

    def _carry_over(self, paths: list[str], work: Path) -> bool:
        """Hard-link an unchanged issue's files from OUTDIR (copy across file systems)."""
        for path in paths:
            name = file_for(path)
            source, target = self.outdir / name, work / name
            if not source.is_file():
                return False  # damaged: make the issue again
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        return True

    def _own_page(self, template: str, path: str) -> str:
        request = RequestFactory().get(path, secure=True, HTTP_HOST=self.crawler.host)
        request.user = AnonymousUser()
        with translation.override(self.publication.language):
            context = masthead(request, self.publication, None)
            return render_to_string(template, context, request)

    def _write(self, fetched: Fetched, rewriter: Rewriter, work: Path) -> None:
        for path, (kind, text) in fetched.texts.items():
            name = file_for(path)
            if kind == "text/html":
                out = rewriter.html(name, self._static_html(path, text))
            elif kind == "application/json":
                out = rewriter.json(name, text)
            else:
                out = rewriter.text(name, text)
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(out, encoding="utf-8")
        for path, to in fetched.redirects.items():
            name = file_for(path)
            href = rewriter.url(name, to).replace("&", "&amp;").replace('"', "&quot;")
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                '<!doctype html>\n<html><head><meta charset="utf-8">'
                f'<meta http-equiv="refresh" content="0; url={href}">'
                f'<link rel="canonical" href="{href}"><title>{self.publication.name}</title>'
                f'</head><body><a href="{href}">{self.publication.name}</a></body></html>\n',
                encoding="utf-8",
            )

    def _static_html(self, path: str, text: str) -> str:
        """The static copy's changes to a reader page: no language switch and no date picker
        (both need the server), and Pagefind's marks on article pages only."""
        text = strip_between(text, '<a class="language-link"', "</a>")
        text = strip_between(text, '<form class="date-picker"', "</form>")
        found = route(path)
        if found and found[0] == "article":
            # The page title (headline · paper · date) names a search result, so the same
            # headline on two days can be told apart.
            for old, marked in (
                ("<title>", '<title data-pagefind-meta="title">'),
                ('<article class="article"', '<article class="article" data-pagefind-body'),
                ('<div class="article-tools"', '<div class="article-tools" data-pagefind-ignore'),
            ):
                text = text.replace(old, marked, 1)
        return text

    def _pagefind(self, work: Path, report: Report) -> None:
        from pagefind_bin_extended import get_executable

        language = "zh" if self.publication.language.startswith("zh") else "en"
        started = time.perf_counter()
        done = subprocess.run(
            [
                str(get_executable()),
                "--site",
                str(work),
                "--output-subdir",
                "pagefind",
                "--force-language",
                language,
                "--keep-index-url",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        report.pagefind_seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise ExportFailed(f"Pagefind failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def _swap(self, work: Path) -> None:
        """Put the new edition in place: two renames, the old one deleted afterwards."""
        if not self.outdir.exists():
            work.rename(self.outdir)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{self.outdir.name}.old.", dir=self.outdir.parent))
        old.rmdir()
        self.outdir.rename(old)
        try:
            work.rename(self.outdir)
        except OSError:
            old.rename(self.outdir)
            raise
        shutil.rmtree(old, ignore_errors=True)
