"""Sign-in with slowed brute force: after a few failures for one user name or one address,
further attempts are refused for a while, whatever the password."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.desk.models import FailedLogin

WINDOW = dt.timedelta(minutes=15)
MAX_PER_USER = 5  # failures for one user name from one address
MAX_PER_ADDRESS = 20  # failures from one address, any user name


def client_address(request: Any) -> str:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    return (request.META.get("REMOTE_ADDR") or "unknown")[:60] if request else "unknown"


def _keys(request: Any, username: str) -> tuple[str, str]:
    address = client_address(request)
    return f"user:{address}:{username.strip().lower()[:120]}", f"addr:{address}"


def throttled(request: Any, username: str) -> bool:
    since = timezone.now() - WINDOW
    user_key, addr_key = _keys(request, username)
    recent = FailedLogin.objects.filter(at__gte=since)
    return (
        recent.filter(key=user_key).count() >= MAX_PER_USER
        or recent.filter(key=addr_key).count() >= MAX_PER_ADDRESS
    )


def record_failure(request: Any, username: str) -> None:
    user_key, addr_key = _keys(request, username)
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
