"""`broadsheet backup` and `broadsheet restore`, as an operator runs them: real processes, a real
issue through the real pipeline, restored onto a fresh data folder and a fresh database (a
scratch PostgreSQL database when the suite runs on PostgreSQL), and everything readers get
compared before and after."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BROADSHEET = [sys.executable, "-m", "broadsheet.cli"]
pytestmark = pytest.mark.database  # the backup and restore processes use the database

SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith("postgres")


@dataclass
class Site:
    """A data folder and a database, as one machine's shell sees them."""

    data: Path
    env: dict[str, str]
    database: str  # the PostgreSQL database name, or "" on SQLite

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*BROADSHEET, *args], env=self.env, capture_output=True, text=True, timeout=180
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def tables(self) -> int:
        """How many tables the site's database has (0: untouched)."""
        if self.database:
            import psycopg

            with psycopg.connect(_pg_url(self.database)) as conn:
                row = conn.execute(
                    "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
                ).fetchone()
                return int(row[0]) if row else 0
        path = self.data / "broadsheet.sqlite3"
        if not path.exists():
            return 0
        with sqlite3.connect(path) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])


def _pg_url(database: str) -> str:
    return SERVER_URL.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Site]]:
    """Make a fresh machine: an empty data folder, and on PostgreSQL an empty database."""
    made: list[str] = []

    def make(name: str) -> Site:
        data = tmp_path_factory.mktemp(name) / "data"
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env["BROADSHEET_DATA_DIR"] = str(data)
        database = ""
        if ON_POSTGRES:
            import psycopg

            database = f"bs_backup_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            made.append(database)
            env["DATABASE_URL"] = _pg_url(database)
        return Site(data, env, database)

    yield make
    if made:
        import psycopg

        with psycopg.connect(_pg_url("postgres"), autocommit=True) as conn:
            for database in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# Fetch, through the whole Django stack, everything readers get of every published issue: the
# JSON twins (parsed), the bytes of page PDFs, images, thumbnails, a rendition made on demand
# (the backup skips those) and the whole-issue PDF, and a search.
SNAPSHOT = r"""
import hashlib, json, os, re, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
import django
django.setup()
from django.test import Client, override_settings
from broadsheet.newspaper.models import Article, Issue

out = {}
with override_settings(
    ALLOWED_HOSTS=["testserver"],
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": os.environ["BROADSHEET_DATA_DIR"] + "/files"}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
):
    client = Client()

    def get(url):
        r = client.get(url)
        body = b"".join(r.streaming_content) if r.streaming else r.content
        if url.endswith("27.pdf"):  # the whole-issue PDF, made on demand: a new date and /ID
            body = re.sub(rb"/CreationDate\(D:[^)]*\)", b"", body)
            body = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]", b"", body)
        if url.endswith(".json") or ".json?" in url:
            out[url] = {"status": r.status_code, "json": json.loads(body)}
        else:
            out[url] = {"status": r.status_code, "sha256": hashlib.sha256(body).hexdigest(),
                        "bytes": len(body)}

    get("/index.json")
    issues = Issue.objects.filter(status="published").select_related("publication")
    for issue in issues.order_by("publication__slug", "date", "edition"):
        base = f"/{issue.publication.slug}/{issue.date.isoformat()}"
        get(base + ".json")
        get(base + "/contents.json")
        get(base + ".pdf")
        for page in issue.pages.order_by("sequence"):
            for suffix in (".json", ".pdf", ".jpg", ".thumb.jpg", ".w480.webp"):
                get(f"{base}/{page.number}{suffix}")
        # (adverts have no article page)
        articles = issue.articles.exclude(kind="advert").order_by("number")
        for number in articles.values_list("number", flat=True):
            get(f"{base}/a/{number}.json")
    first = Article.objects.filter(issue__status="published").order_by("pk").first()
    get("/search.json?q=" + first.headline[:4])
print(json.dumps(out, ensure_ascii=False))
"""


