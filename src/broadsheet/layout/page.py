"""One page, from extracted content to the contract's page dict."""

from __future__ import annotations

from collections import Counter
from typing import Any

from broadsheet.layout.adverts import find_adverts, graphic_adverts
from broadsheet.layout.articles import (
    Draft,
    attach_heading_lines,
    find_captions,
    group_headings,
    is_furniture_draft,
    mark_bylines_and_jumps,
    photo_block,
)
from broadsheet.layout.blocks import Block, build_blocks, lines_text
from broadsheet.layout.context import mark_line_roles
from broadsheet.layout.furniture import mark_furniture, page_furniture
from broadsheet.layout.hints import apply_story_hints
from broadsheet.layout.lines import Line, body_size, build_lines, is_cjk
from broadsheet.layout.order import xy_order
from broadsheet.layout.orphans import (
    absorb_orphans,
    attach_photos_above,
    group_orphans,
    join_vertical_headings,
    merge_inner_lines,
    photos_onto_headlines,
)
from broadsheet.layout.outline import outline
from broadsheet.layout.ownership import assign_units
from broadsheet.layout.quality import page_text_quality, usable_chars
from broadsheet.layout.titles import promote_box_title
from broadsheet.layout.typography import (
    is_ornament,
    join_drop_caps,
    join_split_bylines,
    split_at_bullets,
    without_underlines,
)
from broadsheet.layout.zones import article_regions, enclosing_frame
from broadsheet.pdf.extract import PageContent, Rect


def _box(b: Block) -> tuple[float, float, float, float]:
    return (b.x0, b.y0, b.x1, b.y1)


def _run_on(before: str, after: str) -> str:
    """Join text running on from one column to the next (no space between CJK, dehyphenated)."""
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha() and after[:1].islower():
        return before[:-1] + after
    if is_cjk(before[-1]) or is_cjk(after[0]):
        return before + after
    return before + " " + after


def _display_lines(u: Block, column: float) -> str:
    """Subhead text: stacked display lines are separate subheads unless one wrapped onto the
    next (the line above fills the column)."""
    groups: list[list[Line]] = [[u.lines[0]]]
    for prev, ln in zip(u.lines, u.lines[1:], strict=False):
        if prev.width >= column - 1.5 * prev.size:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return "\n\n".join(lines_text(g) for g in groups)


def _opens_paragraph(u: Block) -> bool:
    """A column block opens a new paragraph when its first line is indented."""
    first = u.lines[0]
    return first.x0 - u.x0 > 0.8 * first.size


def _article_dict(
    draft: Draft, index: int, n: int, others: list[Block], body: float, frames: list[Rect]
) -> dict[str, Any]:
    fields = {"kicker": [], "headline": [], "subheadline": [], "byline": []}  # type: dict[str, list[str]]
    blocks_out: list[dict[str, Any]] = []
    if draft.heading:
        for b in draft.heading.blocks:
            fields.setdefault(b.role, []).append(b.text())
            blocks_out.append({"role": b.role, "bbox": b.bbox(), "text": b.text()})
    units = xy_order(draft.units, _box, right_to_left=any(u.vertical for u in draft.units))
    body_parts: list[str] = []
    prev_body: Block | None = None
    # An advert's largest text is its headline.
    texts = [u for u in units if u.role == "advert" and u.lines]
    advert_title = max(texts, key=lambda u: u.size) if texts else None
    for u in units:
        if u.role == "photo":
            blocks_out.append({"role": "photo", "bbox": u.bbox(), "text": ""})
            continue
        text = u.text(paragraphs=u.role == "body")
        if u.role == "advert":
            if u is advert_title:
                fields["headline"].append(text)
                blocks_out.append({"role": "headline", "bbox": u.bbox(), "text": text})
            elif u.lines:
                body_parts.append(text)
                blocks_out.append({"role": "body", "bbox": u.bbox(), "text": text})
            continue
        blocks_out.append({"role": u.role, "bbox": u.bbox(), "text": text})
        if u.role == "byline":
            fields["byline"].append(text)
        elif u.role == "subhead":
            column = max(
                (v.width for v in units if v.role == "body" and v.x0 < u.x1 and v.x1 > u.x0),
                default=u.width,
            )
            body_parts.append(_display_lines(u, column))
            prev_body = None
        elif u.role == "body":
            if prev_body is not None and text and not _opens_paragraph(u):
                # The column carries on the paragraph of the previous column.
                body_parts[-1] = _run_on(body_parts[-1], text)
            else:
                body_parts.append(text)
            prev_body = u
    regions = article_regions(draft, others, body, enclosing_frame(draft, others, frames))
    article: dict[str, Any] = {
        "id": f"p{index}-a{n}",
        "kind": draft.kind,
        "kicker": " ".join(fields["kicker"]),
        "headline": " ".join(fields["headline"]),
        "subheadline": " ".join(fields["subheadline"]),
        "byline": " ".join(fields["byline"]),
        "text": "\n\n".join(p for p in body_parts if p),
        "regions": regions,
        "outline": outline(regions, [[o.x0, o.y0, o.x1, o.y1] for o in others]),
        "blocks": blocks_out,
        "continued_to": None,
        "continued_from": None,
    }
    if draft.story:
        article["story"] = draft.story
    return article


