from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "broadsheet.desk"
    label = "desk"
    verbose_name = "Editing desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from broadsheet.desk.receivers import supersede_undo
        from broadsheet.ingest.signals import articles_rewritten

        articles_rewritten.connect(supersede_undo, dispatch_uid="desk-supersede-undo")
