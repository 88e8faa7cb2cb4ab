"""Reading one page or article file of an old e-paper site into plain facts.

lxml's HTML parser (libxml2) copes with what these sites hold: unclosed tags, upper-case tags
and attributes, two ``<body>`` tags, tags of the vendor's own (``<founder-content>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from broadsheet.legacy.text import BYLINE, only_a_date, page_label, squash

BYLINE_LINE = re.compile(r"^[□■]|^(?:\S{0,12})(?:记者|评论员|通讯员|撰稿|特约撰稿人)")
_VIEW = re.compile(r"""view\(\s*(["'])(.*?)(?<!\\)\1\s*\)""", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENP = re.compile(r"<founder-(\w+)>(.*?)</founder-\1>", re.DOTALL | re.IGNORECASE)
_META_FIELDS = re.compile(r"<(\w+)>(.*?)</\1>", re.DOTALL)
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|bmp)(?:\.\d+)?$", re.IGNORECASE)


def parse(text: str) -> etree._Element:
    return lxml.html.document_fromstring(text or "<html></html>")


def _text(el: etree._Element) -> str:
    return squash(el.text_content()) if el is not None else ""


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _find_class(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str) and name in _classes(el)]


def _by_id(root: etree._Element, name: str) -> etree._Element | None:
    for el in root.iter():
        if isinstance(el.tag, str) and (el.get("id") or "").lower() == name.lower():
            return el
    return None


def _link_text(a: etree._Element) -> str:
    """A link's text; headlines written by ``document.write(view("…"))`` taken from the call."""
    scripts = [s for s in a.iter("script")]
    for script in scripts:
        match = _VIEW.search(script.text or "")
        if match:
            return squash(_TAG.sub("", _BR.sub(" ", match.group(2))))
    for script in scripts:  # its code is not the link's text
        script.drop_tree()
    return _text(a)


@dataclass
class Area:
    href: str | None
    shape: str | None
    coords: str | None


@dataclass
class Link:
    href: str
    text: str
    row: str = ""  # the text of the row (table row, list item) the link stands in


_ROWS = {"tr", "li", "dt", "dd"}


def _row_text(a: etree._Element) -> str:
    for parent in a.iterancestors():
        if isinstance(parent.tag, str) and parent.tag in _ROWS:
            return _text(parent)
    return ""


@dataclass
class PageHtml:
    image_src: str | None = None
    display: tuple[float, float] | None = None  # width, height from the <img> attributes
    areas: list[Area] = field(default_factory=list)
    map_found: bool = False
    pdf_hrefs: list[str] = field(default_factory=list)
    image_hrefs: list[str] = field(default_factory=list)
    page_links: list[Link] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # every <a href> with its text, in order
    label_lines: list[str] = field(default_factory=list)  # texts that look like "第01版：要闻"
    text: str = ""  # the page's visible text, squashed
    enp: dict[str, str] = field(default_factory=dict)


def _size(value: str | None) -> float | None:
    match = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value or "")
    return float(match.group(1)) if match else None


def read_page(source: str) -> PageHtml:
    root = parse(source)
    page = PageHtml()
    enp = re.search(r"enpproperty(.*?)/enpproperty", source, re.DOTALL | re.IGNORECASE)
    if enp:
        page.enp = {k.lower(): squash(v) for k, v in _ENP.findall(enp.group(1))}
    maps: dict[str, etree._Element] = {}
    for m in root.iter("map"):
        for key in (m.get("name"), m.get("id")):
            if key:
                maps.setdefault(key.strip().lower(), m)
    chosen = None
    for img in root.iter("img"):
        usemap = (img.get("usemap") or "").strip().lstrip("#").lower()
        if usemap and usemap in maps:
            chosen = maps[usemap]
        elif usemap and len(maps) == 1:
            chosen = next(iter(maps.values()))
        else:
            continue
        page.image_src = (img.get("src") or "").strip() or None
        width, height = _size(img.get("width")), _size(img.get("height"))
        if width and height:
            page.display = (width, height)
        break
    if chosen is None and len(maps) == 1:
        chosen = next(iter(maps.values()))
    if chosen is not None:
        page.map_found = True
        page.areas = [
            Area(a.get("href"), a.get("shape"), a.get("coords")) for a in chosen.iter("area")
        ]
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        text = _link_text(a)
        link = Link(href, text, _row_text(a))
        page.links.append(link)
        path = href.split("?")[0]
        if path.lower().endswith(".pdf"):
            page.pdf_hrefs.append(href)
        elif _IMAGE_EXT.search(path):
            page.image_hrefs.append(href)
        if (a.get("id") or "").lower() == "pagelink":
            page.page_links.append(link)
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in {"a", "script", "style", "li"}:
            continue
        own = squash("".join(el.itertext()))
        nested = any(isinstance(child.tag, str) and child.tag == "div" for child in el)
        short = len(own) <= 80 and "版" in own and not nested
        if short and not el.findall(".//a") and page_label(own):
            page.label_lines.append(own)
    for bad in root.iter("script", "style"):
        bad.text = ""
    page.text = _text(root)
    return page


