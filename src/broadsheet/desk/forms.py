"""Desk forms. Every POST goes through one of these or through `editing.apply`'s own checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.newspaper.models import Issue, Publication

MAX_PAGES = 10_000
# The earliest date an archive goes back to, and how far ahead an issue may be prepared.
FIRST_DATE = dt.date(1800, 1, 1)
AHEAD = dt.timedelta(days=366)
ISO_DATE = "%Y-%m-%d"


class IssueForm(forms.Form):
    publication = forms.ModelChoiceField(
        queryset=Publication.objects.none(), label=_("Publication")
    )
    # The browser's date input wants ISO dates whatever the language (a Chinese locale
    # would otherwise write 2026/12/04, which it shows as empty).
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        input_formats=[ISO_DATE],
        error_messages={"invalid": _("Enter a real date as YYYY-MM-DD (there is no 30 February).")},
    )
    edition = forms.IntegerField(label=_("Edition"), min_value=1, max_value=20, initial=1)

    def __init__(self, *args: Any, publications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = publications  # type: ignore[attr-defined]

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        latest = timezone.localdate() + AHEAD
        if not FIRST_DATE <= date <= latest:
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.")
                % {"first": FIRST_DATE.isoformat(), "last": latest.isoformat()}
            )
        return date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("publication")
            and data.get("date")
            and Issue.objects.filter(
                publication=data["publication"], date=data["date"], edition=data.get("edition", 1)
            ).exists()
        ):
            raise forms.ValidationError(_("That issue exists already."), code="exists")
        return data


class SlotForm(forms.Form):
    """A file waiting to be processed: its label and name (its place follows its label)."""

    label = forms.CharField(label=_("Page label"), max_length=20)
    name = forms.CharField(label=_("Page name"), max_length=100, required=False)


class PageForm(SlotForm):
    position = forms.IntegerField(
        label=_("Position"), min_value=1, max_value=MAX_PAGES, required=False
    )


class PublishForm(forms.Form):
    when = forms.ChoiceField(choices=[("now", _("Now")), ("at", _("At a set time"))], initial="now")
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("Enter a real date and time.")},
    )
    confirm = forms.BooleanField(label=_("Publish despite the warnings"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == "at":
            at = data.get("publish_at")
            if at is None:
                raise forms.ValidationError(_("Give the time to publish at."))
            if at <= timezone.now():
                raise forms.ValidationError(_("The time to publish at has passed."))
            if at > timezone.now() + AHEAD:
                raise forms.ValidationError(
                    _("Schedule at most a year ahead (before %(last)s).")
                    % {"last": (timezone.localdate() + AHEAD).isoformat()}
                )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoleForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("editor", _("Editor")), ("admin", _("Admin")), ("", _("No desk role"))],
        required=False,
    )
    publications = forms.ModelMultipleChoiceField(
        queryset=Publication.objects.all(), required=False, label=_("Publications")
    )


class SubscriptionForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    publication = forms.ModelChoiceField(queryset=Publication.objects.all(), label=_("Publication"))
    ends_at = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        input_formats=[ISO_DATE],
    )
