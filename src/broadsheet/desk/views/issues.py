"""Desk views for issues: the list, creating one, uploading pages, processing and publishing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from broadsheet.desk import audit, publishing, uploads
from broadsheet.desk import pages as desk_pages
from broadsheet.desk.forms import IssueForm, PublishForm, SlotForm, WithdrawForm
from broadsheet.desk.models import Change, IssueDesk, PageUpload
from broadsheet.desk.processing import (
    desk_state,
    pending,
    request_processing,
    reset,
    retry,
    run_state,
)
from broadsheet.desk.roles import desk_view, issue_view, publications_for
from broadsheet.desk.views.common import base_context, form_errors, json_response, wants_json
from broadsheet.http import read_only
from broadsheet.newspaper.models import Issue, Page
from broadsheet.ocrtext import progress as ocr_progress


@desk_view
def home(request: HttpRequest) -> HttpResponse:
    publications = publications_for(request.user)
    single = publications.first() if publications.count() == 1 else None
    form = IssueForm(
        request.POST or None,
        publications=publications,
        initial={
            "publication": single,
            "date": timezone.localdate() + dt.timedelta(days=1),
            "edition": 1,
        },
    )
    if request.method == "POST" and form.is_valid():
        issue = Issue.objects.create(
            publication=form.cleaned_data["publication"],
            date=form.cleaned_data["date"],
            edition=form.cleaned_data["edition"],
        )
        desk_state(issue)
        return redirect("desk:issue", issue_id=issue.pk)
    issues = (
        Issue.objects.filter(publication__in=publications)
        .select_related("publication", "desk")
        .order_by("-date", "publication__sort_order", "edition")[:100]
    )
    return render(
        request,
        "desk/home.html",
        {**base_context(request), "form": form, "issues": issues, "publications": publications},
        status=400 if request.method == "POST" else 200,
    )


def page_rows(issue: Issue, ocr: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """The issue's pages and the files waiting to become or replace pages, in page order,
    with each scanned page's recognition record (`ocr`, from ocr_progress.page_states)."""
    waiting = {slot.label: slot for slot in issue.uploads.order_by("position", "id")}
    ocr = ocr_progress.page_states(issue) if ocr is None else ocr
    rows: list[dict[str, Any]] = []
    for page in Page.objects.filter(issue=issue).order_by("sequence"):
        rows.append(
            {"page": page, "upload": waiting.pop(page.number, None), "ocr": ocr.get(page.pk)}
        )
    for slot in waiting.values():
        rows.append({"page": None, "upload": slot, "ocr": None})
    rows.sort(key=lambda r: r["page"].sequence if r["page"] else r["upload"].position - 0.5)
    return rows


def _row_json(issue: Issue, row: dict[str, Any]) -> dict[str, Any]:
    page: Page | None = row["page"]
    slot: PageUpload | None = row["upload"]
    data: dict[str, Any] = {
        "label": page.number if page else slot.label,  # type: ignore[union-attr]
        "name": page.name if page else slot.name,  # type: ignore[union-attr]
        "page_id": page.pk if page else None,
        "upload_id": slot.pk if slot else None,
        "file": (slot.original_name if slot else page.source_name),  # type: ignore[union-attr]
        "status": slot.status if slot else "processed",
        "status_display": slot.get_status_display() if slot else gettext("Processed"),
        "error": slot.error if slot else "",
        "thumbnail": (reverse("desk:review_thumb", args=[issue.pk, page.pk]) if page else None),
        "ocr_status": row["ocr"].status if row["ocr"] else "",
        "ocr_status_display": row["ocr"].get_status_display() if row["ocr"] else "",
    }
    return data


def progress_data(issue: Issue) -> dict[str, Any]:
    state = desk_state(issue)
    issue.refresh_from_db(fields=["status", "publish_at", "published_at", "version"])
    shown = run_state(state)
    ocr = ocr_progress.page_states(issue)
    return {
        "state": shown,
        "state_display": _state_display(issue, state, shown),
        "done": state.done,
        "total": state.total,
        "message": state.message_display,
        "issue_status": issue.status,
        "issue_status_display": issue.get_status_display(),
        "version": issue.version,
        "pages": [_row_json(issue, row) for row in page_rows(issue, ocr)],
        "ocr": ocr_progress.summary(ocr),
    }


STATE_DISPLAY = {
    "stuck": gettext_lazy("Stuck: the worker running it stopped"),
    "no_worker": gettext_lazy("Waiting: no background worker is running"),
}


def _state_display(issue: Issue, state: IssueDesk, shown: str) -> str:
    """What the run line says. An idle issue whose pages are all in (made by the ingest, an
    importer or an earlier run) is not "waiting for pages"."""
    if shown == IssueDesk.State.IDLE and Page.objects.filter(issue=issue).exists():
        return gettext("All pages processed")
    return str(STATE_DISPLAY.get(shown, state.get_state_display()))


@issue_view
def issue_detail(request: HttpRequest, issue: Issue) -> HttpResponse:
    state = desk_state(issue)
    shown = run_state(state)
    ocr = ocr_progress.page_states(issue)
    context = {
        **base_context(request),
        "issue": issue,
        "state": state,
        "run_state": shown,
        "run_state_display": _state_display(issue, state, shown),
        "rows": page_rows(issue, ocr),
        "ocr_summary": ocr_progress.summary(ocr),
        "pages": Page.objects.filter(issue=issue).order_by("sequence"),
        "checklist": publishing.checklist(issue),
        "publish_form": PublishForm(),
        "withdraw_form": WithdrawForm(),
        "changes": Change.objects.filter(issue=issue).select_related("user")[:10],
        "max_mb": settings.BROADSHEET_MAX_PDF_MB,
    }
    return render(request, "desk/issue.html", context)