@dataclass
class ArticleHtml:
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    pictures: list[tuple[str, str]] = field(default_factory=list)  # (src, caption)
    links: list[str] = field(default_factory=list)
    duplicate_body: bool = False


def _first(root: etree._Element, *classes: str) -> str:
    for name in classes:
        for el in _find_class(root, name):
            text = _text(el)
            if text:
                return text
    return ""


def _paragraphs(container: etree._Element) -> list[str]:
    """Paragraph texts of a body element, ``<p>`` by ``<p>`` or, lacking them, line by line."""
    for bad in container.iter("script", "style"):
        bad.text = ""
    ps = [p for p in container.iter("p")]
    if ps:
        texts = [squash(p.text_content()) for p in ps]
    else:
        for br in container.iter("br"):
            br.tail = "\n" + (br.tail or "")
        texts = [squash(line) for line in container.text_content().split("\n")]
    return [t for t in texts if t]


def _split_at_checkbox(container: etree._Element) -> tuple[list[str], list[str]] | None:
    """Bodies printed twice: the paragraphs before the hidden ``titlecheckbox`` and after."""
    marker = None
    for el in container.iter("input"):
        if (el.get("name") or "").lower() == "titlecheckbox":
            marker = el
            break
    if marker is None:
        return None
    before: list[str] = []
    after: list[str] = []
    seen = False
    for el in container.iter():
        if el is marker:
            seen = True
            continue
        if isinstance(el.tag, str) and el.tag == "p":
            text = squash(el.text_content())
            if text:
                (after if seen else before).append(text)
    return before, after


