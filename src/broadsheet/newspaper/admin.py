from django.contrib import admin

from broadsheet.newspaper.models import Article, Issue, IssueEvent, Page, Publication, Region


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "language", "sort_order"]
    prepopulated_fields = {"slug": ("name",)}


class IssueEventInline(admin.TabularInline):
    model = IssueEvent
    extra = 0
    readonly_fields = ("at", "step", "level", "message", "seconds")
    fields = readonly_fields


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["publication", "date", "edition", "status", "published_at"]
    list_filter = ["publication", "status"]
    date_hierarchy = "date"
    inlines = [IssueEventInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["issue", "sequence", "number", "name", "text_quality"]
    list_filter = ["issue__publication", "text_quality"]


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "issue", "page", "kind", "order"]
    list_filter = ["issue__publication", "kind"]
    search_fields = ["headline", "kicker", "subheadline", "byline"]
    inlines = [RegionInline]
