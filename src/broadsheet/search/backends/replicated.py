"""Scale-out: one embedded Tantivy index per app server, fed from the change log in the database.

Every server keeps its own index in ``DATA_DIR/search/replicated-<schema>/`` with a bookmark
beside it (``replicated-<schema>.json``: the last log number applied, and the holes below it).
Before answering a search it asks the database for log rows after its bookmark (one indexed
range scan, usually empty) and applies them first, so a change committed anywhere shows on every
server at its next search. The gunicorn workers of one server share the index: one applies the
rows under a file lock while the others wait, then they reload. Applying is all or nothing (one
Tantivy commit), and the bookmark moves only after the commit, so a failure leaves the index as
it was and the next search tries again.

A new server starts from the newest snapshot (a tar of another server's index in the default
storage, made by ``broadsheet search_snapshot``) and applies the log after it; without a
snapshot it indexes everything from the database. See docs/search.md.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from broadsheet.search import changelog
from broadsheet.search.backends.base import Replace
from broadsheet.search.backends.embedded import SCHEMA_VERSION
from broadsheet.search.query import ParsedQuery
from broadsheet.search.tantivy_index import Filters, IndexDoc, TantivyIndex, forget, open_index

log = logging.getLogger(__name__)

# How often an otherwise quiet server checks that the log it needs has not been pruned.
HORIZON_CHECK_SECONDS = 600.0
# Holes are looked for among at most this many numbers below a new bookmark.
MAX_NEW_HOLES = 10_000
SNAPSHOT_DIR = "search/snapshots"
# A replica without a snapshot indexes a site this small at its first search.
SMALL_START = 2_000


def replica_path() -> Path:
    return Path(settings.DATA_DIR) / "search" / f"replicated-{SCHEMA_VERSION}"


@dataclass
class State:
    high: int = 0
    holes: dict[int, float] = field(default_factory=dict)  # log number -> first seen (epoch)

    def after(self, rows: list[tuple[int, int]], now: float) -> State:
        """The bookmark once ``rows`` are applied: numbers skipped on the way become holes."""
        found = {s for s, _ in rows}
        holes = {
            h: t
            for h, t in self.holes.items()
            if h not in found and now - t < changelog.HOLE_SECONDS
        }
        top = max(found | {self.high})
        for s in range(max(self.high + 1, top - MAX_NEW_HOLES), top):
            if s not in found:
                holes[s] = now
        return State(top, holes)

    def live_holes(self, now: float) -> list[int]:
        return sorted(h for h, t in self.holes.items() if now - t < changelog.HOLE_SECONDS)


class Replica:
    """The index of this server, one object per path and process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state_path = path.parent / f"{path.name}.json"
        self.lock_path = path.parent / f"{path.name}.lock"
        self.thread_lock = threading.RLock()
        self.lock_depth = 0
        self.state: State | None = self._read_state()
        self.index: TantivyIndex | None = open_index(path) if self.state else None
        self.articles_indexed = 0  # by this process, since it started (tests and benchmark)
        self.horizon_checked = 0.0

    # The bookmark

    def _read_state(self) -> State | None:
        try:
            data = json.loads(self.state_path.read_text())
        except FileNotFoundError:
            return None
        return State(int(data["high"]), {int(k): float(v) for k, v in data["holes"].items()})

    def _write_state(self, state: State) -> None:
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"high": state.high, "holes": state.holes}))
        os.replace(tmp, self.state_path)
        self.state = state

    @contextmanager
    def locked(self) -> Iterator[None]:
        """This server's applying lock, across processes and threads."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.thread_lock:
            if self.lock_depth:  # this thread holds it already (re-entered)
                self.lock_depth += 1
                try:
                    yield
                finally:
                    self.lock_depth -= 1
                return
            with open(self.lock_path, "a") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                self.lock_depth = 1
                try:
                    yield
                finally:
                    self.lock_depth = 0
                    fcntl.flock(fh, fcntl.LOCK_UN)

    def _ensure_open(self) -> bool:
        if self.state is None:
            self.state = self._read_state()
        if self.state is not None and self.index is None:
            self.index = open_index(self.path)
        return self.state is not None

    # Following the log

    def sync(self) -> int:
        """Apply the log rows this server has not applied. Returns the articles indexed."""
        if not self._ensure_open() and not self._start_small():
            return 0
        now = time.time()
        if now - self.horizon_checked > HORIZON_CHECK_SECONDS:
            self._check_horizon()
            self.horizon_checked = now
        assert self.state is not None
        if not changelog.changes_after(self.state.high, self.state.live_holes(now)):
            return 0
        with self.locked():
            state = self._read_state() or State()
            rows = changelog.changes_after(state.high, state.live_holes(now))
            n = 0
            if rows:
                n = self._apply([i for _, i in rows])
                self._write_state(state.after(rows, time.time()))
            else:
                self.state = state  # another process of this server applied them
            assert self.index is not None
            self.index.index.reload()
            return n

    def _apply(self, issue_ids: list[int]) -> int:
        from broadsheet.search.api import issue_docs

        assert self.index is not None
        index, n = self.index, 0
        w = None
        try:
            with index.writer() as w:  # one commit: all or nothing
                for issue_id in dict.fromkeys(issue_ids):
                    w.delete_documents_by_term("issue", issue_id)
                    for doc in issue_docs(issue_id):
                        index.add(w, doc)
                        n += 1
        finally:
            w = None  # a traceback keeps this frame: it must not keep Tantivy's lock  # noqa: F841
        self.articles_indexed += n
        return n

    def _start_small(self) -> bool:
        """A first start on a small site without a snapshot (a new install): index it now.
        A larger one is started by ``broadsheet reindex``, which ``serve`` runs by itself."""
        from broadsheet.newspaper.models import Article, Issue
        from broadsheet.search.models import SearchSnapshot

        if SearchSnapshot.objects.exists():
            return False
        published = Article.objects.filter(issue__status=Issue.Status.PUBLISHED)
        if published[SMALL_START:].exists():
            return False
        with self.locked():
            if self._read_state() is None:
                self.rebuild()
        return self._ensure_open()

    def _check_horizon(self) -> None:
        assert self.state is not None
        oldest = min([self.state.high + 1, *self.state.holes])
        if oldest < changelog.pruned_below():
            log.warning("search: %s is older than the pruned log; restoring", self.path)
            if not self.restore():
                self.rebuild()

    # Starting a server: a snapshot, or everything from the database

    def restore(self) -> bool:
        """Replace the index by the newest snapshot, then apply the log after it."""
        from django.core.files.storage import default_storage

        from broadsheet.search.models import SearchSnapshot

        snap = SearchSnapshot.objects.first()
        if snap is None:
            return False
        with self.locked():
            work = Path(tempfile.mkdtemp(prefix=f".{self.path.name}-", dir=self.path.parent))
            try:
                with (
                    default_storage.open(snap.name, "rb") as fh,
                    tarfile.open(fileobj=fh, mode="r|") as tar,
                ):
                    tar.extractall(work, filter="data")
                self._swap_in(work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            now = time.time()
            self._write_state(State(snap.seq, {int(h): now for h in snap.holes}))
        self.horizon_checked = time.time()
        self.sync()
        return True

    def _swap_in(self, new: Path) -> None:
        forget(self.path)
        old = self.path.parent / f".{self.path.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(new, self.path)
        shutil.rmtree(old, ignore_errors=True)
        self.index = open_index(self.path)

    def rebuild(self, batch: int = 50, progress: Replace | None = None) -> int:
        """Index every published issue from the database into an empty index; returns how
        many articles that was."""
        from broadsheet.newspaper.models import Issue
        from broadsheet.search.api import issue_docs

        with self.locked():
            high = changelog.last_seq(older_than_seconds=changelog.HOLE_SECONDS)
            work = Path(tempfile.mkdtemp(prefix=f".{self.path.name}-", dir=self.path.parent))
            try:
                index, n = TantivyIndex(work), 0
                ids = list(
                    Issue.objects.filter(status=Issue.Status.PUBLISHED)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                for start in range(0, len(ids), max(1, batch)):
                    with index.writer(heap_mb=256, threads=2) as w:
                        for issue_id in ids[start : start + batch]:
                            docs = issue_docs(issue_id)
                            for doc in docs:
                                index.add(w, doc)
                            n += len(docs)
                            if progress is not None:
                                progress(issue_id, docs)
                    del w  # the writer holds Tantivy's lock until it is gone
                del index
                self._swap_in(work)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            self._write_state(State(high))
            self.articles_indexed += n
        self.horizon_checked = time.time()
        self.sync()  # what changed while it ran (and the last hour again: harmless)
        return n

    def snapshot(self) -> tuple[str, int, int]:
        """Pack this index into the default storage. Returns (name, log number, articles)."""
        from django.core.files import File
        from django.core.files.storage import default_storage

        from broadsheet.search.models import SearchSnapshot

        self.sync()
        with self.locked():
            state = self._read_state()
            if state is None or self.index is None:
                raise RuntimeError("this server has no search index yet: run reindex first")
            articles = self.index.num_docs()
            with tempfile.TemporaryFile(dir=self.path.parent) as tmp:
                with tarfile.open(fileobj=tmp, mode="w") as tar:
                    for f in sorted(self.path.iterdir()):
                        if not f.name.startswith(".tantivy-"):
                            tar.add(f, arcname=f.name)
                size = tmp.tell()
                tmp.seek(0)
                stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
                name = f"{SNAPSHOT_DIR}/{self.path.name}-{state.high:012d}-{stamp}.tar"
                name = default_storage.save(name, File(tmp))
        SearchSnapshot.objects.create(
            name=name,
            seq=state.high,
            holes=state.live_holes(time.time()),
            articles=articles,
            size=size,
        )
        return name, state.high, articles


_replicas: dict[Path, Replica] = {}
_replicas_lock = threading.Lock()


def replica(path: Path) -> Replica:
    with _replicas_lock:
        r = _replicas.get(path)
        if r is None:
            r = _replicas[path] = Replica(path)
        return r


def forget_replica(path: Path) -> None:
    with _replicas_lock:
        _replicas.pop(path, None)
    forget(path)


class ReplicatedBackend:
    """The search backend interface over this server's replica."""

    name = "replicated"

    def __init__(self, path: Path | None = None) -> None:
        self.replica = replica(path or replica_path())

    def sync(self) -> int:
        return self.replica.sync()

    # Writes go through the log: the changed issue is re-read when its row is applied.
    def replace_issue(self, issue_id: int, docs: Iterable[IndexDoc]) -> None:
        self.sync()

    def delete_issue(self, issue_id: int) -> None:
        self.sync()

    def clear(self) -> None:
        r = self.replica
        with r.locked():
            if r._ensure_open() and r.index is not None:
                r.index.clear()
            r.state_path.unlink(missing_ok=True)
            r.state = None

    def is_empty(self) -> bool:
        r = self.replica
        if not r._ensure_open() or r.index is None:
            return True
        r.index.index.reload()
        return r.index.num_docs() == 0

    @contextmanager
    def bulk(self) -> Iterator[Replace]:
        def replace(issue_id: int, docs: Iterable[IndexDoc]) -> None:
            pass

        yield replace
        self.sync()

    def state_token(self) -> str | None:
        """The log position this replica has applied (its bookmark and the numbers it still
        waits for) and when its state was written: every published change, correction or
        withdrawal adds a log row, and a replica rebuilt or restored (after a database restore,
        say, when log numbers are used again) writes its state anew, so the token moves with
        every change a search could show. Per server: servers do not share kept results."""
        r = self.replica
        try:
            r.sync()
        except Exception:  # as in search(): answered from the index as it is, never cached
            log.exception("search: applying the change log failed")
            return None
        if r.index is None or r.state is None:
            return None
        try:  # rewritten whenever this replica is rebuilt, restored or moves on
            written = r.state_path.stat().st_mtime_ns
        except OSError:
            return None
        holes = ",".join(map(str, sorted(r.state.holes)))
        return f"log:{r.state.high}:{holes}:{written}"

    def search(
        self,
        query: ParsedQuery,
        filters: Filters,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> tuple[int, list[tuple[int, float]]]:
        r = self.replica
        try:
            r.sync()
        except Exception:  # the index stays as it was; the next search tries again
            log.exception("search: applying the change log failed")
        if r.index is None:
            return 0, []
        r.index.index.reload()
        return r.index.search(query, filters, sort=sort, offset=offset, limit=limit)
