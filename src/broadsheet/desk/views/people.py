"""Admin-only desk page: who has which desk role, and readers' subscriptions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.access.models import Subscription
from broadsheet.desk.forms import RoleForm, SubscriptionForm
from broadsheet.desk.models import DeskRole
from broadsheet.desk.roles import admin_view
from broadsheet.desk.views.common import base_context


@admin_view
def people(request: HttpRequest) -> HttpResponse:
    User = get_user_model()
    # Two forms on one screen: their fields get ids of their own (both have a user name).
    role_form = RoleForm(
        request.POST if request.POST.get("form") == "role" else None, auto_id="role_%s"
    )
    sub_form = SubscriptionForm(
        request.POST if request.POST.get("form") == "subscription" else None,
        auto_id="sub_%s",
    )
    if request.method == "POST":
        if role_form.is_bound and role_form.is_valid():
            data = role_form.cleaned_data
            user, created = User.objects.get_or_create(username=data["username"])
            if data["email"]:
                user.email = data["email"]
            if created:
                user.set_unusable_password()  # they choose one through "forgotten password"
            user.save()
            if data["role"]:
                desk_role, _created = DeskRole.objects.update_or_create(
                    user=user, defaults={"role": data["role"]}
                )
                desk_role.publications.set(data["publications"])
            else:
                DeskRole.objects.filter(user=user).delete()
            messages.success(request, _("Saved %(user)s.") % {"user": user.get_username()})
            return redirect("desk:people")
        if sub_form.is_bound and sub_form.is_valid():
            data = sub_form.cleaned_data
            subscriber = User.objects.filter(username=data["username"]).first()
            if subscriber is None:
                messages.error(request, _("No such user."))
            else:
                ends = data["ends_at"]
                Subscription.objects.create(
                    user=subscriber,
                    publication=data["publication"],
                    ends_at=(
                        timezone.make_aware(dt.datetime.combine(ends, dt.time.max))
                        if ends
                        else None
                    ),
                    source=Subscription.Source.ADMIN,
                )
                messages.success(request, _("Subscription granted."))
                return redirect("desk:people")
    roles = DeskRole.objects.select_related("user").prefetch_related("publications")
    subscriptions = Subscription.objects.active().select_related("user", "publication")[:200]
    return render(
        request,
        "desk/people.html",
        {
            **base_context(request),
            "role_form": role_form,
            "sub_form": sub_form,
            "roles": roles,
            "subscriptions": subscriptions,
        },
        status=400 if request.method == "POST" else 200,
    )
