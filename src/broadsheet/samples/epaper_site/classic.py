"""Generation 1 ("classic") and 2 ("main-ed"): html/YYYY-MM/DD/node_N.htm and content_ID.htm."""

from __future__ import annotations

import datetime
import random

from .common import (
    BODY_STYLES,
    DATE_STYLES,
    body_html,
    date_line,
    enpproperty,
    esc,
    listed,
    neighbours,
    pad_name,
    previous_issue,
    rel,
    title_text,
)
from .model import Article, Issue, Page, Site, fmt_coords
from .output import CHARSET, Output, write_page_files

HEAD = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=%CHARSET%">
<title>{title}</title>
<link href="../../../tplimg/style.css" rel="stylesheet" type="text/css">
<script language="javascript" src="../../../tplimg/mp.js"></script>
<SCRIPT id=oMapScript event=onmouseover() for=pagepicmap>
 drawLine(event.srcElement);
</SCRIPT>
</head>
"""


def layout(site: Site, *, main_ed: bool) -> None:
    """Paths, image sizes and ids; classic and main-ed share the URL scheme."""
    rng = site.rng
    if site.traps and main_ed and site.issues[-1].pages:  # one supplement page
        page = site.issues[-1].pages[-1]
        page.label, page.flags["special_label"] = "GA01", True
    elif site.traps and not main_ed and len(site.issues[0].pages) >= 2:
        page = site.issues[0].pages[-1]
        if page.label.isdigit():  # a spread: 0405, as 0607 on real sites
            n = int(page.label)
            page.label, page.flags["special_label"] = f"{n:02d}{n + 1:02d}", True
    node_base = rng.choice((1, 2, 187, 1921, 4105))
    cid = rng.randrange(300_000, 900_000)
    dw = 350 if not main_ed else 380
    bw = 1100 if not main_ed else 1200
    for n, issue in enumerate(site.issues):
        d = issue.date
        folder = f"html/{d:%Y-%m}/{d:%d}"
        stamp_names = site.traps and not main_ed and n % 2 == 1
        for page in issue.pages:
            page.node = node_base + page.index - 1
            page.html = f"{folder}/node_{page.node}.htm"
            idir = f"images/{d:%Y-%m}/{d:%d}/{page.label}"
            stem = f"{site.code}{d:%Y%m%d}{page.label}"
            page.image_path, page.big_path = f"{idir}/{stem}_b.jpg", f"{idir}/{stem}.jpg"
            if stamp_names:  # 4 digits and a 13-digit epoch-millisecond time
                made = datetime.datetime(d.year, d.month, d.day) - datetime.timedelta(hours=3)
                ms = int(made.replace(tzinfo=datetime.UTC).timestamp() * 1000)
                ms += rng.randrange(3_600_000)
                page.pdf_path = f"{idir}/{rng.randrange(1000, 10000)}{ms}.pdf"
                site.mark("pdf_timestamp_name", page.html)
            else:
                page.pdf_path = f"{idir}/{stem}.pdf"
            dh = round(dw * page.height / page.width)
            page.display = (dw, dh)
            page.image_size = (dw, dh)
            page.big_size = (bw, round(bw * page.height / page.width))
            page.attrs = main_ed or not site.chance("img_without_size", 0.4)
            if page.flags.get("special_label"):
                site.mark("ga_label" if main_ed else "spread_label", page.html)
            for art in page.articles:
                cid += rng.randrange(1, 5)
                art.cid = cid


# ---------------------------------------------------------------- classic


def _div_hrefs(art: Article, rng: random.Random) -> tuple[list[str], str]:
    """The map hrefs of the article's areas and its title-list href (?div= as real sites)."""
    base = f"content_{art.cid}.htm"
    roles = [a.role for a in art.areas]
    if "photo" in roles or "dup" in roles:
        hrefs = [f"{base}?div=0", f"{base}?div=-1"]
    elif len(roles) == 1:
        hrefs = [f"{base}?div=-1"]
    else:
        hrefs = [f"{base}?div={i}" for i in range(len(roles))]
    title = f"{base}?div=-1"
    if "dup" in roles and rng.random() < 0.5:
        title = f"{base}?div=0"
    return hrefs, title


def _areas_html(art: Article, hrefs: list[str], decimals: int, style: str) -> str:
    out = []
    for area, href in zip(art.areas, hrefs, strict=True):
        coords = area.broken or fmt_coords(area.written, decimals)
        if style == "Area":
            out.append(f'<Area coords="{coords}" shape="polygon" href="{href}">')
        else:
            out.append(f'<area shape="polygon" coords="{coords}" href="{href}">')
    return "".join(out)


