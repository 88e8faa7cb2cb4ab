"""Page files dropped onto an issue: checked, stored under generated names, left waiting.

A file is never trusted: its size is checked while it is read, then PDFium must open it
(`validate_pdf`), and it must hold exactly one page. A rejected file leaves the rest of the
issue as it was. A file whose name carries the label of a page of the issue (or of a file
still waiting) is that page's replacement (the typesetter sent it again); other files become
new pages. Nothing readers see changes until the upload is processed, and then only that page.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from broadsheet.desk import audit
from broadsheet.desk.models import PageUpload
from broadsheet.ingest.labels import (
    label_from_filename,
    label_sort_key,
    merged_order,
    sequence_label,
)
from broadsheet.newspaper.models import Issue, Page
from broadsheet.pdf.document import Limits, PdfError, validate_pdf

LABEL = re.compile(r"^[A-Za-z0-9_-]{1,20}$")


class UploadRejected(ValueError):
    """The file cannot be taken; the message says why, for the editor."""


@dataclass
class Accepted:
    upload: PageUpload
    replaced: bool


def _limits() -> Limits:
    return Limits(
        max_bytes=settings.BROADSHEET_MAX_PDF_MB * 1024 * 1024,
        max_pages=settings.BROADSHEET_MAX_PAGES,
        max_page_points=float(settings.BROADSHEET_MAX_PAGE_POINTS),
    )


def clean_name(name: str) -> str:
    """A display name for the file: its base name, without path parts or control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable())[:200].strip()
    return base or "page.pdf"


