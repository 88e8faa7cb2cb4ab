"""Readers get a copy of each page PDF without scripts, actions, attachments, forms or
encryption; the page itself (its size and text) is unchanged, and so is the original."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfgen import canvas

from broadsheet.pdf.document import PdfError
from broadsheet.pdf.sanitize import sanitize_pdf

BAD_KEYS = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/OpenAction",
    "/AcroForm",
    "/XFA",
    "/EmbeddedFiles",
    "/EF",
}
BAD_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}


def page_pdf() -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(600, 800))
    c.setFont("Helvetica", 14)
    c.drawString(72, 700, "Harbour bridge reopens on Monday")
    c.linkURL("https://example.org/story", (72, 690, 400, 715))
    c.showPage()
    c.save()
    return buffer.getvalue()


def hostile(encrypt: bool = True) -> bytes:
    """A page PDF carrying every trick: document and link JavaScript, open and page actions,
    a launch action, an embedded file and its attachment annotation, a form, encryption."""
    pdf = pikepdf.open(io.BytesIO(page_pdf()))
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert('hi')")))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("init"), script])))
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("this.print()"))
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("calc.exe")))
    payload = pikepdf.Stream(pdf, b"secret,data\n1,2\n")
    payload.Type = Name.EmbeddedFile
    filespec = pdf.make_indirect(
        Dictionary(Type=Name.Filespec, F=String("report.csv"), EF=Dictionary(F=payload))
    )
    pdf.Root.Names.EmbeddedFiles = Dictionary(Names=Array([String("report.csv"), filespec]))
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("name"),
            Rect=Array([72, 600, 300, 620]),
            AA=Dictionary(K=Dictionary(S=Name.JavaScript, JS=String("event.rc=true"))),
        )
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=String("<xdp/>"))
    annots = page.get("/Annots", Array())
    annots.append(field)
    annots.append(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.FileAttachment,
                FS=filespec,
                Rect=Array([0, 0, 20, 20]),
            )
        )
    )
    annots.append(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 500, 200, 520]),
                A=Dictionary(S=Name.JavaScript, JS=String("app.launchURL('x')")),
            )
        )
    )
    annots.append(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 450, 200, 470]),
                A=Dictionary(S=Name.Launch, F=String("/bin/sh")),
            )
        )
    )
    page.Annots = annots
    out = io.BytesIO()
    pdf.save(
        out,
        encryption=pikepdf.Encryption(owner="owner-secret", user="") if encrypt else False,
    )
    return out.getvalue()


def every_object(pdf: pikepdf.Pdf):
    stack, seen = [pdf.trailer], set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, Dictionary | Array) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            stack.extend(obj)
        elif isinstance(obj, Dictionary):
            yield obj
            stack.extend(obj[k] for k in obj if k not in ("/Parent", "/P"))


def text_of(data: bytes) -> tuple[int, list[tuple[float, float]], str]:
    doc = pdfium.PdfDocument(data)
    try:
        sizes = [doc.get_page_size(i) for i in range(len(doc))]
        page = doc[0]
        text = page.get_textpage().get_text_range()
        page.close()
        return len(doc), sizes, text
    finally:
        doc.close()


def test_hostile_pdf_comes_out_clean_and_the_page_the_same():
    original = hostile()
    before = bytes(original)
    assert pikepdf.open(io.BytesIO(original)).is_encrypted
    result = sanitize_pdf(original, "A01.pdf")
    assert original == before  # the original is never touched
    clean = pikepdf.open(io.BytesIO(result.pdf))
    assert not clean.is_encrypted
    for obj in every_object(clean):
        assert not BAD_KEYS & set(obj.keys()), set(obj.keys())
        assert str(obj.get("/S", "")) not in BAD_ACTIONS
        assert str(obj.get("/Subtype", "")) not in {"/Widget", "/FileAttachment"}
    assert text_of(result.pdf) == text_of(page_pdf())
    # The harmless web link stays.
    links = [a for a in clean.pages[0].obj.get("/Annots", []) if a.get("/Subtype") == Name.Link]
    uris = [str(a.A.URI) for a in links if "/A" in a and a.A.get("/S") == Name.URI]
    assert uris == ["https://example.org/story"]
    removed = " ".join(result.removed)
    for what in ("JavaScript", "open action", "additional actions", "launch action", "embedded"):
        assert what in removed, result.removed
    assert "form fields" in removed and "encryption" in result.removed


def test_a_plain_pdf_only_gets_rewritten():
    plain = page_pdf()
    result = sanitize_pdf(plain, "A01.pdf")
    assert result.removed == ()
    assert text_of(result.pdf) == text_of(plain)
    assert sanitize_pdf(plain, "A01.pdf").pdf == result.pdf  # deterministic


def test_a_file_that_needs_a_password_is_refused_clearly(tmp_path: Path):
    pdf = pikepdf.open(io.BytesIO(page_pdf()))
    path = tmp_path / "locked.pdf"
    pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="reader"))
    with pytest.raises(PdfError, match="needs a password"):
        sanitize_pdf(path, "locked.pdf")


@pytest.mark.parametrize(
    "data", [b"", b"hello, not a pdf", b"%PDF-1.7\n" + b"\x00garbage" * 40, page_pdf()[:300]]
)
def test_damaged_or_foreign_files_raise_pdf_error(data: bytes):
    try:
        result = sanitize_pdf(data, "bad.pdf")
    except PdfError as exc:
        assert exc.name == "bad.pdf" and exc.problem
    else:  # qpdf repaired it: what comes out must open
        text_of(result.pdf)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_damage_gives_a_pdf_or_a_pdf_error(data):
    original = bytearray(hostile(encrypt=False))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(original) - 1))
        original[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(original) // 2, len(original)))
    try:
        result = sanitize_pdf(bytes(original[:cut]), "fuzz.pdf")
    except PdfError:
        return
    try:
        pdfium.PdfDocument(result.pdf).close()
    except pdfium.PdfiumError as exc:  # pragma: no cover - would be a real finding
        pytest.fail(f"sanitized output does not open: {exc}")
