"""Branded error pages in the reader's language, each with a way back.

404 and 403 pages name the publication when the address starts with one, and a signed-in
user without a desk role who opens the desk gets a sign-out button. The 500 page needs
nothing that could be broken: no database, no request context. A 404 at an address ending in
`.json` (the JSON twins, IIIF, the API description) is JSON: `{"error": "not_found"}`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _


def _publication(request: HttpRequest) -> Any:
    from broadsheet.newspaper.models import Publication

    first = request.path.strip("/").split("/", 1)[0]
    if not first:
        return None
    try:
        return Publication.objects.filter(slug=first[:40]).first()
    except Exception:  # the database itself may be the problem
        return None


def _render(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    body = loader.render_to_string(
        template, {"status": status, "publication_back": _publication(request), **context}, request
    )
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render(
        request, "errors/400.html", 400, message=_("The address or the form could not be read.")
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    from broadsheet.desk.roles import role_of

    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    no_desk_role = signed_in and request.path.startswith("/desk/") and role_of(user) is None
    return _render(request, "errors/403.html", 403, signed_in=signed_in, no_desk_role=no_desk_role)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.endswith(".json"):  # a JSON twin or API route: JSON for a program
        return JsonResponse({"error": "not_found"}, status=404)
    return _render(request, "errors/404.html", 404, path=request.path[:200])


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.get_template("errors/500.html").render({})
    return HttpResponse(body, status=500)
