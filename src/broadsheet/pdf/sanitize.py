"""Placeholder until the pikepdf rewrite lands (branch h-pdf): returns the PDF unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sanitized:
    pdf: bytes
    removed: tuple[str, ...]


def sanitize_pdf(source: Path | bytes, name: str) -> Sanitized:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return Sanitized(pdf=data, removed=())
