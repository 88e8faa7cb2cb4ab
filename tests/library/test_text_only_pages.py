"""A page made blank because no picture of it exists (an import from a library's METS/ALTO
without images): flagged in the manifest, stored, and said so to readers in both languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from broadsheet.ingest.pipeline import IngestRequest, ingest
from tests.conftest import ISSUE_DATE


def test_a_page_without_a_picture_is_flagged_and_told_to_readers(
    publication: Any, page_pdfs: list[Path], manifest_for: Any, client: Any
) -> None:
    manifest = manifest_for(page_pdfs)
    data = json.loads(manifest.read_text("utf-8"))
    data["pages"][1]["image"] = False
    manifest.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    ingest(
        IngestRequest(
            publication="jcrb", date=ISSUE_DATE, files=page_pdfs, manifest=manifest, publish=True
        )
    )
    day = ISSUE_DATE.isoformat()
    twin = client.get(f"/jcrb/{day}.json").json()
    assert [p["has_image"] for p in twin["pages"]] == [True, False, True]
    client.cookies["django_language"] = "en"
    assert "No picture of this page exists" in client.get(f"/jcrb/{day}/A02/").content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "本版没有版面图" in client.get(f"/jcrb/{day}/A02/").content.decode()
    assert "本版没有版面图" not in client.get(f"/jcrb/{day}/A01/").content.decode()
