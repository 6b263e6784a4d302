from django.urls import path  # noqa: F401 - routes arrive with the app's views

app_name = "skills"

urlpatterns: list = []
