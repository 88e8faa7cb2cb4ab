"""What an editor does to the pages of an issue, whatever brought them in: rename, relabel,
move, sort, analyse again, remove. Each is one transaction, recorded in the audit trail; a
change readers see bumps the issue's version and, for a published issue, its search entry."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.desk import audit
from broadsheet.desk.models import PageUpload
from broadsheet.desk.publishing import after_correction
from broadsheet.desk.uploads import UploadRejected, normal_label, taken_labels
from broadsheet.ingest.labels import label_sort_key
from broadsheet.ingest.store import rearrange
from broadsheet.newspaper.models import Article, Issue, Page, Region
from broadsheet.newspaper.page_files import single_page_pdf


@dataclass
class Loss:
    """What readers lose when pages go: articles that exist only there, and articles that
    lose a part (continued from or to the page)."""

    pages: list[Page]
    articles: list[Article]
    shortened: list[Article]

    @property
    def anything(self) -> bool:
        return bool(self.pages)


def loss_of(issue: Issue, pages: list[Page]) -> Loss:
    ids = {p.pk for p in pages}
    on: dict[int, set[int]] = {}
    for article_id, page_id in Region.objects.filter(article__issue=issue).values_list(
        "article_id", "page_id"
    ):
        on.setdefault(article_id, set()).add(page_id)
    gone, shortened = [], []
    for article in Article.objects.filter(issue=issue).order_by("order"):
        where = on.get(article.pk, set()) | {article.page_id}
        if where <= ids:
            gone.append(article)
        elif where & ids:
            shortened.append(article)
    return Loss(pages=pages, articles=gone, shortened=shortened)


def edit_page(page: Page, label: str, name: str, position: int | None, user: Any) -> None:
    """New label, name or place of a processed page."""
    issue = page.issue
    label = normal_label(label)
    name = name.strip()[:100]
    if label != page.number and label in taken_labels(issue):
        raise UploadRejected(_("another page already has the label %(label)s") % {"label": label})
    labels = list(issue.pages.order_by("sequence").values_list("number", flat=True))
    order = list(labels)
    if position is not None:
        if not 1 <= position <= len(labels):
            raise UploadRejected(_("the position is a number from 1 to %(n)d") % {"n": len(labels)})
        order.remove(page.number)
        order.insert(position - 1, page.number)
    with transaction.atomic():
        changed = []
        if label != page.number:
            old = page.number
            Page.objects.filter(pk=page.pk).update(number=label)
            issue.uploads.filter(label=old).update(label=label)
            order = [label if x == old else x for x in order]
            changed.append("label")
            audit.record(issue, user, "page_relabelled", {"label": old, "to": label})
            after_correction(issue)
        if name != page.name:
            changed.append("name")
        if changed or order != labels:
            rearrange(issue, order=order, names={label: name})
        if name != page.name:
            audit.record(issue, user, "page_renamed", {"label": label, "name": name})
        if order != labels:
            audit.record(issue, user, "page_moved", {"label": label, "position": position})


def sort_pages(issue: Issue, user: Any) -> None:
    labels = list(issue.pages.order_by("sequence").values_list("number", flat=True))
    order = sorted(labels, key=label_sort_key)
    with transaction.atomic():
        for n, slot in enumerate(
            sorted(issue.uploads.all(), key=lambda s: label_sort_key(s.label)), 1
        ):
            if slot.position != n:
                PageUpload.objects.filter(pk=slot.pk).update(position=n)
        if order != labels:
            rearrange(issue, order=order)
            audit.record(issue, user, "pages_sorted")


def remove_page(page: Page, user: Any) -> Loss:
    """Remove a processed page from its issue (the caller has confirmed what readers lose)."""
    issue = page.issue
    loss = loss_of(issue, [page])
    with transaction.atomic():
        rearrange(issue, removed=[page.number])
        issue.uploads.filter(label=page.number).delete()
        audit.record(
            issue,
            user,
            "page_removed",
            {
                "label": page.number,
                "articles": [a.number for a in loss.articles],
                "shortened": [a.number for a in loss.shortened],
            },
        )
    return loss


def reanalyse_page(page: Page, user: Any) -> PageUpload:
    """Queue the page's own stored file for a new analysis (numbers are kept by matching;
    corrections on that page give way to the new analysis)."""
    issue = page.issue
    data = single_page_pdf(page)
    with transaction.atomic():
        slot = issue.uploads.filter(label=page.number).first() or PageUpload(
            issue=issue, label=page.number, position=page.sequence, name=page.name
        )
        old = slot.file.name if slot.file else None
        slot.original_name = page.source_name or f"{page.number}.pdf"
        slot.size = len(data)
        slot.sha256 = hashlib.sha256(data).hexdigest()
        slot.status = PageUpload.Status.WAITING
        slot.error = ""
        slot.reanalyse = True
        slot.uploaded_by = user if getattr(user, "is_authenticated", False) else None
        slot.file.save("upload.pdf", ContentFile(data), save=False)
        slot.save()
        if old:
            storage = slot.file.storage
            transaction.on_commit(lambda: storage.delete(old))
        audit.record(issue, user, "page_reanalysis", {"label": page.number})
    return slot
