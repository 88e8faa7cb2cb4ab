"""Tagged PDFs and article threads: used where a PDF has them, never needed.

The pages are drawn with reportlab; tags (marked content and a structure tree) and article
threads are then written into them with pikepdf, as InDesign or Acrobat would."""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pypdfium2 as pdfium
from pikepdf import Array, Dictionary, Name
from reportlab.pdfgen import canvas
from tests.layout.test_typography import BODY, TOP, column, text_at

from broadsheet.layout import analyze_page, analyze_pdf
from broadsheet.pdf.extract import extract_page
from broadsheet.pdf.structure import article_threads, story_tags


def _draw(*pages: Callable[[canvas.Canvas], None]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, TOP))
    for draw in pages:
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def _story_beside_a_rule(c: canvas.Canvas) -> None:
    """A headline over two columns and a third column beside it, behind a column rule: by the
    rules alone, the third column is another article (a rule is another story's edge)."""
    text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 26)
    text_at(c, 40, 94, "after ten years", "Helvetica-Bold", 26)
    column(c, 40, 140, BODY, 30)
    column(c, 215, 140, BODY, 30)
    column(c, 380, 60, BODY * 2, 30)
    c.line(373, TOP - 55, 373, TOP - 500)


def _two_stories(c: canvas.Canvas) -> None:
    text_at(c, 40, 60, "Bridge vote tonight", "Helvetica-Bold", 22)
    column(c, 40, 92, BODY, 30)
    text_at(c, 320, 60, "Market reopens", "Helvetica-Bold", 22)
    column(c, 320, 92, BODY, 30)


def _tag(pdf_bytes: bytes, story_of: Callable[[str], int | None]) -> bytes:
    """Each text object of page 1 marked as content of its own, inside the ``Art`` element of
    the story ``story_of(its text)`` names (untagged when None)."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    page = pdf.pages[0]
    ops: list[tuple[list[object], pikepdf.Operator]] = []
    members: dict[int, list[int]] = {}
    mcid = -1
    pending: list[tuple[list[object], pikepdf.Operator]] = []
    for operands, op in pikepdf.parse_content_stream(page):
        if str(op) == "BT":
            pending = [(list(operands), op)]
            continue
        if pending:
            pending.append((list(operands), op))
            if str(op) != "ET":
                continue
            text = "".join(
                bytes(o).decode("latin-1")
                for ops_, o_ in pending
                if str(o_) == "Tj"
                for o in ops_
                if isinstance(o, pikepdf.String)
            )
            story = story_of(text) if text else None
            if story is None:
                ops.extend(pending)
            else:
                mcid += 1
                members.setdefault(story, []).append(mcid)
                ops.append(([Name("/P"), Dictionary(MCID=mcid)], pikepdf.Operator("BDC")))
                ops.extend(pending)
                ops.append(([], pikepdf.Operator("EMC")))
            pending = []
            continue
        ops.append((list(operands), op))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    by_mcid: dict[int, object] = {}
    arts = Array()
    for ids in members.values():
        art = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Art, P=root, Pg=page.obj))
        kids = Array()
        for i in ids:
            el = pdf.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name.P, P=art, Pg=page.obj, K=i)
            )
            kids.append(el)
            by_mcid[i] = el
        art.K = kids
        arts.append(art)
    root.K = arts
    null = pikepdf.Object.parse(b"null")
    parents = Array([by_mcid.get(i, null) for i in range(mcid + 1)])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, parents])))
    page.obj.StructParents = 0
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _thread(pdf_bytes: bytes, beads: list[tuple[int, tuple[float, float, float, float]]]) -> bytes:
    """One article thread through the beads (page index, (x0, y0, x1, y1) from the top left)."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    thread = pdf.make_indirect(Dictionary(Type=Name.Thread, I=Dictionary(Title="Bridge")))
    made = []
    for index, (x0, y0, x1, y1) in beads:
        page = pdf.pages[index]
        bead = pdf.make_indirect(
            Dictionary(Type=Name.Bead, P=page.obj, R=Array([x0, TOP - y1, x1, TOP - y0]))
        )
        made.append(bead)
    for k, bead in enumerate(made):
        bead.N = made[(k + 1) % len(made)]
        bead.V = made[k - 1]
    made[0].T = thread
    thread.F = made[0]
    pdf.Root.Threads = Array([thread])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _articles(pdf_bytes: bytes) -> list[dict]:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return analyze_page(doc[0], 1)["articles"]
    finally:
        doc.close()


