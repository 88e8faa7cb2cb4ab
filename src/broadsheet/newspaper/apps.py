from django.apps import AppConfig


class NewspaperConfig(AppConfig):
    name = "broadsheet.newspaper"
    verbose_name = "Newspaper"
