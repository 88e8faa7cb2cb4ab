"""`broadsheet backup DEST` and `broadsheet restore SRC` (docs/operations.md).

A backup is a folder: `manifest.json`, the database (`database.sqlite3`, a copy made with
SQLite's online backup, or `database.dump`, `pg_dump --format=custom`) and `files/`, the stored
files. The database is snapshotted first, and the names of the files its rows refer to are read
from that same snapshot; those files are copied first, then everything else in the storage
except the renditions the reader makes again on demand. Files are read through the storage API,
so local disk and S3 alike (docs/storage.md). The folder is written beside DEST and renamed
into place at the end, so a DEST that exists is a whole backup.

Restoring checks the manifest and every file's SHA-256 before it changes anything, restores
the database and the files, migrates (a backup of an older version restores into a newer one)
and rebuilds the search index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connection, transaction

import broadsheet
from broadsheet.storage import transfer
from broadsheet.storage.serving import all_names

FORMAT = "broadsheet-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
FILES = "files"
CHUNK = 1 << 20

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what and where."""


@dataclass
class Snapshot:
    """What the database snapshot holds: file names its rows refer to, counts, migrations."""

    names: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    migrations: list[str] = field(default_factory=list)


@dataclass
class BackupReport:
    dest: Path
    manifest: dict[str, Any]
    missing: list[str]  # referenced by the snapshot but gone before they could be copied
    vanished: list[str]  # unreferenced files deleted while the backup ran
    skipped: list[str]  # derived renditions, made again on demand


# -- shared helpers ---------------------------------------------------------------------------


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def files_root() -> Path | None:
    """The folder of the stored files on local disk; None for object storage (S3)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _safe_name(name: str) -> str:
    """A relative POSIX name with no way out of its folder, else BackupError."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
        raise BackupError(f"unsafe file name in the backup: {name!r}")
    return str(path)


