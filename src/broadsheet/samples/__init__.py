"""Synthetic newspaper issues: page PDFs drawn with reportlab, with exact analysis truth.

Pure Python, no Django: used by the demo, the tests and the benchmarks. See docs/samples.md.
"""

from __future__ import annotations

from .fonts import FontMissingError
from .issue import GeneratedIssue, GeneratedPage, generate_issue, write_issue
from .profiles import DEMO_PUBLICATIONS, PublicationProfile, profile_by_slug

__all__ = [
    "DEMO_PUBLICATIONS",
    "FontMissingError",
    "GeneratedIssue",
    "GeneratedPage",
    "PublicationProfile",
    "generate_issue",
    "profile_by_slug",
    "write_issue",
]
