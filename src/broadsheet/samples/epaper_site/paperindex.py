"""The PaperIndex scheme: content/PaperIndex.htm -> YYYYMMDD/IssueIndex.htm -> PageNNxx.htm."""

from __future__ import annotations

from .common import body_html, date_line, esc, listed, neighbours, rel
from .model import Article, Issue, Page, Site, fmt_coords
from .output import CHARSET, Output, write_page_files

DISPLAY_WIDTH = 360


def suffixes(site: Site) -> tuple[str, str]:
    """Two-letter name suffixes of page files and article files (they differ, as on real
    sites)."""
    code = site.code.upper()
    return code[:1] + code[-1:], code[-2:]


def layout(site: Site) -> None:
    psfx, asfx = suffixes(site)
    for issue in site.issues:
        ymd = f"{issue.date:%Y%m%d}"
        for page in issue.pages:
            nn = f"{page.index:02d}"
            page.node = page.index
            page.html = f"content/{ymd}/Page{nn}{psfx}.htm"
            page.pdf_path = f"PDF/{ymd}/{nn}.pdf"
            page.image_path = page.big_path = f"IMAGE/{ymd}/Page{nn}{psfx}.jpg"
            bw = 1050
            page.big_size = page.image_size = (bw, round(bw * page.height / page.width))
            page.display = (
                float(DISPLAY_WIDTH),
                float(round(DISPLAY_WIDTH * page.height / page.width)),
            )
            for art in page.articles:
                art.cid = art.order
                name = f"Articel{nn}{art.order:03d}{asfx}.htm"
                art.links["title"] = name
                art.links["file"] = f"content/{ymd}/{name}"


def _head(title: str) -> str:
    return (
        "<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">\n'
        f"<title>{esc(title)}</title>\n"
        '<link href="../../public/style.css" rel="stylesheet" type="text/css">\n</head>\n'
    )


def paper_index(site: Site, paper: str) -> str:
    latest = site.issues[-1]
    rows = "".join(
        f'<tr><td><a href="{issue.date:%Y%m%d}/IssueIndex.htm">'
        f"{issue.date.year}年{issue.date.month}月{issue.date.day}日</a></td></tr>\n"
        for issue in reversed(site.issues)
    )
    return (
        _head(paper).replace(
            "</head>",
            f"<META HTTP-EQUIV='REFRESH' CONTENT='0; URL={latest.date:%Y%m%d}/IssueIndex.htm'>\n"
            "</head>",
        )
        + f'<body>\n<table class="qishu">\n{rows}</table>\n</body>\n</html>\n'
    )


def issue_index(site: Site, issue: Issue, paper: str) -> str:
    rows = "".join(
        f'<tr><td class="banci">第{p.label}版</td><td><a href="{p.html.rsplit("/", 1)[1]}">'
        f'{esc(p.name)}</a></td><td><a href="../../{p.pdf_path}">PDF</a></td></tr>\n'
        for p in issue.live
    )
    return (
        _head(f"{paper} {issue.date.isoformat()}")
        + f'<body>\n<div class="riqi">{date_line(issue.date, "font")}</div>\n'
        + f'<table class="banmian">\n{rows}</table>\n</body>\n</html>\n'
    )


def page_html(site: Site, issue: Issue, page: Page, paper: str) -> str:
    areas = []
    for art in page.articles:
        for area in art.areas:
            coords = area.broken or fmt_coords(area.written, 0)
            areas.append(
                f'<area shape="poly" coords="{coords}" href="{art.links["title"]}" target="_self">'
            )
    titles = "".join(
        f'<tr><td class="bt"><img src="../../public/dot.gif"> '
        f'<a href="{a.links["title"]}">{esc(a.title)}</a></td></tr>\n'
        for a in listed(page)
    )
    plist = "".join(
        f'<a href="{p.html.rsplit("/", 1)[1]}">第{p.label}版：{esc(p.name)}</a><br>\n'
        for p in issue.live
    )
    prev, nxt = neighbours(issue, page)
    pager = '<a href="IssueIndex.htm">本期目录</a>'
    if prev:
        pager += f' <a href="{prev.html.rsplit("/", 1)[1]}">上一版</a>'
    if nxt:
        pager += f' <a href="{nxt.html.rsplit("/", 1)[1]}">下一版</a>'
    w, h = (int(v) for v in page.display)
    return (
        _head(f"{paper} 第{page.label}版")
        + "<body>\n<table width=960 align=center><tr>\n<td valign=top width=380>\n"
        + f'<img src="{rel(page.html, page.image_path)}" width={w} height={h} border=0'
        + ' usemap="#PagePicMap">\n<map name="PagePicMap">\n'
        + "\n".join(areas)
        + "\n</map>\n</td>\n<td valign=top>\n"
        + f'<div class="riqi">{date_line(issue.date, "padded")}</div>\n'
        + f'<div class="pagetitle">第{page.label}版：{esc(page.name)}</div>\n'
        + f'<div class="pdf"><a href="{rel(page.html, page.pdf_path)}">下载本版PDF</a></div>\n'
        + f'<table class="list">\n{titles}</table>\n'
        + f'<div class="pager">{pager}</div>\n'
        + f'<div class="banmian">\n{plist}</div>\n</td></tr></table>\n</body>\n</html>\n'
    )


def article_html(site: Site, page: Page, art: Article, paper: str) -> str:
    """A table.wz layout: four title rows in order (kicker, headline in <strong>,
    subheadline, byline), then the body."""
    return (
        _head(art.headline)
        + "<body>\n"
        + f'<div class="nav"><a href="{page.html.rsplit("/", 1)[1]}">'
        + f"第{page.label}版：{esc(page.name)}</a></div>\n"
        + '<table class="wz" width=640 align=center>\n'
        + f'<tr><td class="font01" align=center>{esc(art.kicker)}</td></tr>\n'
        + f'<tr><td class="font02" align=center><strong>{esc(art.headline)}</strong></td></tr>\n'
        + f'<tr><td class="font01" align=center>{esc(art.subheadline)}</td></tr>\n'
        + f'<tr><td class="font03" align=center>{esc(art.byline)}</td></tr>\n'
        + '<tr><td class="font05"><div id="ozoom">\n'
        + body_html(art.paragraphs, "fw")
        + "</div></td></tr>\n</table>\n</body>\n</html>\n"
    )


def write_paperindex(site: Site, out: Output, paper: str) -> None:
    out.html("content/PaperIndex.htm", paper_index(site, paper))
    for issue in site.issues:
        out.html(f"content/{issue.date:%Y%m%d}/IssueIndex.htm", issue_index(site, issue, paper))
        for page in issue.pages:
            write_page_files(out, page, site.rng)
            if page.dropped or page.fault == "missing_page":
                continue
            out.html(page.html, page_html(site, issue, page, paper))
            site.mark("img_size_differs_from_attributes", page.html)
            for art in page.articles:
                if art.fault == "missing_article":
                    continue
                site.mark("titles_in_table_wz", art.links["file"])
                out.html(
                    art.links["file"],
                    article_html(site, page, art, paper),
                    garble=art.fault == "undecodable",
                )