def _copy(src: Path, dst: Path) -> tuple[str, int]:
    """Copy a file (keeping its modification time) and return its SHA-256 and size."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with src.open("rb") as fin, dst.open("wb") as fout:
        while chunk := fin.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
        stat = os.fstat(fin.fileno())
    os.utime(dst, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return digest.hexdigest(), size


def _walk(root: Path) -> Iterable[str]:
    """Every file under `root` as a POSIX name relative to it, sorted, tolerating deletions."""
    found: list[str] = []
    for folder, _dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root)
        found.extend((rel / name).as_posix() for name in files)
    return sorted(found)


def _checksum(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _pg_env() -> dict[str, str]:
    """libpq's environment for the configured database: the password never on a command line."""
    s = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if s.get(key):
            env[var] = str(s[key])
    env["PGDATABASE"] = str(s["NAME"])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    options = s.get("OPTIONS") or {}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"):
        if key in options:
            env["PG" + key.upper()] = str(options[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.returncode}")


# -- the snapshot -----------------------------------------------------------------------------

_COUNTS = {
    "publications": "SELECT COUNT(*) FROM newspaper_publication",
    "issues": "SELECT COUNT(*) FROM newspaper_issue",
    "published_issues": "SELECT COUNT(*) FROM newspaper_issue WHERE status = 'published'",
    "pages": "SELECT COUNT(*) FROM newspaper_page",
    "articles": "SELECT COUNT(*) FROM newspaper_article",
    "users": "SELECT COUNT(*) FROM auth_user",
}
_NAMES = (
    "SELECT pdf, image, thumbnail, source FROM newspaper_page",
    "SELECT file FROM desk_pageupload",
)


def _read_snapshot(execute: Callable[[str], list[tuple[Any, ...]]]) -> Snapshot:
    """Names, counts and migrations through `execute` (a cursor inside the snapshot)."""
    snap = Snapshot()
    for key, sql in _COUNTS.items():
        snap.counts[key] = int(execute(sql)[0][0])
    for sql in _NAMES:
        for row in execute(sql):
            snap.names.update(str(n) for n in row if n)
    snap.migrations = sorted(
        f"{a}.{n}" for a, n in execute("SELECT app, name FROM django_migrations")
    )
    return snap


def _sqlite_snapshot(target: Path) -> Snapshot:
    name = str(connection.settings_dict["NAME"])
    # A "file:" name is a URI (the test suite's shared in-memory database).
    live = sqlite3.connect(name, timeout=20, uri=name.startswith("file:"))
    copy = sqlite3.connect(str(target))
    try:
        live.backup(copy)  # one step: a consistent copy while the site keeps running
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _read_snapshot(lambda sql: copy.execute(sql).fetchall())
    finally:
        copy.close()
        live.close()


def _pg_snapshot(target: Path) -> Snapshot:
    dump = _tool("pg_dump")
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]

        def execute(sql: str) -> list[tuple[Any, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall())

        snap = _read_snapshot(execute)
        # pg_dump sees exactly what this transaction sees, while it stays open.
        _run(
            [
                dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
            ]
        )
    return snap


# -- backup -----------------------------------------------------------------------------------


def _derived(name: str, stems: dict[str, set[str]]) -> bool:
    """A rendition made from a referenced file (same folder, same stem): made again on demand."""
    path = PurePosixPath(name)
    return any(path.name.startswith(stem) for stem in stems.get(str(path.parent), ()))


def backup(dest: Path, log: Log = lambda _: None) -> BackupReport:
    dest = dest.absolute()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not empty; give a new folder")
    kind, storage = engine(), storages["default"]
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        entries: dict[str, dict[str, Any]] = {}
        db_file = SQLITE_FILE if kind == "sqlite" else PG_FILE
        snap = (_sqlite_snapshot if kind == "sqlite" else _pg_snapshot)(tmp / db_file)
        sha, size = transfer.digest_of(tmp / db_file)
        entries[db_file] = {"sha256": sha, "size": size}
        log(f"database ({kind}) snapshot: {size} bytes")

        stems: dict[str, set[str]] = {}
        for name in snap.names:
            path = PurePosixPath(name)
            stems.setdefault(str(path.parent), set()).add(path.name.split(".")[0] + ".")
        missing: list[str] = []
        vanished: list[str] = []
        skipped: list[str] = []
        referenced = sorted(snap.names)
        rest = [n for n in all_names(storage) if n not in snap.names]
        for name in referenced + rest:
            if name not in snap.names and _derived(name, stems):
                skipped.append(name)
                continue
            try:
                sha, size = transfer.copy_out(storage, _safe_name(name), tmp / FILES / name)
            except FileNotFoundError:
                (missing if name in snap.names else vanished).append(name)
                continue
            entries[f"{FILES}/{name}"] = {"sha256": sha, "size": size}
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "broadsheet_version": broadsheet.__version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"engine": kind, "file": db_file, "migrations": snap.migrations},
            "counts": {**snap.counts, "files": len(entries) - 1},
            "skipped_renditions": len(skipped),
            "missing_files": missing,
            "files": dict(sorted(entries.items())),
        }
        manifest["checksum"] = _checksum(manifest)
        (tmp / MANIFEST).write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if dest.exists():
            dest.rmdir()  # the empty folder given
        os.rename(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BackupReport(dest, manifest, missing, vanished, skipped)


# -- restore ----------------------------------------------------------------------------------


def verify(src: Path) -> dict[str, Any]:
    """The backup's manifest, once it and every file it lists are intact; else BackupError."""
    path = src / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path}: missing; {src} is not a Broadsheet backup")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Broadsheet backup manifest")
    if manifest.get("checksum") != _checksum(manifest):
        raise BackupError(f"{path}: its checksum does not match; the manifest was changed")
    try:
        version = int(manifest["format_version"])
        listed: dict[str, dict[str, Any]] = dict(manifest["files"])
        db_file = str(manifest["database"]["file"])
        for entry in listed.values():
            str(entry["sha256"]), int(entry["size"])
        str(manifest["created"]), dict(manifest["counts"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(f"{path}: malformed ({exc!r} is wrong or missing)") from exc
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format {version} is newer than this Broadsheet's "
            f"({FORMAT_VERSION}); upgrade Broadsheet first"
        )
    if db_file not in {SQLITE_FILE, PG_FILE} or db_file not in listed:
        raise BackupError(f"{path}: the database file is not listed")
    for name, entry in listed.items():
        target = src / _safe_name(name)
        if not target.is_file():
            raise BackupError(f"{target}: missing from the backup")
        sha, size = transfer.digest_of(target)
        if (sha, size) != (entry["sha256"], entry["size"]):
            raise BackupError(f"{target}: damaged (its SHA-256 or size differs from the manifest)")
    for name in _walk(src):
        if name != MANIFEST and name not in listed:
            raise BackupError(f"{src / name}: not listed in the manifest")
    return manifest


def database_is_empty() -> bool:
    """No publication, issue or user: a database made by `migrate` alone, or none at all."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("newspaper_publication", "newspaper_issue", "auth_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 - fixed names
                if cursor.fetchone():
                    return False
    return True


def _unknown_migrations(applied: list[str]) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    known = {
        f"{a}.{n}" for a, n in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    return [m for m in applied if m not in known]


def _restore_sqlite(snapshot: Path) -> None:
    target = Path(str(connection.settings_dict["NAME"]))
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    dest = sqlite3.connect(str(target), timeout=20)
    try:
        # The online backup API writes the whole database in one transaction, WAL included.
        source.backup(dest)
    finally:
        dest.close()
        source.close()


def _restore_postgresql(dump: Path) -> None:
    restore_tool = _tool("pg_restore")
    connection.close()
    _run(
        [
            restore_tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def restore(src: Path, force: bool = False, log: Log = lambda _: None) -> dict[str, Any]:
    src = src.absolute()
    manifest = verify(src)
    log(f"verified {len(manifest['files'])} files of the backup made {manifest['created']}")
    kind, root = engine(), files_root()
    db = manifest["database"]
    if db["engine"] != kind:
        raise BackupError(
            f"this backup holds a {db['engine']} database; the configured database is {kind}"
        )
    unknown = _unknown_migrations(db.get("migrations", []))
    if unknown:
        raise BackupError(
            f"the backup was made by a newer Broadsheet (unknown migrations: "
            f"{', '.join(unknown[:3])}); upgrade Broadsheet first"
        )
    if not force:
        if not database_is_empty():
            raise BackupError(
                "the configured database is not empty; restore with --force to replace it"
            )
        if any(all_names(storages["default"])):
            where = root or "the object storage"
            raise BackupError(f"{where} holds files; restore with --force to replace them")
    if root is None:
        return _restore_to_object_storage(src, manifest, kind, log)
    # Files first into a folder beside the files root (checked again as they are copied).
    root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".files.restoring-", dir=root.parent))
    try:
        for name, entry in manifest["files"].items():
            if not name.startswith(FILES + "/"):
                continue
            rel = name[len(FILES) + 1 :]
            sha, size = _copy(src / name, staged / rel)
            if (sha, size) != (entry["sha256"], entry["size"]):
                raise BackupError(f"{src / name}: changed while it was restored")
        db_path = src / db["file"]
        (_restore_sqlite if kind == "sqlite" else _restore_postgresql)(db_path)
        log(f"database restored ({kind})")
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    old = None
    if root.exists():
        old = root.with_name(f".files.old-{staged.name.rsplit('-', 1)[-1]}")
        os.rename(root, old)
    os.rename(staged, root)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    log(f"{manifest['counts'].get('files', 0)} files restored to {root}")
    call_command("migrate", interactive=False, verbosity=0)
    log("database migrated to this version")
    reindex(log)
    return manifest


def _restore_to_object_storage(
    src: Path, manifest: dict[str, Any], kind: str, log: Log
) -> dict[str, Any]:
    """Restore onto S3: every file written under its own name (each checked again as it is
    read), then the database, then the objects the backup does not hold are deleted. Stored
    names are unique per ingest run, so a restore that stops half-way leaves the old files
    readable; run it again."""
    storage = storages["default"]
    before = all_names(storage)
    kept: set[str] = set()
    for name, entry in manifest["files"].items():
        if not name.startswith(FILES + "/"):
            continue
        rel = _safe_name(name[len(FILES) + 1 :])
        try:
            transfer.put(storage, rel, src / name, entry["sha256"], entry["size"])
        except ValueError as exc:
            raise BackupError(str(exc)) from exc
        kept.add(rel)
    (_restore_sqlite if kind == "sqlite" else _restore_postgresql)(
        src / manifest["database"]["file"]
    )
    log(f"database restored ({kind})")
    removed = transfer.remove_except(storage, kept, before)
    log(f"{len(kept)} files restored to the object storage ({removed} others removed)")
    call_command("migrate", interactive=False, verbosity=0)
    log("database migrated to this version")
    reindex(log)
    return manifest


def reindex(log: Log = lambda _: None) -> None:
    """Rebuild the search index from the restored database."""
    import io

    out = io.StringIO()
    call_command("reindex", from_scratch=True, stdout=out)
    log(out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else "reindexed")
