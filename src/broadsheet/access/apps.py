from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "broadsheet.access"
    label = "access"
    verbose_name = "Reader access"
    default_auto_field = "django.db.models.BigAutoField"
