"""Bad input gets a clear error naming the file and the problem, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from broadsheet.ingest.pipeline import IngestError, IngestRequest, ingest
from broadsheet.newspaper.models import Article, Issue, IssueEvent, Page, Region
from tests.conftest import ISSUE_DATE, zh_articles
from tests.factories import write_page_pdf

pytestmark = pytest.mark.django_db


def _snapshot(data_dir: Path) -> tuple:
    files = (
        sorted(str(p.relative_to(data_dir)) for p in (data_dir / "files").rglob("*") if p.is_file())
        if (data_dir / "files").exists()
        else []
    )
    rows = (
        list(Issue.objects.values_list("id", "status", "version")),
        list(Page.objects.values_list("id", "number", "pdf")),
        list(Article.objects.values_list("id", "headline")),
        Region.objects.count(),
        IssueEvent.objects.count(),
    )
    return files, rows


@pytest.fixture
def published(publication, page_pdfs, data_dir):
    """A published issue that a failed re-run must leave exactly as it is."""
    ingest(
        IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, publish=True, workers=1)
    )
    return _snapshot(data_dir)


def _corrupt(tmp_path: Path, good: Path) -> Path:
    data = bytearray(good.read_bytes())
    path = tmp_path / "A02.pdf"
    path.write_bytes(bytes(data[:200]) + b"\x00garbage" * 50)
    return path


def _encrypted(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "A02.pdf"
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(100, 700, "locked page")
    c.save()
    return path


def _zero_pages(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "A02.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.save(str(path))
    pdf.close()
    return path


def _not_a_pdf(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "A02.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    return path


def _empty_file(tmp_path: Path, good: Path) -> Path:
    path = tmp_path / "A02.pdf"
    path.write_bytes(b"")
    return path


def _huge_page(tmp_path: Path, good: Path) -> Path:
    return write_page_pdf(tmp_path / "A02.pdf", zh_articles(2), pagesize=(6000, 8000))


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_corrupt, "damaged or is not a valid PDF"),
        (_encrypted, "encrypted"),
        (_zero_pages, "has no pages"),
        (_not_a_pdf, "not a PDF"),
        (_empty_file, "empty"),
        (_huge_page, "larger than a newspaper page"),
    ],
    ids=["corrupt", "encrypted", "zero-pages", "not-pdf", "empty", "huge-page"],
)
def test_bad_pdf_is_refused_and_nothing_changes(
    make, problem, published, page_pdfs, tmp_path, data_dir
):
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = make(bad_dir, page_pdfs[1])
    with pytest.raises(IngestError) as err:
        ingest(
            IngestRequest(
                publication="jcrb",
                date=ISSUE_DATE,
                files=[page_pdfs[0], bad, page_pdfs[2]],
                workers=1,
            )
        )
    message = str(err.value)
    assert message.startswith("A02.pdf: "), message
    assert problem in message
    assert _snapshot(data_dir) == published
    assert not any((data_dir / "staging").iterdir())


def test_size_limit(published, page_pdfs, settings, data_dir):
    settings.BROADSHEET_MAX_PDF_MB = 1
    big = page_pdfs[0].parent / "A09.pdf"
    big.write_bytes(page_pdfs[0].read_bytes() + b"%" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(
        IngestError, match=r"A09.pdf: the file is 2\.\d MB, more than the limit of 1 MB"
    ):
        ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[big], workers=1))
    assert _snapshot(data_dir) == published


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "is not valid JSON (line 1"),
        ("[]", "the top level must be a JSON object"),
        ('{"pages": {"file": "A01.pdf"}}', "pages: expected a list of pages"),
        ('{"pages": [{"name": "要闻"}]}', 'pages[0]: name the page by "file"'),
        (
            '{"pages": [{"file": "A01.pdf", "articles": [{"headline": "x", "regions": [[1, 2, 3]]}]}]}',
            "pages[0].articles[0].regions[0]: expected 4 numbers",
        ),
        (
            '{"pages": [{"file": "A01.pdf", "articles": [{"headline": "x", "regions": [[10, 10, 5, 50]]}]}]}',
            "empty or inverted",
        ),
        (
            '{"pages": [{"file": "A01.pdf", "articles": [{"kind": "poem", "regions": [[1, 2, 3, 4]]}]}]}',
            "unknown kind 'poem'",
        ),
        ('{"pages": [{"file": "A01.pdf", "number": "A 1"}]}', "is not a page label"),
        (
            '{"pages": [{"file": "A01.pdf", "number": "A1"}, {"file": "A02.pdf", "number": "A1"}]}',
            "appears twice",
        ),
        ('{"pages": [{"file": "Z99.pdf"}]}', "pages[0]: no page matches Z99.pdf"),
        ('{"date": "2026-11-28"}', "the manifest is for 2026-11-28"),
        ('{"publication": "other"}', "the manifest is for publication 'other'"),
    ],
)
def test_malformed_manifest_is_refused_and_nothing_changes(
    content, problem, published, page_pdfs, tmp_path, data_dir
):
    path = tmp_path / "issue-manifest.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as err:
        ingest(
            IngestRequest(
                publication="jcrb", date=ISSUE_DATE, files=page_pdfs, manifest=path, workers=1
            )
        )
    assert str(err.value).startswith("issue-manifest.json: ")
    assert problem in str(err.value)
    assert _snapshot(data_dir) == published


def test_unknown_publication(published, page_pdfs, data_dir):
    with pytest.raises(IngestError, match=r"unknown publication 'nope' \(known: jcrb\)"):
        ingest(IngestRequest(publication="nope", date=ISSUE_DATE, files=page_pdfs, workers=1))
    assert _snapshot(data_dir) == published


def test_missing_file(published, tmp_path, data_dir):
    with pytest.raises(IngestError, match="ghost.pdf: no such file"):
        ingest(
            IngestRequest(
                publication="jcrb", date=ISSUE_DATE, files=[tmp_path / "ghost.pdf"], workers=1
            )
        )
    assert _snapshot(data_dir) == published


def test_failure_after_validation_keeps_the_published_issue(
    published, page_pdfs, data_dir, monkeypatch, tmp_path
):
    """A crash while storing rows removes this run's files and keeps the old issue intact."""
    import broadsheet.ingest.store as store

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store._Writer, "write_articles", explode)
    changed = write_page_pdf(tmp_path / "A02.pdf", zh_articles(9), header="江城日报 A02")
    with pytest.raises(RuntimeError):
        ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=[changed], workers=1))
    assert _snapshot(data_dir) == published


def test_command_reports_the_error(published, page_pdfs, tmp_path, data_dir):
    bad = tmp_path / "A05.pdf"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(CommandError, match="A05.pdf: this is not a PDF file"):
        call_command("ingest", str(bad), publication="jcrb", date=ISSUE_DATE.isoformat())
    with pytest.raises(CommandError, match="not a date"):
        call_command("ingest", str(page_pdfs[0]), publication="jcrb", date="27/11/2026")
    assert _snapshot(data_dir) == published


def test_manifest_json_example_in_docs_is_valid(tmp_path):
    from broadsheet.ingest.manifest import parse_manifest

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest.json"
    manifest = parse_manifest(example)
    assert manifest.pages and manifest.pages[0].articles
    json.loads(example.read_text(encoding="utf-8"))
