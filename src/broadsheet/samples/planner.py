"""Page planning: cut the area under the page header into article slots on the column grid.

The cut is a recursive ("Manhattan") partition, like a make-up editor's dummy: bands stacked top
to bottom, each split into column groups, with a rule in every cut. The order of the leaves is
the reading order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .ops import LineOp


@dataclass
class Grid:
    x0: float
    x1: float
    top: float
    bottom: float
    columns: int
    gutter: float

    @property
    def col_width(self) -> float:
        return (self.x1 - self.x0 - (self.columns - 1) * self.gutter) / self.columns

    def col_x(self, col: int) -> tuple[float, float]:
        x = self.x0 + col * (self.col_width + self.gutter)
        return x, x + self.col_width


@dataclass
class Slot:
    col0: int
    span: int
    top: float
    bottom: float
    kind: str = "news"  # news, picture, brief, advert
    lead: bool = False
    boxed: bool = False
    photo: str = "none"  # none, top (above the headline), body (at the head of the columns)
    kicker: bool = False
    subheadline: bool = False
    jump_to: int | None = None  # page index this article continues on
    continuation: object | None = None  # the part this slot continues, set by the issue
    label: str = ""  # a column label drawn above a stack of briefs

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PagePlan:
    grid: Grid
    slots: list[Slot] = field(default_factory=list)
    rules: list[LineOp] = field(default_factory=list)


VGAP = 16.0  # space between stacked slots, with the rule in its middle
MIN_HEIGHT = 150.0


@dataclass
class _Area:
    col0: int
    span: int
    top: float
    bottom: float


class Planner:
    def __init__(self, rng: random.Random, grid: Grid, rule_width: float, rules: bool) -> None:
        self.rng = rng
        self.grid = grid
        self.rule_width = rule_width
        self.draw_rules = rules
        self.plan = PagePlan(grid)

    # rules -----------------------------------------------------------------------------------
    def _vrule(self, area: _Area, col: int) -> None:
        if self.draw_rules:
            x = self.grid.col_x(col)[0] - self.grid.gutter / 2
            self.plan.rules.append(LineOp(x, area.top, x, area.bottom, self.rule_width))

    def _hrule(self, area: _Area, y: float) -> None:
        if self.draw_rules:
            x0 = self.grid.col_x(area.col0)[0]
            x1 = self.grid.col_x(area.col0 + area.span - 1)[1]
            self.plan.rules.append(LineOp(x0, y, x1, y, self.rule_width))

    # cuts ------------------------------------------------------------------------------------
    def cut_h(self, area: _Area, height: float) -> tuple[_Area, _Area]:
        y = area.top + height
        self._hrule(area, y)
        return (
            _Area(area.col0, area.span, area.top, y - VGAP / 2),
            _Area(area.col0, area.span, y + VGAP / 2, area.bottom),
        )

    def cut_v(self, area: _Area, left_span: int) -> tuple[_Area, _Area]:
        self._vrule(area, area.col0 + left_span)
        return (
            _Area(area.col0, left_span, area.top, area.bottom),
            _Area(area.col0 + left_span, area.span - left_span, area.top, area.bottom),
        )

    def leaf(self, area: _Area, **kw: object) -> Slot:
        slot = Slot(area.col0, area.span, area.top, area.bottom, **kw)  # type: ignore[arg-type]
        self.plan.slots.append(slot)
        return slot

    def partition(self, area: _Area, n: int, depth: int = 0) -> None:
        rng = self.rng
        height = area.bottom - area.top
        can_h = height >= 2 * MIN_HEIGHT + VGAP
        can_v = area.span >= 4 or (area.span >= 3 and height > 500)
        if n <= 1 or not (can_h or can_v):
            self.leaf(area)
            return
        width = self.grid.col_x(area.col0 + area.span - 1)[1] - self.grid.col_x(area.col0)[0]
        prefer_v = width > height * (0.9 if depth else 1.6)
        vertical = can_v and (not can_h or (rng.random() < (0.75 if prefer_v else 0.3)))
        if vertical:
            left = rng.randint(2, area.span - 2) if area.span >= 4 else rng.choice((1, 2))
            n1 = min(max(1, round(n * left / area.span)), n - 1)
            a, b = self.cut_v(area, left)
        else:
            frac = min(max(rng.uniform(0.35, 0.6), MIN_HEIGHT / height), 1 - MIN_HEIGHT / height)
            n1 = min(max(1, round(n * frac)), n - 1)
            a, b = self.cut_h(area, height * frac)
        self.partition(a, n1, depth + 1)
        self.partition(b, n - n1, depth + 1)


def plan_page(
    rng: random.Random,
    grid: Grid,
    *,
    front: bool,
    articles: int,
    advert: bool,
    briefs: bool,
    rules: bool,
    rule_width: float,
) -> PagePlan:
    """Cut the grid into slots; mark the lead, photos, pictures, boxes, adverts and briefs."""
    planner = Planner(rng, grid, rule_width, rules)
    area = _Area(0, grid.columns, grid.top, grid.bottom)
    height = grid.bottom - grid.top
    n = articles

    advert_area: _Area | None = None
    if advert:
        ad_height = height * rng.uniform(0.12, 0.22)
        area, bottom = planner.cut_h(area, height - ad_height - VGAP / 2)
        if rng.random() < 0.5 and grid.columns >= 5:
            span = grid.columns // 2 + rng.choice((0, 1))
            left, advert_area = planner.cut_v(bottom, grid.columns - span)
            deferred: list[tuple[_Area, int]] = [(left, 1)]
            n -= 1
        else:
            advert_area, deferred = bottom, []
    else:
        deferred = []

    # the lead band: the page's main story across most of the width
    band_height = (area.bottom - area.top) * rng.uniform(0.34 if front else 0.3, 0.46)
    band, rest = planner.cut_h(area, band_height)
    side_span = 0
    if grid.columns >= 6 and rng.random() < 0.45:
        side_span = rng.choice((2, 2, 3)) if not briefs else rng.choice((1, 2))
        lead_area, side = planner.cut_v(band, grid.columns - side_span)
    else:
        lead_area, side = band, None
    lead = planner.leaf(lead_area, lead=True, photo=rng.choice(("top", "body", "body")))
    lead.kicker = rng.random() < 0.5
    lead.subheadline = rng.random() < 0.6
    n -= 1
    if side is not None:
        if briefs:
            planner.leaf(side, kind="brief")
        else:
            planner.leaf(side)
        n -= 1

    if briefs and side is None and rest.span >= 5:
        span = rng.choice((1, 2)) if grid.columns >= 7 else 1
        if rng.random() < 0.5:
            strip, rest = planner.cut_v(rest, span)
            planner.leaf(strip, kind="brief")
        else:
            rest, strip = planner.cut_v(rest, rest.span - span)
            planner.partition(rest, max(1, n - 1))
            planner.leaf(strip, kind="brief")
            rest = None  # type: ignore[assignment]
        n -= 1
    if rest is not None:
        planner.partition(rest, max(1, n))
    for extra, count in deferred:
        planner.partition(extra, count)
    if advert_area is not None:
        planner.leaf(advert_area, kind="advert")

    _decorate(rng, planner.plan, grid)
    return planner.plan


def _decorate(rng: random.Random, plan: PagePlan, grid: Grid) -> None:
    news = [s for s in plan.slots if s.kind == "news" and not s.lead]
    pictures = [s for s in news if s.span >= 2 and 180 < s.height < 520]
    if pictures and rng.random() < 0.35:
        rng.choice(pictures).kind = "picture"
    boxable = [s for s in news if s.kind == "news" and s.height < 600]
    if boxable and rng.random() < 0.3:
        rng.choice(boxable).boxed = True
    for slot in plan.slots:
        if slot.kind != "news" or slot.lead:
            continue
        slot.kicker = rng.random() < 0.3
        slot.subheadline = rng.random() < 0.3
        if slot.span >= 2 and slot.height > 300 and rng.random() < 0.4:
            slot.photo = "body"
    for slot in plan.slots:
        if slot.kind == "brief":
            slot.label = "brief"
