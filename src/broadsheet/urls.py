"""Top-level URL table: the admin, search, and the reader (which owns the publication paths)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("broadsheet.desk.accounts_urls")),
    path("desk/", include("broadsheet.desk.urls")),
    path("accounts/subscriptions/", include("broadsheet.access.urls")),
    path("", include("broadsheet.search.urls")),
    path("", include("broadsheet.reader.urls")),
]

handler400 = "broadsheet.errors.bad_request"
handler403 = "broadsheet.errors.permission_denied"
handler404 = "broadsheet.errors.page_not_found"
handler500 = "broadsheet.errors.server_error"
