"""Sign-in with slowed brute force: after a few failures for one user name or one address,
further attempts are refused for a while, whatever the password.

The failures are counted where every app server sees them: in the database (`FailedLogin`,
a sliding window), or, with BROADSHEET_REDIS_URL, in the shared Redis (a counter per key that
expires WINDOW after its first failure), so a password-guessing run costs no database writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.desk.models import FailedLogin

WINDOW = dt.timedelta(minutes=15)
MAX_PER_USER = 5  # failures for one user name from one address
MAX_PER_ADDRESS = 20  # failures from one address, any user name


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request: Any) -> str:
    """The reader's address. Behind proxies named in BROADSHEET_TRUSTED_PROXIES (nginx in front
    of several app servers, docs/scale-out.md), the nearest X-Forwarded-For address that is not
    one of those proxies; a client cannot forge it, since only what a trusted proxy appended is
    read, from the right."""
    if not request:
        return "unknown"
    address = request.META.get("REMOTE_ADDR") or "unknown"
    if _trusted(address):
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed([h for h in hops if h]):
            address = hop
            if not _trusted(hop):
                break
    return address[:60]


def _keys(request: Any, username: str) -> tuple[str, str]:
    address = client_address(request)
    return f"user:{address}:{username.strip().lower()[:120]}", f"addr:{address}"


def _shared_cache() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def _counter(key: str) -> str:
    return "bs:login:" + hashlib.sha256(key.encode()).hexdigest()[:32]


def throttled(request: Any, username: str) -> bool:
    user_key, addr_key = _keys(request, username)
    if _shared_cache():
        counts = cache.get_many([_counter(user_key), _counter(addr_key)])
        return (
            int(counts.get(_counter(user_key), 0)) >= MAX_PER_USER
            or int(counts.get(_counter(addr_key), 0)) >= MAX_PER_ADDRESS
        )
    since = timezone.now() - WINDOW
    recent = FailedLogin.objects.filter(at__gte=since)
    return (
        recent.filter(key=user_key).count() >= MAX_PER_USER
        or recent.filter(key=addr_key).count() >= MAX_PER_ADDRESS
    )


def record_failure(request: Any, username: str) -> None:
    user_key, addr_key = _keys(request, username)
    if _shared_cache():
        for key in (_counter(user_key), _counter(addr_key)):
            cache.add(key, 0, int(WINDOW.total_seconds()))
            try:
                cache.incr(key)  # atomic in Redis, and keeps the key's expiry
            except ValueError:  # expired between add and incr: start again
                cache.set(key, 1, int(WINDOW.total_seconds()))
        return
    FailedLogin.objects.bulk_create([FailedLogin(key=user_key), FailedLogin(key=addr_key)])
    FailedLogin.objects.filter(at__lt=timezone.now() - WINDOW).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed sign-in attempts. Wait 15 minutes before trying again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if throttled(self.request, username):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            record_failure(self.request, username)
            raise


class DeskLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "desk/accounts/login.html"
    redirect_authenticated_user = False
