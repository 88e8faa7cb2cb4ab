"""Top-level URL table: the admin, search, and the reader (which owns the publication paths)."""

from django.contrib import admin
from django.urls import include, path

from broadsheet.reader import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("broadsheet.desk.accounts_urls")),
    path("desk/", include("broadsheet.desk.urls")),
    path("accounts/subscriptions/", include("broadsheet.access.urls")),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("", include("broadsheet.search.urls")),
    path("", include("broadsheet.reader.urls")),
]

handler400 = "broadsheet.errors.bad_request"
handler403 = "broadsheet.errors.permission_denied"
handler404 = "broadsheet.errors.page_not_found"
handler500 = "broadsheet.errors.server_error"