def _kind(draft: Draft, body: float) -> str:
    if draft.kind == "advert":
        return "advert"
    roles = Counter(u.role for u in draft.units)
    texts = [u for u in draft.units if u.role in ("body", "subhead")]
    body_chars = sum(len(u.text()) for u in texts)
    if roles["photo"] and body_chars < 40:
        return "picture"
    # A brief: a short item in one column under a small headline, no photo, no byline.
    h = draft.heading
    if h is not None and texts and not roles["photo"] and not roles["byline"]:
        one_column = max(u.x1 for u in texts) - min(u.x0 for u in texts) <= 1.2 * max(
            u.width for u in texts
        )
        if h.headline.size < 1.6 * body and body_chars <= 350 and one_column:
            return "brief"
    return "news"


# Bounds that keep every page's analysis within seconds (docs/page-analysis.md). A dense
# broadsheet has 20,000-40,000 characters, a few hundred blocks and under a hundred headline
# candidates; pages past these are not typeset articles (a chart of tiny labels, a PDF made
# of thousands of stray glyphs), and matching headings to blocks grows with their product.
MAX_CHARS = 200_000
MAX_BLOCKS = 5_000
MAX_PAIRS = 250_000


def _too_complex(page: dict[str, Any], what: str) -> dict[str, Any]:
    page["analysis_error"] = (
        f"too complex to analyse ({what}, more than a newspaper page has); "
        "its zones can be drawn on the desk"
    )
    return page


