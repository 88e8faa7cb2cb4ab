from django.urls import path

from broadsheet.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search.json", views.search_page, {"fmt": "json"}, name="search_json"),
]
