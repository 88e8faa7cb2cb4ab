from django.apps import AppConfig


class OcrTextConfig(AppConfig):
    name = "broadsheet.ocrtext"
    label = "ocrtext"
    verbose_name = "OCR text"
    default_auto_field = "django.db.models.BigAutoField"
