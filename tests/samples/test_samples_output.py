"""Writing issues to disk, the command line, profiles and fonts of the sample generator."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

from broadsheet.samples import (
    DEMO_PUBLICATIONS,
    GeneratedIssue,
    PublicationProfile,
    generate_issue,
    vocab_zh,
    write_issue,
)
from broadsheet.samples.chrome import date_line
from broadsheet.samples.fonts import face


def _pages_in(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def test_demo_publications() -> None:
    assert [p.slug for p in DEMO_PUBLICATIONS] == ["jcrb", "jcwb", "courier"]
    assert all(isinstance(p, PublicationProfile) for p in DEMO_PUBLICATIONS)
    assert [p.language for p in DEMO_PUBLICATIONS] == ["zh-hans", "zh-hans", "en"]
    assert {p.body_font for p in DEMO_PUBLICATIONS} == {"uming", "microhei", "liberation-serif"}
    evening = DEMO_PUBLICATIONS[1]
    assert [evening.page_label(i) for i in (1, 8, 9)] == ["A01", "A08", "B01"]
    assert DEMO_PUBLICATIONS[0].page_label(10) == "10"
    date = dt.date(2026, 11, 27)
    assert date_line(DEMO_PUBLICATIONS[0], date) == "2026年11月27日 星期五"
    assert date_line(DEMO_PUBLICATIONS[2], date) == "Friday, November 27, 2026"


def test_write_issue_one_file_per_page(tmp_path: Path) -> None:
    issue = generate_issue(DEMO_PUBLICATIONS[1], dt.date(2026, 1, 5), 3, seed=1)
    paths = write_issue(issue, tmp_path / "out")
    assert [p.name for p in paths] == ["A01.pdf", "A02.pdf", "A03.pdf"]
    assert all(_pages_in(p) == 1 for p in paths)
    assert paths[0].read_bytes() == issue.pages[0].pdf
    truth = json.loads((tmp_path / "out" / "truth.json").read_text("utf-8"))
    assert truth == json.loads(json.dumps(issue.truth()))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["publication"] == "jcwb" and manifest["date"] == "2026-01-05"
    assert [p["file"] for p in manifest["pages"]] == ["A01.pdf", "A02.pdf", "A03.pdf"]


def test_write_issue_single_file(tmp_path: Path) -> None:
    issue = generate_issue(DEMO_PUBLICATIONS[2], dt.date(2026, 1, 5), 3, seed=1)
    paths = write_issue(issue, tmp_path, single_file=True)
    assert [p.name for p in paths] == ["issue.pdf"]
    assert _pages_in(paths[0]) == 3
    doc = pdfium.PdfDocument(str(paths[0]))
    try:
        text = doc[1].get_textpage().get_text_range()
    finally:
        doc.close()
    headline = issue.pages[1].truth["articles"][0]["headline"]
    assert " ".join(headline.split()) in " ".join(text.split())
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert [p["index"] for p in manifest["pages"]] == [1, 2, 3]
    assert all("file" not in p for p in manifest["pages"])


def test_command_line(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "broadsheet.samples",
            str(out),
            "--publication",
            "courier",
            "--date",
            "2026-11-27",
            "--pages",
            "2",
            "--seed",
            "4",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "2 pages" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "A1.pdf",
        "A2.pdf",
        "manifest.json",
        "truth.json",
    ]
    again = generate_issue(DEMO_PUBLICATIONS[2], dt.date(2026, 11, 27), 2, seed=4)
    assert (out / "A1.pdf").read_bytes() == again.pages[0].pdf

    single = subprocess.run(
        [
            sys.executable,
            "-m",
            "broadsheet.samples",
            str(tmp_path / "one"),
            "--publication",
            "jcrb",
            "--date",
            "2026-11-27",
            "--pages",
            "2",
            "--single-file",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert single.returncode == 0, single.stderr
    assert (tmp_path / "one" / "issue.pdf").exists()

    bad = subprocess.run(
        [sys.executable, "-m", "broadsheet.samples", str(tmp_path / "x"), "--publication", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and "unknown publication" in bad.stderr


def test_every_chinese_character_is_drawn_by_every_chinese_face() -> None:
    """UMing lacks ~2,250 ideographs and Micro Hei has an empty ℃: the vocabulary must avoid
    both, or pages would show blanks where the truth has characters."""
    strings: list[str] = []
    for name in dir(vocab_zh):
        value = getattr(vocab_zh, name)
        if name.isupper():
            strings.append(json.dumps(value, ensure_ascii=False))
    text = "".join(strings) + "星期一二三四五六日年月日版第下转上接本报记者通讯员摄新华社北京电"
    for key in {"uming", "microhei", "zenhei"}:
        missing = sorted({c for c in text if not c.isspace() and not face(key).covers(c)})
        missing = [c for c in missing if c not in '{}[]":,\\_']
        assert not missing, (key, missing)


def test_generated_text_is_drawable(tmp_path: Path) -> None:
    issue: GeneratedIssue = generate_issue(DEMO_PUBLICATIONS[0], dt.date(2026, 2, 1), 2, seed=9)
    profile = issue.profile
    body = face(profile.body_font)
    for page in issue.pages:
        for article in page.truth["articles"]:
            assert body.covers(article["text"]), article["id"]
