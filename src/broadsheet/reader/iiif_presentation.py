"""IIIF Presentation API 3.0: a Manifest per issue, a Collection per publication, one for the site.

A Manifest has a Canvas per page, as large as the page's image service (see iiif_image), the
page painted on it through that service, and a Range per article whose items are, for each of
its pages, the page's Canvas and then the article's zones on it (a FragmentSelector `xywh=` in
canvas pixels, or an SvgSelector for a polygon zone). Labels are language maps in the publication's language (BCP 47: "zh-Hans").
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.urls import reverse

from broadsheet.library import alto_out, mets_out
from broadsheet.newspaper.models import Issue, Page, Publication, Region
from broadsheet.reader.iiif_image import FullSize, full_size
from broadsheet.reader.links import issue_url, page_url
from broadsheet.reader.queries import IssueContents

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
IMAGE_PROFILE = "level2"
YEARS_ABOVE = 366  # a publication with more issues than this is a Collection of years
# seeAlso profiles: the schemas of the METS and ALTO files (broadsheet.library).
METS_PROFILE = mets_out.METS_SCHEMA_URL
ALTO_PROFILE = alto_out.SCHEMA_URL


def bcp47(code: str) -> str:
    """Django's language code as a BCP 47 tag: "zh-hans" → "zh-Hans", "en-gb" → "en-GB"."""
    parts = code.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)


def _edition_kwargs(issue: Issue) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"pub": issue.publication.slug, "date": issue.date}
    if issue.edition != 1:
        kwargs["edition"] = issue.edition
    return kwargs


def manifest_path(issue: Issue) -> str:
    return reverse("reader:iiif_manifest", kwargs=_edition_kwargs(issue))


def image_service_path(page: Page) -> str:
    return reverse("reader:iiif_base", kwargs={**_edition_kwargs(page.issue), "page": page.number})


def collection_path(publication: Publication | None = None, year: int | None = None) -> str:
    if publication is None:
        return reverse("reader:iiif_collection")
    if year is None:
        return reverse("reader:iiif_publication", kwargs={"pub": publication.slug})
    return reverse("reader:iiif_year", kwargs={"pub": publication.slug, "year": year})


def nav_date(issue: Issue) -> str:
    """Midnight of the issue's day where it is published, in UTC."""
    try:
        zone = ZoneInfo(issue.publication.timezone)
    except (ValueError, KeyError, OSError):
        zone = ZoneInfo("UTC")
    midnight = dt.datetime.combine(issue.date, dt.time(0), tzinfo=zone)
    return midnight.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_label(issue: Issue) -> dict[str, list[str]]:
    text = f"{issue.publication.name} {issue.date.isoformat()}"
    if issue.edition != 1:
        text += f" ({issue.edition})"
    return {bcp47(issue.publication.language): [text]}


def _ref(request: HttpRequest, issue: Issue) -> dict[str, Any]:
    return {
        "id": request.build_absolute_uri(manifest_path(issue)),
        "type": "Manifest",
        "label": issue_label(issue),
        "navDate": nav_date(issue),
    }


def _pdf(url: str, label: str, lang: str) -> dict[str, Any]:
    return {"id": url, "type": "Text", "label": {lang: [label]}, "format": "application/pdf"}


def _selector(region: Region, scale_x: float, scale_y: float) -> dict[str, Any]:
    if region.polygon:
        points = " ".join(f"{round(x * scale_x)},{round(y * scale_y)}" for x, y in region.polygon)
        svg = f"<svg xmlns='http://www.w3.org/2000/svg'><polygon points='{points}'/></svg>"
        return {"type": "SvgSelector", "value": svg}
    x, y = round(region.x0 * scale_x), round(region.y0 * scale_y)
    w = max(1, round((region.x1 - region.x0) * scale_x))
    h = max(1, round((region.y1 - region.y0) * scale_y))
    return {"type": "FragmentSelector", "value": f"xywh={x},{y},{w},{h}"}


def _canvas(
    request: HttpRequest, base: str, page: Page, full: FullSize, lang: str, issue_pdf: str
) -> dict[str, Any]:
    abs_ = request.build_absolute_uri
    canvas_id = f"{base}/canvas/{page.number}"
    service = abs_(image_service_path(page))
    label = f"{page.number} {page.name}".strip()
    return {
        "id": canvas_id,
        "type": "Canvas",
        "label": {lang: [label]},
        "width": full.width,
        "height": full.height,
        "thumbnail": [
            {
                "id": abs_(page_url(page, "page_thumb")),
                "type": "Image",
                "format": "image/jpeg",
            }
        ],
        "rendering": [
            _pdf(abs_(page_url(page, "page_pdf")), f"PDF {page.number}", lang),
            _pdf(issue_pdf, "PDF", lang),
        ],
        "seeAlso": [
            {
                "id": abs_(page_url(page, "page_json")),
                "type": "Dataset",
                "format": "application/json",
                "label": {lang: [f"{page.number} JSON"]},
            },
            {  # the page's text with positions (docs/library.md)
                "id": abs_(page_url(page, "page_alto")),
                "type": "Dataset",
                "format": "application/xml",
                "profile": ALTO_PROFILE,
                "label": {lang: [f"{page.number} ALTO"]},
            },
        ],
        "items": [
            {
                "id": f"{canvas_id}/page",
                "type": "AnnotationPage",
                "items": [
                    {
                        "id": f"{canvas_id}/page/image",
                        "type": "Annotation",
                        "motivation": "painting",
                        "body": {
                            "id": f"{service}/full/max/0/default.jpg",
                            "type": "Image",
                            "format": "image/jpeg",
                            "width": full.width,
                            "height": full.height,
                            "service": [
                                {"id": service, "type": "ImageService3", "profile": IMAGE_PROFILE}
                            ],
                        },
                        "target": canvas_id,
                    }
                ],
            }
        ],
    }


