"""Page furniture: the header and footer bands (mastheads, folios, date lines) that hold no
article, found from the page's wide rules and the text beyond them."""

from __future__ import annotations

from broadsheet.layout.articles import _inside
from broadsheet.layout.blocks import Block
from broadsheet.layout.roles import is_furniture
from broadsheet.pdf.extract import Rect


def page_furniture(
    blocks: list[Block], hrules: list[Rect], width: float, height: float
) -> tuple[float, float]:
    """The y band holding the articles: below the header rule, above the footer rule."""
    wide = [r for r in hrules if r.width >= 0.45 * width]

    def substantial(b: Block) -> bool:
        # Running text (lines filling the column), not an info box of short ragged lines
        # (date, issue number, weather) beside a masthead.
        if b.style != "body" or len(b.lines) < 3:
            return False
        full = sum(1 for ln in b.lines if ln.width >= b.width - 0.6 * ln.size)
        return full >= 2

    top_cut = 0.0
    for r in sorted(wide, key=lambda r: -r.y0):
        if r.y0 < 0.22 * height and not any(substantial(b) and b.y1 <= r.y0 for b in blocks):
            top_cut = r.y1
            break
    bottom_cut = height
    for r in sorted(wide, key=lambda r: r.y0):
        if r.y0 > 0.85 * height and not any(substantial(b) and b.y0 >= r.y1 for b in blocks):
            bottom_cut = r.y0
            break
    return top_cut, bottom_cut


def mark_furniture(
    blocks: list[Block],
    top_cut: float,
    bottom_cut: float,
    height: float,
    body: float,
    boxes: list[Rect] = (),  # type: ignore[assignment]
) -> None:
    # frames holding display type (an advert at the page's foot): their small print naming a
    # day ("every Saturday") is the advert's, not a date line's
    display_boxes = [r for r in boxes if any(o.style == "big" and _inside(o, r) for o in blocks)]
    for b in blocks:
        short = b.style != "big" and len(b.lines) <= 2
        in_band = b.y1 <= top_cut + 1 or b.y0 >= bottom_cut - 1
        edge_label = (
            (b.y1 < 0.08 * height or b.y0 > 0.92 * height)
            and len(b.lines) <= 2
            and b.role != "jump"  # 上接第4版 names a page but is the story's jump line
            and is_furniture(b.text())
            and not any(_inside(b, r) for r in display_boxes)
        )
        no_header_rule = top_cut == 0.0 and b.y1 < 0.045 * height and short
        no_footer_rule = bottom_cut == height and b.y0 > 0.955 * height and short
        if in_band or edge_label or no_header_rule or no_footer_rule:
            b.role = "furniture"
            # the page's last line, a folio or date line in the bottom margin: furniture even
            # right under a photo (a caption there has the folio still below it)
            b.meta["folio"] = (
                edge_label and b.y0 > 0.5 * height and not any(o.y0 >= b.y1 for o in blocks)
            )
