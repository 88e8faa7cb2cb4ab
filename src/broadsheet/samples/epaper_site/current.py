"""Generation 3 ("current"): pc/layout/YYYYMM/DD/node_NN.html, fractional map coordinates."""

from __future__ import annotations

import uuid

from .common import body_html, date_line, esc, listed, neighbours, rel, title_text
from .model import Article, Issue, Page, Site, fmt_coords
from .output import CHARSET, Output, write_page_files

DISPLAY = (400, 575)  # the <img> size on every page, whatever the page's proportions


def layout(site: Site) -> None:
    rng = site.rng
    cid = rng.randrange(20_000_000, 40_000_000)
    for issue in site.issues:
        d = issue.date
        ym, dd = f"{d:%Y%m}", f"{d:%d}"
        for page in issue.pages:
            page.node = page.index
            page.html = f"pc/layout/{ym}/{dd}/node_{page.index:02d}.html"
            name = uuid.UUID(int=rng.getrandbits(128), version=4)
            page.pdf_path = f"pc/attachement/{ym}/{dd}/{name}.pdf"
            name = uuid.UUID(int=rng.getrandbits(128), version=4)
            page.image_path = page.big_path = f"pc/pic/{ym}/{dd}/{name}.jpg.2"
            page.display = (float(DISPLAY[0]), float(DISPLAY[1]))
            bw = 1000
            page.big_size = page.image_size = (bw, round(bw * page.height / page.width))
            for art in page.articles:
                cid += rng.randrange(1, 3)
                art.cid = cid
                art.links["file"] = f"pc/content/{ym}/{dd}/content_{cid}.html"


def current_page(site: Site, issue: Issue, page: Page, paper: str) -> str:
    rng = site.rng
    areas = []
    for art in page.articles:
        href = rel(page.html, art.links["file"])
        for area in art.areas:
            coords = area.broken or fmt_coords(area.written, 3)
            areas.append(f'<Area coords="{coords}" shape="polygon" href="{href}">')
    titles = "".join(
        "\t\t\t\t\t\t\t\t<li>\n\t\t\t\t\t\t\t\t\t<span>·</span>\n"
        f'\t\t\t\t\t\t\t\t\t<a href="{rel(page.html, a.links["file"])}"> '
        f"{title_text(a, rng, False)} </a>\n\t\t\t\t\t\t\t\t</li>\n"
        for a in listed(page)
    )
    if any(a.tag for a in page.articles):
        site.mark("title_list_column_tag", page.html)
    plist = "".join(
        '\t\t\t\t\t\t\t<div class="swiper-slide">\n'
        f'\t\t\t\t\t\t\t\t<a id="pageLink" href="node_{p.index:02d}.html">'
        f"{p.label}版：{esc(p.name)}</a>\n\t\t\t\t\t\t\t</div>\n"
        for p in issue.live
    )
    prev, nxt = neighbours(issue, page)
    pager = ""
    if prev:
        pager += f'<a class="prev" href="node_{prev.index:02d}.html">上一版</a>'
    if nxt:
        pager += f'<a class="next" href="node_{nxt.index:02d}.html">下一版</a>'
    return (
        "<!DOCTYPE html>\n<html>\n\t<head>\n"
        f'\t\t<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}" />\n'
        f"\t\t<title>{esc(paper)}</title>\n\t</head>\n"
        '\t<body onLoad="initialize();initMPPage();">\n'
        '\t\t<div class="main w1000">\n\t\t\t<div class="left paper-box">\n'
        '\t\t\t\t<div class="paper">\n'
        '\t\t\t\t\t<MAP NAME="PagePicMap">' + "".join(areas) + "</MAP>\n"
        f'\t\t\t\t\t<img width="{DISPLAY[0]}" height="{DISPLAY[1]}" '
        f'src="{rel(page.html, page.image_path)}" border="0" USEMAP=#PagePicMap>\n'
        '\t\t\t\t</div>\n\t\t\t\t<div class="paper-bot">\n'
        f'\t\t\t\t\t<p class="left ban">\n\t\t\t\t\t\t第{page.label}版：{esc(page.name)}\n'
        '\t\t\t\t\t</p>\n\t\t\t\t\t<p class="right btn">\n'
        f'\t\t\t\t\t\t<a href="{rel(page.html, page.pdf_path)}">PDF下载</a>\n'
        f"\t\t\t\t\t\t{pager}\n\t\t\t\t\t</p>\n\t\t\t\t</div>\n\t\t\t</div>\n"
        '\t\t\t<div class="right right-main">\n\t\t\t\t<div class="date-box">\n'
        f'\t\t\t\t\t<p class="date left">\n\t\t\t\t\t\t{esc(paper)} <span class="newstime">'
        f"{date_line(issue.date, 'english')}</span>\n\t\t\t\t\t</p>\n\t\t\t\t</div>\n"
        '\t\t\t\t<div class="swiper-box">\n\t\t\t\t\t<div class="swiper-container">\n'
        + plist
        + '\t\t\t\t\t</div>\n\t\t\t\t</div>\n\t\t\t\t<div class="news">\n'
        '\t\t\t\t\t<ul class="news-list">\n' + titles + "\t\t\t\t\t</ul>\n\t\t\t\t</div>\n"
        "\t\t\t</div>\n\t\t</div>\n\t</body>\n</html>\n"
    )


