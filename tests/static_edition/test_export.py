"""`broadsheet export-static`: files, relative links, free content only, --since, incremental
runs, and bad input that loses nothing (docs/static.md)."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError
from django.db.models import F
from django.test import Client

from broadsheet.newspaper.models import Issue
from tests.static_edition.conftest import DAY, DRAFT_DAY, EARLIER_DAY, broken_links, export

pytestmark = pytest.mark.django_db


def test_the_edition_holds_every_free_file_with_relative_links(paper, tmp_path):
    paper["add"](DRAFT_DAY, False)
    out = tmp_path / "site"
    export(out, publication="jcrb")
    issue = out / "jcrb" / DAY
    for name in [
        "index.html",
        "A01/index.html",
        "A01.json",
        "A01.pdf",
        "A01.jpg",
        "A01.thumb.jpg",
        "A01.w800.webp",
        "contents/index.html",
        "a/1/index.html",
        "a/1.json",
        "a/1/print/index.html",
    ]:
        assert (issue / name).is_file(), name
    for name in [f"jcrb/{DAY}.json", f"jcrb/{DAY}.pdf", f"jcrb/{EARLIER_DAY}/A01/index.html"]:
        assert (out / name).is_file(), name
    for name in ["index.html", "jcrb/index.html", "jcrb/feed.atom", "jcrb/articles.rss"]:
        assert (out / name).is_file(), name
    assert (out / "jcrb" / "2026" / "index.html").is_file()
    assert (out / "search" / "index.html").is_file() and (out / "missing.html").is_file()
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert not (out / "jcrb" / DRAFT_DAY).exists(), "a draft is not free content"
    assert broken_links(out) == []

    # The files are the reader's own answers, with links made relative.
    live = Client(HTTP_HOST="localhost").get(f"/jcrb/{DAY}/A01/", secure=True)
    page = (issue / "A01" / "index.html").read_text(encoding="utf-8")
    assert '<svg class="zones"' in page and '<svg class="zones"' in live.content.decode()
    assert 'href="../a/1/index.html"' in page
    assert "https://localhost" not in page
    twin = json.loads((issue / "A01.json").read_text(encoding="utf-8"))
    assert "https://localhost" not in json.dumps(twin)
    assert twin["page"]["pdf"] == "A01.pdf" and twin["page"]["image"] == "A01.jpg"
    # Only article pages are searched, and the live templates carry no Pagefind marks.
    article = (issue / "a" / "1" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in article and "data-pagefind-body" not in page
    assert (
        b"data-pagefind"
        not in Client(HTTP_HOST="localhost").get(f"/jcrb/{DAY}/a/1/", secure=True).content
    )
    # The root and the publication's address lead to the latest issue.
    assert f'url=jcrb/{DAY}/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "broadsheet-static.json").read_text(encoding="utf-8"))
    assert manifest["publication"] == "jcrb"
    assert sorted(manifest["issues"]) == [EARLIER_DAY, DAY]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")], "temp left"

    # Again, after a correction of the later issue: only that issue is made again (the earlier
    # one's files are carried over as hard links, the same inodes), and the shared pages.
    earlier_file = out / "jcrb" / EARLIER_DAY / "A01" / "index.html"
    later_file = out / "jcrb" / DAY / "A01" / "index.html"
    before = (earlier_file.stat().st_ino, later_file.stat().st_ino)
    Issue.objects.filter(pk=paper[DAY].pk).update(version=F("version") + 1)
    export(out, publication="jcrb")
    assert earlier_file.stat().st_ino == before[0], "an unchanged issue was written again"
    assert later_file.stat().st_ino != before[1], "a changed issue was not written again"
    assert broken_links(out) == []

    # --since: the issues before that day leave the edition; the link to the earlier issue
    # now goes to the page that says it is not in this edition.
    export(out, "--since", DAY, publication="jcrb")
    assert not (out / "jcrb" / EARLIER_DAY).exists()
    page = later_file.read_text(encoding="utf-8")
    assert 'rel="prev" href="../../../missing.html"' in page
    missing = (out / "missing.html").read_text(encoding="utf-8")
    assert "江城日报" in missing and 'href="jcrb/index.html"' in missing
    assert broken_links(out) == []

    # A withdrawn issue leaves the edition, and its neighbour (whose "next issue" changed)
    # is made without the link.
    Issue.objects.filter(pk=paper[DAY].pk).update(status=Issue.Status.WITHDRAWN)
    export(out, publication="jcrb")
    assert not (out / "jcrb" / DAY).exists() and not (out / "jcrb" / f"{DAY}.json").exists()
    assert earlier_file.stat().st_ino != before[0]
    assert broken_links(out) == []
    assert f"{DAY}/index.html" not in earlier_file.read_text(encoding="utf-8")


def test_only_what_anonymous_readers_may_see(paper, tmp_path):
    """Content behind a sign-in or a subscription is left out, and links to it lead to the
    "not in this edition" page, never to a missing file."""
    from django.utils import timezone

    from broadsheet.access.models import AccessPolicy

    today = timezone.localdate()
    AccessPolicy.objects.create(
        publication=paper[DAY].publication,
        level="subscribers",
        pdf_level="subscribers",
        free_after_days=(today - paper[DAY].date).days,  # the earlier issue is free
    )
    out = tmp_path / "site"
    export(out, publication="jcrb")
    earlier = out / "jcrb" / EARLIER_DAY
    assert (earlier / "A01" / "index.html").is_file() and (earlier / "a" / "1.json").is_file()
    assert not (earlier / "A01.pdf").exists(), "PDFs are for subscribers"
    assert not (out / "jcrb" / DAY / "A01" / "index.html").exists(), "a subscribers' issue"
    assert not (out / "jcrb" / DAY / "a" / "1.json").exists()
    page = (earlier / "A01" / "index.html").read_text(encoding="utf-8")
    assert 'class="btn btn-pdf" href="../../../missing.html"' in page
    assert 'rel="next" href="../../../missing.html"' in page
    manifest = json.loads((out / "broadsheet-static.json").read_text(encoding="utf-8"))
    assert f"/jcrb/{DAY}/" in manifest["issues"][DAY]["left_out"]
    assert broken_links(out) == []


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ((), {"publication": "nope"}, "no publication 'nope'"),
        (("--since", "2026-02-30"), {"publication": "jcrb"}, "is not a date"),
        (("--since", "2027-01-01"), {"publication": "jcrb"}, "no published issues of jcrb"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(
    paper, tmp_path, args, options, message
):
    out = tmp_path / "site"
    with pytest.raises(CommandError, match=message):
        export(out, *args, **options)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "manifest.json", "pdfs"]


def test_outdir_that_is_a_file_or_someone_elses_folder_is_left_alone(paper, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    with pytest.raises(CommandError, match="is a file, not a folder"):
        export(a_file, publication="jcrb")
    assert a_file.read_text(encoding="utf-8") == "keep me"
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "index.html").write_text("their site", encoding="utf-8")
    with pytest.raises(CommandError, match="holds no static edition"):
        export(folder, publication="jcrb")
    assert [p.name for p in folder.iterdir()] == ["index.html"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "broadsheet-static.json").write_text(
        json.dumps({"format": 1, "publication": "lyrb", "issues": {}}), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="static edition of 'lyrb', not 'jcrb'"):
        export(other, publication="jcrb")


def test_a_failed_run_leaves_the_earlier_edition_as_it_was(paper, tmp_path, monkeypatch):
    from broadsheet.staticsite import crawl as crawl_module

    out = tmp_path / "site"
    out.mkdir()
    manifest = json.dumps({"format": 1, "publication": "jcrb", "issues": {}})
    (out / "broadsheet-static.json").write_text(manifest, encoding="utf-8")
    (out / "index.html").write_text("yesterday's edition", encoding="utf-8")

    fetch = crawl_module.Crawler._fetch
    calls = []

    def disk_full(self: object, *args: object) -> object:
        calls.append(args[0])
        if len(calls) == 12:  # amid the first issue's files
            raise OSError(28, "No space left on device")
        return fetch(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(crawl_module.Crawler, "_fetch", disk_full)
    with pytest.raises(CommandError, match="No space left on device.*it is unchanged"):
        export(out, publication="jcrb")
    assert sorted(p.name for p in out.iterdir()) == ["broadsheet-static.json", "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "yesterday's edition"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_broadsheet_command_is_export_static(capsys):
    from broadsheet import cli

    with pytest.raises(SystemExit):
        cli.main(["export-static", "--help"])
    assert "--since" in capsys.readouterr().out


def test_addresses_map_to_files_inside_the_edition():
    from broadsheet.staticsite.links import Rewriter, file_for

    assert file_for("/jcrb/2026-11-27/A01/") == "jcrb/2026-11-27/A01/index.html"
    assert file_for("/jcrb/2026-11-27/A01.w800.webp") == "jcrb/2026-11-27/A01.w800.webp"
    assert file_for("/") == "index.html"
    for hostile in ("/../etc/passwd", "/jcrb/../../x"):
        with pytest.raises(ValueError):
            file_for(hostile)
    rewrite = Rewriter("https://localhost", {"/jcrb/2026-11-27/a/1/"}.__contains__)
    page = "jcrb/2026-11-27/A01/index.html"
    assert rewrite.url(page, "/jcrb/2026-11-27/a/1/#top") == "../a/1/index.html#top"
    assert rewrite.url(page, "https://localhost/jcrb/2026-11-27/a/2/") == "../../../missing.html"
    assert rewrite.url(page, "https://example.org/x") == "https://example.org/x"
