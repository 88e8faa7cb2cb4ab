"""A small API for a newspaper's own subscription system to grant and end subscriptions.

POST /accounts/subscriptions/ with ``Authorization: Bearer <BROADSHEET_SUBSCRIPTION_API_TOKEN>``
and a JSON body (see docs/access.md). Off when no token is configured.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from broadsheet.access.models import Subscription
from broadsheet.newspaper.models import Publication


def _authorised(request: HttpRequest) -> bool:
    token = settings.BROADSHEET_SUBSCRIPTION_API_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _when(value: Any, field: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"{field}: expected an ISO 8601 date and time")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _subscription_json(sub: Subscription) -> dict[str, Any]:
    return {
        "id": sub.pk,
        "user": sub.user.get_username(),
        "email": sub.user.email,
        "publication": sub.publication.slug,
        "starts_at": sub.starts_at.isoformat(),
        "ends_at": sub.ends_at.isoformat() if sub.ends_at else None,
        "reference": sub.reference,
    }


@csrf_exempt
@require_POST
def subscriptions(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        return _error("missing or wrong API token", 401)
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError("send one JSON object")
        publication = Publication.objects.filter(slug=body.get("publication")).first()
        if publication is None:
            raise ValueError("publication: unknown slug")
        email = str(body.get("email") or "").strip()
        username = str(body.get("user") or email).strip()
        if not username:
            raise ValueError("user or email is required")
        starts_at = _when(body.get("starts_at"), "starts_at") or timezone.now()
        ends_at = _when(body.get("ends_at"), "ends_at")
        reference = str(body.get("reference") or "")[:200]
    except ValueError as exc:
        return _error(str(exc))
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None and email:
        user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # A reader new to the site: they set a password through "forgotten password".
        user = User(username=username[:150], email=email)
        user.set_unusable_password()
        user.save()
    if body.get("action") == "end":
        ended = Subscription.objects.active().filter(user=user, publication=publication)
        if reference:
            ended = ended.filter(reference=reference)
        count = ended.update(ends_at=timezone.now())
        return JsonResponse({"ended": count})
    sub, created = Subscription.objects.update_or_create(
        user=user,
        publication=publication,
        reference=reference,
        source=Subscription.Source.API,
        defaults={"starts_at": starts_at, "ends_at": ends_at},
    )
    return JsonResponse(_subscription_json(sub), status=201 if created else 200)
