"""What every reader page shows in its masthead: sister publications, date, issue navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from broadsheet.newspaper.models import Issue, Publication
from broadsheet.reader.links import issue_url
from broadsheet.reader.queries import latest_issue, neighbour_issues


def masthead(
    request: HttpRequest, publication: Publication | None, issue: Issue | None
) -> dict[str, Any]:
    sisters = []
    for pub in Publication.objects.all():
        latest = latest_issue(request, pub)
        sisters.append({"publication": pub, "url": issue_url(latest) if latest else None})
    previous, following = neighbour_issues(request, issue) if issue else (None, None)
    year = issue.date.year if issue else timezone.localdate().year
    return {
        "publication": publication,
        "issue": issue,
        "sisters": sisters,
        "previous_issue": previous,
        "next_issue": following,
        "previous_issue_url": issue_url(previous) if previous else None,
        "next_issue_url": issue_url(following) if following else None,
        "calendar_url": reverse("reader:calendar", args=[publication.slug, year])
        if publication
        else None,
        "latest_issue_url": reverse("reader:publication", args=[publication.slug])
        if publication
        else None,
        "next_path": request.path,
    }
