from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "broadsheet.desk"
    label = "desk"
    verbose_name = "Editing desk"
    default_auto_field = "django.db.models.BigAutoField"