def _meta_comment(site: Site, page: Page, art: Article, author: str) -> str:
    d = page.issue.date
    return (
        f"<!--enpproperty <date>{d.isoformat()} 00:00:00:0</date><author>{esc(author)}</author>"
        f"<subtitle>{esc(art.subheadline)}</subtitle><introtitle>{esc(art.kicker)}</introtitle>"
        f"<keyword></keyword><paperarticleid>{art.cid}</paperarticleid><channel>1</channel>"
        f"<nodeid>{page.index}</nodeid><nodename>{esc(page.name)}</nodename>"
        f"<url>{art.links['file']}</url><urlpad>content_{art.cid}.html</urlpad>"
        f"<siteid>1</siteid><paperid>{site.code}</paperid><title>{esc(art.headline)}</title>"
        "/enpproperty-->"
    )


def current_article(site: Site, page: Page, art: Article, paper: str) -> str:
    d = page.issue.date
    date_text = f"{d.year}年{d.month:02d}月{d.day:02d}日"
    author = date_text if art.author_is_date else art.byline
    body = (
        "<founder-content><!--enpcontent-->"
        + body_html(art.paragraphs, "nbsp" if site.rng.random() < 0.3 else "plain")
        + "<!--/enpcontent-->"
        + _meta_comment(site, page, art, art.byline)
        + "\n</founder-content>"
    )
    if site.rng.random() < 0.35:  # the tablet-like caption block with font ids
        titles = (
            '<div class="caption">\n'
            f'<p id="nowLayout" class="hide">{page.label}</p>\n'
            f'<font id="intro-title">{esc(art.kicker)}</font>\n'
            f'<font id="main-title">{esc(art.headline)}</font>\n'
            f'<font id="sub-title">{esc(art.subheadline)}</font>\n'
            f'<font id="author">{esc(author)}</font>\n</div>\n'
            f'<div class="content" id="ozoom">\n{body}\n</div>\n'
        )
    else:
        titles = (
            '<div class="article">\n'
            f"<h3>{esc(art.kicker)}</h3>\n<h1>{esc(art.headline)}</h1>\n"
            f"<h2>{esc(art.subheadline)}</h2>\n"
            f'<p class="sec"><span class="author">{esc(author)}</span>'
            f' <span class="date">{date_text}</span>'
            f' <span class="ban">第{page.label}版：{esc(page.name)}</span></p>\n'
            f'<div id="ozoom">\n{body}\n</div>\n</div>\n'
        )
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}" />\n'
        f"<title>{esc(art.headline)}-{esc(paper)}</title>\n</head>\n<body>\n"
        f'<div class="main w1000">\n<a href="{rel(art.links["file"], page.html)}">'
        f"返回版面</a>\n{titles}</div>\n</body>\n</html>\n"
    )


def write_current(site: Site, out: Output, paper: str) -> None:
    latest = site.issues[-1].live[0]
    target = rel("pc/layout/index.html", latest.html)
    out.html(
        "pc/layout/index.html",
        f'<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n</head>\n'
        f'<body><a href="{target}">{esc(paper)}</a></body></html>\n',
    )
    for issue in site.issues:
        for page in issue.pages:
            write_page_files(out, page, site.rng)
            if page.dropped or page.fault == "missing_page":
                continue
            html = current_page(site, issue, page, paper)
            enc = out.next_enc()
            out.html(page.html, html, enc=enc)
            twin = "pad/" + page.html.removeprefix("pc/")
            out.copy(page.html, twin)
            site.mark("tablet_twin", twin)
            site.mark("fractional_coords", page.html)
            site.mark("img_size_differs_from_attributes", page.html)
            site.mark("jpg2_image", page.image_path)
            for art in page.articles:
                if art.author_is_date:
                    site.mark("author_holds_date", art.links["file"])
                if art.fault == "missing_article":
                    continue
                out.html(
                    art.links["file"],
                    current_article(site, page, art, paper),
                    garble=art.fault == "undecodable",
                )
