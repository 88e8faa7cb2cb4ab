"""The nbs./nw. scheme: html/YYYY-MM/DD/nbs.D110000<code>_NN.htm, titles only in scripts."""

from __future__ import annotations

from .common import body_html, date_line, esc, listed, neighbours, rel
from .model import Article, Issue, Page, Site, fmt_coords
from .output import CHARSET, Output, write_page_files

DISPLAY = (400, 575)

VIEW_SCRIPT = """<script language="javascript">
function strLen(s)
{
 var n = 0;
 for (var i = 0; i < s.length; i++) { n += s.charCodeAt(i) > 255 ? 2 : 1; }
 return n;
}
function view(s)
{
 var max = 20;
 s = s.replace(/<br>/gi, " ");
 if (strLen(s) > max) return "<span title='" + s + "'>" + s.substring(0, max) + "...</span>";
 return s;
}
</script>
"""


def layout(site: Site) -> None:
    for issue in site.issues:
        d = issue.date
        folder = f"html/{d:%Y-%m}/{d:%d}"
        for page in issue.pages:
            page.node = page.index
            nn = page.label
            page.html = f"{folder}/nbs.D110000{site.code}_{nn}.htm"
            pdir = f"page/{d:%Y-%m}/{d:%d}/{nn}"
            stem = f"{site.code}{d:%Y%m%d}{nn}"
            page.pdf_path = f"{pdir}/{stem}.pdf"
            page.image_path, page.big_path = f"{pdir}/{stem}_b.jpg", f"{pdir}/{stem}.jpg"
            page.display = (float(DISPLAY[0]), float(DISPLAY[1]))
            # the small image keeps the page's proportions; the <img> stretches it to 400x575
            page.image_size = (DISPLAY[0], round(DISPLAY[0] * page.height / page.width))
            page.big_size = (1000, round(1000 * page.height / page.width))
            for art in page.articles:
                art.cid = art.order
                name = f"nw.D110000{site.code}_{d:%Y%m%d}_{art.order}-{nn}.htm"
                art.links["title"] = name
                art.links["file"] = f"{folder}/{name}"


def _js_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def nbs_page(site: Site, issue: Issue, page: Page, paper: str) -> str:
    areas = []
    for art in page.articles:
        for area in art.areas:
            coords = area.broken or fmt_coords(area.written, 0)
            areas.append(f'<Area coords="{coords}" shape="polygon" href="{art.links["title"]}">')
    items = []
    for i, art in enumerate(listed(page)):
        shown = esc(art.title)
        if site.profile.is_chinese:  # a title on two lines: <br> between its two phrases
            shown = shown.replace(" ", "<br>", 1)
        shown = _js_string(shown) + "  "
        cls = ' class="one"' if i % 2 else ""
        items.append(
            f"<li{cls}>\n<a href={art.links['title']}>"
            f'<script>document.write(view("{shown}"))</script></a></li>\n'
        )
    plist = "".join(
        f'<div class="right_title{i % 2 + 1}">\n<div class="right_title-name">'
        f"<a id=pageLink href={'./' if p is page else ''}{p.html.rsplit('/', 1)[1]}>"
        f"第{p.label}版：{esc(p.name)}</a></div>\n"
        f'<div class="right_title-pdf"><a href={rel(page.html, p.pdf_path)}>'
        '<img src="../../../tplimg/ico3.gif" border=0 /></a></div>\n</div>\n'
        for i, p in enumerate(issue.live)
    )
    prev, nxt = neighbours(issue, page)
    pager = ""
    if prev:
        pager += f'<a class=preart href="{prev.html.rsplit("/", 1)[1]}">上一版</a> '
    if nxt:
        pager += f'<a class=preart href="{nxt.html.rsplit("/", 1)[1]}">下一版</a>'
    w, h = DISPLAY
    return (
        "<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">\n'
        f"<title>{esc(paper)}</title>\n" + VIEW_SCRIPT + "</head>\n"
        '<body onLoad="initialize();initMPPage();">\n<div class="left_c">\n<div class="ban">\n'
        "<map name=PagePicMap>" + "".join(areas) + "</map>"
        f"<img  width={w} height={h} src={rel(page.html, page.image_path)} border=0"
        " USEMAP=#PagePicMap></div>\n"
        f'<div class="ban_t"><ul><li>\n            {page.label}版:{esc(page.name)}\n'
        f"            &nbsp;\n            <a href={rel(page.html, page.pdf_path)}>"
        '<img src="../../../tplimg/ico4.gif" border=0></a> PDF\n'
        f"            <a href={rel(page.html, page.big_path)} target=_blank>大图</a>\n"
        f"            <span>{pager}</span></li></ul></div>\n</div>\n"
        f'<div id="riqi_">\n{esc(paper)}\n{date_line(issue.date, "padded")}\n</div>\n'
        '<div class="list_l">\n<div class="l_t">\n'
        f"            {page.label}版:{esc(page.name)}\n</div>\n"
        '<div id="titleList"><!-- list starting --><ul>\n'
        + "".join(items)
        + "</ul><!-- list endding --></div>\n</div>\n"
        '<div class="list_r"><div class="l_t l_t1">版面目录</div>\n<div id="pageList"><ul>\n'
        + plist
        + "</ul></div></div>\n</body>\n</html>\n"
    )


def nbs_article(site: Site, page: Page, art: Article, paper: str) -> str:
    d = page.issue.date
    return (
        "<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={CHARSET}">\n'
        f"<title>{esc(art.headline)}</title>\n</head>\n<body>\n"
        f'<div class="text_c">\n<h3>{esc(art.kicker)}</h3>\n<h1>{esc(art.headline)}</h1>\n'
        f"<h2>{esc(art.subheadline)}</h2>\n<h4>{esc(art.byline)}</h4>\n"
        f'<div class="lai"><span>《{esc(paper)}》（ {d.year}年{d.month:02d}月{d.day:02d}日'
        f"\u3000{page.label} 版）</span></div>\n"
        '<div class="c_c" id="articleContent">\n<div id="ozoom">\n<founder-content>\n'
        + body_html(art.paragraphs, "fw")
        + "</founder-content>\n</div>\n</div>\n</div>\n"
        f'<div class="fanhui"><a href="{page.html.rsplit("/", 1)[1]}">返回本版</a></div>\n'
        "</body>\n</html>\n"
    )


def write_nbs(site: Site, out: Output, paper: str) -> None:
    for issue in site.issues:
        for page in issue.pages:
            write_page_files(out, page, site.rng)
            if page.dropped or page.fault == "missing_page":
                continue
            out.html(page.html, nbs_page(site, issue, page, paper))
            site.mark("titles_only_in_view_script", page.html)
            site.mark("img_size_differs_from_attributes", page.html)
            for art in page.articles:
                if art.fault == "missing_article":
                    continue
                out.html(
                    art.links["file"],
                    nbs_article(site, page, art, paper),
                    garble=art.fault == "undecodable",
                )