def analyze_content(content: PageContent, index: int) -> dict[str, Any]:
    quality = page_text_quality(content)
    page: dict[str, Any] = {
        "index": index,
        "width": round(content.width, 1),
        "height": round(content.height, 1),
        "text_quality": quality,
        "articles": [],
    }
    if quality != "ok":
        return page
    chars = usable_chars(content.chars)
    if len(chars) > MAX_CHARS:
        return _too_complex(page, f"{len(chars)} characters")
    lines = build_lines(chars, content.rules)
    if not lines:
        return page
    body = body_size(lines)
    lines = split_at_bullets(join_split_bylines(join_drop_caps(lines, body), body))
    mark_line_roles(lines, body)
    rules = without_underlines(content.rules, lines)
    hrules = [r for r in rules if r.width >= r.height]
    vrules = [r for r in rules if r.height > r.width]
    bars = [r for r in content.boxes if r.width >= 20 and r.height >= 8]
    blocks = build_blocks(lines, body, rules, bars)
    candidates = sum(1 for b in blocks if b.style == "big")
    if len(blocks) > MAX_BLOCKS or candidates * len(blocks) > MAX_PAIRS:
        return _too_complex(page, f"{len(blocks)} text blocks, {candidates} headline candidates")
    for b in blocks:
        if b.role == "byline":
            b.role = ""  # decided per article; the line was only kept apart
            b.meta["byline_line"] = True
    top_cut, bottom_cut = page_furniture(blocks, hrules, content.width, content.height)
    mark_furniture(blocks, top_cut, bottom_cut, content.height, body, content.boxes)
    fonts = Counter(
        ln.chars[0].font_name for b in blocks if b.style == "body" for ln in b.lines if ln.chars
    )
    body_font = fonts.most_common(1)[0][0] if fonts else ""
    weights = Counter(b.bold for b in blocks if b.style == "body" for _ in b.lines)
    body_bold = weights[True] > weights[False]
    # pictures within the articles' band (one may run a little past a footer rule)
    photos = [
        photo_block(r)
        for r in content.images
        if r.width >= 20
        and r.height >= 20
        and min(r.y1, bottom_cut) - max(r.y0, top_cut) >= 0.9 * r.height - 1
    ]
    frames = [
        r
        for r in content.boxes
        if r.width >= 40
        and r.height >= 30
        and not (r.width >= 0.9 * content.width and r.height >= 0.5 * content.height)
    ]
    adverts = find_adverts(
        frames + [Rect(p.x0, p.y0, p.x1, p.y1) for p in photos],
        blocks,
        photos,
        body,
        content.width,
    )
    # (find_adverts' adverts hold text, so no frame is both)
    adverts += graphic_adverts(frames, content.boxes + content.images, blocks, photos)
    photos = [p for p in photos if p.role != "advert"]
    headings = group_headings(blocks, hrules, body, bars)
    attach_heading_lines(headings, blocks, hrules, body, photos, body_font)
    hrules = [r for r in hrules if not is_ornament(r, headings, body)]
    find_captions(photos, blocks, body, body_font)
    units: list[Block] = []
    for p in photos:
        units.append(p)
        cap = p.meta.get("caption")
        if isinstance(cap, Block):
            units.append(cap)
    units.extend(b for b in blocks if b.role in ("", "jump", "byline"))
    text_frames = [f for f in frames if not any(f is a for a in adverts)]
    drafts, orphans = assign_units(headings, units, hrules, vrules, text_frames, body)
    # A caption follows its photo to whatever article owns the photo.
    owner = {id(u): d for d in drafts for u in d.units}
    for p in photos:
        cap = p.meta.get("caption")
        if isinstance(cap, Block) and id(p) in owner and owner.get(id(cap)) is not owner[id(p)]:
            for d in drafts:
                if cap in d.units:
                    d.units.remove(cap)
            if cap in orphans:
                orphans.remove(cap)
            owner[id(p)].units.append(cap)
    orphans = attach_photos_above(drafts, orphans, hrules, body, text_frames)
    orphans = absorb_orphans(drafts, orphans, hrules, vrules, body, text_frames)
    # Once leftover columns joined their stories, a photo over a story's full width finds it.
    orphans = attach_photos_above(drafts, orphans, hrules, body, text_frames)
    photos_onto_headlines(drafts, hrules, body, text_frames)
    orphans = merge_inner_lines(drafts, orphans)
    drafts.extend(group_orphans(orphans, hrules, vrules, body, text_frames))
    drafts = join_vertical_headings(drafts, vrules, body)
    drafts = apply_story_hints(drafts, content)
    result: list[Draft] = []
    for d in drafts:
        mark_bylines_and_jumps(d, body, body_bold)
        promote_box_title(d, body)
        roles = {u.role for u in d.units}
        # A front-page teaser is an article too: a headline, a byline and a jump line to the
        # story inside (a heading with a jump line alone may be a section's label).
        has_text = bool(roles & {"body", "subhead"}) or {"byline", "jump"} <= roles
        has_photo = any(u.role == "photo" for u in d.units)
        if not has_text and not has_photo:
            if d.heading is None and not any(u.role == "caption" for u in d.units):
                continue
            if d.heading is not None:
                continue  # a masthead or a section label: a heading without an article
        if is_furniture_draft(d, content.width, content.height):
            continue
        d.kind = _kind(d, body)
        result.append(d)
    result.extend(adverts)
    result = _reading_order(result)
    all_blocks = [b for d in result for b in d.all_blocks()]
    for n, d in enumerate(result, start=1):
        mine = {id(b) for b in d.all_blocks()}
        others = [b for b in all_blocks if id(b) not in mine]
        page["articles"].append(_article_dict(d, index, n, others, body, text_frames))
    return page


def _reading_order(drafts: list[Draft]) -> list[Draft]:
    def box(d: Draft) -> tuple[float, float, float, float]:
        bl = d.all_blocks()
        head = d.heading.blocks if d.heading else bl
        return (
            min(b.x0 for b in head),
            min(b.y0 for b in bl),
            max(b.x1 for b in head),
            max(b.y1 for b in bl),
        )

    news = [d for d in drafts if d.kind != "advert"]
    ads = [d for d in drafts if d.kind == "advert"]
    ordered = sorted(news, key=lambda d: (round(box(d)[1] / 24), box(d)[0]))
    return ordered + sorted(ads, key=lambda d: (box(d)[1], box(d)[0]))


__all__ = ["analyze_content", "lines_text"]
