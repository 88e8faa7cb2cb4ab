"""A run interrupted at any step leaves what readers see exactly as it was, and leaves nothing
behind that the next run or `broadsheet repair` does not clean up."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

import broadsheet.ingest.pipeline as pipeline
import broadsheet.ingest.store as store
from broadsheet.ingest.models import IngestRun
from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Issue
from tests.conftest import ISSUE_DATE, zh_articles
from tests.factories import write_page_pdf
from tests.ingest.test_bad_input import _snapshot

pytestmark = pytest.mark.django_db


class Crash(Exception):
    pass


def crash(*args, **kwargs):
    raise Crash("injected")


@pytest.fixture
def published(publication, page_pdfs, data_dir):
    ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, publish=True, workers=1)
    )
    return _snapshot(data_dir)


@pytest.fixture
def changed(tmp_path) -> list[Path]:
    """New versions of A02 and A03: a real run, which must process both."""
    out = tmp_path / "changed"
    out.mkdir()
    return [
        write_page_pdf(out / f"A0{n}.pdf", zh_articles(n + 5), header=f"江城日报 A0{n}")
        for n in (2, 3)
    ]


def _run(files: list[Path], **extra) -> None:
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=files, workers=1, **extra))


def _no_leftovers(data_dir: Path) -> None:
    assert not IngestRun.objects.exists()
    staging = data_dir / "staging"
    assert not staging.exists() or not any(staging.iterdir())


@pytest.mark.parametrize(
    "where",
    [
        "render",  # a page's rendering or analysis
        "store_files",  # writing the run's files
        "store_rows",  # inside the transaction, while articles are written
        "events",  # the last step inside the transaction
    ],
)
def test_crash_at_a_step_changes_nothing(where, published, changed, data_dir, monkeypatch):
    target = {
        "render": (pipeline, "process_page"),
        "store_files": (store._Files, "save"),
        "store_rows": (store._Writer, "write_articles"),
        "events": (store, "_events"),
    }[where]
    if where == "store_files":
        real = store._Files.save
        calls = []

        def save_then_crash(self, name, content):
            calls.append(name)
            if len(calls) > 3:  # some files are written, then the disk fails
                raise Crash("disk full")
            return real(self, name, content)

        monkeypatch.setattr(store._Files, "save", save_then_crash)
    else:
        monkeypatch.setattr(*target, crash)
    with pytest.raises((Crash, pipeline.IngestError)):
        _run(changed)
    assert _snapshot(data_dir) == published
    _no_leftovers(data_dir)


def test_crash_while_publishing_keeps_the_draft(publication, page_pdfs, data_dir, monkeypatch):
    _run(page_pdfs)
    before = _snapshot(data_dir)
    monkeypatch.setattr(Issue, "publish", crash)
    with pytest.raises(Crash):
        _run(page_pdfs, publish=True)
    assert _snapshot(data_dir) == before
    assert Issue.objects.get().status == "ready"
    _no_leftovers(data_dir)


def test_crash_while_indexing_is_finished_by_repair(published, changed, data_dir, monkeypatch):
    """The rows are committed by then (readers see the whole new version, never half of
    it); the index lags, the run says so, and `broadsheet repair` brings it up to date."""
    import broadsheet.search.api as search

    real = search.index_issue
    monkeypatch.setattr(search, "index_issue", crash)
    outcome = ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=changed, workers=1))
    assert any("search index was not updated" in w for w in outcome.warnings)
    issue = Issue.objects.get()
    assert issue.index_pending
    assert search.search("第7版头条新闻标题").total == 0
    monkeypatch.setattr(search, "index_issue", real)
    call_command("repair", verbosity=0)
    issue.refresh_from_db()
    assert not issue.index_pending
    assert search.search("第7版头条新闻标题").total >= 1


def test_repair_removes_what_a_killed_run_left(published, data_dir, capsys):
    """`kill -9` between writing files and committing: the run's row and files remain."""
    dead_pid = _dead_pid()
    run = IngestRun.objects.create(
        token="deadbeef0001",
        prefix="issues/jcrb/2026-11-27-ed1/deadbeef0001",
        host=socket.gethostname(),
        pid=dead_pid,
    )
    for name in ("A02.pdf", "A02.jpg", "originals/A02.pdf"):
        default_storage.save(f"{run.prefix}/{name}", ContentFile(b"half-written"))
    staging = data_dir / "staging" / "0123456789abcdef"
    staging.mkdir(parents=True)
    (staging / "0000.pdf").write_bytes(b"%PDF-")
    (staging / "owner.json").write_text(
        f'{{"pid": {dead_pid}, "host": "{socket.gethostname()}"}}', encoding="utf-8"
    )
    with pytest.raises(CommandError):
        call_command("repair", check=True)
    out = capsys.readouterr().out
    assert "deadbeef0001" in out and "TO FIX" in out
    call_command("repair")
    out = capsys.readouterr().out
    assert "[fixed] dead_run" in out
    assert not IngestRun.objects.exists()
    assert not default_storage.exists(f"{run.prefix}/A02.pdf")
    assert not staging.exists()
    assert _snapshot(data_dir) == published
    call_command("repair")
    assert "nothing to repair" in capsys.readouterr().out


def test_repair_finds_orphans_and_remakes_missing_files(published, data_dir, capsys):
    from broadsheet.newspaper.models import Page

    orphan = default_storage.save("issues/jcrb/2026-11-27-ed1/old0token/A09.jpg", ContentFile(b"x"))
    page = Page.objects.get(number="A02")
    image, thumb = page.image.name, page.thumbnail.name
    default_storage.delete(image)
    default_storage.delete(thumb)
    # Young files are left alone (an upload may be committing right now).
    call_command("repair")
    assert default_storage.exists(orphan)
    assert "made again" in capsys.readouterr().out
    page.refresh_from_db()
    assert default_storage.exists(page.image.name) and default_storage.exists(page.thumbnail.name)
    call_command("repair", grace=0)
    assert "[fixed] orphan" in capsys.readouterr().out
    assert not default_storage.exists(orphan)
    # Every file a page names is still there.
    for p in Page.objects.all():
        for f in (p.pdf, p.image, p.thumbnail, p.source):
            assert default_storage.exists(f.name)


def _dead_pid() -> int:
    """A process id that no process has (a child that has exited and been reaped)."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_a_page_the_analyser_cannot_read_does_not_lose_the_issue(
    publication, page_pdfs, monkeypatch
):
    """One page that crashes the analyser is published as image and PDF, with a warning; the
    other pages are analysed as usual."""
    import broadsheet.layout as layout

    real = layout.analyze_page

    def fragile(page, index, threads=None):
        if index == 2:
            raise RecursionError("maximum recursion depth exceeded")
        return real(page, index, threads)

    monkeypatch.setattr(layout, "analyze_page", fragile)
    outcome = ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, workers=1, publish=True)
    )
    assert outcome.pages == 3
    assert any("A02" in w and "analyser failed" in w for w in outcome.warnings)
    from broadsheet.newspaper.models import Article

    assert not Article.objects.filter(page__number="A02").exists()
    assert Article.objects.filter(page__number="A01").exists()
