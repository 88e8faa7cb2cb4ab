"""METS/ALTO of an issue (docs/library.md): loaded from the database, built by the pure writers
in `broadsheet.library`, served at `/<pub>/<date>/mets.xml` and `/<pub>/<date>/<page>/alto.xml`
(and under `ed-<n>/`), and written to folders by `broadsheet export-mets`.

The METS file needs only the database: the ALTO IDs of the blocks it points at are given by
the regions alone (`alto_layout.block_ids`). Each ALTO file reads its page PDF again for the
lines, words and fonts, which are not stored. Both follow the access rules of the issue's
articles (broadsheet.access.middleware) and are cached under the issue's version like the
reader's other files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata

import pypdfium2 as pdfium
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from broadsheet.http import read_only
from broadsheet.library.alto_layout import RegionIn, block_ids, page_layout
from broadsheet.library.alto_out import alto_document
from broadsheet.library.mets_out import Area, MetsArticle, MetsIssue, MetsPage, mets_document
from broadsheet.newspaper.models import Article, Issue, Page, Region
from broadsheet.pdf.extract import PageContent, extract_page
from broadsheet.reader.caching import conditional
from broadsheet.reader.files import _issue_and_page
from broadsheet.reader.iiif_presentation import bcp47
from broadsheet.reader.links import issue_url, page_url
from broadsheet.reader.queries import get_issue, get_publication

XML = "application/xml"
MAX_AGE = 3600
# Where a part of an article goes in the logical map: a subhead is part of the body.
PART_OF_ROLE = {"subhead": "body"}
READABLE = (Page.TextQuality.OK, Page.TextQuality.OCR)

Hrefs = Callable[[Page, str], str]  # (page, "image" | "pdf" | "alto") → the file's address


def software_version() -> str:
    try:
        return metadata.version("broadsheet")
    except metadata.PackageNotFoundError:  # pragma: no cover (run from a source tree)
        return ""


@dataclass
class IssueData:
    """An issue's pages, all its articles (adverts too) and their regions, in 3 queries."""

    issue: Issue
    pages: list[Page]
    articles: list[Article]
    regions: dict[int, list[Region]] = field(default_factory=dict)  # by article id, id order

    def number_of(self, page: Page) -> int:
        return next(n for n, p in enumerate(self.pages, start=1) if p.pk == page.pk)


def load(issue: Issue) -> IssueData:
    pages = list(issue.pages.order_by("sequence"))
    for page in pages:
        page.issue = issue
    articles = list(Article.objects.filter(issue=issue).order_by("order", "number"))
    for article in articles:
        article.issue = issue
    regions: dict[int, list[Region]] = defaultdict(list)
    for region in Region.objects.filter(article__issue=issue).order_by("id"):
        regions[region.article_id].append(region)
    return IssueData(issue=issue, pages=pages, articles=articles, regions=dict(regions))


def _paragraphs_on(article: Article, page: Page) -> str:
    """The article's body paragraphs that stand on this page (untagged ones on its first)."""
    return "\n".join(
        str(block["text"])
        for block in article.body
        if isinstance(block, dict)
        and block.get("text")
        and (block.get("page") == page.pk or ("page" not in block and article.page_id == page.pk))
    )


def page_regions(data: IssueData, page: Page) -> list[tuple[RegionIn, Article]]:
    """The blocks of the page's articles in reading order, each with its article. An article
    with zones on the page but no body block there (a manifest that gave only its zone and
    headline, an imported site's article) gets each zone as a body block, so its text on the
    page is still its own."""
    out: list[tuple[RegionIn, Article]] = []
    for article in data.articles:
        mine = [r for r in data.regions.get(article.pk, []) if r.page_id == page.pk]
        blocks = [r for r in mine if r.role != Region.Role.ZONE]
        for region in blocks:
            box = (region.x0, region.y0, region.x1, region.y1)
            out.append((RegionIn(f"r{region.pk}", region.role, box, text=region.text), article))
        if any(r.role in ("body", "subhead") for r in blocks):
            continue
        text = _paragraphs_on(article, page)
        for k, zone in enumerate(r for r in mine if r.role == Region.Role.ZONE):
            box = (zone.x0, zone.y0, zone.x1, zone.y1)
            region_in = RegionIn(f"z{zone.pk}", "body", box, zone.polygon, text if k == 0 else "")
            out.append((region_in, article))
    return out


