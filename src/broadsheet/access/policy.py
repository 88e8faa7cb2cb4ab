"""The one place that decides whether a reader may see a piece of an issue.

`allowed(user_or_request, issue, what)` answers; `enforce(what)` wraps a reader view (it finds
the issue from the view's `pub`, `date` and `edition` arguments) and answers with `denial()`
when the reader may not see it. Restricted content that is served is never publicly cached.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.access.models import AccessPolicy, Level, Subscription
from broadsheet.newspaper.models import Issue, Publication

What = Literal["page", "article", "image", "pdf", "json", "search_snippet", "feed"]
WHATS: tuple[str, ...] = ("page", "article", "image", "pdf", "json", "search_snippet", "feed")


def _user(user_or_request: Any) -> Any:
    return getattr(user_or_request, "user", user_or_request)


def policy_for(publication: Publication | int) -> AccessPolicy | None:
    pk = publication if isinstance(publication, int) else publication.pk
    return AccessPolicy.objects.filter(publication_id=pk).first()


_LOOKUP: Any = object()


def required_level(issue: Issue, what: str, policy: AccessPolicy | None = _LOOKUP) -> str:
    """The level a reader needs for `what` of `issue` under the publication's policy."""
    if what not in WHATS:
        raise ValueError(f"unknown kind of content {what!r}")
    if policy is _LOOKUP:
        policy = policy_for(issue.publication_id)
    return level_on(issue.date, what, policy)


def level_on(date: dt.date, what: str, policy: AccessPolicy | None) -> str:
    """The level a reader needs for `what` of an issue of `date` under `policy`."""
    if policy is None:
        return Level.FREE
    if what == "pdf" and policy.pdf_level:
        return policy.pdf_level
    if policy.free_after_days is not None:
        today = timezone.localdate()
        if date < today - dt.timedelta(days=policy.free_after_days):
            return Level.FREE
    return policy.level


def is_subscriber(user: Any, publication_id: int) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Subscription.objects.active().filter(user=user, publication_id=publication_id).exists()


def _is_staff_for(user: Any, publication_id: int) -> bool:
    """Site staff and the publication's desk may always read it."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or user.is_superuser:
        return True
    from broadsheet.desk.roles import can_edit_publication

    return can_edit_publication(user, publication_id)


def satisfies(user: Any, level: str, publication_id: int) -> bool:
    if level == Level.FREE:
        return True
    if not (user and user.is_authenticated):
        return False
    if level == Level.REGISTERED:
        return True
    return is_subscriber(user, publication_id) or _is_staff_for(user, publication_id)


def allowed(user_or_request: Any, issue: Issue, what: What | str) -> bool:
    user = _user(user_or_request)
    return satisfies(user, required_level(issue, what), issue.publication_id)


def denial(request: HttpRequest, issue: Issue, what: str) -> HttpResponse:
    """403 with the reason: JSON for machine routes, a short page for people, bare for files."""
    level = required_level(issue, what)
    signed_in = request.user.is_authenticated
    if level == Level.REGISTERED:
        reason = _("Sign in to read this issue.")
    elif signed_in:
        reason = _("This content is for subscribers of %(name)s.") % {
            "name": issue.publication.name
        }
    else:
        reason = _("This content is for subscribers. Sign in if you have a subscription.")
    if what in ("json", "feed") or request.path.endswith(".json"):
        response: HttpResponse = JsonResponse(
            {"error": "forbidden", "access": level, "reason": reason}, status=403
        )
    elif what in ("image", "pdf") or request.path.endswith(".xml"):  # files, METS/ALTO
        response = HttpResponse(reason, status=403, content_type="text/plain; charset=utf-8")
    else:
        html = render_to_string(
            "access/denied.html",
            {"reason": reason, "level": level, "issue": issue, "signed_in": signed_in},
            request=request,
        )
        response = HttpResponse(html, status=403)
    response["Cache-Control"] = "private, no-store"
    return response


def _find_issue(kwargs: dict[str, Any]) -> Issue | None:
    if "pub" not in kwargs or "date" not in kwargs:
        return None
    return (
        Issue.objects.select_related("publication")
        .filter(
            publication__slug=kwargs["pub"], date=kwargs["date"], edition=kwargs.get("edition", 1)
        )
        .first()
    )


def enforce(what: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a reader view that serves `what` of one issue (JSON twins count as "json")."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            issue = _find_issue(kwargs)
            if issue is None:
                return view(request, *args, **kwargs)  # the view answers 404 itself
            kind = "json" if kwargs.get("fmt") == "json" else what
            level = required_level(issue, kind)
            if not satisfies(request.user, level, issue.publication_id):
                return denial(request, issue, kind)
            response = view(request, *args, **kwargs)
            if level != Level.FREE:
                # Shown to this reader only: no shared cache may keep it.
                response["Cache-Control"] = "private, no-cache"
            return response

        return wrapped

    return decorator


def redact_hits(request: HttpRequest, hits: list[Any]) -> None:
    """Blank the snippets of search hits the reader may not read (the headline stays)."""
    if not hits:
        return
    # One query: a hit carries its publication and date, all the policy needs.
    policies = {
        p.publication.slug: p
        for p in AccessPolicy.objects.filter(
            publication__slug__in={h.publication for h in hits}
        ).select_related("publication")
    }
    if not policies:
        return  # every publication of these hits is free
    verdict: dict[tuple[str, Any], bool] = {}
    for hit in hits:
        policy = policies.get(hit.publication)
        if policy is None:
            continue
        key = (hit.publication, hit.date)
        if key not in verdict:
            level = level_on(hit.date, "search_snippet", policy)
            verdict[key] = satisfies(request.user, level, policy.publication_id)
        if not verdict[key]:
            hit.snippet = ""
