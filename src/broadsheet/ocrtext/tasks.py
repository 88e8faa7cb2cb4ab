"""OCR as background work, run by `broadsheet db_worker` (django-tasks-db).

One task per page at a low priority: a born-digital issue's processing, queued later, still
runs before the remaining scans, so OCR never delays it.
"""

from __future__ import annotations

from django_tasks import task

PRIORITY = -50


@task(priority=PRIORITY)
def recognise_page_task(page_id: int) -> str:
    from broadsheet.ocrtext.service import recognise

    return recognise(page_id)
