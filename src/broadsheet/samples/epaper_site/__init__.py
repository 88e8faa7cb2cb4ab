"""Imitation legacy Chinese e-paper sites (方正 Founder static archives) with planted traps and
exact truth, built from our own sample newspapers. Pure Python, no Django. Used by the tests and
the benchmark of `broadsheet import-epaper SITE_DIR`; it imitates the real structures described
in /work/shared/design/legacy-epaper-sites.md (no text of real pages is used).

API
---
    from broadsheet.samples.epaper_site import SCHEMES, write_site
    SCHEMES == ("classic", "main-ed", "current", "nbs", "paperindex")
    truth = write_site(out_dir, scheme, *, publication="jcrb", start=date, days=2, pages=4,
                       seed=0, traps=True)

writes the site under `out_dir/site` (removed first if it exists) and the truth to
`out_dir/truth.json` (outside the site), and returns the truth. CLI:
`python -m broadsheet.samples.epaper_site OUT_DIR --scheme classic --publication jcrb
--start 2017-07-22 --days 2 --pages 4 [--seed N] [--no-traps]`. The same arguments give the
same bytes. About 0.1 s per page (sample generation, one pdfium render, two JPEG saves).

Content
-------
Issues for `days` consecutive dates from `start`, each `generate_issue(profile, date, pages,
seed)` (docs/samples.md). Every article of the sample truth is an article of the site: listed
in the page's title list, one or more areas on the page map, an article page. What the site
publishes, and so the truth, differs from the sample truth in these ways:
- body `paragraphs` = the sample `text` split at blank lines (subheads are paragraphs too;
  credits like `（李 宣）` stay); a picture story with no text publishes its caption as the body;
  captions of photos in news articles are not body text (main-ed shows them in
  `div.attachment`).
- adverts are titled `广告` in the title list and on the article page (truth headline "广告");
  their big line is the first body paragraph, the small print the next.
- a jumped article (sample `continued_to` / `continued_from`) is published WHOLE on both pages
  under two ids: part one's kicker, headline, subheadline and byline, and the text of both parts
  (joined into one paragraph where the jump cut a paragraph, i.e. where part one's text does
  not end with 。！？…”」）). Truth: an article on both pages with the same titles and
  paragraphs; the one on the earlier page has `continues: {"label": <other page's label>}`
  (null when that page is not in the truth), the later one `continues: null`.
- some bylines get a given name with a character outside GB2312 (喆 堃 旻 昇 镕 璟 玥 犇 淼 赟),
  so pages holding them cannot be GB2312 (they are GBK/GB18030 bytes).
- page labels: the sample's (`01`, `A01` for jcwb); classic relabels the first issue's last
  page as a spread `0405` (n, n+1; only for numeric labels); main-ed relabels the last issue's
  last page `GA01`. Page names: the sample's section names.

Truth (truth.json, UTF-8)
-------------------------
    {"scheme", "publication",
     "issues": [{"date": "YYYY-MM-DD", "pages": [{"label", "name", "file" (the page's HTML, site-
        relative), "source": "pdf"|"image", "width", "height", "articles": [{"kicker",
        "headline", "subheadline", "byline", "paragraphs", "zones", "hidden", "continues"}]}]}],
     "skips": [{"date", "file", "kind", "page"}],   # one per planted fault; "page" = label
     "notes": [{"date", "file", "kind", "page"}],   # hidden_zone, date_conflict
     "traps": {trap name: [site-relative files that carry it]},   # what was planted where
     "encodings": {every HTML file: {"codec", "declared", "bom", "crlf", "declared_ok"}}}

- pages in issue order; articles in the sample's reading order (hidden ones included, with
  `hidden: true`). Pages that cannot be imported (faults no_page_files, missing_page, page_gap)
  are not in `pages`.
- `width`/`height`: the PDF page size in points; for image-only pages (missing_pdf, bad_pdf)
  the full-size image's pixel size (1 px = 1 pt).
- `zones`: the article's polygons as the map gives them, in page points (origin top left):
  the map's pixel coordinates times (page width / displayed width, page height / displayed
  height), rounded to 0.01, in the order and from the start corner written, without the planted
  repeated and collinear points. Left out: a broken area (broken_map), an area with exactly the
  coordinates of another of the article's areas (`?div=0` twin), and the picture area drawn
  inside the article's own text polygon. Compare zones by their union.
- missing_article / undecodable articles stay in the truth with their title-list headline,
  their zones, `""` kicker/subheadline/byline and `[]` paragraphs.
- `encodings`: `codec` = how the bytes really are (`utf-8`, `utf-8-sig` = with BOM, `gb2312`,
  `gb18030` = GBK-compatible bytes, `invalid` = the undecodable fault); `declared` = the
  charset the file's meta tag names (null: no charset meta); `declared_ok` = decoding with the
  declared charset gives the text back; `crlf` = CRLF line ends.

Zones and pixels
----------------
Per article: `broadsheet.layout.outline.outline(regions, other articles' blocks)`; where that
fails, the regions grouped greedily (in reading order) into as few outlines as succeed (at most
two in practice), else a rectangle per region. Points -> displayed pixels with x scale =
display width / page width and y scale = display height / page height (not always equal: current
and nbs stretch every page to 400x575), rounded to integers (classic, main-ed, nbs, paperindex)
or to 3 decimals (current, written without trailing zeros: `3.72,92.805`). With traps, each
written polygon starts at a random corner, is sometimes reversed, and may carry a repeated point
and/or a point in the middle of a straight edge. Outlines are rectilinear, often L- or U-shaped,
with small 1-3 px jogs where columns end at different depths.

Images (per scheme; every page in the truth has its full-size image)
---------------------------------------------------------------------
- classic: displayed `images/YYYY-MM/DD/NN/CODEYYYYMMDDNN_b.jpg`, 350 x round(350·H/W) px; the
  img has width/height on ~60 % of pages and none on the rest (the file is written at exactly
  that size either way). Full-size `…/NN/CODEYYYYMMDDNN.jpg`, 1100 px wide, linked
  `<a href=… target=_blank>查看大图</a>`.
- main-ed: the same names; displayed 380 px wide, always with width/height; full-size 1200 px
  wide, linked `大图`.
- current: `pc/pic/YYYYMM/DD/<uuid4>.jpg.2` shown at width="400" height="575" whatever the
  page's proportions; the file IS the full-size image (1000 px wide, page proportions).
- nbs: displayed `page/YYYY-MM/DD/NN/codeYYYYMMDDNN_b.jpg`, a 400 x round(400·H/W) px file
  shown at width=400 height=575 (stretched); full-size `…/codeYYYYMMDDNN.jpg`, 1000 px wide,
  linked `大图`.
- paperindex: `IMAGE/YYYYMMDD/PageNNxx.jpg` shown at width=360 height=round(360·H/W); the file
  IS the full-size image (1050 px wide).
The map's coordinates always refer to the displayed size (the img attributes, else the
displayed file's own size). For an image-only page the truth size is the full-size image.

Schemes (paths relative to site/)
---------------------------------
classic (generation 1)
- `paperindex.htm`: meta refresh to the latest issue's first page. Pages
  `html/YYYY-MM/DD/node_N.htm` (N = per-site base 1, 2, 187, 1921 or 4105, + page index - 1,
  the same every day); articles `html/YYYY-MM/DD/content_ID.htm` (ID increasing over the site,
  six digits). PDFs `images/YYYY-MM/DD/NN/CODEYYYYMMDDNN.pdf` (CODE = slug upper case, NN =
  label), on every other issue `…/NN/<4 digits><13-digit epoch ms>.pdf`.
- page: `<map name=PagePicMap><Area coords="…" shape="polygon" href="content_ID.htm?div=-1">`
  then `<img src=../../../images/… border=0 USEMAP=#PagePicMap>`; label `div.banci`
  `第01版：<STRONG>要闻</STRONG>`; date in `div.date`: `2017年07月22日 星期六` or
  `2017年7月22日 星期<font class=weekday>六</font>` or split over lines (year,
  年, month, 月, day on lines of their own, `日　星期` with a full-width space, the weekday in
  `<font class=weekday>`) or `2017年07月22日 Sat`; prev/next page
  `<a class=preart href="node_N.htm">上一版/下一版</a>`, previous issue `上一期`; PDF link in
  `div.pdf`; page list `div.bmname <a id=pageLink href=node_N.htm>第01版：要闻</a>` (on some pages
  two-character names padded `要 闻` and the current page's href `./node_N.htm`); title list
  `<li>&middot;<a href=content_ID.htm?div=-1><div style="display:inline" id=mpID>headline</div></a>`
  (on some pages padded with spaces and line breaks inside the div; some entries followed by a
  column tag like `（江城观察）` that is NOT part of the headline); trailing
  `<!--enpproperty <founder-date>YYYY-MM-DD[ HH:MM:SS]</founder-date><founder-pagenum>01
  </founder-pagenum><founder-papername>…</founder-papername>… /enpproperty-->` after `</html>`
  on ~70 % of pages.
- `?div=`: an article with one area links `?div=-1`; with two areas `?div=0`, `?div=1`; with a
  picture area inside its text polygon: picture `?div=0`, text `?div=-1`; an identical twin
  area: `?div=0` and `?div=-1` with the same coordinates (its title-list link then `?div=0` or
  `?div=-1`). The title list links `?div=-1` otherwise. wget saved every distinct link under
  its literal name: the article page is written as `content_ID.htm?div=-1`, `…?div=0`, … (same
  bytes), and for ~30 % (and all two-part articles) also as plain `content_ID.htm`.
- article page: `<!--版面导航-->` page links, `<!--标题导航-->` the page's other titles,
  `<!--文章部分开始-->`, titles in a table: `td.bt3` (kicker) row, `td.bt1` (headline),
  `td.bt2` (subheadline), `td.bt3` (byline) row - or (~30 %) `table.wz` with four rows in this
  order: `td.font01` kicker, `td.font02 <strong>` headline, `td.font01` subheadline, `td.font03`
  byline (empty rows kept); body `<div id="ozoom"><founder-content><!--enpcontent--><p>…</p>…
  <!--/enpcontent--></founder-content><input type=checkbox name=titlecheckbox value=ID
  style=display:none></div>`; paragraphs as `<P>　　…</P>`, `<p>&nbsp;&nbsp;&nbsp;&nbsp;…</p>` or
  `<p>…</p>`. Double body (~30 %): the same founder-content again after the checkbox, inside
  `#ozoom` - take the copy before the input. Two-part articles: `content_ID.htm` (and its
  `?div=` names) hold the first half of the paragraphs and link `content_ID_2.htm` (`下一页`),
  which repeats the titles and holds the rest; the truth has all paragraphs once.
main-ed (generation 2): classic's paths (no timestamp PDF names, no literal `?div` names)
- page: `<meta charset>`; `div.main-ednav-nav dl dt a#pageLink` `01版：要闻`;
  `div.main-ed-pageifm span` label and name; `div.main-ed-map > map[name=PagePicMap] > area`
  (href `content_ID.htm`, one per polygon, picture areas too); `img` with width/height;
  `ul.main-ed-articlenav-list li a` titles; enpproperty comment on every page.
- article: `.main-article-content` holding `.main-article-pretitle`, `.main-article-title`,
  `.main-article-subtitle`, `.main-article-author`, then `.main-article-con` with
  `div.attachment > img` (the photo cut from the page image, `…/NN/ID_pic.jpg`) and
  `p.attachment-text` (caption) before `#ozoom founder-content`.
- hidden notices: one per issue (a brief where there is one) has map areas but no title-list
  entry; its article page exists (truth hidden=true, note hidden_zone).
current (generation 3)
- `pc/layout/index.html`: meta refresh and link to the latest issue's first page. Pages
  `pc/layout/YYYYMM/DD/node_NN.html` (NN = page index 01, 02 …), articles
  `pc/content/YYYYMM/DD/content_ID.html` (eight digits), PDFs `pc/attachement/YYYYMM/DD/
  <uuid4>.pdf`, images `pc/pic/YYYYMM/DD/<uuid4>.jpg.2` (a JPEG); names are random: follow links.
- page: `<MAP NAME="PagePicMap"><Area coords="3.72,92.805,…" shape="polygon"
  href="../../../content/YYYYMM/DD/content_ID.html">` + `<img width="400" height="575"
  src="../../../pic/…jpg.2" USEMAP=#PagePicMap>`; `p.ban` `第01版：要闻`; PDF `PDF下载`;
  `span.newstime` `2017年07月22日 Sat`; page list `div.swiper-slide a#pageLink`
  `01版：要闻`; titles `ul.news-list li a` with spaces around (and sometimes a column tag).
- `pad/layout/YYYYMM/DD/node_NN.html`: a byte-identical tablet twin of every page (its relative
  links point into `pad/`, which holds nothing else): import nothing from it.
- article: either `div.article` with `h3` kicker, `h1` headline, `h2` subheadline,
  `p.sec` (`span.author`, `span.date`, `span.ban` label line) and `div#ozoom`, or (~35 %)
  `div.caption` with `font#intro-title`, `#main-title`, `#sub-title`, `#author` and
  `div.content#ozoom`. Body `<founder-content><!--enpcontent--><p>…</p><!--/enpcontent-->
  <!--enpproperty <date>…</date><author>byline</author><subtitle>…</subtitle><introtitle>…
  </introtitle><keyword></keyword><paperarticleid>ID</paperarticleid>…<nodename>page name
  </nodename><url>…</url>…<title>headline</title>/enpproperty--></founder-content>`. Trap: on
  most articles without a byline the author element holds the date (`2017年07月22日`); the
  truth byline is "" (the comment's `<author>` is empty).
nbs
- no entry page: find pages by name. Pages `html/YYYY-MM/DD/nbs.D110000code_NN.htm` (code =
  slug, NN = label), articles `html/YYYY-MM/DD/nw.D110000code_YYYYMMDD_K-NN.htm` (K-th article of
  page NN, from 1), PDFs `page/YYYY-MM/DD/NN/codeYYYYMMDDNN.pdf`.
- page: `<map name=PagePicMap>` areas + `<img  width=400 height=575 src=…_b.jpg
  USEMAP=#PagePicMap>`; label line `01版:要闻` (no 第, ASCII colon) in `div.ban_t` and `div.l_t`;
  titles ONLY as `<a href=nw…><script>document.write(view("first phrase<br>second phrase  "))
  </script></a>` in `#titleList` (the page's own view() would cut the display to 20
  characters; the string is whole; `<br>` stands for the space between the two phrases);
  page list `#pageList .right_title-name a#pageLink` `第01版：要闻` with a PDF link per page;
  date in `#riqi_`.
- article: `div.text_c` with `h3` kicker, `h1` headline, `h2` subheadline, `h4` byline, a
  `div.lai` source line `《paper》（ YYYY年MM月DD日　NN 版）` (not body), `div#ozoom
  founder-content` with `<P>　　…</P>` paragraphs.
paperindex
- `content/PaperIndex.htm`: meta refresh to the latest `YYYYMMDD/IssueIndex.htm` and a list of
  all issues; `content/YYYYMMDD/IssueIndex.htm`: table rows `第01版` | page link | PDF link;
  pages `content/YYYYMMDD/PageNNxx.htm` (NN = page index, xx = two letters per paper: first and
  last letter of the slug, `JB` for jcrb); articles `content/YYYYMMDD/ArticelNNKKKyy.htm` (K-th
  article of page NN, from 001; yy = the slug's last two letters, `RB`: NOT the page suffix);
  PDFs `PDF/YYYYMMDD/NN.pdf`; images `IMAGE/YYYYMMDD/PageNNxx.jpg`.
- page: `<img … width=360 height=… usemap="#PagePicMap">` then `<map name="PagePicMap">` with
  `<area shape="poly" …>`; `div.pagetitle` `第01版：要闻`; `table.list` of titles; page list in
  `div.banmian`.
- article: `table.wz`, four title rows (font01 kicker, font02 `<strong>` headline, font01
  subheadline, font03 byline, empty rows kept), then `div#ozoom` with `<P>　　…</P>`.

Faults (`skips`; traps=True): each kind planted exactly once per site, on distinct pages, in
this order, spread over the issues (an eligible page of the issue with the fewest faults so
far; the page-removing kinds first avoid pages that hold a jumped article, and never take an
issue's last importable page). A small site (fewer than 8 pages, no issue of 3+ pages for
page_gap, one-page issues) gets only the kinds that fit.
- page_gap: a middle page (not first, not last) is not generated at all: not in the page
  lists, no files; skip `file` = the issue's first page, `page` = the skipped label.
- missing_page: a page (not the first) listed in the page lists but nothing of it written
  (no HTML, PDF, images or article pages); `file` = its page path.
- no_page_files: page HTML and article pages present, no PDF and no image; `file` = page path.
- missing_article: an ordinary article (not jumped, split, tagged, hidden or advert) linked
  from the title list and map, its page(s) absent; `file` = the title-list link's file.
- undecodable: such an article's page(s) with 0xFF (and 0xFE) bytes mixed in all through:
  invalid UTF-8 and invalid GB18030 (`encodings` codec "invalid"); treat as missing_article.
- broken_map: one area's coords are unusable (an odd count of numbers, or letters inside a
  number like `5o1px`); that area is not in the truth zones; `file` = page path.
- missing_pdf: the PDF is linked but absent; the page is built from its full-size image
  (source "image"); `file` = the PDF path.
- bad_pdf: the PDF exists but is a truncated third of the file or a saved 404 HTML page;
  source "image"; `file` = the PDF path.
Notes (not skips): hidden_zone (main-ed, one per issue), date_conflict (classic and main-ed,
one page per site whose enpproperty founder-date is the day before its path date; the path
date is right). Only pages in the truth carry notes.

Other traps (traps=True; each recorded in truth["traps"] with its files)
- encodings per HTML file, dealt from a shuffled per-scheme deck (codec / declared charset):
  classic gb2312/gb2312 (x2), utf-8/utf-8, BOM/utf-8, gb18030/gbk, utf-8/gb2312 (lie),
  gb18030/utf-8 (lie); main-ed utf-8 (x2), BOM, gb2312, gb18030/GBK, utf-8/gb2312, utf-8 with
  no charset meta; current utf-8, utf-8/UTF-8, BOM, gb18030/utf-8, no meta; nbs utf-8 (x2),
  gb2312, gb18030/gb18030, utf-8/gb2312, gb18030 with no meta; paperindex gb2312 (x2),
  gb18030/gbk, utf-8, BOM, gb18030/utf-8. A gb2312 entry whose text has characters outside
  GB2312 (the rare given names, `——` subheadlines, `·`) is written as GB18030/GBK bytes under
  the gb2312 label, as real sites do. ~25 % of HTML files have CRLF line ends. Detect: valid
  UTF-8 (BOM or not) is UTF-8, else GB18030; never trust the meta.
- classic: `<MAP NAME="pagepicmap">…</MAP>` with `USEMAP=#PagePicMap` (~35 % of pages); two
  `<body>` tags (~30 %); `img` without width/height (~40 %); identical `?div=0`/`?div=-1`
  areas; picture area inside the text polygon; column tags in the title list; padded titles
  and page names; four date-line styles; epoch-ms PDF names; spread label; two-part articles;
  double bodies; `table.wz` titles; literal `?div=` file names.
- main-ed: picture areas inside text polygons; hidden notices; GA01 label; date conflict.
- current: fractional coordinates, stretched 400x575 display, `.jpg.2` images, uuid names,
  tablet twin, author element holding the date, column tags, `&nbsp;` indents.
- nbs: titles only in `view()` scripts, `<br>` in titles, stretched display (the `_b.jpg` is
  400 x 400·H/W, the img says 400x575), `01版:` vs `第01版：`.
- paperindex: page and article name suffixes differ; `shape="poly"`.
- every scheme: repeated and collinear points, L/U polygons, random start corner and
  direction, jumped articles published twice, GBK-only characters in bylines.
traps=False: no faults, notes, polygon noise, picture or twin areas, hidden notices,
relabelled pages, column tags, two-part or double bodies, map-name case, second body tag,
size-less img, padded titles, timestamp PDF names, author-as-date or rare characters… in
short only the scheme's own structure: every HTML file UTF-8 with a correct meta and LF line
ends, the plain date line, and the structures that define the scheme (literal `?div` names,
`table.wz` variants, the pad twin, `view()` titles, fractional coordinates, stretched displays).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from ..issue import generate_issue
from ..profiles import profile_by_slug
from . import classic, current, nbs, paperindex
from .main_ed import write_main_ed
from .model import Article, Page, Site, build_issue
from .output import Output
from .traps import (
    FAULTS,
    Features,
    build_areas,
    plan_faults,
    plant_article_traps,
    plant_date_conflict,
)

SCHEMES = ("classic", "main-ed", "current", "nbs", "paperindex")

FEATURES: dict[str, Features] = {
    "classic": Features(photo_area=True, dup_area=True, tags=True, parts=True, date_conflict=True),
    "main-ed": Features(photo_area=True, hidden=True, date_conflict=True),
    "current": Features(decimals=3, tags=True, author_date=True),
    "nbs": Features(),
    "paperindex": Features(),
}

_LAYOUTS: dict[str, Callable[[Site], None]] = {
    "classic": lambda site: classic.layout(site, main_ed=False),
    "main-ed": lambda site: classic.layout(site, main_ed=True),
    "current": current.layout,
    "nbs": nbs.layout,
    "paperindex": paperindex.layout,
}

_WRITERS: dict[str, Callable[[Site, Output, str], None]] = {
    "classic": classic.write_classic,
    "main-ed": write_main_ed,
    "current": current.write_current,
    "nbs": nbs.write_nbs,
    "paperindex": paperindex.write_paperindex,
}

__all__ = ["FAULTS", "SCHEMES", "write_site"]


def _code(scheme: str, slug: str) -> str:
    if scheme in ("classic", "main-ed"):
        return slug.upper()
    return slug.lower()


def write_site(
    out_dir: Path,
    scheme: str,
    *,
    publication: str = "jcrb",
    start: datetime.date,
    days: int = 2,
    pages: int = 4,
    seed: int = 0,
    traps: bool = True,
) -> dict:
    """Write an imitation e-paper site under `out_dir/site` and its truth to
    `out_dir/truth.json`; return the truth. The same arguments give the same bytes."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; one of {', '.join(SCHEMES)}")
    if days < 1 or pages < 1:
        raise ValueError("a site has at least one issue of at least one page")
    profile = profile_by_slug(publication)
    key = f"{scheme}|{publication}|{start.isoformat()}|{days}|{pages}|{seed}|{traps}"
    rng = random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
    site = Site(scheme, profile, _code(scheme, profile.slug), rng, traps)
    for n in range(days):
        date = start + datetime.timedelta(days=n)
        generated = generate_issue(profile, date, pages, seed)
        site.issues.append(build_issue(generated, rng, rare=traps))
    _LAYOUTS[scheme](site)
    features = FEATURES[scheme]
    for page in site.pages():
        build_areas(site, page, features)
    plant_article_traps(site, features)
    plan_faults(site)
    plant_date_conflict(site, features)

    out_dir = Path(out_dir)
    root = out_dir / "site"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    out = Output(root, site)
    _WRITERS[scheme](site, out, profile.name)
    truth = _truth(site, out)
    (out_dir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return truth


def _zones(page: Page, art: Article) -> list[list[list[float]]]:
    w, h = (page.width, page.height) if page.has_pdf else page.big_size
    sx, sy = w / page.display[0], h / page.display[1]
    return [
        [[round(x * sx, 2), round(y * sy, 2)] for x, y in area.px]
        for area in art.areas
        if area.in_truth and not area.broken
    ]


def _truth(site: Site, out: Output) -> dict:
    home: dict[int, Page] = {id(a): p for p in site.pages() for a in p.articles}
    issues = []
    for issue in site.issues:
        pages = []
        for page in issue.pages:
            if not page.in_truth:
                continue
            w, h = (page.width, page.height) if page.has_pdf else page.big_size
            articles = []
            for art in page.articles:
                lost = bool(art.fault)
                partner = home.get(id(art.jump_to)) if art.jump_to else None
                continues = (
                    {"label": partner.label} if partner is not None and partner.in_truth else None
                )
                articles.append(
                    {
                        "kicker": "" if lost else art.kicker,
                        "headline": art.headline,
                        "subheadline": "" if lost else art.subheadline,
                        "byline": "" if lost else art.byline,
                        "paragraphs": [] if lost else list(art.paragraphs),
                        "zones": _zones(page, art),
                        "hidden": art.hidden,
                        "continues": continues,
                    }
                )
                if continues:
                    site.mark("jump_published_twice", page.html)
            pages.append(
                {
                    "label": page.label,
                    "name": page.name,
                    "file": page.html,
                    "source": page.source,
                    "width": float(w),
                    "height": float(h),
                    "articles": articles,
                }
            )
        issues.append({"date": issue.date.isoformat(), "pages": pages})
    skips = []
    for kind, issue, page, victim in site.faults:
        if kind == "page_gap":
            file = issue.live[0].html
        elif kind in ("missing_pdf", "bad_pdf"):
            file = page.pdf_path
        elif victim is not None and kind in ("missing_article", "undecodable"):
            file = victim.links["file"]
        else:
            file = page.html
        skips.append(
            {"date": issue.date.isoformat(), "file": file, "kind": kind, "page": page.label}
        )
    notes = []
    for page in site.pages():
        if not page.in_truth:
            continue
        date = page.issue.date.isoformat()
        for art in page.articles:
            if art.hidden:
                notes.append(
                    {"date": date, "file": page.html, "kind": "hidden_zone", "page": page.label}
                )
        if "founder_date" in page.flags:
            notes.append(
                {"date": date, "file": page.html, "kind": "date_conflict", "page": page.label}
            )
            site.mark("date_conflict", page.html)
    return {
        "scheme": site.scheme,
        "publication": site.profile.slug,
        "issues": issues,
        "skips": skips,
        "notes": notes,
        "traps": {  # only files that were written (not pages removed by a fault)
            k: sorted(f for f in v if f in out.written)
            for k, v in sorted(site.trap_files.items())
            if any(f in out.written for f in v)
        },
        "encodings": dict(sorted(out.encodings.items())),
    }