def snapshot(site: Site) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SNAPSHOT], env=site.env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def source(new_site: Callable[[str], Site], tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site with a generated three-page issue ingested and published."""
    site = new_site("source")
    site.ok("migrate", "--noinput", "-v", "0")
    site.ok("publication", "add", "jcrb", "--name", "江城日报", "--language", "zh-hans")
    pdfs = tmp_path_factory.mktemp("issue")
    subprocess.run(
        [sys.executable, "-m", "broadsheet.samples", "--publication", "jcrb"]
        + ["--date", "2026-11-27", "--pages", "3", str(pdfs)],
        check=True,
        capture_output=True,
    )
    out = site.ok(
        "ingest", "--publication", "jcrb", "--date", "2026-11-27", "--publish",
        *sorted(str(p) for p in pdfs.glob("*.pdf")),
    )  # fmt: skip
    assert "status published" in out
    return site


@pytest.fixture(scope="module")
def before(source: Site) -> dict[str, Any]:
    """What readers get from the source site (this also makes renditions on demand)."""
    return snapshot(source)


@pytest.fixture(scope="module")
def backup_dir(
    source: Site, before: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    dest = tmp_path_factory.mktemp("backups") / "nightly"
    out = source.ok("backup", str(dest))
    assert "backed up 1 publication(s), 1 issue(s), 3 page(s)" in out
    return dest


def test_restore_onto_a_fresh_machine_serves_every_issue_identically(
    new_site: Callable[[str], Site], before: dict[str, Any], backup_dir: Path
) -> None:
    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert (backup_dir / manifest["database"]["file"]).is_file()
    assert manifest["counts"]["pages"] == 3 and manifest["missing_files"] == []
    # the renditions made on demand (w480 pages, the whole-issue PDF) are not in the backup
    assert manifest["skipped_renditions"] >= 4
    assert not [n for n in manifest["files"] if ".w480." in n or ".issue-v" in n]
    assert sorted(p.name for p in backup_dir.iterdir()) == sorted(
        ["manifest.json", manifest["database"]["file"], "files"]
    )
    assert not [p for p in backup_dir.parent.iterdir() if p.name.startswith(".")]  # no leftovers

    fresh = new_site("fresh")
    out = fresh.ok("restore", str(backup_dir))
    assert "reindexed 1 issues" in out
    after = snapshot(fresh)
    assert sorted(after) == sorted(before)
    different = [url for url in before if before[url] != after[url]]
    assert not different, different
    assert {url for url, entry in before.items() if entry["status"] != 200} == set()
    twins = [u for u in before if u.endswith(".json") and "/a/" in u]
    assert len(twins) >= manifest["counts"]["articles"] - 3 > 10
    search = next(v for k, v in after.items() if k.startswith("/search.json"))
    assert search["json"]["hits"], "search finds nothing after the restore"


@pytest.mark.parametrize(
    "damage", ["flipped byte", "missing file", "edited manifest", "extra file"]
)
def test_a_damaged_backup_is_refused_and_changes_nothing(
    new_site: Callable[[str], Site], backup_dir: Path, tmp_path: Path, damage: str
) -> None:
    copy = tmp_path / "damaged"
    shutil.copytree(backup_dir, copy)
    manifest_path = copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    victim = next(n for n in manifest["files"] if n.endswith(".pdf"))
    if damage == "flipped byte":
        data = bytearray((copy / victim).read_bytes())
        data[len(data) // 2] ^= 0x01
        (copy / victim).write_bytes(bytes(data))
        expected = f"{victim}: damaged"
    elif damage == "missing file":
        (copy / victim).unlink()
        expected = f"{victim}: missing"
    elif damage == "edited manifest":
        manifest["counts"]["issues"] = 2
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        expected = "manifest.json: its checksum does not match"
    else:
        victim = "files/issues/planted.pdf"
        (copy / victim).write_bytes(b"%PDF-1.4\n")
        expected = f"{victim}: not listed in the manifest"

    target = new_site("target")
    refused = target.run("restore", str(copy))
    assert refused.returncode == 1
    assert expected in refused.stderr
    assert target.tables() == 0
    assert not (target.data / "files").exists()
    assert not [p for p in target.data.iterdir() if p.name.startswith(".files")]


def test_backup_refuses_a_destination_that_is_not_empty(source: Site, tmp_path: Path) -> None:
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine", encoding="utf-8")
    refused = source.run("backup", str(dest))
    assert refused.returncode == 1
    assert "exists and is not empty" in refused.stderr
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial folder


def test_restore_over_a_database_in_use_needs_force(
    new_site: Callable[[str], Site], backup_dir: Path
) -> None:
    target = new_site("in-use")
    target.ok("migrate", "--noinput", "-v", "0")
    target.ok("publication", "add", "other", "--name", "Other", "--language", "en")
    refused = target.run("restore", str(backup_dir))
    assert refused.returncode == 1
    assert "the configured database is not empty; restore with --force" in refused.stderr
    assert "other\ten\tOther" in target.ok("publication", "list")
    target.ok("restore", "--force", str(backup_dir))
    listed = target.ok("publication", "list")
    assert "jcrb\tzh-hans\t江城日报" in listed and "other" not in listed


@pytest.mark.django_db(transaction=True)
def test_backup_reports_files_gone_since_the_snapshot_and_skips_renditions(
    tmp_path: Path, settings: Any
) -> None:
    """In-process: rows that name a file nobody has any more, a rendition, an unreferenced file."""
    import datetime as dt

    from broadsheet.backup import backup
    from broadsheet.newspaper.models import Issue, Page, Publication

    files = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    folder = files / "issues/jcrb/2026-11-27-ed1/t0"
    folder.mkdir(parents=True)
    for name in ("A01.pdf", "A01.jpg", "A01.thumb.jpg", "A01.w800.webp"):
        (folder / name).write_bytes(name.encode())
    (files / "desk").mkdir()
    (files / "desk/upload.pdf").write_bytes(b"waiting")
    pub = Publication.objects.create(slug="jcrb", name="江城日报", language="zh-hans")
    issue = Issue.objects.create(publication=pub, date=dt.date(2026, 11, 27))
    prefix = "issues/jcrb/2026-11-27-ed1/t0/"
    Page.objects.create(
        issue=issue, sequence=1, number="A01", width=800, height=1200,
        pdf=prefix + "A01.pdf", image=prefix + "A01.jpg", thumbnail=prefix + "A01.thumb.jpg",
        source=prefix + "originals/A01.pdf",  # gone: deleted after the snapshot
    )  # fmt: skip
    report = backup(tmp_path / "b")
    assert report.missing == [prefix + "originals/A01.pdf"]
    assert report.skipped == [prefix + "A01.w800.webp"]
    assert sorted(n for n in report.manifest["files"] if n.startswith("files/")) == [
        "files/desk/upload.pdf",
        f"files/{prefix}A01.jpg",
        f"files/{prefix}A01.pdf",
        f"files/{prefix}A01.thumb.jpg",
    ]
    assert report.manifest["counts"]["issues"] == 1
