"""The review screen: a page with its zones drawn over the image, and the correction API."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from broadsheet.desk import editing, inputs
from broadsheet.desk.models import Change
from broadsheet.desk.roles import issue_view
from broadsheet.desk.views.common import base_context, json_response
from broadsheet.http import read_only
from broadsheet.newspaper.models import Article, Issue, Page, Region


def _page(issue: Issue, page_id: int) -> Page:
    return get_object_or_404(Page, pk=page_id, issue=issue)


def page_data(issue: Issue, page: Page) -> dict[str, Any]:
    """Everything the zone editor needs about one page, and the issue's articles to link."""
    regions = Region.objects.filter(article__issue=issue).select_related("article")
    on_page: dict[int, list[Region]] = {}
    pages_of: dict[int, set[int]] = {}
    for region in regions:
        pages_of.setdefault(region.article_id, set()).add(region.page_id)
        if region.page_id == page.pk:
            on_page.setdefault(region.article_id, []).append(region)
    labels = dict(Page.objects.filter(issue=issue).values_list("pk", "number"))
    articles = []
    for article in Article.objects.filter(issue=issue).order_by("order"):
        mine = on_page.get(article.pk, [])
        articles.append(
            {
                "number": article.number,
                "order": article.order,
                "kind": article.kind,
                "kicker": article.kicker,
                "headline": article.headline,
                "subheadline": article.subheadline,
                "byline": article.byline,
                "body": "\n\n".join(b.get("text", "") for b in article.body),
                "title": article.title,
                "on_page": bool(mine) or article.page_id == page.pk,
                "pages": sorted(labels[p] for p in pages_of.get(article.pk, set()) if p in labels),
                "zones": [
                    {"id": r.pk, "box": r.bbox, "points": r.polygon}
                    for r in mine
                    if r.role == Region.Role.ZONE
                ],
                "parts": [
                    {"id": r.pk, "role": r.role, "box": r.bbox, "text": r.text[:300]}
                    for r in mine
                    if r.role != Region.Role.ZONE
                ],
            }
        )
    undoable = Change.objects.filter(issue=issue, undoable=True, undone_at__isnull=True).first()
    return {
        "page": {"id": page.pk, "number": page.number, "width": page.width, "height": page.height},
        "articles": articles,
        "undo": undoable.description if undoable else None,
        "version": issue.version,
        "words": {
            "advert": gettext("Advert"),
            "up": gettext("Move up"),
            "down": gettext("Move down"),
            "roles": {value: str(label) for value, label in Region.Role.choices},
        },
    }


@read_only
@issue_view
def review(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponse:
    page = _page(issue, page_id)
    pages = list(Page.objects.filter(issue=issue).order_by("sequence"))
    i = pages.index(page)
    context = {
        **base_context(request),
        "issue": issue,
        "page": page,
        "pages": pages,
        "previous_page": pages[i - 1] if i > 0 else None,
        "next_page": pages[i + 1] if i + 1 < len(pages) else None,
        "data": page_data(issue, page),
        "kinds": Article.Kind.choices,
    }
    return render(request, "desk/review.html", context)


@read_only
@issue_view
def review_data(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponse:
    return json_response(page_data(issue, _page(issue, page_id)))


@read_only
@issue_view
def page_image(
    request: HttpRequest, issue: Issue, page_id: int, rendition: str = "image"
) -> FileResponse:
    page = _page(issue, page_id)
    field = page.thumbnail if rendition == "thumbnail" else page.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("no image") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
@issue_view
def change(request: HttpRequest, issue: Issue) -> HttpResponse:
    try:
        op = inputs.parse_change(request.body)
        record = editing.apply(issue, request.user, op)
    except editing.EditError as exc:
        return json_response({"error": str(exc)}, status=400)
    return json_response({"ok": True, "summary": record.description, "change": record.pk})


@require_POST
@issue_view
def undo(request: HttpRequest, issue: Issue) -> HttpResponse:
    try:
        record = editing.undo(issue, request.user)
    except editing.EditError as exc:
        return json_response({"error": str(exc)}, status=409)
    if record is None:
        return json_response({"error": "nothing to undo"}, status=400)
    return json_response({"ok": True, "summary": record.description})
