from __future__ import annotations

from typing import Any

import pytest

from tests.ocr.support import cached_recognise


@pytest.fixture(autouse=True)
def ocr_cache(monkeypatch: Any) -> None:
    """Recognitions of the generated fixtures come from a cache keyed by content hash."""
    import broadsheet.ocr.worker as worker

    monkeypatch.setattr(worker, "recognise_page", cached_recognise(worker.recognise_page))