def mets_issue(data: IssueData, hrefs: Hrefs) -> MetsIssue:
    issue = data.issue
    publication = issue.publication
    result = MetsIssue(
        publication=publication.name,
        slug=publication.slug,
        date=issue.date,
        edition=issue.edition,
        language=bcp47(publication.language),
        created=issue.created_at or dt.datetime.now(dt.UTC),
        modified=issue.updated_at or dt.datetime.now(dt.UTC),
        software_version=software_version(),
    )
    parts: dict[int, dict[str, list[Area]]] = defaultdict(lambda: defaultdict(list))
    for number, page in enumerate(data.pages, start=1):
        result.pages.append(
            MetsPage(
                number=number,
                label=page.number,
                name=page.name,
                hrefs={kind: hrefs(page, kind) for kind in ("image", "pdf", "alto")},
            )
        )
        regions = page_regions(data, page)
        ids = block_ids(number, [r for r, _ in regions])
        for region, article in regions:
            part = PART_OF_ROLE.get(region.role, region.role)
            parts[article.pk][part].append(Area(page=number, begin=ids[region.key]))
    for article in data.articles:
        result.articles.append(
            MetsArticle(
                number=article.number,
                kind=article.kind,
                title=str(article.title),
                kicker=article.kicker,
                headline=article.headline,
                subheadline=article.subheadline,
                byline=article.byline,
                parts={k: list(v) for k, v in parts.get(article.pk, {}).items()},
            )
        )
    return result


def mets_xml(data: IssueData, hrefs: Hrefs) -> bytes:
    return mets_document(mets_issue(data, hrefs))


def extract(page: Page) -> PageContent | None:
    """What the page PDF holds (characters, rules, images); None without a readable PDF."""
    name = getattr(page.pdf, "name", "")
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            pdf_bytes = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None
    try:
        document = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError:
        return None
    try:
        if len(document) < 1:
            return None
        pdf_page = document[0]
        try:
            return extract_page(pdf_page)
        finally:
            pdf_page.close()
    finally:
        document.close()


def image_name(page: Page) -> str:
    return f"{safe_label(page.number)}.jpg"


def safe_label(label: str) -> str:
    """A page label as a file name (labels are URL-safe already; this is belt and braces)."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in label)
    return cleaned or "page"


def alto_xml(data: IssueData, page: Page) -> bytes:
    number = data.number_of(page)
    regions = [r for r, _ in page_regions(data, page)]
    content = extract(page)
    layout = page_layout(
        number,
        page.number,
        (page.width, page.height),
        regions,
        content,
        language=bcp47(data.issue.publication.language),
        image_name=image_name(page),
        software_version=software_version(),
        read_text=page.text_quality in READABLE,
    )
    return alto_document(layout)


def folder_hrefs(page: Page, kind: str) -> str:
    """Addresses inside an exported issue folder, relative to its mets.xml."""
    label = safe_label(page.number)
    return {"image": f"image/{label}.jpg", "pdf": f"pdf/{label}.pdf", "alto": f"alto/{label}.xml"}[
        kind
    ]


def served_hrefs(request: HttpRequest) -> Hrefs:
    """The reader's own addresses of the files, absolute."""
    names = {"image": "page_image", "pdf": "page_pdf", "alto": "page_alto"}

    def href(page: Page, kind: str) -> str:
        return request.build_absolute_uri(page_url(page, names[kind]))

    return href


def mets_url(issue: Issue) -> str:
    return issue_url(issue, "issue_mets")


def _xml(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{XML}; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"  # for viewers on other sites (IIIF seeAlso)
    return response


@read_only
def issue_mets(request: HttpRequest, pub: str, date: dt.date, edition: int = 1) -> HttpResponseBase:
    """The issue's METS, its files named by the reader's absolute URLs."""
    issue = get_issue(request, get_publication(pub), date, edition)

    def build() -> HttpResponse:
        return _xml(mets_xml(load(issue), served_hrefs(request)))

    host = request.build_absolute_uri("/")
    return _cors(conditional(request, issue, build, "mets", host, max_age=MAX_AGE))


@read_only
def page_alto(
    request: HttpRequest, pub: str, date: dt.date, page: str, edition: int = 1
) -> HttpResponseBase:
    """A page's ALTO: the same file `broadsheet export-mets` writes."""
    issue, the_page = _issue_and_page(pub, date, page, edition, request)

    def build() -> HttpResponse:
        data = load(issue)
        current = next(p for p in data.pages if p.pk == the_page.pk)
        return _xml(alto_xml(data, current))

    return _cors(conditional(request, issue, build, "alto", the_page.pk, max_age=MAX_AGE))
