from django.contrib import admin

from broadsheet.access.models import AccessPolicy, Subscription


@admin.register(AccessPolicy)
class AccessPolicyAdmin(admin.ModelAdmin):
    list_display = ("publication", "level", "pdf_level", "free_after_days")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "publication", "starts_at", "ends_at", "source", "reference")
    list_filter = ("publication", "source")
    search_fields = ("user__username", "user__email", "reference")
    autocomplete_fields = ("user",)