def _page_list(issue: Issue, page: Page, fmt: str, padded: bool) -> list[tuple[Page, str]]:
    items = []
    for p in issue.live:
        href = f"node_{p.node}.htm"
        if p is page and padded:
            href = "./" + href
        name = pad_name(p.name) if padded else p.name
        items.append((p, fmt.format(href=href, label=p.label, name=esc(name))))
    return items


def classic_page(site: Site, issue: Issue, page: Page, paper: str) -> str:
    rng = site.rng
    traps = site.traps
    prev, nxt = neighbours(issue, page)
    links = []
    if prev:
        links.append(f'<a class=preart href="node_{prev.node}.htm">上一版</a>')
    if nxt:
        links.append(f'<a class=preart href="node_{nxt.node}.htm">下一版</a>')
    before = previous_issue(site.issues, issue)
    if before and before.live:
        links.append(f'<a href="{rel(page.html, before.live[0].html)}">上一期</a>')
    areas = []
    titles = []
    padded = site.chance("title_list_padding", 0.5)
    for art in page.articles:
        hrefs, title_href = _div_hrefs(art, rng)
        art.links["file"] = rel("", f"{_folder(page)}/{title_href}")
        art.links["title"] = title_href
        art.links["areas"] = "\n".join(hrefs)
        areas.append(_areas_html(art, hrefs, 0, "Area"))
        if not art.hidden:
            text = title_text(art, rng, padded)
            titles.append(
                f'<li>&middot;<a href={title_href}><div style="display:inline" id=mp{art.cid}>'
                f"{text}</div></a>\n"
            )
    if padded:
        site.mark("title_list_padding", page.html)
    if any(a.tag for a in page.articles):
        site.mark("title_list_column_tag", page.html)
    map_open = "<map name=PagePicMap>"
    map_close = "</map>"
    if site.chance("map_name_case", 0.35):
        map_open, map_close = '<MAP NAME="pagepicmap">', "</MAP>"
        site.mark("map_name_case_mismatch", page.html)
    size = f" width={page.display[0]} height={page.display[1]}" if page.attrs else ""
    if not page.attrs:
        site.mark("img_without_size", page.html)
    img = f"<img src={rel(page.html, page.image_path)}{size} border=0 USEMAP=#PagePicMap>"
    style = site.deal("date", DATE_STYLES) if traps else "padded"
    site.mark(f"date_line_{style}", page.html)
    body = '<body onLoad="initialize();initMPPage();" id="bodycss">\n'
    if site.chance("two_body_tags", 0.3):
        body = (
            '<body>\n<SPAN id=leveldiv title=点击查看内容 style="POSITION: absolute;'
            ' LEFT: 233px; TOP: 123px"></SPAN>\n' + body
        )
        site.mark("two_body_tags", page.html)
    plist_padded = site.chance("page_name_padding", 0.6)
    plist = "".join(
        f'<div class="bmname{i % 2 + 1}">&nbsp;{item}</div>\n'
        for i, (_p, item) in enumerate(
            _page_list(
                issue, page, "<a id=pageLink href={href}>第{label}版：{name}</a>", plist_padded
            )
        )
    )
    if plist_padded:
        site.mark("page_name_padding", page.html)
    tail = ""
    if not traps or rng.random() < 0.7 or "founder_date" in page.flags:
        tail = enpproperty(page, paper, rng)
    return (
        HEAD.format(title=f"{esc(paper)}--数字报")
        + body
        + '<div id="container">\n<div class="box0-left">\n<div class="tu">\n'
        + map_open
        + "".join(areas)
        + map_close
        + img
        + "\n</div>\n"
        + f'<div class="banci">\n  第{page.label}版：<STRONG>{esc(page.name)}</STRONG>\n</div>\n'
        + f'<div class="next">{" ".join(links)}</div>\n'
        + f'<div class="pdf"><a href={rel(page.html, page.pdf_path)}>'
        + '<img src="../../../tplimg/pdf.gif" border=0></a></div>\n'
        + f'<div class="bigpic"><a href={rel(page.html, page.big_path)} target=_blank>'
        + "查看大图</a></div>\n"
        + '<div class="title"><ul>\n'
        + "".join(titles)
        + "</ul></div>\n</div>\n"
        + f'<div class="box0-right">\n<div class="date">\n  {date_line(issue.date, style)}\n</div>\n'
        + f'<div class="bmname">\n{plist}</div>\n</div>\n</div>\n</body>\n</html>\n'
        + tail
    )


def _folder(page: Page) -> str:
    return page.html.rsplit("/", 1)[0]


