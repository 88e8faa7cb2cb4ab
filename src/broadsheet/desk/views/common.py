"""Shared bits of desk views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

from broadsheet.desk.roles import ADMIN, role_of


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def json_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


def form_errors(form: Any) -> str:
    """A form's errors as one sentence for a message: "Position: Ensure this value …"."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


def base_context(request: HttpRequest) -> dict[str, Any]:
    return {"desk_admin": role_of(request.user) == ADMIN}
