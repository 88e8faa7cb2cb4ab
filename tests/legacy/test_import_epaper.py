"""`broadsheet import-epaper` end to end: imitation sites of every generation and scheme (made by
broadsheet.samples.epaper_site, with planted traps and exact truth) imported through the ingest
pipeline, then read back through the reader's JSON twins."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from broadsheet.newspaper.models import Article, Issue, IssueEvent, Page
from broadsheet.samples.epaper_site import SCHEMES, write_site

pytestmark = pytest.mark.django_db
START = dt.date(2017, 7, 22)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """One generated site per scheme (2 days, 3 pages), made once for the session."""
    made = {}
    for i, scheme in enumerate(SCHEMES):
        out = tmp_path_factory.mktemp(f"site-{scheme}")
        truth = write_site(out, scheme, publication="jcrb", start=START, days=2, pages=3, seed=i)
        made[scheme] = (out / "site", truth)
    return made


def _import(site: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    report = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    try:
        call_command(
            "import_epaper", str(site), "--publication", "jcrb", "--report", str(report), *extra
        )
    except CommandError:
        if not report.exists():
            raise
    return json.loads(report.read_text(encoding="utf-8"))


def _bbox(points: list[list[float]]) -> list[float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def _close(a: list[float], b: list[float], tolerance: float = 2.0) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _shown(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_scheme_imports_labels_names_articles_fields_and_zones(
    scheme: str, sites: dict, publication: Any, client: Any, tmp_path: Path
) -> None:
    site, truth = sites[scheme]
    report = _import(site, tmp_path, "--publish")
    assert report["totals"]["failed"] == 0, report
    assert report["totals"]["imported"] == len(truth["issues"])
    for issue_truth in truth["issues"]:
        data = client.get(f"/jcrb/{issue_truth['date']}.json").json()
        pages = data["pages"]
        assert [p["number"] for p in pages] == [p["label"] for p in issue_truth["pages"]]
        assert [p["name"] for p in pages] == [p["name"] for p in issue_truth["pages"]]
        for page, page_truth in zip(pages, issue_truth["pages"], strict=True):
            assert page["width"] == pytest.approx(page_truth["width"], abs=1)
            assert page["height"] == pytest.approx(page_truth["height"], abs=1)
            by_headline = {a["headline"]: a for a in page["articles"]}
            for article_truth in page_truth["articles"]:
                found = by_headline.get(article_truth["headline"])
                assert found is not None, (scheme, page_truth["label"], article_truth["headline"])
                for field in ("kicker", "subheadline", "byline"):
                    assert found[field] == article_truth[field], (
                        scheme,
                        field,
                        found,
                        article_truth,
                    )
                if article_truth["hidden"]:
                    assert found["kind"] == "brief"
                drawn = [_bbox(o) for o in found["outlines"]]
                for zone in article_truth["zones"]:
                    want = _bbox(zone)
                    assert any(_close(want, got) for got in drawn), (
                        scheme,
                        article_truth["headline"],
                        want,
                        drawn,
                    )
                assert len(found["outlines"]) == len(article_truth["zones"])
            # every article of the page is in the truth (nothing invented)
            assert len(page["articles"]) == len(page_truth["articles"])
    # bodies: once, as published, parts joined, on the article's own page
    for issue_truth in truth["issues"]:
        issue = Issue.objects.get(publication__slug="jcrb", date=issue_truth["date"])
        assert issue.status == Issue.Status.PUBLISHED
        for page_truth in issue_truth["pages"]:
            for article_truth in page_truth["articles"]:
                if (article_truth.get("continues_from") or {}) or not article_truth["paragraphs"]:
                    continue
                article = Article.objects.filter(
                    issue=issue, headline=article_truth["headline"]
                ).first()
                assert article is not None
                # HTML collapses runs of spaces ("…质量。  刘春 摄" is shown with one): compare as shown
                assert [p["text"] for p in article.paragraphs] == [
                    _shown(p) for p in article_truth["paragraphs"]
                ], (
                    scheme,
                    article_truth["headline"],
                )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_report_lists_every_planted_fault_once(
    scheme: str, sites: dict, publication: Any, tmp_path: Path
) -> None:
    site, truth = sites[scheme]
    report = _import(site, tmp_path, "--dry-run")
    got = Counter((p["date"], p["kind"]) for i in report["issues"] for p in i["skips"])
    want = Counter((s["date"], s["kind"]) for s in truth["skips"])
    assert got == want
    for planted in truth["skips"]:
        files = [
            p["file"] for i in report["issues"] for p in i["skips"] if p["kind"] == planted["kind"]
        ]
        assert planted["file"] in files, (planted, files)
    got_notes = Counter(p["kind"] for i in report["issues"] for p in i["notes"])
    want_notes = Counter(n["kind"] for n in truth["notes"])
    for kind in ("hidden_zone", "date_conflict"):
        assert got_notes[kind] == want_notes[kind], kind


def test_dry_run_changes_nothing(
    sites: dict, publication: Any, tmp_path: Path, data_dir: Path
) -> None:
    site, truth = sites["classic"]
    before = sorted(p for p in data_dir.rglob("*") if p.is_file())
    report = _import(site, tmp_path, "--dry-run")
    assert report["dry_run"] and report["totals"]["would_import"] == len(truth["issues"])
    assert Issue.objects.count() == 0 and Page.objects.count() == 0
    after = sorted(p for p in data_dir.rglob("*") if p.is_file() and "staging" not in p.parts)
    assert [p for p in after if p not in before] == []


def test_running_again_imports_nothing_twice_and_picks_up_changes(
    sites: dict, publication: Any, tmp_path: Path
) -> None:
    site, truth = sites["main-ed"]
    first = _import(site, tmp_path, "--publish")
    assert first["totals"]["imported"] == len(truth["issues"])
    numbers = dict(Article.objects.values_list("headline", "number"))
    events = IssueEvent.objects.count()
    again = _import(site, tmp_path, "--publish")
    assert again["totals"]["unchanged"] == len(truth["issues"]) and again["totals"]["imported"] == 0
    assert IssueEvent.objects.count() == events
    assert dict(Article.objects.values_list("headline", "number")) == numbers


def test_an_interrupted_run_resumes(
    sites: dict, publication: Any, tmp_path: Path, monkeypatch
) -> None:
    import broadsheet.ingest.importing as legacy  # where every importer calls ingest()

    site, truth = sites["current"]
    real = legacy.ingest
    calls = {"n": 0}

    def dies_on_the_second_issue(*args: Any, **kwargs: Any):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # Ctrl-C (or a kill) in the middle of the archive
        return real(*args, **kwargs)

    monkeypatch.setattr(legacy, "ingest", dies_on_the_second_issue)
    with pytest.raises(KeyboardInterrupt):
        _import(site, tmp_path, "--publish")
    assert Issue.objects.count() == 1  # the first issue is in, whole; the second not at all
    monkeypatch.setattr(legacy, "ingest", real)
    report = _import(site, tmp_path, "--publish")
    statuses = [i["status"] for i in report["issues"]]
    assert statuses == ["unchanged", "imported"]
    assert Issue.objects.filter(status=Issue.Status.PUBLISHED).count() == 2


def test_from_and_to_limit_the_dates(sites: dict, publication: Any, tmp_path: Path) -> None:
    site, truth = sites["nbs"]
    second = truth["issues"][1]["date"]
    report = _import(site, tmp_path, "--from", second, "--to", second)
    assert [i["date"] for i in report["issues"]] == [second]
    assert list(Issue.objects.values_list("date", flat=True)) == [dt.date.fromisoformat(second)]


def test_bad_sites_are_refused_with_a_clear_message(publication: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such folder"):
        call_command("import_epaper", str(tmp_path / "nowhere"), "--publication", "jcrb")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CommandError, match="no e-paper issues found"):
        call_command("import_epaper", str(empty), "--publication", "jcrb")
    with pytest.raises(CommandError, match="unknown publication"):
        call_command("import_epaper", str(empty), "--publication", "nope")
    with pytest.raises(CommandError, match="--from"):
        call_command("import_epaper", str(empty), "--publication", "jcrb", "--from", "2017-13-01")


def test_a_changed_article_page_is_picked_up_and_keeps_its_number(
    sites: dict, publication: Any, tmp_path: Path
) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(sites["nbs"][0], site)
    _import(site, tmp_path, "--publish")
    article = Article.objects.filter(kind="news").exclude(body=[]).order_by("id").first()
    assert article is not None
    first_paragraph = article.paragraphs[0]["text"]
    changed = [
        p
        for p in site.rglob("nw.*.htm")
        if first_paragraph in p.read_bytes().decode("utf-8", "ignore")
    ]
    assert changed, "the article page holding the paragraph is UTF-8 in this site"
    for path in changed:
        path.write_bytes(
            path.read_bytes().replace(first_paragraph.encode(), "更正后的第一段。".encode())
        )
    report = _import(site, tmp_path, "--publish")
    statuses = {i["date"]: i["status"] for i in report["issues"]}
    assert statuses[article.issue.date.isoformat()] == "imported"
    assert sorted(statuses.values()).count("unchanged") == len(statuses) - 1
    article.refresh_from_db()
    assert article.paragraphs[0]["text"] == "更正后的第一段。"  # same row, same number


def test_one_unreadable_issue_never_stops_the_archive(
    sites: dict, publication: Any, tmp_path: Path
) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(sites["classic"][0], site)
    truth = sites["classic"][1]
    broken_date = dt.date.fromisoformat(truth["issues"][0]["date"])
    folder = site / "html" / broken_date.strftime("%Y-%m") / broken_date.strftime("%d")
    for page in folder.glob("node_*.htm"):
        page.write_bytes(bytes([0xFF, 0x81]) * 400)  # every page of the issue unreadable
    report = _import(site, tmp_path, "--publish")
    by_date = {i["date"]: i for i in report["issues"]}
    assert by_date[broken_date.isoformat()]["status"] == "nothing to import"
    assert {s["kind"] for s in by_date[broken_date.isoformat()]["skips"]} == {"undecodable"}
    others = [i for d, i in by_date.items() if d != broken_date.isoformat()]
    assert others and all(i["status"] == "imported" for i in others)
    assert not Issue.objects.filter(date=broken_date).exists()


def test_the_broadsheet_command_line_spelling(
    sites: dict, publication: Any, tmp_path: Path, capsys
) -> None:
    from broadsheet.cli import main

    site, truth = sites["paperindex"]
    assert main(["import-epaper", str(site), "--publication", "jcrb", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"{len(truth['issues'])} issues found: would import {len(truth['issues'])}" in out
    assert "skipped" in out and "page_gap" in out
