from django.apps import AppConfig


class StaticSiteConfig(AppConfig):
    """`broadsheet export-static`: the free part of a publication as plain files (docs/static.md)."""

    name = "broadsheet.staticsite"