def manifest(request: HttpRequest, contents: IssueContents) -> dict[str, Any]:
    issue = contents.issue
    publication = issue.publication
    lang = bcp47(publication.language)
    abs_ = request.build_absolute_uri
    manifest_id = abs_(manifest_path(issue))
    base = manifest_id.rsplit("/", 1)[0]
    issue_pdf = abs_(issue_url(issue, "issue_pdf"))
    sizes = {page.id: full_size(page) for page in contents.pages}
    canvases = [
        _canvas(request, base, page, sizes[page.id], lang, issue_pdf) for page in contents.pages
    ]
    canvas_of = {page.id: f"{base}/canvas/{page.number}" for page in contents.pages}
    by_id = {page.id: page for page in contents.pages}
    ranges = []
    for article in contents.articles:
        items: list[dict[str, Any]] = []
        for page_id in contents.pages_of.get(article.id, []):
            page = by_id.get(page_id)
            if page is None:
                continue
            zones = contents.zones_on(article, page)
            full = sizes[page.id]
            scale_x, scale_y = full.width / page.width, full.height / page.height
            source = {"id": canvas_of[page.id], "type": "Canvas"}
            # The page itself first (viewers such as Mirador 4 go only to Canvas items of a
            # Range), then the article's zones on it (the places a viewer may highlight).
            items.append(source)
            for zone in zones:
                items.append(
                    {
                        "type": "SpecificResource",
                        "source": source,
                        "selector": _selector(zone, scale_x, scale_y),
                    }
                )
        if not items:
            continue
        first = items[0]
        ranges.append(
            {
                "id": f"{base}/range/a{article.number}",
                "type": "Range",
                "label": {lang: [article.title]},
                "start": {"id": first["id"], "type": "Canvas"},
                "items": items,
            }
        )
    summary = publication.description.strip() or " · ".join(
        f"{p.number} {p.name}".strip() for p in contents.pages
    )
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": issue_label(issue),
        "summary": {lang: [summary or issue.date.isoformat()]},
        "navDate": nav_date(issue),
        "behavior": ["paged"],
        "viewingDirection": "left-to-right",
        "homepage": [
            {
                "id": abs_(issue_url(issue)),
                "type": "Text",
                "label": issue_label(issue),
                "format": "text/html",
            }
        ],
        "seeAlso": [
            {
                "id": abs_(issue_url(issue, "issue_json")),
                "type": "Dataset",
                "format": "application/json",
            },
            {  # the issue's structure: pages, articles and their parts (docs/library.md)
                "id": abs_(issue_url(issue, "issue_mets")),
                "type": "Dataset",
                "format": "application/xml",
                "profile": METS_PROFILE,
                "label": {lang: ["METS"]},
            },
        ],
        "rendering": [_pdf(issue_pdf, "PDF", lang)],
        "partOf": [{"id": abs_(collection_path(publication)), "type": "Collection"}],
        "items": canvases,
    }
    if canvases:
        data["thumbnail"] = canvases[0]["thumbnail"]
        data["start"] = {"id": canvases[0]["id"], "type": "Canvas"}
    if ranges:
        data["structures"] = [
            {
                "id": f"{base}/range/articles",
                "type": "Range",
                "label": {"en": ["Articles"], "zh-Hans": ["文章"]},
                "items": ranges,
            }
        ]
    return data


def _collection(request: HttpRequest, path: str, label: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": request.build_absolute_uri(path),
        "type": "Collection",
        "label": label,
        "items": [],
    }


def site_collection(request: HttpRequest, publications: list[Publication]) -> dict[str, Any]:
    from django.conf import settings

    name = getattr(settings, "BROADSHEET_SITE_NAME", "") or "Broadsheet"
    data = _collection(request, collection_path(), {"none": [name]})
    data["items"] = [
        {
            "id": request.build_absolute_uri(collection_path(p)),
            "type": "Collection",
            "label": {bcp47(p.language): [p.name]},
        }
        for p in publications
    ]
    return data


def publication_collection(
    request: HttpRequest, publication: Publication, issues: list[Issue], year: int | None = None
) -> dict[str, Any]:
    """The publication's issues, oldest first; when there are many (and no year is asked for),
    a Collection per year instead."""
    lang = bcp47(publication.language)
    label = publication.name if year is None else f"{publication.name} {year}"
    data = _collection(request, collection_path(publication, year), {lang: [label]})
    if publication.description.strip():
        data["summary"] = {lang: [publication.description.strip()]}
    if year is not None:
        data["partOf"] = [
            {"id": request.build_absolute_uri(collection_path(publication)), "type": "Collection"}
        ]
    else:
        data["partOf"] = [
            {"id": request.build_absolute_uri(collection_path()), "type": "Collection"}
        ]
    if year is None and len(issues) > YEARS_ABOVE:
        years = sorted({i.date.year for i in issues})
        data["items"] = [
            {
                "id": request.build_absolute_uri(collection_path(publication, y)),
                "type": "Collection",
                "label": {lang: [f"{publication.name} {y}"]},
            }
            for y in years
        ]
        return data
    data["items"] = [_ref(request, issue) for issue in issues]
    return data