def test_without_hints_the_rule_splits_the_story():
    assert len(_articles(_draw(_story_beside_a_rule))) == 2


def test_a_tagged_story_stays_whole_across_its_column_rule():
    tagged = _tag(_draw(_story_beside_a_rule), lambda text: 1)
    doc = pdfium.PdfDocument(tagged)
    try:
        tags = story_tags(doc[0])
        marked = [c for c in extract_page(doc[0]).chars if c.mcid >= 0]
    finally:
        doc.close()
    assert set(tags.values()) == {1} and len(marked) > 100
    [story] = _articles(tagged)
    assert story["headline"] == "Bridge vote tonight after ten years"
    assert story["text"].count("The council met") == 12


def test_a_tag_round_two_headlines_does_not_merge_them():
    """One Art round a whole page (a coarse or careless tagging) joins nothing."""
    articles = _articles(_tag(_draw(_two_stories), lambda text: 1))
    assert sorted(a["headline"] for a in articles) == ["Bridge vote tonight", "Market reopens"]


def test_a_thread_keeps_the_story_whole_and_carries_it_to_the_next_page(tmp_path):
    def page_two(c: canvas.Canvas) -> None:  # the rest of the story: no jump line anywhere
        text_at(c, 40, 60, "Bridge vote: the details", "Helvetica-Bold", 22)
        column(c, 40, 92, BODY, 30)
        text_at(c, 320, 60, "Market reopens", "Helvetica-Bold", 22)
        column(c, 320, 92, BODY, 30)

    plain = _draw(_story_beside_a_rule, page_two)
    threaded = _thread(
        plain,
        [(0, (36, 50, 370, 520)), (0, (376, 50, 595, 520)), (1, (36, 50, 300, 400))],
    )
    assert {k: [n for n, _ in v] for k, v in article_threads(threaded).items()} == {
        0: [1, 1],
        1: [1],
    }
    path = tmp_path / "threaded.pdf"
    path.write_bytes(threaded)
    pages = analyze_pdf(path)["pages"]
    [story] = pages[0]["articles"]
    assert story["text"].count("The council met") == 12
    more = next(a for a in pages[1]["articles"] if a["headline"].startswith("Bridge vote"))
    assert story["continued_to"] == {"page": 2, "article": more["id"]}
    assert more["continued_from"] == {"page": 1, "article": story["id"]}
    other = next(a for a in pages[1]["articles"] if a["headline"] == "Market reopens")
    assert other["continued_from"] is None
    # The same pages without the thread: no link between them.
    path.write_bytes(plain)
    unlinked = analyze_pdf(path)["pages"]
    assert all(a["continued_to"] is None for a in unlinked[0]["articles"])


def test_broken_threads_are_no_threads():
    plain = _draw(_two_stories)
    pdf = pikepdf.open(io.BytesIO(plain))
    loop = pdf.make_indirect(Dictionary(Type=Name.Bead, R=Array([1, 2, 3])))  # no page
    loop.N = loop
    bad = pdf.make_indirect(Dictionary(Type=Name.Bead, P=pdf.pages[0].obj, R=Array([0, 0, 9])))
    bad.N = loop
    pdf.Root.Threads = Array([Dictionary(F=bad), Dictionary(F=loop), Dictionary(), 7])
    out = io.BytesIO()
    pdf.save(out)
    assert article_threads(out.getvalue()) == {}
    pdf.Root.Threads = Dictionary(F=bad)  # not even an array
    out = io.BytesIO()
    pdf.save(out)
    assert article_threads(out.getvalue()) == {}
    assert article_threads(b"%PDF-1.4 not really") == {}
