"""Seconds spent in each step of a run, for the event log and `-v 2`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def add(self, step: str, seconds: float) -> None:
        self.steps[step] = self.steps.get(step, 0.0) + seconds
