"""The Typst producer's truth matches what its PDFs hold, in the analysis contract's shape."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

import pypdfium2 as pdfium
import pytest

pytest.importorskip("typst")

from broadsheet.layout.contract import KINDS, ROLES  # noqa: E402
from broadsheet.layout.evaluation import score_page  # noqa: E402
from broadsheet.samples.typst_pages import FAMILIES, TypstSet, generate_pages  # noqa: E402

TOL = 0.6  # points
WORD = 16  # characters: the longest piece of a word split between two columns
# one small page per template family, the languages alternating
CASES = [(family, "en" if n % 2 == 0 else "zh") for n, family in enumerate(FAMILIES)]


def _norm(text: str) -> str:
    """Text without spaces and hyphens: PDFium reports a hyphen Typst added at a line's end."""
    return re.sub(r"[\s\-\u00ad\u2010\ufffe\x02]+", "", text)


def _chars(pdf: bytes) -> tuple[float, float, list[tuple[str, float, float]]]:
    """Every character PDFium finds on the page with its centre, origin at the top left."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        width, height = page.get_size()
        textpage = page.get_textpage()
        out = []
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if not ch.strip():
                continue
            x0, y0, x1, y1 = textpage.get_charbox(i)
            out.append((ch, (x0 + x1) / 2, height - (y0 + y1) / 2))
        return width, height, out
    finally:
        doc.close()


def _within(chars: list[tuple[str, float, float]], box: list[float]) -> str:
    x0, y0, x1, y1 = box
    return "".join(
        c for c, x, y in chars if x0 - TOL <= x <= x1 + TOL and y0 - TOL <= y <= y1 + TOL
    )


@pytest.fixture(scope="module", params=CASES, ids=[f"{f}-{lang}" for f, lang in CASES])
def one_page(request: pytest.FixtureRequest) -> TypstSet:
    family, language = request.param
    return generate_pages(seed=5, count=1, language=language, families=[family], small=True)


def test_a_page_per_family_follows_the_contract(one_page: TypstSet) -> None:
    doc = pdfium.PdfDocument(one_page.pdf)
    assert len(doc) == 1
    doc.close()
    (page,) = one_page.pages
    truth = page.truth
    assert truth["index"] == 1 and truth["text_quality"] == "ok"
    articles = truth["articles"]
    assert len(articles) >= 2
    for n, article in enumerate(articles, start=1):
        assert article["id"] == f"p1-a{n}"
        assert article["kind"] in KINDS
        for key in ("kicker", "headline", "subheadline", "byline", "text"):
            assert isinstance(article[key], str)
        assert article["regions"], article["id"]
        for block in article["blocks"]:
            assert block["role"] in ROLES
        if article["kind"] in ("news", "brief"):
            assert article["headline"] and article["text"], article["id"]
    # the truth has the shape the benchmark scores: against itself it is perfect
    score = score_page(truth, truth)
    assert score.zero_edit and score.matched[0.95] == len(articles)


def test_truth_sits_on_the_text_of_the_pdf(one_page: TypstSet) -> None:
    (page,) = one_page.pages
    width, height, chars = _chars(page.pdf)
    assert (width, height) == (page.truth["width"], page.truth["height"])
    for article in page.truth["articles"]:
        for region in article["regions"]:
            x0, y0, x1, y1 = region
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (article["id"], region)
            if article["blocks"]:  # an advert drawn with shapes has none
                assert any(_inside(b["bbox"], region) for b in article["blocks"]), article["id"]
        if article["headline"]:  # the headline is drawn where its block says
            (head,) = [b for b in article["blocks"] if b["role"] == "headline"]
            assert head["text"] == article["headline"]
            assert _norm(_within(chars, head["bbox"])) == _norm(article["headline"])
        for block in article["blocks"]:
            if not block["text"]:
                continue
            # the characters inside a block's box are exactly the block's text
            got, want = _norm(_within(chars, block["bbox"])), _norm(block["text"])
            if block["role"] == "body" and got != want:
                # A word hyphenated across a column break counts in the column where it ends.
                match = SequenceMatcher(None, got, want, autojunk=False).find_longest_match()
                assert match.size >= max(len(got), len(want)) - WORD, (article["id"], got, want)
            else:
                assert got == want, (article["id"], block["role"])
        if article["text"]:
            body = "".join(b["text"] for b in article["blocks"] if b["role"] == "body")
            assert _norm(body) == _norm(article["text"]), article["id"]


def _inside(inner: list[float], outer: list[float]) -> bool:
    return (
        inner[0] >= outer[0] - TOL
        and inner[1] >= outer[1] - TOL
        and inner[2] <= outer[2] + TOL
        and inner[3] <= outer[3] + TOL
    )


def test_a_set_of_pages_jumps_between_them() -> None:
    pages = generate_pages(seed=3, count=3, language="zh", small=True)
    doc = pdfium.PdfDocument(pages.pdf)
    assert len(doc) == 3
    doc.close()
    assert [p.index for p in pages.pages] == [1, 2, 3]
    assert len({p.family for p in pages.pages}) == 3
    jumps: list[tuple[int, dict[str, Any]]] = []
    for page in pages.pages:
        one = pdfium.PdfDocument(page.pdf)
        assert len(one) == 1
        one.close()
        for article in page.truth["articles"]:
            if article["continued_to"]:
                jumps.append((page.index, article))
    assert jumps
    for index, article in jumps:
        target = pages.pages[article["continued_to"]["page"] - 1].truth
        parts = [a for a in target["articles"] if a["continued_from"] == {"page": index}]
        assert [a["headline"] for a in parts] == [article["headline"]]
        jump_lines = [b["text"] for b in article["blocks"] if b["role"] == "jump"]
        assert jump_lines and f"第{article['continued_to']['page']}版" in jump_lines[0]


def test_same_arguments_give_the_same_pages() -> None:
    a = generate_pages(seed=9, count=1, language="en", families=["boxed"], small=True)
    b = generate_pages(seed=9, count=1, language="en", families=["boxed"], small=True)
    assert a.truth() == b.truth()
    assert a.pages[0].pdf == b.pages[0].pdf
