"""One page: furniture, a plan, and every slot composed; the page's truth in reading order."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from . import chrome
from .article import Composed, Continuation, Style
from .fonts import face
from .kinds import compose_advert, compose_briefs, compose_news, compose_picture
from .ops import Op
from .planner import Grid, Slot, plan_page
from .profiles import PublicationProfile
from .stories import HeadlineLedger, make_story
from .vocab_en import BRIEF_TITLES as BRIEFS_EN
from .vocab_zh import BRIEF_TITLES as BRIEFS_ZH

MAX_CONTINUATIONS = 2  # parts arriving on one page


@dataclass
class IssueContext:
    profile: PublicationProfile
    date: datetime.date
    pages: int
    pending: dict[int, list[Continuation]] = field(default_factory=dict)
    reserved: dict[int, int] = field(default_factory=dict)  # jumps promised to each page
    ledger: HeadlineLedger = field(default_factory=HeadlineLedger)

    def label(self, index: int) -> str:
        return self.profile.page_label(index)


@dataclass
class PageResult:
    ops: list[Op]
    articles: list[dict]
    width: float
    height: float


def page_style(profile: PublicationProfile, rng: random.Random, grid: Grid) -> Style:
    lo, hi = profile.body_size
    size = rng.uniform(lo, hi)
    if profile.is_chinese:  # a whole number of characters per line, as CJK typesetting does
        per_line = max(6, round(grid.col_width / size))
        size = grid.col_width / per_line
        while size > hi + 0.3:
            per_line += 1
            size = grid.col_width / per_line
    size = round(size, 3)
    return Style(
        chinese=profile.is_chinese,
        body=face(profile.body_font),
        body_size=size,
        leading=round(size * profile.leading, 3),
        headline=face(profile.headline_font),
        headline_bold=profile.headline_bold,
        headline_range=profile.headline_size,
        kicker=face(profile.kicker_font),
        subheadline=face(profile.subheadline_font),
        byline=face(profile.byline_font),
        caption=face(profile.caption_font),
        caption_size=profile.caption_size,
        subhead=face(profile.subhead_font),
        center=profile.center_headlines,
        indent_em=profile.indent_em,
        accent=profile.accent,
    )


def compose_page(ctx: IssueContext, index: int, rng: random.Random) -> PageResult:
    profile = ctx.profile
    width, height = profile.page_size
    top, right, bottom, left = profile.margin
    front = index == 1
    label = ctx.label(index)
    section = profile.section_for(index)
    columns = profile.columns if front else rng.choice(profile.column_choices or (profile.columns,))
    probe = Grid(left, width - right, 0, 0, columns, profile.gutter)
    style = page_style(profile, rng, probe)

    ops: list[Op] = []
    if front:
        head, content_top = chrome.masthead(profile, style, ctx.date, ctx.pages, rng)
    else:
        head, content_top = chrome.header(profile, style, ctx.date, label, section, rng)
    ops += head
    content_bottom = height - bottom
    if index == ctx.pages or rng.random() < 0.4:
        foot, content_bottom = chrome.footer(profile, style, label)
        ops += foot
    grid = Grid(left, width - right, content_top, content_bottom, columns, profile.gutter)

    ctx.ledger.new_page()
    arriving = ctx.pending.pop(index, [])
    for part in arriving:  # a continued story keeps its headline, so nothing else may take it
        ctx.ledger.page.add(part.story.headline_key)
    articles = rng.randint(5, 7) if front else rng.randint(3, 7)
    articles = max(articles, len(arriving) + 3)
    plan = plan_page(
        rng,
        grid,
        front=front,
        articles=articles,
        advert=not front and rng.random() < 0.4,
        briefs=rng.random() < 0.35,
        rules=rng.random() < 0.85,
        rule_width=profile.rule_width,
    )
    _assign_continuations(plan.slots, arriving)
    _assign_jumps(ctx, index, plan.slots, rng, front)
    ops += plan.rules

    lo, hi = profile.headline_size
    composed: list[Composed] = []
    for slot in plan.slots:
        if slot.kind == "advert":
            composed.append(compose_advert(style, grid, slot, rng, ctx.date))
        elif slot.kind == "brief":
            titles = BRIEFS_ZH if profile.is_chinese else BRIEFS_EN
            items, deco = compose_briefs(
                style,
                grid,
                slot,
                rng,
                section,
                ctx.date,
                profile.credit_marks,
                rng.choice(titles),
                ctx.ledger,
            )
            ops += deco
            composed += items
        elif slot.kind == "picture":
            story = make_story(rng, profile.language, section, ctx.date)
            composed.append(compose_picture(style, grid, slot, story, rng, lo + 2))
        else:
            composed.append(_news(ctx, style, grid, slot, rng, section, columns))
    page_articles = []
    for n, item in enumerate(composed, start=1):
        ops += item.ops
        if item.carry is not None:
            item.carry.from_page = index
            item.carry.from_label = label
            ctx.pending.setdefault(item.carry.to_page, []).append(item.carry)
        page_articles.append(item.truth(f"p{index}-a{n}"))
    return PageResult(ops, page_articles, width, height)


def _news(
    ctx: IssueContext,
    style: Style,
    grid: Grid,
    slot: Slot,
    rng: random.Random,
    section: str,
    columns: int,
) -> Composed:
    profile = ctx.profile
    lo, hi = profile.headline_size
    cont = slot.continuation
    if isinstance(cont, Continuation):
        return compose_news(
            style, grid, slot, cont.story, rng, headline_size=lo + 2, continuation=cont
        )
    story = make_story(
        rng,
        profile.language,
        section,
        ctx.date,
        kicker=slot.kicker,
        subheadline=slot.subheadline,
        byline=rng.random() < 0.85,
        credit=profile.is_chinese and rng.random() < 0.45,
        credit_marks=profile.credit_marks,
        ledger=ctx.ledger,
    )
    if slot.lead:  # the page's largest headline, scaled down when the lead is narrow
        size = lo + (hi - lo) * min(1.0, 1.4 * slot.span / columns) - rng.uniform(0, 6)
    else:
        size = lo + (hi - lo) * 0.5 * slot.span / columns + rng.uniform(0, 4)
        size = min(size, lo + (hi - lo) * 0.45)
    label = ctx.label(slot.jump_to) if slot.jump_to else ""
    return compose_news(style, grid, slot, story, rng, headline_size=round(size), jump_label=label)


def _assign_continuations(slots: list[Slot], arriving: list[Continuation]) -> None:
    candidates = [s for s in slots if s.kind in ("news", "picture") and not s.lead and not s.boxed]
    candidates.sort(key=lambda s: -(s.span * s.height))
    candidates += [s for s in slots if s.lead]
    if len(candidates) < len(arriving):
        raise RuntimeError("page plan has no room for the articles continued on it")
    for slot, cont in zip(candidates, arriving, strict=False):
        slot.kind = "news"
        slot.continuation = cont
        slot.photo = "none"
        slot.jump_to = None


def _assign_jumps(
    ctx: IssueContext, index: int, slots: list[Slot], rng: random.Random, front: bool
) -> None:
    if index >= ctx.pages:
        return
    candidates = [
        s
        for s in slots
        if s.kind == "news" and s.continuation is None and not s.boxed and s.height > 200
    ]
    if not candidates:
        return
    chosen: list[Slot] = []
    leads = [s for s in candidates if s.lead]
    if front:
        if leads and rng.random() < 0.85:
            chosen.append(leads[0])
        others = [s for s in candidates if not s.lead]
        if others and rng.random() < 0.5:
            chosen.append(rng.choice(others))
    elif rng.random() < 0.25:
        chosen.append(rng.choice(candidates))
    for slot in chosen:
        targets = [
            t
            for t in range(index + 1, min(ctx.pages, index + 4) + 1)
            if ctx.reserved.get(t, 0) < MAX_CONTINUATIONS
        ]
        if not targets:
            return
        target = rng.choice(targets)
        slot.jump_to = target
        ctx.reserved[target] = ctx.reserved.get(target, 0) + 1
