"""Generation 2 ("main-ed") templates; the paths are classic's (classic.layout)."""

from __future__ import annotations

from PIL import Image

from .classic import _folder
from .common import (
    DATE_STYLES,
    body_html,
    date_line,
    enpproperty,
    esc,
    listed,
    neighbours,
    rel,
    title_text,
)
from .model import Article, Issue, Page, Site, fmt_coords
from .output import CHARSET, Output, jpeg, write_page_files

HEAD = """<!DOCTYPE html>
<html>
<head>
<meta charset="%CHARSET%">
<title>{title}</title>
<link rel="stylesheet" href="../../../static/css/main-ed.css">
</head>
"""


def main_ed_page(site: Site, issue: Issue, page: Page, paper: str) -> str:
    rng = site.rng
    prev, nxt = neighbours(issue, page)
    areas = []
    for art in page.articles:
        href = f"content_{art.cid}.htm"
        art.links["title"] = href
        art.links["file"] = f"{_folder(page)}/{href}"
        for area in art.areas:
            coords = area.broken or fmt_coords(area.written, 0)
            areas.append(f'<area shape="polygon" coords="{coords}" href="{href}" target="_self">')
    titles = "".join(
        f"<li><a href={a.links['title']}>{title_text(a, rng, False)}</a></li>\n"
        for a in listed(page)
    )
    plist = "".join(
        f"<dt><a id=pageLink href=node_{p.node}.htm>{p.label}版：{esc(p.name)}</a></dt>\n"
        for p in issue.live
    )
    pager = []
    if prev:
        pager.append(f'<a href="node_{prev.node}.htm" class="main-ed-prev">上一版</a>')
    if nxt:
        pager.append(f'<a href="node_{nxt.node}.htm" class="main-ed-next">下一版</a>')
    style = site.deal("date", DATE_STYLES[:2] + DATE_STYLES[3:]) if site.traps else "padded"
    w, h = page.display
    tail = enpproperty(page, paper, rng)
    return (
        HEAD.format(title=f"{esc(paper)}数字报")
        + '<body>\n<div class="main-ed">\n'
        + f'<div class="main-ed-head"><span class="main-ed-paper">{esc(paper)}</span>'
        + f' <span class="main-ed-date">{date_line(issue.date, style)}</span></div>\n'
        + f'<div class="main-ednav-nav"><dl>\n{plist}</dl></div>\n'
        + f'<div class="main-ed-pageifm"><span>{page.label}版：{esc(page.name)}</span>'
        + f' <a href="{rel(page.html, page.pdf_path)}" class="main-ed-pdf">PDF</a>'
        + f' <a href="{rel(page.html, page.big_path)}" target="_blank">大图</a></div>\n'
        + '<div class="main-ed-map"><map name="PagePicMap">\n'
        + "\n".join(areas)
        + "\n</map>"
        + f'<img src="{rel(page.html, page.image_path)}" width="{w}" height="{h}"'
        + ' usemap="#PagePicMap" border="0"></div>\n'
        + '<div class="main-ed-articlenav"><ul class="main-ed-articlenav-list">\n'
        + titles
        + "</ul></div>\n"
        + f'<div class="main-ed-pagenav">{" ".join(pager)}</div>\n</div>\n</body>\n</html>\n'
        + tail
    )


def main_ed_article(site: Site, page: Page, art: Article, paper: str, pics: list[str]) -> str:
    attachments = ""
    for src in pics:
        attachments += (
            f'<div class="attachment"><img src="{src}">'
            f'<p class="attachment-text">{esc(art.caption)}</p></div>\n'
        )
    return (
        HEAD.format(title=f"{esc(art.headline)}-{esc(paper)}")
        + '<body>\n<div class="main-article">\n'
        + f'<div class="main-article-nav"><a href="node_{page.node}.htm">'
        + f"{page.label}版：{esc(page.name)}</a></div>\n"
        + '<div class="main-article-content">\n'
        + f'<div class="main-article-pretitle">{esc(art.kicker)}</div>\n'
        + f'<div class="main-article-title">{esc(art.headline)}</div>\n'
        + f'<div class="main-article-subtitle">{esc(art.subheadline)}</div>\n'
        + f'<div class="main-article-author">{esc(art.byline)}</div>\n'
        + '<div class="main-article-con">\n'
        + attachments
        + '<div id="ozoom"><founder-content>\n'
        + body_html(art.paragraphs, "plain")
        + "\n</founder-content></div>\n</div>\n</div>\n</div>\n</body>\n</html>\n"
    )


def _picture(big: Image.Image | None, page: Page, art: Article) -> bytes | None:
    if big is None or not art.photo or art.kind == "advert":
        return None
    s = big.size[0] / page.width
    x0, y0, x1, y1 = (round(v * s) for v in art.photo)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return jpeg(big.crop((x0, y0, x1, y1)), 70)


def write_main_ed(site: Site, out: Output, paper: str) -> None:
    latest = site.issues[-1]
    target = latest.live[0].html
    out.html(
        "paperindex.htm",
        f'<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n</head><body></body></html>\n',
    )
    for issue in site.issues:
        for page in issue.pages:
            big = write_page_files(out, page, site.rng)
            if page.dropped or page.fault == "missing_page":
                continue
            out.html(page.html, main_ed_page(site, issue, page, paper))
            if any(a.hidden for a in page.articles):
                site.mark("hidden_zone", page.html)
            folder = _folder(page)
            for art in page.articles:
                pics = []
                data = _picture(big, page, art)
                if data is not None:
                    pic = f"{page.image_path.rsplit('/', 1)[0]}/{art.cid}_pic.jpg"
                    out.data(pic, data)
                    pics.append(rel(page.html, pic))
                if art.fault == "missing_article":
                    continue
                html = main_ed_article(site, page, art, paper, pics)
                out.html(f"{folder}/{art.links['title']}", html, garble=art.fault == "undecodable")
                if pics:
                    site.mark("attachment_pictures", f"{folder}/{art.links['title']}")
