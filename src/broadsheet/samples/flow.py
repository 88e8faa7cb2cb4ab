"""Flowing typeset lines into the columns (frames) of an article, top to bottom, left to right."""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import Face
from .typeset import Line


@dataclass
class Frame:
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Placed:
    role: str  # body, subhead, byline, jump
    para: int  # index of the paragraph the line belongs to (-1 for byline and jump lines)
    line: Line
    frame: int
    x: float
    top: float  # top of the line's box (ascent above the baseline)
    baseline: float
    bottom: float  # bottom of the line's box (descent below the baseline)
    face: Face
    size: float
    align: str = "justify"  # justify, left, right, center
    source: str = ""  # the text the line was cut from, for lines outside the paragraphs

    @property
    def x1(self) -> float:
        return self.x + self.line.drawn_width


@dataclass(frozen=True)
class Snapshot:
    frame: int
    y: float
    count: int
    fresh: bool


class Flow:
    """Places lines in frames; snapshots let a caller undo a paragraph and set it again."""

    def __init__(self, frames: list[Frame]) -> None:
        self.frames = frames
        self.placed: list[Placed] = []
        self.frame = 0
        self.y = frames[0].top if frames else 0.0
        self.fresh = True  # nothing placed yet in the current frame

    def snapshot(self) -> Snapshot:
        return Snapshot(self.frame, self.y, len(self.placed), self.fresh)

    def restore(self, snap: Snapshot) -> None:
        self.frame, self.y, self.fresh = snap.frame, snap.y, snap.fresh
        del self.placed[snap.count :]

    def _fits(self, height: float) -> bool:
        return self.y + height <= self.frames[self.frame].bottom + 1e-6

    def _advance(self) -> bool:
        if self.frame + 1 >= len(self.frames):
            return False
        self.frame += 1
        self.y = self.frames[self.frame].top
        self.fresh = True
        return True

    def add(
        self,
        lines: list[Line],
        *,
        role: str,
        para: int,
        face: Face,
        size: float,
        leading: float,
        space_before: float = 0.0,
        keep_with: float = 0.0,
        align: str = "justify",
        source: str = "",
    ) -> int:
        """Place ``lines``; return how many fit. ``keep_with`` is room wanted after the group."""
        if not self.frames:
            return 0
        if self.frame >= len(self.frames):
            return 0
        gap = 0.0 if self.fresh else space_before
        need = gap + leading * (len(lines) if keep_with else 1) + keep_with
        if not self.fresh and not self._fits(need):
            if not self._advance():
                return 0
            gap = 0.0
        self.y += gap
        count = 0
        for line in lines:
            if not self._fits(leading) and not self._advance():
                break
            frame = self.frames[self.frame]
            inner = (leading - (face.ascent + face.descent) * size) / 2
            top = self.y + inner
            baseline = top + face.ascent * size
            bottom = baseline + face.descent * size
            width = frame.x1 - frame.x0
            x = frame.x0 + line.indent
            if align == "right":
                x = frame.x1 - line.natural
            elif align == "center":
                x = frame.x0 + (width - line.natural) / 2
            self.placed.append(
                Placed(
                    role,
                    para,
                    line,
                    self.frame,
                    x,
                    top,
                    baseline,
                    bottom,
                    face,
                    size,
                    align,
                    source,
                )
            )
            self.y += leading
            self.fresh = False
            count += 1
        return count
