"""The PDF's own word on its articles (tags, article threads), used where present, never needed.

The analyser forms articles by its own rules first. Then, on a page whose PDF says which story
each piece belongs to (``PageContent.story_tags`` from a tagged PDF, else the beads of its
article threads, ``PageContent.threads``), a block the rules gave to one article but the PDF puts
in the story of exactly one other headed article moves there, and a headline-less piece that
the PDF puts in such a story joins it. Pieces the PDF says nothing about stay where the rules
put them, and two headlines are never merged on a tag's say-so: tags are often made by hand
and can be wrong or coarse (one ``Art`` around a whole page).

A thread that runs on to a later page names the article's ``story`` in the contract, so that
``link_jumps`` can join its parts where no jump line does.
"""

from __future__ import annotations

from collections import Counter

from broadsheet.layout.articles import Draft
from broadsheet.layout.blocks import Block
from broadsheet.pdf.extract import PageContent

StoryKey = tuple[str, int]


def _tag_of(b: Block, tags: dict[int, int]) -> StoryKey | None:
    votes = Counter(
        tags[c.mcid] for ln in b.lines for c in ln.chars if c.mcid >= 0 and c.mcid in tags
    )
    if not votes:
        return None
    story, count = votes.most_common(1)[0]
    total = sum(len(ln.chars) for ln in b.lines)
    return ("tag", story) if count >= 0.5 * total else None


def _thread_of(b: Block, content: PageContent) -> StoryKey | None:
    cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
    for number, r in content.threads:
        if r.x0 - 1 <= cx <= r.x1 + 1 and r.y0 - 1 <= cy <= r.y1 + 1:
            return ("thread", number)
    return None


def story_keys(drafts: list[Draft], content: PageContent) -> dict[int, StoryKey]:
    """id(block) → the story the PDF puts it in, for the blocks it says anything about."""
    use_tags = bool(content.story_tags)
    if not use_tags and not content.threads:
        return {}
    out: dict[int, StoryKey] = {}
    for d in drafts:
        for b in d.all_blocks():
            key = _tag_of(b, content.story_tags) if use_tags else _thread_of(b, content)
            if key is not None:
                out[id(b)] = key
    return out


def _draft_key(d: Draft, keys: dict[int, StoryKey]) -> StoryKey | None:
    if d.heading is not None:
        return keys.get(id(d.heading.headline))
    votes = Counter(keys[id(u)] for u in d.units if id(u) in keys)
    return votes.most_common(1)[0][0] if votes else None


def apply_story_hints(drafts: list[Draft], content: PageContent) -> list[Draft]:
    """Drafts moved and joined as the PDF's tags or threads say (see the module docstring);
    each draft whose story is a thread gets ``story`` set. Unchanged without hints."""
    keys = story_keys(drafts, content)
    if not keys:
        return drafts
    headed: dict[StoryKey, list[Draft]] = {}
    for d in drafts:
        key = _draft_key(d, keys)
        if d.heading is not None and key is not None:
            headed.setdefault(key, []).append(d)
    owner = {key: ds[0] for key, ds in headed.items() if len(ds) == 1}
    # Blocks the rules gave to another article than the PDF's story's only headed article.
    for d in drafts:
        mine = _draft_key(d, keys)
        for u in list(d.units):
            key = keys.get(id(u))
            target = owner.get(key) if key is not None else None
            if target is not None and target is not d and key != mine:
                d.units.remove(u)
                target.units.append(u)
    out: list[Draft] = []
    for d in drafts:
        if d.heading is None:
            key = _draft_key(d, keys)
            target = owner.get(key) if key is not None else None
            if target is not None:
                target.units.extend(d.units)
                continue
        if d.heading is not None or d.units:
            out.append(d)
    for d in out:
        key = _draft_key(d, keys)
        if key is not None and key[0] == "thread":
            d.story = f"thread-{key[1]}"
    return out


__all__ = ["apply_story_hints", "story_keys"]