def _titles_bt(art: Article) -> str:
    return (
        '<table width="100%" border=0 cellpadding=0 cellspacing=0>\n'
        f'<tr><td class="bt3">{esc(art.kicker)}</td></tr>\n'
        f'<tr><td class="bt1" align=center>{esc(art.headline)}</td></tr>\n'
        f'<tr valign=top><td class="bt2" align=center>{esc(art.subheadline)}</td></tr>\n'
        f'<tr><td class="bt3">{esc(art.byline)}</td></tr>\n</table>\n'
    )


def _titles_wz(art: Article) -> str:
    """Four rows in order: kicker, headline (in <strong>), subheadline, byline; empty rows
    are kept."""
    return (
        '<table class="wz" width="100%" border=0>\n'
        f'<tr><td class="font01">{esc(art.kicker)}</td></tr>\n'
        f'<tr><td class="font02"><strong>{esc(art.headline)}</strong></td></tr>\n'
        f'<tr><td class="font01">{esc(art.subheadline)}</td></tr>\n'
        f'<tr><td class="font03">{esc(art.byline)}</td></tr>\n</table>\n'
    )


def classic_article(
    site: Site, page: Page, art: Article, paper: str, paras: list[str], extra: str, wz: bool
) -> str:
    rng = site.rng
    titles = _titles_wz(art) if wz else _titles_bt(art)
    if wz:
        site.mark("titles_in_table_wz", f"{_folder(page)}/{art.links['title']}")
    style = rng.choice(BODY_STYLES)
    content = f"<founder-content><!--enpcontent-->{body_html(paras, style)}<!--/enpcontent-->"
    content += "</founder-content>"
    check = f"<input type=checkbox name=titlecheckbox value={art.cid} style=display:none>"
    body = f'<div id="ozoom" style="zoom:100%">{content}{check}</div>\n'
    if not extra and not art.fault and site.chance("double_body", 0.3):  # printed twice
        body = f'<div id="ozoom" style="zoom:100%">{content}\n{check}\n{content}</div>\n'
        site.mark("double_body", f"{_folder(page)}/{art.links['title']}")
    nav = "".join(
        f"<tr><td>&nbsp;<a href=node_{p.node}.htm>第{p.label}版：{esc(p.name)}</a></td></tr>\n"
        for p in page.issue.live
    )
    others = "".join(
        f"<tr><td><a href={a.links['title']}>{esc(a.title)}</a></td></tr>\n" for a in listed(page)
    )
    return (
        HEAD.format(title=f"{esc(art.headline)}--{esc(paper)}")
        + "<body>\n<!--版面导航-->\n<table class=bmdh>\n"
        + nav
        + "</table>\n<!--版面导航结束-->\n<!--标题导航-->\n<table class=btdh>\n"
        + others
        + "</table>\n<!--标题导航结束-->\n<!--文章部分开始-->\n"
        + titles
        + body
        + extra
        + "<!--文章部分结束-->\n</body>\n</html>\n"
    )


def write_classic(site: Site, out: Output, paper: str) -> None:
    rng = site.rng
    latest = site.issues[-1]
    target = rel("", latest.live[0].html)
    out.html(
        "paperindex.htm",
        f'<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n</head><body></body></html>\n',
    )
    for issue in site.issues:
        for page in issue.pages:
            write_page_files(out, page, rng)
            if page.dropped or page.fault == "missing_page":
                continue
            out.html(page.html, classic_page(site, issue, page, paper))
            folder = _folder(page)
            for art in page.articles:
                names = set(art.links["areas"].split("\n")) | {art.links["title"]}
                names.discard("")
                base = f"content_{art.cid}.htm"
                if art.parts == 2 or rng.random() < 0.3:
                    names.add(base)
                if art.fault == "missing_article":
                    continue
                if len(names) > 1:
                    site.mark("literal_query_file_names", f"{folder}/{sorted(names)[0]}")
                wz = not art.fault and (
                    site.chance("wz", 0.3) or not site.traps and rng.random() < 0.3
                )
                if art.parts == 2:
                    k = len(art.paragraphs) // 2
                    part2 = f"content_{art.cid}_2.htm"
                    nav1 = f'<div class="pager">1 <a href={part2}>2</a> <a href={part2}>下一页</a></div>\n'
                    nav2 = f'<div class="pager"><a href={base}>上一页</a> <a href={base}>1</a> 2</div>\n'
                    html1 = classic_article(site, page, art, paper, art.paragraphs[:k], nav1, wz)
                    html2 = classic_article(site, page, art, paper, art.paragraphs[k:], nav2, wz)
                    out.html(f"{folder}/{part2}", html2)
                    site.mark("article_parts", f"{folder}/{part2}")
                else:
                    html1 = classic_article(site, page, art, paper, art.paragraphs, "", wz)
                garble = art.fault == "undecodable"
                enc = out.next_enc()
                for name in sorted(names):
                    out.html(f"{folder}/{name}", html1, enc=enc, garble=garble)
