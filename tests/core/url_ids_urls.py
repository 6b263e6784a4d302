"""Patterns that take some ids and not others (tests/core/test_url_ids.py)."""

from django.http import HttpResponse
from django.urls import path, re_path


def view(request, **kwargs):
    return HttpResponse()


urlpatterns = [
    path("any/<int:a>/x/<int:b>/", view, name="any"),
    re_path(r"^three/(?P<a>[0-9]{3})/$", view, name="three"),  # not every id
    re_path(r"^big/(?P<a>[0-9]{13})/$", view, name="big"),  # the marks, not every id
    path("text/<str:s>/", view, name="text"),
    path("none/", view, name="none"),
    re_path(r"^side/(?P<a>[0-9]+)/(?P<s>mentor|mentee)/$", view, name="side"),  # some words
]