def _once(paragraphs: list[str]) -> tuple[list[str], bool]:
    """A body printed twice in a row kept once."""
    n = len(paragraphs)
    if n >= 2 and n % 2 == 0 and paragraphs[: n // 2] == paragraphs[n // 2 :]:
        return paragraphs[: n // 2], True
    return paragraphs, False


def _body(root: etree._Element) -> tuple[list[str], bool]:
    containers = list(root.iter("founder-content"))
    if not containers:
        ozoom = _by_id(root, "ozoom")
        containers = [ozoom] if ozoom is not None else []
    if not containers:
        for name in ("main-article-content", "article-content", "text_c", "content"):
            containers = _find_class(root, name)
            if containers:
                break
    if not containers:
        # An unknown template: the paragraphs of the page, if it has any.
        body = root.find(".//body")
        return (
            _paragraphs(body) if body is not None and body.find(".//p") is not None else []
        ), False
    split = _split_at_checkbox(containers[0].getparent() if len(containers) > 1 else containers[0])
    if split is None and len(containers) == 1:
        outer = containers[0].getparent()
        while outer is not None and split is None:
            split = _split_at_checkbox(outer)
            outer = outer.getparent() if split is None else outer
            if outer is not None and outer.tag == "body":
                break
    if split is not None:
        before, after = split
        if before and after:
            return (after if len(after) >= len(before) else before), True
    texts = [_paragraphs(c) for c in containers]
    unique: list[list[str]] = []
    for t in texts:
        if t and t not in unique:
            unique.append(t)
    paragraphs = [p for t in unique for p in t]
    once, twice = _once(paragraphs)
    return once, twice or len(unique) < len([t for t in texts if t])


def _meta_comment(source: str) -> dict[str, str]:
    """The current generation's metadata comment (<date>, <author>, <title> …) in the body."""
    for comment in re.findall(r"<!--(.*?)-->", source, re.DOTALL):
        fields = {k.lower(): squash(_TAG.sub("", v)) for k, v in _META_FIELDS.findall(comment)}
        if "title" in fields or "introtitle" in fields or "subtitle" in fields:
            return fields
    return {}


def _titles_from_table(root: etree._Element, article: ArticleHtml) -> None:
    """Classic templates: ``td.bt1`` headline, ``td.bt2`` subheadline, ``td.bt3`` rows before
    the headline (kicker) and after it (byline); or plain rows of a ``table.wz``."""
    cells = [el for el in root.iter("td") if _classes(el) & {"bt1", "bt2", "bt3", "bt4", "author"}]
    if cells:
        seen_headline = False
        for cell in cells:
            classes, text = _classes(cell), _text(cell)
            if not text:
                continue
            if "bt1" in classes and not article.headline:
                article.headline, seen_headline = text, True
            elif "bt2" in classes and not article.subheadline:
                article.subheadline = text
            elif not seen_headline and not article.kicker:
                article.kicker = text
            elif seen_headline and not article.byline:
                article.byline = text
        return
    for table in _find_class(root, "wz"):
        # Title rows only: not the rows holding the body (its container or paragraphs).
        title_rows = [
            tr
            for tr in table.iter("tr")
            if tr.find(".//p") is None
            and tr.find(".//founder-content") is None
            and not any((el.get("id") or "").lower() == "ozoom" for el in tr.iter())
            and tr.find(".//tr") is None
        ]
        rows = [r for r in (_text(tr) for tr in title_rows) if r and len(r) <= 200]
        strong = [
            _text(tr)
            for tr in title_rows
            if tr.find(".//strong") is not None or tr.find(".//b") is not None
        ]
        if not rows:
            continue
        head = strong[0] if strong else rows[0]
        i = rows.index(head) if head in rows else 0
        article.headline = head
        if i > 0:
            article.kicker = rows[i - 1]
        for row in rows[i + 1 :]:
            if BYLINE.match(row) and not article.byline:
                article.byline = row
            elif not article.subheadline and not article.byline:
                article.subheadline = row
        return


def read_article(source: str) -> ArticleHtml:
    root = parse(source)
    article = ArticleHtml()
    box = None
    for name in ("article", "text_c"):
        found = [el for el in _find_class(root, name) if el.find(".//h1") is not None]
        if found:
            box = found[0]
            break
    if box is not None:
        for tag, attr in (("h3", "kicker"), ("h1", "headline"), ("h2", "subheadline")):
            el = box.find(f".//{tag}")
            if el is not None:
                setattr(article, attr, _text(el))
        for el in [*box.iter("h4"), *_find_class(box, "sec")]:
            text = _text(el)
            if text and not article.byline:
                article.byline = text
    else:
        article.kicker = _first(root, "main-article-pretitle")
        article.headline = _first(root, "main-article-title")
        article.subheadline = _first(root, "main-article-subtitle")
        article.byline = _first(root, "main-article-author")
    for key, attr in (
        ("intro-title", "kicker"),
        ("main-title", "headline"),
        ("sub-title", "subheadline"),
        ("author", "byline"),
    ):
        el = _by_id(root, key)
        if el is not None and not getattr(article, attr):
            setattr(article, attr, _text(el))
    if not article.headline:
        _titles_from_table(root, article)
    meta = _meta_comment(source)
    for key, attr in (
        ("introtitle", "kicker"),
        ("title", "headline"),
        ("subtitle", "subheadline"),
        ("author", "byline"),
    ):
        if meta.get(key) and not getattr(article, attr):
            setattr(article, attr, meta[key])
    if article.byline and only_a_date(article.byline):
        article.dateline, article.byline = article.byline, ""
    elif article.byline:
        # "本报记者 张三 2017年07月22日 第01版：要闻": the author, then the date and page line
        cut = re.search(
            r"《[^》]{1,20}》|\d{4}\s*年\s*\d{1,2}\s*月|\d{4}-\d{1,2}-\d{1,2}", article.byline
        )
        if cut and cut.start() > 0:
            article.byline, article.dateline = (
                article.byline[: cut.start()].strip(),
                article.byline[cut.start() :].strip(),
            )
    for el in _find_class(root, "attachment"):
        for img in el.iter("img"):
            src = (img.get("src") or "").strip()
            if src:
                article.pictures.append((src, squash(img.get("alt") or "") or _text(el)))
    article.links = [(a.get("href") or "").strip() for a in root.iter("a") if a.get("href")]
    article.paragraphs, article.duplicate_body = _body(root)
    first = article.paragraphs[0] if article.paragraphs else ""
    if (
        not article.byline
        and len(first) <= 40
        and BYLINE_LINE.search(first)
        and first[-1] not in "。！？"
    ):
        # A byline set as the body's first line ("□ 本报评论员", "全媒记者 张三")
        article.byline = first.lstrip("□■ ").strip()
        article.paragraphs = article.paragraphs[1:]
    return article
