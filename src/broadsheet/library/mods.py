"""MODS inside METS: an article's or issue's title and display fields as a library states
them (titleInfo, subTitle, an alternative title labelled "kicker", the statement of
responsibility or the names)."""

from __future__ import annotations

from lxml import etree

MODS_NS = "http://www.loc.gov/mods/v3"


def _words(node: etree._Element | None) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def mods_fields(mods: list[etree._Element]) -> dict[str, str]:
    """An article's other display fields as MODS states them: the main title's subTitle, an
    alternative title labelled "kicker", the statement of responsibility, else its names."""
    out: dict[str, str] = {}
    for m in mods:
        for info in m.findall(f"{{{MODS_NS}}}titleInfo"):
            if _is_kicker(info):
                out.setdefault("kicker", _words(info.find(f"{{{MODS_NS}}}title")))
            elif not info.get("type"):
                sub = _words(info.find(f"{{{MODS_NS}}}subTitle"))
                if sub:
                    out.setdefault("subheadline", sub)
        for note in m.findall(f"{{{MODS_NS}}}note"):
            if (note.get("type") or "").lower() == "statement of responsibility":
                out.setdefault("byline", _words(note))
        if "byline" not in out:
            names = [
                _words(n.find(f"{{{MODS_NS}}}displayForm"))
                or " ".join(_words(p) for p in n.findall(f"{{{MODS_NS}}}namePart"))
                for n in m.findall(f"{{{MODS_NS}}}name")
            ]
            if any(names):
                out["byline"] = ", ".join(n for n in names if n)
    return {k: v[:500] for k, v in out.items() if v}


def _is_kicker(info: etree._Element) -> bool:
    return (info.get("type") or "") == "alternative" and (
        (info.get("displayLabel") or "").lower() == "kicker"
    )


def mods_title(mods: list[etree._Element]) -> str:
    titles = []
    for m in mods:
        for info in m.findall(f"{{{MODS_NS}}}titleInfo"):
            if _is_kicker(info):
                continue
            words = [
                w
                for t in info.findall(f"{{{MODS_NS}}}title")
                for w in "".join(t.itertext()).split()
            ]
            title = " ".join(words)
            if any(ch.isalnum() for ch in title) and title not in titles:
                titles.append(title)
    return " — ".join(titles)
