"""Desk views for the pages of an issue: edit, replace, analyse again, remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from broadsheet.desk import pages as desk_pages
from broadsheet.desk import uploads
from broadsheet.desk.forms import PageForm
from broadsheet.desk.models import PageUpload
from broadsheet.desk.processing import request_processing
from broadsheet.desk.roles import issue_view
from broadsheet.desk.views.common import base_context, form_errors
from broadsheet.newspaper.models import Issue, Page


def _page(issue: Issue, page_id: int) -> Page:
    return get_object_or_404(Page, pk=page_id, issue=issue)


def _slot(issue: Issue, slot_id: int) -> PageUpload:
    return get_object_or_404(PageUpload, pk=slot_id, issue=issue)


@require_POST
@issue_view
def edit_page(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponse:
    page = _page(issue, page_id)
    form = PageForm(request.POST)
    if form.is_valid():
        try:
            desk_pages.edit_page(
                page,
                form.cleaned_data["label"],
                form.cleaned_data["name"],
                form.cleaned_data["position"],
                request.user,
            )
        except uploads.UploadRejected as exc:
            messages.error(request, str(exc))
        else:
            page.refresh_from_db()
            messages.success(request, _("Page %(label)s saved.") % {"label": page.number})
    else:
        messages.error(request, form_errors(form))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def replace_page(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponse:
    page = _page(issue, page_id)
    replace(request, issue, page.number, issue.uploads.filter(label=page.number).first())
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def replace_slot(request: HttpRequest, issue: Issue, slot_id: int) -> HttpResponse:
    slot = _slot(issue, slot_id)
    replace(request, issue, slot.label, slot)
    return redirect("desk:issue", issue_id=issue.pk)


def replace(request: HttpRequest, issue: Issue, label: str, slot: PageUpload | None) -> None:
    """A new file for the page (or waiting file) `label`; only that page is processed."""
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a PDF file."))
        return
    if slot is None:
        page = Page.objects.filter(issue=issue, number=label).first()
        slot = PageUpload(
            issue=issue,
            label=label,
            position=page.sequence if page else issue.pages.count() + 1,
            name=page.name if page else "",
        )
    try:
        uploads.accept(issue, uploaded, request.user, replace=slot)
    except uploads.UploadRejected as exc:
        messages.error(
            request,
            _("%(file)s rejected: %(reason)s")
            % {"file": uploads.clean_name(uploaded.name or ""), "reason": exc},
        )
        return
    messages.success(
        request, _("Page %(label)s: the new file is being processed.") % {"label": label}
    )
    request_processing(issue)


@require_POST
@issue_view
def reanalyse_page(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponse:
    page = _page(issue, page_id)
    desk_pages.reanalyse_page(page, request.user)
    request_processing(issue)
    messages.success(
        request,
        _("Page %(label)s is being analysed again; its articles keep their numbers.")
        % {"label": page.number},
    )
    return redirect("desk:issue", issue_id=issue.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@issue_view
def remove_page(request: HttpRequest, issue: Issue, page_id: int) -> HttpResponse:
    """Removing a page: first a screen naming what readers will lose, then the removal."""
    page = _page(issue, page_id)
    loss = desk_pages.loss_of(issue, [page])
    needs_confirmation = issue.is_published or bool(loss.articles or loss.shortened)
    if request.method == "POST" and (request.POST.get("confirm") == "1" or not needs_confirmation):
        desk_pages.remove_page(page, request.user)
        messages.success(request, _("Page %(label)s removed.") % {"label": page.number})
        return redirect("desk:issue", issue_id=issue.pk)
    context = {**base_context(request), "issue": issue, "page": page, "loss": loss}
    return render(request, "desk/remove_page.html", context)
