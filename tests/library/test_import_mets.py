"""`broadsheet import-mets` end to end on the real library samples (../shared/real/library;
skipped when absent), read back through the reader's JSON twins; and a broken METS among good
ones. Nothing of the samples is copied here: the checks are on structure and a few words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from broadsheet.newspaper.models import Issue, IssueEvent

REAL = Path(__file__).resolve().parents[3] / "shared" / "real"
LIBRARY = REAL / "library"
SCHEMAS = REAL / "schemas"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not LIBRARY.is_dir(), reason="../shared/real/library is absent"),
]
LUX = "mets-alto/impresso/Luxembourg/public_domain_006/2385348_newspaper_luxzeit1858_1858-12-07_01"
BL = "mets-alto/impresso/BL/BLIP_20190929_04/0002244/1855/0922"


def _import(path: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    report = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    args = ["--publication", "jcrb", "--report", str(report), "--schemas", str(SCHEMAS)]
    try:
        call_command("import_mets", str(path), *args, *extra)
    except CommandError:
        if not report.exists():
            raise
    return json.loads(report.read_text(encoding="utf-8"))


def _problems(report: dict[str, Any]) -> list[dict[str, str]]:
    found = list(report["problems"])
    for issue in report["issues"]:
        found += issue["skips"] + issue["notes"]
    return found


def test_ndnp_batches_import_with_their_known_defects_reported(
    publication: Any, client: Any, tmp_path: Path
) -> None:
    report = _import(LIBRARY / "ndnp", tmp_path, "--publish")
    by_date = {i["date"]: i for i in report["issues"]}
    assert sorted(by_date) == ["1878-01-03", "1999-06-15", "1999-08-15", "1999-10-15", "1999-12-15"]
    assert all(i["status"] == "imported" for i in report["issues"])
    assert by_date["1878-01-03"]["source"].endswith("1878010301_1.xml")  # batch_1.xml's METS
    problems = _problems(report)
    typo = [p for p in problems if p["kind"] == "schema_invalid" and "qualifer" in p["reason"]]
    assert {p["file"].split("/")[-1] for p in typo} >= {"1999101501.xml", "1999061501.xml"}
    missing = [p for p in problems if p["kind"] == "missing_file"]
    assert any(
        p["file"].endswith("1878010301/0011.tif") and "0011.jp2" in p["reason"] for p in missing
    )
    issue = client.get("/jcrb/1878-01-03.json").json()
    assert [p["number"] for p in issue["pages"]] == [str(n) for n in range(1, 9)]
    assert all(p["has_image"] for p in issue["pages"])
    assert issue["pages"][0]["width"] == pytest.approx(1030.5, abs=1)
    articles = [a for p in issue["pages"] for a in p["articles"]]
    assert len(articles) > 50  # from the page analysis of the ALTO text
    page = client.get("/jcrb/1999-06-15.json").json()
    assert [p["number"] for p in page["pages"]] == [str(n) for n in range(1, 16)]
    body = client.get(max(articles, key=lambda a: len(a["headline"]))["url"].rstrip("/") + ".json")
    word = max((w for w in body.json()["text"].split() if w.isalpha()), key=len)
    found = client.get("/search.json", {"q": word}).json()
    assert found["total"] >= 1, (word, found)
    again = _import(LIBRARY / "ndnp", tmp_path, "--publish")
    assert {i["status"] for i in again["issues"]} == {"unchanged"}
    assert IssueEvent.objects.filter(step="import-mets").count() == 5


def test_segmented_issue_articles_titles_and_zones(
    publication: Any, client: Any, tmp_path: Path
) -> None:
    report = _import(LIBRARY / LUX, tmp_path, "--publish")
    (result,) = report["issues"]
    assert result["status"] == "imported" and result["articles"] == 17
    assert {p["kind"] for p in result["skips"]} == {"missing_file"}  # no scans in the sample
    issue = client.get("/jcrb/1858-12-07.json").json()
    assert [p["number"] for p in issue["pages"]] == ["1", "2", "3", "4"]
    assert not any(p["has_image"] for p in issue["pages"])  # text-only pages, flagged
    articles = [a for p in issue["pages"] for a in p["articles"]]
    headlines = [a["headline"] for a in articles]
    assert "Revue politique." in headlines and "Kölnische Zeitung." in headlines
    first = next(a for a in articles if a["headline"] == "Revue politique.")
    article = client.get(first["url"].rstrip("/") + ".json").json()
    assert article["headline"] == "Revue politique." and len(article["text"]) > 1000
    # The article's zone holds its ALTO text block P1_TB00010 (mm10 → points).
    from broadsheet.library.alto_in import read_alto

    alto = read_alto(LIBRARY / LUX / "text/1858-12-07_01-00001.xml")
    block = next(b for b in alto.blocks if b.id == "P1_TB00010")
    zones = article["pages"][0]["zones"]
    cx, cy = (block.box[0] + block.box[2]) / 2, (block.box[1] + block.box[3]) / 2
    assert any(z[0] <= cx <= z[2] and z[1] <= cy <= z[3] for z in zones), zones
    # Kölnische Zeitung goes on to page 2: one article with zones on both pages.
    koeln = next(a for a in articles if a["headline"] == "Kölnische Zeitung.")
    pages = client.get(koeln["url"].rstrip("/") + ".json").json()["pages"]
    assert [p["number"] for p in pages] == ["1", "2"] and all(p["zones"] for p in pages)


def test_bl_structlink_rero_issue_pdf_and_kb_didl(
    publication: Any, client: Any, tmp_path: Path
) -> None:
    report = _import(LIBRARY / "mets-alto/impresso", tmp_path)
    by_date = {i["date"]: i for i in report["issues"]}
    assert by_date["1855-09-22"]["scheme"] == "bl" and by_date["1855-09-22"]["articles"] == 77
    assert by_date["1845-12-28"]["pages"] == 5 and not by_date["1845-12-28"]["skips"]
    notes = {p["kind"] for p in by_date["1845-12-28"]["notes"]}
    assert {"duplicate_ids", "no_date"} <= notes
    didl = [p for p in report["problems"] if p["file"].endswith("didl.xml")]
    assert didl and didl[0]["kind"] == "unknown_profile" and "well-formed" in didl[0]["reason"]
    assert Issue.objects.filter(status=Issue.Status.READY).count() == len(by_date)


def test_a_broken_mets_among_good_ones_is_reported_and_the_others_import(
    publication: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "issues"
    shutil.copytree(LIBRARY / BL, folder / "bl")
    (folder / "broken").mkdir()
    (folder / "broken" / "x_mets.xml").write_text("<mets xmlns='http://www.loc.gov/METS/'><fi")
    gone = folder / "bl" / "0002244_18550922_0002.xml"
    gone.unlink()  # a page's ALTO is missing
    report = _import(folder, tmp_path, "--publish")
    (result,) = report["issues"]
    assert result["status"] == "imported" and result["pages"] == 3
    assert any(p["kind"] == "missing_file" and "page 2" in p["reason"] for p in result["skips"])
    (broken,) = [p for p in report["problems"] if "broken" in p["file"]]
    assert broken["kind"] == "unknown_profile" and "well-formed" in broken["reason"]
    assert Issue.objects.get().status == Issue.Status.PUBLISHED
    assert _import(folder, tmp_path)["issues"][0]["status"] == "unchanged"


def test_the_broadsheet_command_line_spelling(publication: Any, capsys: Any) -> None:
    from broadsheet.cli import main

    assert main(["import-mets", str(LIBRARY / LUX), "--publication", "jcrb", "--dry-run"]) == 0
    assert "1 issues found: would import 1" in capsys.readouterr().out
