from __future__ import annotations

import json
from pathlib import Path

import pytest
from pagemaker import two_article_page

from broadsheet.layout.cli import main, parse_pages


def test_analyze_prints_contract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(two_article_page().pdf())
    assert main([str(pdf), "--pages", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    (page,) = data["pages"]
    assert set(page) == {"index", "width", "height", "text_quality", "articles"}
    article = page["articles"][0]
    assert set(article) == {
        "id",
        "kind",
        "kicker",
        "headline",
        "subheadline",
        "byline",
        "text",
        "regions",
        "outline",
        "blocks",
        "continued_to",
        "continued_from",
    }
    assert article["headline"] == "公园建设迎来新进展"
    # The outline is a closed rectilinear polygon around the article's rectangles.
    points = article["outline"]
    assert len(points) >= 4 and all(len(p) == 2 for p in points)
    assert all(
        a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:] + points[:1], strict=True)
    )
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    union = [min(r[0] for r in article["regions"]), min(r[1] for r in article["regions"])]
    assert [min(xs), min(ys)] == union


def test_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    assert main([str(bad)]) == 2
    assert "not a PDF" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.pdf")]) == 2


def test_bad_pages_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(two_article_page().pdf())
    assert main([str(pdf), "--pages", "2"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main([str(pdf), "--pages", "x"]) == 2


def test_parse_pages() -> None:
    assert parse_pages("1,3-5", 6) == [1, 3, 4, 5]
    with pytest.raises(ValueError):
        parse_pages("5-3", 6)
