from django.contrib import admin

from broadsheet.desk.models import Change, DeskRole, PageUpload


@admin.register(DeskRole)
class DeskRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "role")
    filter_horizontal = ("publications",)


@admin.register(PageUpload)
class PageUploadAdmin(admin.ModelAdmin):
    list_display = ("issue", "position", "label", "original_name", "status")
    list_filter = ("status",)


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "issue", "user", "summary")
    readonly_fields = ("issue", "user", "at", "action", "summary", "before", "after", "undone_at")
