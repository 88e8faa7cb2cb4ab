from __future__ import annotations

import datetime as dt

import pytest

from broadsheet.ingest.pipeline import IngestRequest, ingest
from tests.conftest import ISSUE_DATE


@pytest.fixture
def issues(publication, english_publication, page_pdfs, manifest_for):
    """Two published issues of 江城日报 a day apart (with a gap day), and a draft."""
    manifest = manifest_for(page_pdfs)
    made = {}
    for date, publish in [
        (ISSUE_DATE - dt.timedelta(days=2), True),
        (ISSUE_DATE, True),
        (ISSUE_DATE + dt.timedelta(days=1), False),
    ]:
        made[date] = ingest(
            IngestRequest(
                publication="jcrb",
                date=date,
                files=page_pdfs,
                manifest=manifest,
                publish=publish,
                workers=1,
            )
        ).issue
    return made
