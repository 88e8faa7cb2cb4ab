"""The interface language: the reader's own choice if they made one, else the publication's."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from broadsheet.newspaper.models import Publication

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def activate_for(request: HttpRequest, publication: Publication | None) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _ in settings.LANGUAGES}
    if chosen in supported:
        language = chosen
    elif publication is not None:
        language = publication.language
    else:
        language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()
    return language
