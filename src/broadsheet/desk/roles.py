"""Desk roles: an editor works on the issues of the publications assigned to them; an admin
(a desk admin or a Django superuser) on everything, including publications and users."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from broadsheet.newspaper.models import Issue, Publication

EDITOR = "editor"
ADMIN = "admin"


def role_of(user: Any) -> str | None:
    if not (user and user.is_authenticated and user.is_active):
        return None
    if user.is_superuser:
        return ADMIN
    from broadsheet.desk.models import DeskRole

    desk_role = DeskRole.objects.filter(user=user).first()
    return desk_role.role if desk_role else None


def publications_for(user: Any) -> QuerySet[Publication]:
    role = role_of(user)
    if role == ADMIN:
        return Publication.objects.all()
    if role == EDITOR:
        return Publication.objects.filter(editors__user=user)
    return Publication.objects.none()


def can_edit_publication(user: Any, publication_id: int) -> bool:
    return publications_for(user).filter(pk=publication_id).exists()


def _guard(request: HttpRequest, allowed: bool) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not allowed:
        raise PermissionDenied("this desk page needs another role")
    return None


# FileResponse and StreamingHttpResponse are responses too, though not HttpResponse.
View = Callable[..., HttpResponseBase]


def desk_view(view: View) -> View:
    """Any desk role; anonymous users go to the login page, others get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refused = _guard(request, role_of(request.user) is not None)
        return refused or view(request, *args, **kwargs)

    return wrapped


def admin_view(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refused = _guard(request, role_of(request.user) == ADMIN)
        return refused or view(request, *args, **kwargs)

    return wrapped


def issue_view(view: View) -> View:
    """Views of one issue (`issue_id` in the URL): the view receives the Issue instead."""

    @wraps(view)
    def wrapped(request: HttpRequest, issue_id: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refused = _guard(request, role_of(request.user) is not None)
        if refused:
            return refused
        issue = get_object_or_404(Issue.objects.select_related("publication"), pk=issue_id)
        if not can_edit_publication(request.user, issue.publication_id):
            raise PermissionDenied("not an editor of this publication")
        return view(request, issue, *args, **kwargs)

    return wrapped
