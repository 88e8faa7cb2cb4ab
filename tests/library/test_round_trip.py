"""What Broadsheet exports as METS/ALTO, Broadsheet imports again: the same pages in the same
order with their labels, the same articles with their headlines, bylines and text, their zones
in place. (A library receiving our legal-deposit delivery reads it the same way.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management import call_command

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.newspaper.models import Article, Publication
from tests.conftest import ISSUE_DATE


def _norm(text: str) -> str:
    return "".join(text.split())


def test_an_exported_issue_imports_again_as_it_was(
    publication: Any, page_pdfs: list[Path], tmp_path: Path
) -> None:
    # Analysed, so that each article has its kicker, headline, byline and body blocks
    ingest(IngestRequest(publication="jcrb", date=ISSUE_DATE, files=page_pdfs, publish=True))
    out = tmp_path / "delivery"
    call_command(
        "export_mets", str(out), publication="jcrb", date=ISSUE_DATE.isoformat(), verbosity=0
    )
    Publication.objects.create(slug="copy", name="江城日报（档案）", language="zh-hans")
    report = tmp_path / "report.json"
    call_command(
        "import_mets", str(out / "mets.xml"), "--publication", "copy", "--publish",
        "--report", str(report), verbosity=0,
    )  # fmt: skip
    assert json.loads(report.read_text("utf-8"))["issues"][0]["status"] == "imported"

    def articles(slug: str) -> list[tuple[str, str, str, str]]:
        rows = Article.objects.filter(issue__publication__slug=slug).order_by(
            "page__sequence", "order"
        )
        return [
            (a.page.number, _norm(a.headline), _norm(a.byline), _norm(a.body_text)) for a in rows
        ]

    assert articles("copy") == articles("jcrb")
