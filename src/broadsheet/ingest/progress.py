"""A one-line progress bar for terminals; silent when the output is not a terminal."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = round(self.width * done / total)
        bar = "█" * filled + "·" * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{step:>8} {bar} {done}/{total}{end}")
        self.stream.flush()
