from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "broadsheet.search"

    def ready(self) -> None:
        from broadsheet.search.changelog import after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="search_change_triggers")
