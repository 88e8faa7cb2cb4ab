"""`broadsheet ocr`: the backfill of scanned pages already in the archive."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from broadsheet.ingest.pipeline import IngestRequest, ingest
from broadsheet.ocrtext.models import PageText
from tests.conftest import ISSUE_DATE
from tests.ocr.support import image_pdf, text_image

pytest.importorskip("rapidocr", reason="the ocr extra is not installed")

PAGES = [["江城晚报记者昨日获悉"], ["老城区二十条街巷焕新亮相"], ["市民出行更便捷街区活力再提升"]]


def archive(tmp_path: Path, publication: Any) -> None:
    """Three old issues of one scanned page each, ingested before OCR existed."""
    for n, lines in enumerate(PAGES):
        pdf = image_pdf(text_image(lines), tmp_path / f"A01-{n}.pdf")
        day = ISSUE_DATE - dt.timedelta(days=n)
        ingest(
            IngestRequest(publication.slug, day, [pdf], names=["A01.pdf"], publish=True, ocr=False)
        )


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ocr", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backfill_resumes_after_an_interruption(
    tmp_path: Path, publication: Any, monkeypatch: Any
) -> None:
    import broadsheet.ocrtext.backfill as backfill

    archive(tmp_path, publication)
    assert not PageText.objects.exists()
    real_apply, calls = backfill.apply, []

    def interrupted(page: Any, result: Any) -> str:
        calls.append(page.pk)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C, or the machine going down, mid-run
        return real_apply(page, result)

    monkeypatch.setattr(backfill, "apply", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run("--publication", "jcrb")
    assert PageText.objects.filter(status="done").count() == 1
    monkeypatch.setattr(backfill, "apply", real_apply)

    out, err = run("--publication", "jcrb")
    assert "recognised 2 page(s), 0 failed, 1 already recognised" in out
    assert "3/3" not in err and "2/2 pages" in err and "left" in err  # progress with estimate
    texts = "".join(PageText.objects.values_list("text", flat=True))
    assert all(lines[0] in texts for lines in PAGES)

    out, _ = run()
    assert "recognised 0 page(s), 0 failed, 3 already recognised" in out
    out, _ = run("--force", "--from", ISSUE_DATE.isoformat(), "--to", ISSUE_DATE.isoformat())
    assert "recognised 1 page(s), 0 failed, 0 already recognised" in out


@pytest.mark.django_db
def test_backfill_refuses_bad_options(publication: Any) -> None:
    with pytest.raises(CommandError, match="unknown publication 'nope'"):
        run("--publication", "nope")
    with pytest.raises(CommandError, match="not a date"):
        run("--from", "27/11/2026")
    with pytest.raises(CommandError, match="--from is after --to"):
        run("--from", "2026-11-28", "--to", "2026-11-27")