def _copy_checked(uploaded: Any, target: Path) -> tuple[int, str]:
    limit = settings.BROADSHEET_MAX_PDF_MB * 1024 * 1024
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        for chunk in uploaded.chunks():
            size += len(chunk)
            if size > limit:
                raise UploadRejected(
                    _("the file is larger than %(mb)s MB") % {"mb": settings.BROADSHEET_MAX_PDF_MB}
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        raise UploadRejected(_("the file is empty"))
    return size, digest.hexdigest()


def valid_label(label: str) -> bool:
    return bool(LABEL.match(label))


def taken_labels(issue: Issue, exclude_upload: int | None = None) -> set[str]:
    labels = set(Page.objects.filter(issue=issue).values_list("number", flat=True))
    uploads = issue.uploads.all()
    if exclude_upload is not None:
        uploads = uploads.exclude(pk=exclude_upload)
    return labels | set(uploads.values_list("label", flat=True))


def accept(issue: Issue, uploaded: Any, user: Any, replace: PageUpload | None = None) -> Accepted:
    """Check one uploaded file and keep it waiting for `issue` (a new page, or the
    replacement of the page or waiting file of the same label, or of `replace`)."""
    name = clean_name(getattr(uploaded, "name", ""))
    with tempfile.TemporaryDirectory(prefix="desk-upload-") as tmp:
        path = Path(tmp) / "upload.pdf"
        size, sha = _copy_checked(uploaded, path)
        try:
            info = validate_pdf(path, name, _limits())
        except PdfError as exc:
            raise UploadRejected(translate_problem(exc.problem)) from exc
        if len(info.pages) != 1:
            raise UploadRejected(
                _("the file has %(n)d pages; upload one file per page") % {"n": len(info.pages)}
            )
        with transaction.atomic():
            Issue.objects.select_for_update().filter(pk=issue.pk).first()
            slot = replace
            label = slot.label if slot is not None else label_from_filename(name)
            if slot is None and label:
                slot = issue.uploads.filter(label=label).first()
            page = Page.objects.filter(issue=issue, number=label).first() if label else None
            replaced = slot is not None or page is not None
            if slot is None:
                position = _position(issue, label, page)
                if not label or (page is None and label in taken_labels(issue)):
                    label = _free_label(issue, position)
                slot = PageUpload(issue=issue, position=position, label=label)
                if page is not None:
                    slot.name = page.name
            old_file = slot.file.name if slot.file else None
            slot.original_name = name
            slot.size = size
            slot.sha256 = sha
            slot.status = PageUpload.Status.WAITING
            slot.reanalyse = False
            slot.error = ""
            slot.uploaded_by = user if getattr(user, "is_authenticated", False) else None
            slot.uploaded_at = timezone.now()
            with path.open("rb") as fh:
                slot.file.save("upload.pdf", File(fh), save=False)
            slot.save()
            if old_file:
                stored = slot.file.storage
                transaction.on_commit(lambda: stored.delete(old_file))
            renumber(issue)
            audit.record(
                issue,
                user,
                "page_replaced" if replaced else "page_uploaded",
                {"label": slot.label, "file": name},
            )
    return Accepted(upload=slot, replaced=replaced)


def renumber(issue: Issue) -> None:
    """Waiting files take the place their label will have among the pages."""
    pages = list(issue.pages.order_by("sequence").values_list("number", flat=True))
    waiting = sorted(issue.uploads.all(), key=lambda s: label_sort_key(s.label))
    order = merged_order(pages, pages + [s.label for s in waiting])
    for slot in waiting:
        position = order.index(slot.label) + 1
        if slot.position != position:
            PageUpload.objects.filter(pk=slot.pk).update(position=position)


def _position(issue: Issue, label: str | None, page: Page | None) -> int:
    """Where a waiting file shows in the page table: at its page, else by its label."""
    if page is not None:
        return page.sequence
    labels = sorted(taken_labels(issue) | ({label} if label else set()), key=label_sort_key)
    if label:
        return labels.index(label) + 1
    return len(labels) + 1


def translate_problem(problem: str) -> str:
    """The validator's English reason, in the editor's language where we know it."""
    for pattern, message in PROBLEMS:
        match = pattern.fullmatch(problem)
        if match:
            return str(message) % match.groupdict()
    return problem


PROBLEMS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"the file is empty"), gettext_lazy("the file is empty")),
    (
        re.compile(r"this is not a PDF file \(no %PDF- header\)"),
        gettext_lazy("this is not a PDF file"),
    ),
    (
        re.compile(r"the PDF is encrypted with a password; export it again without protection"),
        gettext_lazy(
            "the PDF is protected by a password; export it again from the typesetting "
            "system without protection"
        ),
    ),
    (
        re.compile(r"the PDF has no pages, or its page tree is damaged"),
        gettext_lazy("the PDF has no pages, or it is damaged"),
    ),
    (re.compile(r"the PDF has no pages"), gettext_lazy("the PDF has no pages")),
    (
        re.compile(r"the file is damaged or is not a valid PDF"),
        gettext_lazy("the file is damaged or is not a valid PDF"),
    ),
    (
        re.compile(r"the PDF uses an unsupported security handler"),
        gettext_lazy("the PDF is protected in a way Broadsheet cannot open"),
    ),
    (
        re.compile(r"the file is (?P<size>[\d.]+) MB, more than the limit of (?P<limit>\d+) MB"),
        gettext_lazy("the file is %(size)s MB, more than the limit of %(limit)s MB"),
    ),
    (
        re.compile(r"page (?P<n>\d+) is (?P<w>\d+)×(?P<h>\d+) pt .*larger than a newspaper page.*"),
        gettext_lazy("page %(n)s is %(w)s×%(h)s pt, larger than a newspaper page"),
    ),
    (
        re.compile(r"page (?P<n>\d+) is only (?P<w>\d+)×(?P<h>\d+) pt, too small for a page"),
        gettext_lazy("page %(n)s is only %(w)s×%(h)s pt, too small for a newspaper page"),
    ),
    (
        re.compile(r"page (?P<n>\d+) cannot be read \(.*\)"),
        gettext_lazy("page %(n)s cannot be read; the file is damaged"),
    ),
]


def _free_label(issue: Issue, position: int) -> str:
    taken = taken_labels(issue)
    n = position
    while sequence_label(n) in taken:
        n += 1
    return sequence_label(n)


def edit_upload(slot: PageUpload, label: str, name: str, user: Any) -> None:
    """Label and name of a file still waiting to be processed."""
    label = normal_label(label)
    others = slot.issue.uploads.exclude(pk=slot.pk)
    if label != slot.label and others.filter(label=label).exists():
        raise UploadRejected(_("another page already has the label %(label)s") % {"label": label})
    slot.label = label
    slot.name = name.strip()[:100]
    slot.save(update_fields=["label", "name"])
    renumber(slot.issue)
    audit.record(slot.issue, user, "upload_edited", {"label": label, "name": slot.name})


def normal_label(label: str) -> str:
    label = label.strip().upper() if label.strip().isascii() else label.strip()
    if not valid_label(label):
        raise UploadRejected(_("a page label is 1–20 letters, digits, - or _"))
    return label


def remove_upload(slot: PageUpload, user: Any) -> None:
    name, storage = slot.file.name, slot.file.storage
    issue, label = slot.issue, slot.label
    with transaction.atomic():
        slot.delete()
        audit.record(issue, user, "upload_removed", {"label": label})
        if name:
            transaction.on_commit(lambda: storage.delete(name))
