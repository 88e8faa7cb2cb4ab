"""The `broadsheet` command line: its subcommands, exit codes and messages, as other tools see them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from broadsheet.newspaper.models import Issue, Publication
from tests.conftest import zh_articles
from tests.factories import write_page_pdf
from tests.scaleout.deployment import free_port

BROADSHEET = [sys.executable, "-m", "broadsheet.cli"]


@pytest.mark.django_db
def test_publication_add_list_and_update(capsys):
    call_command("publication", "add", "lyrb", name="洛城日报", language="zh-hans")
    call_command(
        "publication", "add", "lyrb", name="洛城日报（新）", language="zh-hans", sort_order=3
    )
    pub = Publication.objects.get(slug="lyrb")
    assert (pub.name, pub.sort_order) == ("洛城日报（新）", 3)
    call_command("publication", "list")
    assert "lyrb\tzh-hans\t洛城日报（新）" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "problem"), [("search", "reserved"), ("no spaces", "not a valid slug")]
)
def test_publication_add_refuses_bad_slugs(slug, problem):
    with pytest.raises(CommandError, match=problem):
        call_command("publication", "add", slug, name="X")
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_demo_builds_every_sample_publication_through_the_pipeline():
    call_command("demo", days=2, min_pages=2, max_pages=2, end="2026-11-27")
    assert sorted(Publication.objects.values_list("slug", flat=True)) == ["courier", "jcrb", "jcwb"]
    issues = Issue.objects.filter(status=Issue.Status.PUBLISHED)
    assert issues.count() == 6
    for issue in issues:
        assert issue.pages.count() == 2
        assert issue.articles.count() > 0
    # a second run skips what is published already
    call_command("demo", days=2, min_pages=2, max_pages=2, end="2026-11-27")
    assert Issue.objects.count() == 6


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*BROADSHEET, *args], env=env, capture_output=True, text=True, timeout=240
    )


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """A separate data folder with its own SQLite database, as a user's shell would have."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["BROADSHEET_DATA_DIR"] = str(tmp_path / "cli-data")
    assert _run(["migrate", "--noinput", "-v", "0"], env).returncode == 0
    return env


def test_command_line_ingest_exit_codes_and_messages(cli_env, tmp_path):
    added = _run(
        ["publication", "add", "lyrb", "--name", "洛城日报", "--language", "zh-hans"], cli_env
    )
    assert added.returncode == 0, added.stderr
    good = write_page_pdf(tmp_path / "A01.pdf", zh_articles(1))
    ok = _run(
        ["ingest", "--publication", "lyrb", "--date", "2026-11-27", "--publish", str(good)], cli_env
    )
    assert ok.returncode == 0, ok.stderr
    assert "ingested lyrb 2026-11-27: 1 pages" in ok.stdout
    bad = tmp_path / "A02.pdf"
    bad.write_text("not a pdf", encoding="utf-8")
    refused = _run(["ingest", "--publication", "lyrb", "--date", "2026-11-27", str(bad)], cli_env)
    assert refused.returncode == 1
    assert "A02.pdf: this is not a PDF file" in refused.stderr
    unknown = _run(["ingest", "--publication", "nope", "--date", "2026-11-27", str(good)], cli_env)
    assert unknown.returncode == 1
    assert "unknown publication 'nope'" in unknown.stderr


def test_analyze_needs_no_database(tmp_path):
    page = write_page_pdf(tmp_path / "p.pdf", zh_articles(1))
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(tmp_path / "nowhere")}
    out = subprocess.run(
        [*BROADSHEET, "analyze", str(page)], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert '"headline": "第1版头条新闻标题"' in out.stdout
    assert not (tmp_path / "nowhere" / "broadsheet.sqlite3").exists()


def test_serve_answers_on_the_given_host_and_port(cli_env):
    port = free_port()
    server = subprocess.Popen(
        [*BROADSHEET, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=20)
