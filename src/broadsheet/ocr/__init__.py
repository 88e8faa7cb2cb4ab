"""OCR of scanned pages (issue #15): pure code, no Django.

`recognise_page(image, engine, page_size)` prepares a scan (border crop, contrast, deskew, page
rotation), recognises it with an `Engine` (RapidOCR's PP-OCR models from its wheel: nothing is
downloaded) and returns lines and words with boxes in page points and confidences.
"""

from broadsheet.ocr.engine import Engine, EngineUnavailable, Line, Word, rapidocr_engine
from broadsheet.ocr.page import Recognition, recognise_page

__all__ = [
    "Engine",
    "EngineUnavailable",
    "Line",
    "Recognition",
    "Word",
    "rapidocr_engine",
    "recognise_page",
]
