"""Page files dropped onto an issue: checked, stored under generated names, put in a page slot.

A file is never trusted: its size is checked while it is read, then PDFium must open it
(`validate_pdf`), and it must hold exactly one page. A rejected file leaves the rest of the
issue as it was. A file whose name carries a page label that is already there replaces that
page (the typesetter sent it again).
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
from django.db.models import Max
from django.utils.translation import gettext as _

from broadsheet.desk.models import PageUpload
from broadsheet.ingest.labels import label_from_filename, sequence_label
from broadsheet.newspaper.models import Issue
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


def accept(issue: Issue, uploaded: Any, user: Any, replace: PageUpload | None = None) -> Accepted:
    """Check one uploaded file and store it as a page slot of `issue` (or in `replace`)."""
    name = clean_name(getattr(uploaded, "name", ""))
    with tempfile.TemporaryDirectory(prefix="desk-upload-") as tmp:
        path = Path(tmp) / "upload.pdf"
        size, sha = _copy_checked(uploaded, path)
        try:
            info = validate_pdf(path, name, _limits())
        except PdfError as exc:
            raise UploadRejected(exc.problem) from exc
        if len(info.pages) != 1:
            raise UploadRejected(
                _("the file has %(n)d pages; upload one file per page") % {"n": len(info.pages)}
            )
        with transaction.atomic():
            slot = replace
            label = label_from_filename(name)
            if slot is None and label:
                slot = issue.uploads.filter(label=label).first()
            replaced = slot is not None
            if slot is None:
                position = (issue.uploads.aggregate(m=Max("position"))["m"] or 0) + 1
                if not label or issue.uploads.filter(label=label).exists():
                    label = _free_label(issue, position)
                slot = PageUpload(issue=issue, position=position, label=label)
            old_file = slot.file.name if slot.file else None
            slot.original_name = name
            slot.size = size
            slot.sha256 = sha
            slot.status = PageUpload.Status.WAITING
            slot.error = ""
            slot.uploaded_by = user if getattr(user, "is_authenticated", False) else None
            with path.open("rb") as fh:
                slot.file.save("upload.pdf", File(fh), save=False)
            slot.save()
            if old_file:
                stored = slot.file.storage
                transaction.on_commit(lambda: stored.delete(old_file))
    return Accepted(upload=slot, replaced=replaced)


def _free_label(issue: Issue, position: int) -> str:
    taken = set(issue.uploads.values_list("label", flat=True))
    n = position
    while sequence_label(n) in taken:
        n += 1
    return sequence_label(n)


def relabel(slot: PageUpload, label: str, name: str, position: int | None) -> None:
    label = label.strip().upper() if label.strip().isascii() else label.strip()
    if not valid_label(label):
        raise UploadRejected(_("a page label is 1–20 letters, digits, - or _"))
    if slot.issue.uploads.exclude(pk=slot.pk).filter(label=label).exists():
        raise UploadRejected(_("another page already has the label %(label)s") % {"label": label})
    slot.label = label
    slot.name = name.strip()[:100]
    if position is not None and position >= 1:
        slot.position = position
    slot.save()


def sort_by_label(issue: Issue) -> None:
    """Put the slots in the order of their labels (A01 < A02 < B01, 2 < 10)."""

    def key(slot: PageUpload) -> tuple[str, int, str]:
        m = re.match(r"^([A-Za-z]*)(\d*)", slot.label)
        letters, digits = (m.group(1), m.group(2)) if m else ("", "")
        return (letters.upper(), int(digits) if digits else 0, slot.label)

    slots = sorted(issue.uploads.all(), key=key)
    for n, slot in enumerate(slots, 1):
        if slot.position != n:
            slot.position = n
            slot.save(update_fields=["position"])