@read_only
@issue_view
def progress(request: HttpRequest, issue: Issue) -> HttpResponse:
    return json_response(progress_data(issue))


@require_POST
@issue_view
def upload(request: HttpRequest, issue: Issue) -> HttpResponse:
    accepted: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for uploaded in request.FILES.getlist("files"):
        name = uploads.clean_name(uploaded.name or "")
        try:
            result = uploads.accept(issue, uploaded, request.user)
        except uploads.UploadRejected as exc:
            rejected.append({"file": name, "reason": str(exc)})
            continue
        accepted.append({"file": name, "label": result.upload.label, "replaced": result.replaced})
    if accepted:
        request_processing(issue)
    if wants_json(request):
        status = 200 if accepted or not rejected else 400
        return json_response({"accepted": accepted, "rejected": rejected}, status=status)
    for item in accepted:
        messages.success(request, _("%(file)s: page %(label)s") % item)
    for item in rejected:
        messages.error(request, _("%(file)s rejected: %(reason)s") % item)
    if not accepted and not rejected:
        messages.error(request, _("Choose one or more PDF files."))
    return redirect("desk:issue", issue_id=issue.pk)


def _slot(issue: Issue, slot_id: int) -> PageUpload:
    return get_object_or_404(PageUpload, pk=slot_id, issue=issue)


@require_POST
@issue_view
def edit_slot(request: HttpRequest, issue: Issue, slot_id: int) -> HttpResponse:
    """Label and name of a file that waits to be processed."""
    slot = _slot(issue, slot_id)
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            uploads.edit_upload(
                slot, form.cleaned_data["label"], form.cleaned_data["name"], request.user
            )
        except uploads.UploadRejected as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Page %(label)s saved.") % {"label": slot.label})
    else:
        messages.error(request, form_errors(form))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def delete_slot(request: HttpRequest, issue: Issue, slot_id: int) -> HttpResponse:
    slot = _slot(issue, slot_id)
    uploads.remove_upload(slot, request.user)
    messages.success(request, _("The waiting file was removed; the page readers see is unchanged."))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def process(request: HttpRequest, issue: Issue) -> HttpResponse:
    """ "Process again": the files that wait are processed; unchanged pages stay as they are."""
    queued = request_processing(issue) if pending(issue) else False
    if wants_json(request):
        return json_response({"queued": queued, "waiting": len(pending(issue))})
    if queued:
        messages.success(request, _("Processing queued."))
    else:
        messages.info(request, _("Nothing waits to be processed: every page is up to date."))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def retry_run(request: HttpRequest, issue: Issue) -> HttpResponse:
    queued = retry(issue, request.user)
    if wants_json(request):
        return json_response({"queued": queued})
    messages.success(request, _("Processing queued again."))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def reset_run(request: HttpRequest, issue: Issue) -> HttpResponse:
    reset(issue, request.user)
    if wants_json(request):
        return json_response({"reset": True})
    messages.success(request, _("Processing was reset; the pages wait to be processed."))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def sort_pages(request: HttpRequest, issue: Issue) -> HttpResponse:
    desk_pages.sort_pages(issue, request.user)
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def publish(request: HttpRequest, issue: Issue) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return redirect("desk:issue", issue_id=issue.pk)
    if issue.status not in (Issue.Status.READY, Issue.Status.PUBLISHED):
        messages.error(request, _("Only a processed issue can be published."))
        return redirect("desk:issue", issue_id=issue.pk)
    warnings = publishing.checklist(issue)
    if warnings and not form.cleaned_data["confirm"]:
        messages.error(request, _("Check the warnings, then tick “Publish despite the warnings”."))
        return redirect("desk:issue", issue_id=issue.pk)
    if form.cleaned_data["when"] == "at":
        publishing.schedule(issue, form.cleaned_data["publish_at"], request.user)
        messages.success(request, _("Publication scheduled."))
    else:
        publishing.publish_now(issue, request.user)
        messages.success(request, _("Published."))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def unpublish(request: HttpRequest, issue: Issue) -> HttpResponse:
    publishing.unpublish(issue, request.user)
    messages.success(request, _("Unpublished."))
    return redirect("desk:issue", issue_id=issue.pk)


@require_POST
@issue_view
def withdraw(request: HttpRequest, issue: Issue) -> HttpResponse:
    form = WithdrawForm(request.POST)
    if form.is_valid():
        publishing.withdraw(issue, form.cleaned_data["reason"], request.user)
        messages.success(request, _("Withdrawn."))
    else:
        messages.error(request, _("Give the reason for withdrawing the issue."))
    return redirect("desk:issue", issue_id=issue.pk)


@read_only
@issue_view
def history(request: HttpRequest, issue: Issue) -> HttpResponse:
    changes = list(Change.objects.filter(issue=issue).select_related("user")[:500])
    events = list(issue.events.order_by("-at", "-id")[:200])
    # An event the desk wrote is shown through its audit entry, in the reader's language.
    by_event = {c.params.get("event"): c for c in changes if isinstance(c.params, dict)}
    for event in events:
        change = by_event.get(event.pk)
        if change is not None:
            who = change.user.get_username() if change.user else _("system")
            event.message = f"{change.description} ({who})"
        else:
            event.message = audit.event_text(event.step, event.message)
        event.step = audit.step_name(event.step)
    return render(
        request,
        "desk/history.html",
        {**base_context(request), "issue": issue, "changes": changes, "events": events},
    )
