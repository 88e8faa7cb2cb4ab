"""The sample generator's truth matches what its PDFs hold, in the analysis contract's shape."""

from __future__ import annotations

import datetime as dt
import re
import time

import pypdfium2 as pdfium
import pytest

from broadsheet.layout.contract import KINDS, ROLES
from broadsheet.samples import DEMO_PUBLICATIONS, GeneratedIssue, generate_issue

TOL = 0.6  # points: truth is rounded to 0.01 pt, pdfium's boxes are float32


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _inside(inner: list[float], outer: list[float], tol: float = TOL) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _overlap(a: list[float], b: list[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _bounded_text(textpage: pdfium.PdfTextPage, box: list[float], height: float) -> str:
    x0, y0, x1, y1 = box
    # the contract's origin is the top left; pdfium's is the bottom left
    return textpage.get_text_bounded(x0 - 0.5, height - y1 - 0.5, x1 + 0.5, height - y0 + 0.5)


@pytest.fixture(scope="module")
def issues() -> list[GeneratedIssue]:
    date = dt.date(2026, 11, 27)
    return [
        generate_issue(DEMO_PUBLICATIONS[0], date, 6, seed=3),
        generate_issue(DEMO_PUBLICATIONS[1], date, 6, seed=5),
        generate_issue(DEMO_PUBLICATIONS[2], date, 6, seed=7),
    ]


def test_same_arguments_give_the_same_issue() -> None:
    profile = DEMO_PUBLICATIONS[1]
    date = dt.date(2025, 3, 14)
    a = generate_issue(profile, date, 3, seed=11)
    b = generate_issue(profile, date, 3, seed=11)
    assert [p.pdf for p in a.pages] == [p.pdf for p in b.pages]
    assert a.truth() == b.truth()
    c = generate_issue(profile, date, 3, seed=12)
    assert a.truth() != c.truth()


def test_pages_follow_the_contract(issues: list[GeneratedIssue]) -> None:
    for issue in issues:
        truth = issue.truth()
        assert [p["index"] for p in truth["pages"]] == list(range(1, len(issue.pages) + 1))
        for page in issue.pages:
            assert page.truth["width"] == page.width and page.truth["height"] == page.height
            assert page.truth["text_quality"] == "ok"
            assert page.number == issue.profile.page_label(page.index)
            assert page.name == issue.profile.section_for(page.index)
            articles = page.truth["articles"]
            assert 3 <= len([a for a in articles if a["kind"] != "brief"]) <= 9
            for n, article in enumerate(articles, start=1):
                assert article["id"] == f"p{page.index}-a{n}"
                assert article["kind"] in KINDS
                for key in ("kicker", "headline", "subheadline", "byline", "text"):
                    assert isinstance(article[key], str)
                assert article["headline"], article["id"]
                # a picture story's words are its caption block; every other story has a body
                if article["kind"] == "picture":
                    assert any(b["role"] == "caption" and b["text"] for b in article["blocks"])
                else:
                    assert article["kind"] == "advert" or article["text"], article["id"]
                assert article["regions"]
                for block in article["blocks"]:
                    assert block["role"] in ROLES


def test_regions_inside_the_page_and_blocks_inside_their_regions(
    issues: list[GeneratedIssue],
) -> None:
    for issue in issues:
        for page in issue.pages:
            frame = [0.0, 0.0, page.width, page.height]
            for article in page.truth["articles"]:
                for region in article["regions"]:
                    assert region[0] < region[2] and region[1] < region[3]
                    assert _inside(region, frame), (article["id"], region)
                for block in article["blocks"]:
                    assert any(_inside(block["bbox"], r) for r in article["regions"]), (
                        article["id"],
                        block,
                    )


def test_articles_do_not_overlap(issues: list[GeneratedIssue]) -> None:
    for issue in issues:
        for page in issue.pages:
            zones = [(a["id"], r) for a in page.truth["articles"] for r in a["regions"]]
            for i, (id_a, a) in enumerate(zones):
                for id_b, b in zones[i + 1 :]:
                    if id_a != id_b:
                        assert _overlap(a, b) < 1.0, (page.index, id_a, id_b)


def test_truth_text_is_what_the_pdf_holds(issues: list[GeneratedIssue]) -> None:
    """Every block's text is found inside its box; the body is the body blocks in order."""
    for issue in issues:
        for page in issue.pages:
            doc = pdfium.PdfDocument(page.pdf)
            try:
                pdf_page = doc[0]
                textpage = pdf_page.get_textpage()
                for article in page.truth["articles"]:
                    for block in article["blocks"]:
                        if block["role"] == "photo":
                            continue
                        found = _norm(_bounded_text(textpage, block["bbox"], page.height))
                        assert found == _norm(block["text"]), (article["id"], block["role"])
                    if article["kind"] in ("news", "brief"):
                        body = "".join(
                            b["text"] for b in article["blocks"] if b["role"] in ("body", "subhead")
                        )
                        assert _norm(body) == _norm(article["text"]), article["id"]
                    # the body also appears inside the article's own regions
                    zone_text = "".join(
                        _bounded_text(textpage, r, page.height) for r in article["regions"]
                    )
                    assert _norm(article["text"]) in _norm(zone_text) or all(
                        _norm(b["text"]) in _norm(zone_text)
                        for b in article["blocks"]
                        if b["role"] in ("body", "subhead")
                    ), article["id"]
                textpage.close()
                pdf_page.close()
            finally:
                doc.close()


def test_jumps_pair_up(issues: list[GeneratedIssue]) -> None:
    pairs = 0
    for issue in issues:
        pages = {p.index: p.truth for p in issue.pages}
        chinese = issue.profile.is_chinese
        for page in issue.pages:
            for article in page.truth["articles"]:
                if article["continued_to"]:
                    target = article["continued_to"]["page"]
                    assert target > page.index
                    parts = [
                        a
                        for a in pages[target]["articles"]
                        if a["continued_from"] == {"page": page.index}
                        and a["headline"] == article["headline"]
                    ]
                    assert len(parts) == 1, article["id"]
                    jumps = [b["text"] for b in article["blocks"] if b["role"] == "jump"]
                    label = issue.pages[target - 1].number
                    assert len(jumps) == 1
                    assert ("下转" if chinese else "Continued on") in jumps[0]
                    assert label.lstrip("0") in jumps[0]
                    back = [b["text"] for b in parts[0]["blocks"] if b["role"] == "jump"]
                    assert len(back) == 1 and ("上接" if chinese else "Continued from") in back[0]
                    assert "下转" not in article["text"] and "Continued on" not in article["text"]
                    pairs += 1
                if article["continued_from"]:
                    source = pages[article["continued_from"]["page"]]
                    assert any(
                        a["continued_to"] == {"page": page.index} for a in source["articles"]
                    ), article["id"]
    assert pairs >= 2


def test_page_furniture_and_every_kind_of_content(issues: list[GeneratedIssue]) -> None:
    kinds = set()
    roles = set()
    for issue in issues:
        for page in issue.pages:
            for article in page.truth["articles"]:
                kinds.add(article["kind"])
                roles.update(b["role"] for b in article["blocks"])
                # the header band's date line is not part of any article
                assert "星期" not in article["headline"]
    assert kinds == KINDS
    assert roles == ROLES
    credits = [
        a["text"]
        for issue in issues[:2]
        for p in issue.pages
        for a in p.truth["articles"]
        if re.search(r"（\S \S）$", a["text"])
    ]
    assert credits, "some Chinese bodies end with a credit like （江 宣）"


def test_languages(issues: list[GeneratedIssue]) -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for issue in issues:
        for page in issue.pages:
            text = "".join(a["text"] for a in page.truth["articles"])
            if issue.profile.is_chinese:
                assert len(cjk.findall(text)) > 0.6 * len(_norm(text))
            else:
                assert not cjk.search(text)
                assert len(text.split()) > 300


def test_layouts_differ_from_page_to_page(issues: list[GeneratedIssue]) -> None:
    for issue in issues:
        shapes = [
            tuple(tuple(round(v / 20) for v in a["regions"][0]) for a in p.truth["articles"])
            for p in issue.pages
        ]
        assert len(set(shapes)) == len(shapes)


def test_sixteen_page_issue_timing(capsys: pytest.CaptureFixture[str]) -> None:
    """Printed, not asserted: the figure depends on the machine."""
    date = dt.date(2026, 11, 27)
    lines = []
    for profile in DEMO_PUBLICATIONS:
        start = time.perf_counter()
        cpu = time.process_time()
        issue = generate_issue(profile, date, 16, seed=1)
        lines.append(
            f"{profile.slug}: 16 pages in {time.perf_counter() - start:.2f} s "
            f"({time.process_time() - cpu:.2f} s CPU), "
            f"{sum(len(p.truth['articles']) for p in issue.pages)} articles, "
            f"{sum(len(p.pdf) for p in issue.pages) / 1e6:.1f} MB"
        )
    with capsys.disabled():
        print("\nsample generator timing: " + "; ".join(lines))


def test_no_headline_twice_on_a_page(issues: list[GeneratedIssue]) -> None:
    for issue in issues:
        for page in issue.pages:
            headlines = [a["headline"] for a in page.truth["articles"]]
            assert len(headlines) == len(set(headlines)), page.index
