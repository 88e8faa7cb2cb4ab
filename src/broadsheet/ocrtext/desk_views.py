"""The desk's correction of a scan's recognised text, line by line next to the image."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from PIL import Image

from broadsheet.desk.roles import issue_view
from broadsheet.newspaper.models import Issue, Page
from broadsheet.ocrtext.corrections import CorrectionError, correct, undo
from broadsheet.ocrtext.models import PageText


def _page(issue: Issue, page_id: int) -> Page:
    return get_object_or_404(
        Page.objects.select_related("issue__publication"), pk=page_id, issue=issue
    )


@require_http_methods(["GET", "POST"])
@issue_view
def page_text(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponseBase:
    page = _page(issue, page_id)
    row = get_object_or_404(PageText, page=page)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "undo":
                done = undo(page, request.user)
                messages.info(request, _("Correction undone.") if done else _("Nothing to undo."))
            else:
                line = int(request.POST.get("line", ""))
                correct(page, line, request.POST.get("text", ""), request.user)
                messages.success(request, _("Line %(n)s corrected.") % {"n": line + 1})
        except (CorrectionError, ValueError) as exc:
            messages.error(request, _("Not saved: %(reason)s") % {"reason": exc})
        return redirect(request.path)
    lines = row.corrected_lines()
    return render(
        request,
        "ocrtext/desk_text.html",
        {
            "issue": issue,
            "publication": issue.publication,
            "page": page,
            "row": row,
            "lines": [{"n": i, **ln} for i, ln in enumerate(lines)],
            "history": row.corrections.select_related("user").order_by("-id")[:50],
        },
    )


@require_http_methods(["GET"])
@issue_view
def line_image(request: HttpRequest, issue: Issue, page_id: int, line: int) -> HttpResponseBase:
    """The crop of the page image that a line was recognised from (a margin around it)."""
    page = _page(issue, page_id)
    row = get_object_or_404(PageText, page=page)
    if not 0 <= line < len(row.lines) or not page.image.name:
        return HttpResponse(status=404)
    x0, y0, x1, y1 = row.lines[line]["box"]
    with page.image.open("rb") as fh, Image.open(fh) as image:
        sx, sy = image.width / page.width, image.height / page.height
        pad = (y1 - y0) * 0.25
        box = (
            max(0, int((x0 - pad) * sx)),
            max(0, int((y0 - pad) * sy)),
            min(image.width, int((x1 + pad) * sx) + 1),
            min(image.height, int((y1 + pad) * sy) + 1),
        )
        crop = image.crop(box).convert("RGB")
    out = io.BytesIO()
    crop.save(out, "JPEG", quality=85)
    response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=60"
    return response
