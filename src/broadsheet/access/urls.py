from django.urls import path

from broadsheet.access import api

app_name = "access"

urlpatterns = [path("", api.subscriptions, name="subscriptions_api")]
