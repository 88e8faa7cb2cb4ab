"""The JSON-LD of a reader page, escaped for a `<script>` element (reader/sharing.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from broadsheet.reader.sharing import ld_json_script

register = template.Library()


@register.filter
def ld_json(data: dict[str, Any] | None) -> SafeString | str:
    return ld_json_script(data) if data else ""
